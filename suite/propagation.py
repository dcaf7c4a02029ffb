"""What a schema refresh writes to a connection's stored catalog, whatever its nonBreakingChangesPreference, and
what Airbyte's auto-propagation would write instead: the suite's own reading of airbyte-platform at v2.0.0
(paths under airbyte-commons-server/src/main/kotlin/io/airbyte/commons/server/handlers/), never the reference
server's.

A refresh never propagates. web_backend/connections/get withRefreshedCatalog asks
SchedulerHandler.discoverSchemaForSourceFromSourceId with disableCache and the connection id
(`WebBackendConnectionsHandler.kt:454-456,518-528`), as sources/discover_schema with a connection id does; a
discover that skips the cache runs a synchronous discover job and then
`ConnectionsHandler.diffCatalogAndConditionallyDisable` (`SchedulerHandler.kt:330-333,396-411`), which writes
breakingChange and status and nothing else (`ConnectionsHandler.kt:2248-2287,2299-2319`; updateConnection touches
the catalog only for a patch with a syncCatalog, `:777`). The answer's syncCatalog is the merge of the stored
configuration with the discovered catalog, built for the answer and not stored (`WebBackendConnectionsHandler.kt:
477-486,499-500`), whatever the preference. So with propagate_columns and propagate_fully, as with ignore, the
stored catalog and sourceCatalogId are what they were, and the status and breakingChange follow suite.refresh
(only `disable` turns a non-breaking change into inactive, `ConnectionsHandler.kt:2279-2283`).

Propagation is `ConnectionsHandler.applySchemaChange` (`:2003-2090`), reached only from
connections/postprocess_discovered_catalog (`:2220-2234`; called by the sync workflow after its own discover,
airbyte-workers/.../sync/SyncWorkflowV2Impl.kt:65-67), connections/apply_schema_change and
sources/apply_schema_changes (airbyte-server/.../controllers/ConnectionApiController.kt:384-400,
SourceApiController.kt:46-55), none of them a refresh and none in the suite's contracts. What it would do,
`propagated` below: when the diff has no transform, or none breaking and the preference is propagate_columns
or propagate_fully (`ApplySchemaChangeHelper.kt:227-245`), getUpdatedSchema (`:119-209`) starts from the stored
catalog and, per transform, update_stream: the stored stream (its configuration kept) takes the discovered stream
whole (`:137-169`; with field selection on, new top-level fields are added to selectedFields, `:142-166`, which
the refresh test never turns on); add_stream, propagate_fully only: the discovered stream, selected, with
CatalogConverter.configureDefaultSyncModesForNewStream's modes (`CatalogConverter.kt:346-375`: no source-defined
cursor, as the E2E source's streams -> full_refresh | overwrite) made compatible with the destination
(`:514-535`), cursor and primary key the discovered defaults (`ApplySchemaChangeHelper.kt:172-189`);
remove_stream, propagate_fully only: the stream is dropped (`:191-197`); and sourceCatalogId becomes the
discovered catalog's (`ConnectionsHandler.kt:2116-2117`). The check uses it only to name what a server did wrong.
"""

from __future__ import annotations

import copy

CONFIG_KEYS = ("selected", "syncMode", "destinationSyncMode", "cursorField", "primaryKey")
PROPAGATING = ("propagate_columns", "propagate_fully")


def stored_shape(read: dict) -> dict:
    """What propagation would change in a connections/get answer: sourceCatalogId, and each stream's JSON schema
    and the configuration keys the refresh test sets, by stream name."""
    streams = {}
    for entry in (read.get("syncCatalog") or {}).get("streams") or []:
        config = entry.get("config") or {}
        streams[entry["stream"]["name"]] = {"jsonSchema": entry["stream"].get("jsonSchema"),
                                            **{key: config.get(key) for key in CONFIG_KEYS}}
    return {"sourceCatalogId": read.get("sourceCatalogId"), "streams": streams}


def after_refresh(before: dict) -> dict:
    """The stored shape after a refresh, any preference, any change: the one before (no propagation)."""
    return copy.deepcopy(before)


def propagated(before: dict, discovered: dict, transforms: set, preference: str) -> dict:
    """The stored shape auto-propagation (applySchemaChange) would leave, from the shape `before`, a discover
    answer `discovered` (catalogId, catalog) and the diff's transforms in suite.refresh's form."""
    breaking = any(b for t in transforms if t[0] == "update_stream" for _, _, b in t[2])
    if transforms and (breaking or preference not in PROPAGATING):
        return copy.deepcopy(before)
    entries = {e["stream"]["name"]: e for e in discovered["catalog"]["streams"]}
    streams = copy.deepcopy(before["streams"])
    for transform in transforms:
        kind, name = transform[0], transform[1]
        if kind == "update_stream" and name in streams:
            streams[name]["jsonSchema"] = entries[name]["stream"].get("jsonSchema")
        elif kind == "add_stream" and preference == "propagate_fully":
            streams[name] = _new_stream(entries[name])
        elif kind == "remove_stream" and preference == "propagate_fully":
            streams.pop(name, None)
    return {"sourceCatalogId": discovered["catalogId"], "streams": streams}


def _new_stream(entry: dict) -> dict:
    stream, default = entry["stream"], entry["config"]
    cursor = bool(stream.get("sourceDefinedCursor"))
    key = stream.get("sourceDefinedPrimaryKey") or []
    full = "full_refresh" in (stream.get("supportedSyncModes") or [])
    if cursor and key:
        modes = ("incremental", "append_dedup")
    elif cursor and not full:
        modes = ("incremental", "append")
    else:
        modes = ("full_refresh", "overwrite")
    return {"jsonSchema": stream.get("jsonSchema"), "selected": True, "syncMode": modes[0],
            "destinationSyncMode": modes[1], "cursorField": default.get("cursorField"),
            "primaryKey": key if cursor and key else default.get("primaryKey")}
