"""v2.0.0: a refresh of the API diffs and may disable the named connection only.

Paths at tag v2.0.0 under airbyte-commons-server/.../handlers/. web_backend/connections/get withRefreshedCatalog
(WebBackendConnectionsHandler.kt:454-457,518-529) and sources/discover_schema with a connectionId reach
SchedulerHandler.discover (SchedulerHandler.kt:313-333, "does not disable other connections"), whose
runDiscoverJobDiffAndConditionallyDisable (:382-412) hands the new catalog id and the request's connection id to
ConnectionsHandler.diffCatalogAndConditionallyDisable (ConnectionsHandler.kt:2299-2319): getConnection (:2303,
:1249, no status filter, so a deleted connection too), getDiff (:2310, :1275-1284), then disableConnectionIfNeeded
(:2248-2287) patches breakingChange and, when breaking or when the preference is disable and the diff is not empty,
status inactive (updateConnection :756-911 checks no status). No other connection of the source is read or
written (v0.42.1 rewrote them all: SchedulerHandler.java:447-483 at 0f4f4a9331). Without a connectionId, or
without a catalog id (a failed discovery), nothing is diffed (:406-409); a cached catalog answers before any of
this (:346-373).
"""

from __future__ import annotations

from reference_server import catalogs, connections
from reference_server import refresh as v0_refresh
from reference_server.context import Context
from reference_server.releases.v2_0_0 import propagation


def refresh_named(ctx: Context, connection_id: str, found: dict) -> dict:
    """diffCatalogAndConditionallyDisable for the named connection and the discovery `found` ({"catalogId",
    "streams"}): {"catalogDiff", "breakingChange", "connectionStatus"}, written to that connection only."""
    discovered = catalogs.discovered_to_api(found["streams"])
    doc = connections.require(ctx, connection_id)
    if ctx.faults.on("v2_refresh_rewrites_every_connection"):  # FAULT: v2_refresh_rewrites_every_connection
        for other in v0_refresh.live_connections(ctx, doc["sourceId"]):
            if other["connectionId"] != connection_id:
                v0_refresh.diff_and_disable(ctx, other, discovered)
    outcome = v0_refresh.diff_and_disable(ctx, doc, discovered)
    doc = connections.require(ctx, connection_id)
    if doc.get("nonBreakingChangesPreference") in propagation.PROPAGATING \
            and ctx.faults.on("v2_refresh_propagates"):  # FAULT: v2_refresh_propagates
        propagation.propagate(ctx, doc, found["catalogId"], found["streams"], outcome["catalogDiff"])
    return outcome

