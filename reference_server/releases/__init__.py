"""The Airbyte releases the server can emulate, and switching to one.

    supported()      the release names, oldest first (those with a contract set, contracts.releases)
    load(name)       make `name`'s contract set the one served and return its Release (handlers, error style)

The contract set is process-wide (contracts.releases.use): one process emulates one release. The default is the
pinned v0.42.1 (platform 0f4f4a9331); each other release lives in its own module under this package.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

import contracts.releases

DEFAULT = contracts.releases.DEFAULT


@dataclass(frozen=True)
class Release:
    name: str  # "v2.0.0"
    handlers: dict[str, Callable]  # path under /api -> handler
    error_ids: bool = False  # unparsable or unbindable bodies get 422 with only an errorId (v2.0.0 onwards)
    error_body: Callable | None = None  # (status, body, faults) -> the body of an error answer, if it differs
    database_error: Callable | None = None  # (AirbyteFailure) -> (status, body) of a write the database refuses


class UnknownRelease(ValueError):
    pass


def supported() -> tuple[str, ...]:
    return contracts.releases.available()


def load(name: str) -> Release:
    if name not in supported():
        raise UnknownRelease(f"unknown Airbyte release {name!r}; supported: {', '.join(supported())}")
    contracts.releases.use(name)
    from reference_server import binding

    binding.clear_cache()  # binding caches the request schemas of the set it read
    module = importlib.import_module(f"{__name__}.{name.replace('.', '_')}")
    return Release(name=name, handlers=module.HANDLERS, error_ids=getattr(module, "ERROR_IDS", False),
                   error_body=getattr(module, "error_body", None),
                   database_error=getattr(module, "database_error", None))
