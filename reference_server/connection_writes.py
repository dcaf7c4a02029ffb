"""Connection create and update (webBackend): defaults, the patch rules, operations created and removed first."""

from __future__ import annotations

from reference_server import actors, catalog_merge, operations, refresh, schedules
from reference_server.connection_reads import web_read
from reference_server.connections import (
    check_workspace,
    configured_api_catalog,
    require,
    resources,
    save,
    stored_catalog,
)
from reference_server.context import Context, new_id, same_id
from reference_server.errors import kept_writes, null_pointer

# Fields a patch sets when present and non-null, and leaves alone otherwise.
_PLAIN_PATCH_FIELDS = ("name", "namespaceDefinition", "namespaceFormat", "prefix", "status", "geography",
                       "notifySchemaChanges", "nonBreakingChangesPreference")



def _create_defaults(ctx: Context, source: dict, destination: dict) -> dict:
    """What a connection holds when the create request leaves a field out."""
    namespace_definition = "source"
    if ctx.faults.on("wrong_default_namespace_definition"):  # FAULT: wrong_default_namespace_definition
        namespace_definition = "destination"
    workspace = ctx.store.get("workspaces", source["workspaceId"]) or {}
    return {
        "name": f"{source['name']} <> {destination['name']}",
        "namespaceDefinition": namespace_definition,
        "geography": workspace.get("defaultGeography") or "auto",
        "nonBreakingChangesPreference": "ignore",
        "notifySchemaChanges": False,
    }


def create(ctx: Context, body: dict) -> dict:
    """WebBackendConnectionsHandler.webBackendCreateConnection (WebBackendConnectionsHandler.java:525-532) and
    ConnectionsHandler.createConnection (ConnectionsHandler.java:126-209), in their order: the request's
    operations are created first (their ids replace any operationIds sent), then the source and destination
    are read, the workspaces compared, the catalog converted, the schedule checked, the row written."""
    operation_ids = [operations.create_one(ctx, op, f"$.operations[{i}]")["operationId"]
                     for i, op in enumerate(body.get("operations") or [])]
    with kept_writes():  # the operations are committed one by one before anything else (:644-654)
        return _create_connection(ctx, body, operation_ids)


def _create_connection(ctx: Context, body: dict, operation_ids: list) -> dict:
    if body.get("sourceId") is None:
        raise null_pointer("sourceId is required", "$.sourceId")
    source = actors.require(ctx, "source", body["sourceId"])
    if body.get("destinationId") is None:
        raise null_pointer("destinationId is required", "$.destinationId")
    destination = actors.require(ctx, "destination", body["destinationId"])
    check_workspace(ctx, source["workspaceId"], destination, operation_ids)
    defaults = _create_defaults(ctx, source, destination)
    configured, selection = stored_catalog(ctx, body["syncCatalog"]) if body.get("syncCatalog") else ([], {})
    doc = {
        "connectionId": new_id(),
        "workspaceId": source["workspaceId"],
        "sourceId": source["sourceId"],
        "destinationId": destination["destinationId"],
        "operationIds": operation_ids,
        # ApiPojoConverters.toPersistenceStatus(null) is null and the status column is nullable
        # (schema_dump.txt:124): a connection created without status is stored without one.
        "status": body.get("status"),
        "namespaceFormat": body.get("namespaceFormat"),
        "prefix": body.get("prefix"),
        "sourceCatalogId": same_id(body["sourceCatalogId"]) if body.get("sourceCatalogId") else None,
        "resourceRequirements": resources(body.get("resourceRequirements")),
        "breakingChange": False,
        "catalog": configured,
        "fieldSelection": selection,
        **schedules.for_create(body, ctx.faults),
    }
    for key, default in defaults.items():
        doc[key] = body.get(key) if body.get(key) is not None else default
    doc["notifySchemaChanges"] = defaults["notifySchemaChanges"]  # not part of a create request
    save(ctx, doc)
    return web_read(ctx, doc, merge=False)





def _reset_absent(ctx: Context, doc: dict, patch: dict) -> None:
    source = actors.require(ctx, "source", doc["sourceId"])
    destination = actors.require(ctx, "destination", doc["destinationId"])
    for key, value in _create_defaults(ctx, source, destination).items():
        if patch.get(key) is None:
            doc[key] = value
    for key in ("namespaceFormat", "prefix", "resourceRequirements"):
        if patch.get(key) is None:
            doc[key] = None


def _merge_catalogs(stored: dict, sent: dict) -> dict:
    """The wrong way to apply a catalog patch: streams not sent survive."""
    sent_keys = {(s["stream"]["name"], s["stream"].get("namespace")) for s in sent["streams"]}
    kept = [s for s in stored["streams"] if (s["stream"]["name"], s["stream"].get("namespace")) not in sent_keys]
    return {"streams": kept + list(sent["streams"])}


def _apply_operations(ctx: Context, doc: dict, sent: list) -> list:
    """Create entries without a known id, update the known ones, tombstone those left out."""
    original = list(doc["operationIds"])
    final = []
    for i, op in enumerate(sent):
        where = f"$.operations[{i}]"
        op_id = same_id(op["operationId"]) if op.get("operationId") else None
        if op_id is None or op_id not in original:
            final.append(operations.create_one(ctx, op, where)["operationId"])
        else:
            final.append(operations.update_one(ctx, dict(op, operationId=op_id), where)["operationId"])
    removed = [op for op in original if op not in final]
    if ctx.faults.on("operations_not_deleted_on_update"):  # FAULT: operations_not_deleted_on_update
        return final + removed
    for op in removed:
        if not _used_elsewhere(ctx, op, doc["connectionId"]):
            operations.tombstone(ctx, op)
    return final


def _used_elsewhere(ctx: Context, operation_id: str, connection_id: str) -> bool:
    rows = ctx.store.execute(
        "SELECT 1 FROM connections, json_each(connections.doc, '$.operationIds') AS op "
        "WHERE connections.id != ? AND op.value = ? LIMIT 1", (connection_id, operation_id)).fetchone()
    return rows is not None


def update(ctx: Context, patch: dict) -> dict:
    """WebBackendConnectionsHandler.webBackendUpdateConnection (WebBackendConnectionsHandler.java:541-601): the
    operations are created, updated and removed first, then ConnectionsHandler.updateConnection
    (ConnectionsHandler.java:289-316) checks the patch (validateConnectionPatch, :388-421), applies it
    (applyPatchToStandardSync, :322-386) and writes the row."""
    doc = require(ctx, patch.get("connectionId"))
    previous = doc["catalog"]
    if patch.get("syncCatalog") is not None and ctx.store.latest_catalog_id(doc["sourceId"]) is not None:
        stored_catalog(ctx, patch["syncCatalog"])  # converted first for the breaking-change diff (:550-566)
    doc["breakingChange"] = refresh.breaking_on_update(ctx, doc, patch.get("syncCatalog"))
    if patch.get("operations") is not None:
        doc["operationIds"] = _apply_operations(ctx, doc, patch["operations"])
    with kept_writes():  # the operations were committed (:574); a later failure leaves them changed
        return _update_connection(ctx, doc, patch, previous)


def _update_connection(ctx: Context, doc: dict, patch: dict, previous: list) -> dict:
    if patch.get("operations") is not None:
        destination = actors.require(ctx, "destination", doc["destinationId"])
        check_workspace(ctx, doc["workspaceId"], destination, doc["operationIds"])
    schedules.check_patch(patch)
    if patch.get("scheduleType") is not None:
        doc.update(schedules.from_type_and_data(patch["scheduleType"], patch.get("scheduleData"), ctx.faults))
    if patch.get("syncCatalog") is not None:
        sent = patch["syncCatalog"]
        if ctx.faults.on("update_merges_catalog"):  # FAULT: update_merges_catalog
            sent = _merge_catalogs(configured_api_catalog(doc), sent)
        doc["catalog"], doc["fieldSelection"] = stored_catalog(ctx, sent)
    if patch.get("sourceCatalogId") is not None:
        doc["sourceCatalogId"] = same_id(patch["sourceCatalogId"])
    if ctx.faults.on("update_resets_absent_fields"):  # FAULT: update_resets_absent_fields
        _reset_absent(ctx, doc, patch)
    for key in _PLAIN_PATCH_FIELDS:
        if patch.get(key) is not None:
            doc[key] = patch[key]
    if patch.get("resourceRequirements") is not None:
        doc["resourceRequirements"] = resources(patch["resourceRequirements"])
    save(ctx, doc)
    if not patch.get("skipReset"):
        # resetStreamsIfNeeded (WebBackendConnectionsHandler.java:607-642) compares the old and new stored
        # catalogs per stream with Collectors.toMap (ConnectionsHandler.java:489-491,522-527): a catalog holding
        # two streams with the same name and namespace fails there, after the write.
        for streams in (previous, doc["catalog"]):
            catalog_merge.by_descriptor([{"stream": s["stream"]} for s in streams], "$.syncCatalog")
    return web_read(ctx, doc)
