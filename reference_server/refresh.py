"""Breaking changes: what a discovery with a connection id does to every live connection of the source at v0.42.1
(SchedulerHandler.generateCatalogDiffsAndDisableConnectionsIfNeeded; v2.0.0 diffs the named connection only,
releases/v2_0_0/refresh.py), and what an update with a catalog does to
breakingChange (WebBackendConnectionsHandler.webBackendUpdateConnection). The diff itself is catalog_diff.py.

Airbyte at 0f4f4a9331, `airbyte-commons-server/.../handlers/SchedulerHandler.java:455-501`:
- for each connection of the source whose status is not deprecated (`ConfigRepository.java:1235-1247`; a NULL
  status is not listed), the diff is taken from the catalog the connection was made from (its sourceCatalogId's
  actor catalog, else its configured catalog, `ConnectionsHandler.java:472-480,529-539`) to the discovered one;
- breakingChange is any breaking field transform (`SchedulerHandler.java:589-602`); the connection becomes
  inactive when breaking, or when its nonBreakingChangesPreference is disable and the diff is not empty
  (`:493-501`, AUTO_DETECT_SCHEMA defaults to true, `EnvVariableFeatureFlags.java:49-51`); else it keeps its
  status. breakingChange and status are written (`:470-476`); the sourceCatalogId is not.
"""

from __future__ import annotations

import copy

from reference_server import catalog_diff, catalogs
from reference_server.context import Context


def _differ(ctx: Context):
    """The diff of the emulated release (v2.0.0: releases/v2_0_0/catalog_diff.py)."""
    if ctx.release == "v2.0.0":
        from reference_server.releases.v2_0_0 import catalog_diff as v2_diff
        return v2_diff
    return catalog_diff


def _original(ctx: Context, doc: dict) -> dict:
    from reference_server import connections

    stored = ctx.store.get("actor_catalogs", doc["sourceCatalogId"]) if doc.get("sourceCatalogId") else None
    return catalogs.discovered_to_api(stored["streams"]) if stored else connections.configured_api_catalog(doc)


def refresh_connection(ctx: Context, source_id: str, connection_id: str, found: dict) -> dict:
    """A discovery with a connection id (`found`: actors.discover's {"catalogId", "streams"}): the named
    connection's {"catalogDiff", "breakingChange", "connectionStatus"}, empty when it was not diffed. v0.42.1
    rewrites every live connection of the source (disable_if_needed); v2.0.0 the named one only
    (releases/v2_0_0/refresh.py; SchedulerHandler.kt:313-333,396-411 at v2.0.0)."""
    if ctx.release == "v2.0.0":
        from reference_server.releases.v2_0_0 import refresh as v2_refresh
        return v2_refresh.refresh_named(ctx, connection_id, found)
    return disable_if_needed(ctx, source_id, catalogs.discovered_to_api(found["streams"])).get(connection_id, {})


def live_connections(ctx: Context, source_id: str) -> list:
    """listConnectionsForSource without deleted ones (`ConfigRepository.java:1235-1247`), oldest first."""
    return ctx.store.select("connections", "source_id = ? AND status != 'deprecated'", [source_id], order="created")


def disable_if_needed(ctx: Context, source_id: str, discovered: dict) -> dict:
    """Diff, breakingChange and status for each live connection of the source; written to each; returned by
    connection id as {"catalogDiff", "breakingChange", "connectionStatus"}."""
    return {doc["connectionId"]: diff_and_disable(ctx, doc, discovered) for doc in live_connections(ctx, source_id)}


def diff_and_disable(ctx: Context, doc: dict, discovered: dict) -> dict:
    """One connection's diff to the discovered catalog, its breakingChange and status, written to it."""
    from reference_server import connections

    found = _differ(ctx).diff(_original(ctx, doc), discovered, doc["catalog"], ctx.faults)
    breaking = _differ(ctx).breaking(found)
    disable = breaking or (doc.get("nonBreakingChangesPreference") == "disable" and bool(found["transforms"]))
    if ctx.faults.on("disable_preference_ignored"):  # FAULT: disable_preference_ignored
        disable = breaking
    if disable:
        doc["status"] = "inactive"
    doc["breakingChange"] = breaking
    connections.save(ctx, doc)
    return {"catalogDiff": found, "breakingChange": breaking, "connectionStatus": doc.get("status")}


def _sent_configured(sent: dict) -> list:
    """The selected streams of a sent catalog as CatalogConverter.toConfiguredProtocol leaves them in memory
    (`CatalogConverter.java:195-206`): sync modes and cursor as sent, a missing primary key empty."""
    return [{"stream": e["stream"], "syncMode": e["config"].get("syncMode"),
             "cursorField": e["config"].get("cursorField"),
             "destinationSyncMode": e["config"].get("destinationSyncMode"),
             "primaryKey": e["config"].get("primaryKey") or []}
            for e in sent["streams"] if e["config"]["selected"]]


def breaking_on_update(ctx: Context, doc: dict, sent: dict | None) -> bool:
    """breakingChange after webBackendUpdateConnection (`WebBackendConnectionsHandler.java:546-566,578`,
    `toConnectionPatch` `:742-767`, applied by `ConnectionsHandler.java:375-377`): with a syncCatalog and a
    discovered catalog for the source, whether the diff from the sent catalog (all its streams, field selection
    applied: `CatalogConverter.toProtocolKeepAllStreams`, `:269-275`) to the source's most recent discovered
    catalog holds a breaking field transform; otherwise the stored value (null reads as false). The sent
    catalog has already been converted once (the selected streams, `:564`). Status is not touched."""
    kept = bool(doc.get("breakingChange"))
    latest = ctx.store.latest_catalog_id(doc["sourceId"]) if sent is not None else None
    if latest is None:
        return kept
    every = {"streams": [dict(e, config=dict(e["config"], selected=True)) for e in copy.deepcopy(sent["streams"])]}
    # the checks of every stream; prunes field-selected schemas in place
    catalogs.to_stored(every, ctx.faults, ctx.release)
    discovered = catalogs.discovered_to_api(ctx.store.get("actor_catalogs", latest)["streams"])
    found = _differ(ctx).diff(every, discovered, _sent_configured(sent), ctx.faults)
    if ctx.faults.on("update_keeps_breaking_change"):  # FAULT: update_keeps_breaking_change
        return kept
    return _differ(ctx).breaking(found)
