"""Lifecycle: what the state machine's model of the connections says the server must answer."""

from __future__ import annotations

from typing import Any

from suite.checks.registry import check
from suite.client import Exchange


@check("lifecycle")
def model_agreement(exchange: Exchange, model: dict[str, Any], body: dict[str, Any], title: str) -> None:
    """Every field the model tracks for a connection is what the server answers for it."""
    for field, value in model.items():
        model_agreement.equal(f"{title}: {field} differs from the model", value, body.get(field), exchange)
