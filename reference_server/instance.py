"""Instance-wide answers: health, definition updates, geographies."""

from __future__ import annotations

from reference_server.context import Context


def health(ctx: Context, body) -> dict:
    return {"available": True}


def check_updates(ctx: Context, body) -> dict:
    """Built-in definitions are the newest we know of: nothing to update."""
    return {"destinationDefinitions": 0, "sourceDefinitions": 0}


def geographies(ctx: Context, body) -> dict:
    """Open-source Airbyte offers only `auto` (WebBackendGeographiesHandler.listGeographiesOSS)."""
    found = ["auto"]
    if ctx.faults.on("geographies_without_auto"):  # FAULT: geographies_without_auto
        found = ["us", "eu"]
    return {"geographies": found}
