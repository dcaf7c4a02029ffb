"""The routing table: path under /api -> (method, handler). Request and response models come from contracts;
the handlers from the emulated release (reference_server/releases)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import contracts


@dataclass(frozen=True)
class Route:
    path: str
    method: str
    handler: Callable
    request: str | None  # request model, None when the body is ignored
    response: str | None  # model of the 200 answer, None for 204




def table(handlers: dict[str, Callable]) -> dict[str, Route]:
    """Every served route of the active contract set (see releases.load), keyed by its path under /api; fails
    loudly if contracts and handlers disagree."""
    ops = contracts.operations()
    missing = set(ops) ^ set(handlers)
    if missing:
        raise RuntimeError(f"operations without a handler or handlers without a contract: {sorted(missing)}")
    routes = {}
    for path, op in ops.items():
        response = op["responses"].get("200")
        routes[path] = Route(path, op["method"], handlers[path], op["request"], response)
    return routes
