"""v2.0.0: the schema refresh a sync starts with, and the auto-propagation of schema changes it applies.

Paths at tag v2.0.0; "Handler" is airbyte-commons-server/.../handlers/ConnectionsHandler.kt, "Helper"
.../handlers/helpers/ApplySchemaChangeHelper.kt, "Converter" .../handlers/helpers/CatalogConverter.kt.

Where it happens: only at the start of a sync. The connection's workflow checks the connectors and runs the sync
child workflow (airbyte-workers/.../temporal/scheduling/ConnectionManagerWorkflowImpl.kt:329-350), which discovers
the source and posts the new catalog to postprocessDiscoveredCatalog (airbyte-workers/.../temporal/sync/
SyncWorkflowV2Impl.kt:57-67; .../temporal/discover/catalog/DiscoverCatalogHelperActivityImpl.kt:26-40; no
catalog id: nothing, :30-31). The refreshes of the API (web_backend/connections/get withRefreshedCatalog,
sources/discover_schema with a connectionId) stop at diffCatalogAndConditionallyDisable (SchedulerHandler.kt:
405-411, WebBackendConnectionsHandler.kt:518-528) and never propagate. postprocessDiscoveredCatalog (Handler
:2220-2234), for the synced connection only, with the source's most recent catalog:
1. diffCatalogAndConditionallyDisable (:2299-2319): the diff, breakingChange, status (refresh.diff_and_disable);
2. applySchemaChange (:2003-2090) with the same diff (:2010-2020): shouldAutoPropagate (Helper :227-245) is true
   for an empty diff whatever the preference (the connection just moves to the new catalog), else for a diff
   without a breaking transform when nonBreakingChangesPreference is propagate_columns or propagate_fully. Then
   the connection is patched (Handler :2092-2120, updateConnection :756-911, patch :272-284, :310-312) with the
   catalog of getUpdatedSchema (Helper :119-209, _updated) and sourceCatalogId = the new catalog; breakingChange
   and status are left as step 1 wrote them. Otherwise only notifications go out (:2068-2088), which no API
   answer shows.
Not emulated: the sync of a connection step 1 disabled is cancelled (SyncWorkflowV2Impl.kt:69-73; the job here
still runs to its end), state deletion of dropped streams (Handler :841-887, feature flags), the timeline and
notifications. A catalog the patch cannot store (a field-selection check fails) is left as it was here, where
Airbyte's activity fails.
"""

from __future__ import annotations

import copy

from reference_server import actors, catalogs, connections, definitions, refresh
from reference_server.context import Context
from reference_server.errors import ApiError
from reference_server.java_details import alias_name, java_hash_set_order
from reference_server.releases.v2_0_0 import stream_fields

PROPAGATING = ("propagate_columns", "propagate_fully")


class _NotStorable(Exception):
    pass


def on_sync_start(ctx: Context, connection_id: str) -> None:
    """The postprocessing of the discovery a sync starts with. Airbyte does it in the worker, some time after
    connections/sync answers and before the job ends; here at once. Its failures are the activity's, not the
    answer's (DiscoverCatalogHelperActivityImpl.kt:45-46): what failed is left undone."""
    try:
        _postprocess(ctx, connections.require(ctx, connection_id))
    except ApiError:
        return


def _postprocess(ctx: Context, doc: dict) -> None:
    found = actors.discover(ctx, doc["sourceId"])
    if "failure" in found:
        return
    # getMostRecentSourceActorCatalog (Handler :2225-2226): the catalog just fetched
    catalog_id = ctx.store.latest_catalog_id(doc["sourceId"]) or found["catalogId"]
    streams = ctx.store.get("actor_catalogs", catalog_id)["streams"]
    diff = refresh.diff_and_disable(ctx, doc, catalogs.discovered_to_api(streams))["catalogDiff"]
    doc = connections.require(ctx, doc["connectionId"])
    if doc.get("nonBreakingChangesPreference") in PROPAGATING and diff["transforms"] \
            and ctx.faults.on("v2_propagation_ignored"):  # FAULT: v2_propagation_ignored
        return
    propagate(ctx, doc, catalog_id, streams, diff)


def propagate(ctx: Context, doc: dict, catalog_id: str, streams: list, diff: dict) -> None:
    """applySchemaChange's auto-propagation (Handler :2003-2090) of `diff` to the catalog `catalog_id` holding
    `streams`, when shouldAutoPropagate; a catalog the patch cannot store is left as it was."""
    if not should_auto_propagate(diff, doc):
        return
    try:
        _apply(ctx, doc, catalog_id, streams, diff["transforms"])
    except (_NotStorable, ApiError):
        return


def should_auto_propagate(diff: dict, doc: dict) -> bool:
    """Helper.shouldAutoPropagate (:227-245) with containsChanges (:264) and containsBreakingChange (:273-294)."""
    if not diff["transforms"]:
        return True
    from reference_server.releases.v2_0_0 import catalog_diff

    return not catalog_diff.breaking(diff) and doc.get("nonBreakingChangesPreference") in PROPAGATING


def _apply(ctx: Context, doc: dict, catalog_id: str, streams: list, transforms: list) -> None:
    """applySchemaChangeInternal (Handler :2092-2120) and the patch updateConnection writes."""
    current = stream_fields.add_to_read(connections.configured_api_catalog(doc), doc.get("streamFields") or {})
    updated = _updated(current, streams, transforms, doc.get("nonBreakingChangesPreference"),
                       _destination_modes(ctx, doc))
    doc["catalog"], doc["fieldSelection"] = connections.stored_catalog(ctx, updated)
    doc["streamFields"] = stream_fields.from_request(updated, ctx.faults)
    doc["sourceCatalogId"] = catalog_id
    connections.save(ctx, doc)


def _destination_modes(ctx: Context, doc: dict) -> list:
    """The destination specification's supportedDestinationSyncModes (Handler :2023-2031)."""
    destination = actors.require(ctx, "destination", doc["destinationId"])
    return list(definitions.DESTINATIONS[destination["destinationDefinitionId"]].destination_sync_modes)


def _key(stream: dict) -> tuple:
    return stream.get("name"), stream.get("namespace")


def _updated(current: dict, streams: list, transforms: list, preference, destination_modes: list) -> dict:
    """Helper.getUpdatedSchema (:119-209): the connection's configured streams keyed by descriptor
    (associateBy: a descriptor held twice keeps one entry, the last, :212-217), changed transform by transform."""
    kept = {_key(e["stream"]): e for e in copy.deepcopy(current["streams"])}
    fresh = {_key(s): s for s in streams}
    for transform in transforms:
        key = _key(transform["streamDescriptor"])
        kind = transform["transformType"]
        if kind == "update_stream" and key in kept:  # :137-170, whatever the preference
            kept[key]["stream"] = _api_stream(fresh[key])
            _select_added_fields(kept[key]["config"], transform["updateStream"]["fieldTransforms"])
        elif kind == "add_stream" and preference == "propagate_fully":  # :172-189
            kept[key] = _new_stream(fresh[key], destination_modes)
        elif kind == "remove_stream" and preference == "propagate_fully":  # :191-197
            kept.pop(key, None)
    return {"streams": list(kept.values())}


def _select_added_fields(config: dict, field_transforms: list) -> None:
    """:142-166: with field selection on, each added top-level field not yet selected is selected too, after the
    selected ones (a HashSet's order); nested additions ride along with their selected parent."""
    if config.get("fieldSelectionEnabled") is not True:
        return
    selected = {info["fieldPath"][0] for info in config.get("selectedFields") or []}
    added = [t["fieldName"][0] for t in field_transforms
             if t["transformType"] == "add_field" and len(t["fieldName"]) == 1 and t["fieldName"][0] not in selected]
    config["selectedFields"] = list(config.get("selectedFields") or []) + [
        {"fieldPath": [name]} for name in java_hash_set_order(added)]


def _api_stream(stream: dict) -> dict:
    """Converter.toApi of a discovered stream (:58-69): sourceDefinedCursor null reads false."""
    out = {k: v for k, v in copy.deepcopy(stream).items() if v is not None or k == "jsonSchema"}
    out["sourceDefinedCursor"] = bool(stream.get("sourceDefinedCursor"))
    return out


def _new_stream(stream: dict, destination_modes: list) -> dict:
    """A stream propagate_fully adds (Helper :174-185): the discovered catalog's default configuration
    (Converter.generateDefaultConfiguration :377-401; `suggested` is not stored), selected, with the default
    sync modes (:346-375) made compatible with the destination (:514-535)."""
    api = _api_stream(stream)
    config = {"aliasName": alias_name(api["name"]), "cursorField": list(api.get("defaultCursorField") or []),
              "destinationSyncMode": "append", "primaryKey": api.get("sourceDefinedPrimaryKey") or [],
              "selected": True}
    _default_sync_modes(api, config)
    _compatible_destination_mode(api, config, destination_modes)
    return {"stream": api, "config": config}


def _default_sync_modes(stream: dict, config: dict) -> None:
    """Converter.configureDefaultSyncModesForNewStream (:346-375)."""
    cursor, key = stream.get("sourceDefinedCursor") is True, bool(stream.get("sourceDefinedPrimaryKey"))
    if cursor and key:
        config.update(syncMode="incremental", destinationSyncMode="append_dedup",
                      primaryKey=stream["sourceDefinedPrimaryKey"])
    elif cursor and "full_refresh" not in (stream.get("supportedSyncModes") or []):
        config.update(syncMode="incremental", destinationSyncMode="append")
    else:
        config.update(syncMode="full_refresh", destinationSyncMode="overwrite")


def _compatible_destination_mode(stream: dict, config: dict, destination_modes: list) -> None:
    """Converter.ensureCompatibleDestinationSyncMode (:514-535): kept when the destination supports it, else
    full_refresh | overwrite when both sides allow it, else the first mode of each (none: Airbyte's
    IndexOutOfBoundsException, the propagation fails)."""
    if config["destinationSyncMode"] in destination_modes:
        return
    source_modes = stream.get("supportedSyncModes") or []
    if "full_refresh" in source_modes and "overwrite" in destination_modes:
        config.update(syncMode="full_refresh", destinationSyncMode="overwrite")
    elif source_modes and destination_modes:
        config.update(syncMode=source_modes[0], destinationSyncMode=destination_modes[0])
    else:
        raise _NotStorable("no sync mode both sides support")
