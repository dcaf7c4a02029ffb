"""Instance-wide answers: health, definition updates, geographies."""

from __future__ import annotations

from reference_server import definitions
from reference_server.context import Context


def health(ctx: Context, body) -> dict:
    return {"available": True}


def _changed(local: dict, remote, id_field: str) -> int:
    """WebBackendCheckUpdatesHandler.getDiffCount (WebBackendCheckUpdatesHandler.java:96-106): definitions the remote
    catalog also has, with another docker image tag."""
    tags = {str(d.get(id_field)).lower(): d.get("dockerImageTag") for d in remote or [] if isinstance(d, dict)}
    return sum(1 for ident, definition in local.items()
               if tags.get(ident) is not None and tags[ident] != definition.docker_image_tag)


def check_updates(ctx: Context, body) -> dict:
    """WebBackendCheckUpdatesHandler.checkUpdates (WebBackendCheckUpdatesHandler.java:45-94): the stored definitions
    whose docker image tag differs from the remote connector catalog's; no remote catalog (this server's default,
    like an Airbyte that cannot reach it) changes nothing: 0 and 0."""
    remote = ctx.remote_catalog or {}
    return {"destinationDefinitions": _changed(definitions.DESTINATIONS, remote.get("destinationDefinitions"),
                                               "destinationDefinitionId"),
            "sourceDefinitions": _changed(definitions.SOURCES, remote.get("sourceDefinitions"), "sourceDefinitionId")}


def geographies(ctx: Context, body) -> dict:
    """Open-source Airbyte offers only `auto` (WebBackendGeographiesHandler.listGeographiesOSS)."""
    found = ["auto"]
    if ctx.faults.on("geographies_without_auto"):  # FAULT: geographies_without_auto
        found = ["us", "eu"]
    return {"geographies": found}
