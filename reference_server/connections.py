"""Connections: create defaults, patch updates, reads with the catalog merge, list filters, delete.

The rules come from ConnectionsHandler, WebBackendConnectionsHandler and ConnectionHelper; BEHAVIOUR.md
lists each with its file.
"""

from __future__ import annotations

from reference_server import actors, catalog_merge, catalogs, columns, jobs, operations, refresh, schedules
from reference_server.context import Context, new_id, same_id
from reference_server.errors import (
    InjectedServerError,
    NotFound,
    database_error,
    kept_writes,
    null_pointer,
    precondition,
)

_RESOURCE_KEYS = ("cpu_request", "cpu_limit", "memory_request", "memory_limit")
# Fields a patch sets when present and non-null, and leaves alone otherwise.
_PLAIN_PATCH_FIELDS = ("name", "namespaceDefinition", "namespaceFormat", "prefix", "status", "geography",
                       "notifySchemaChanges", "nonBreakingChangesPreference")


def require(ctx: Context, connection_id) -> dict:
    """StandardSyncPersistence.getStandardSync (StandardSyncPersistence.java:63-77): Optional.of(id) fails on a
    null id (NullPointerException, 500); an unknown id is a ConfigNotFoundException (404)."""
    if connection_id is None:
        raise null_pointer("connectionId is required", "$.connectionId")
    doc = ctx.store.get("connections", same_id(connection_id))
    if doc is None:
        raise NotFound("STANDARD_SYNC", connection_id)
    return doc


def save(ctx: Context, doc: dict) -> None:
    """StandardSyncPersistence.writeStandardSync (StandardSyncPersistence.java:96-198) against the connection
    table: varchar(256) name, prefix and namespace_format; jsonb catalog, schedule and resources; the foreign
    key from source_catalog_id to actor_catalog."""
    doc["name"] = columns.varchar(ctx, "connection.name", doc["name"], "$.name")
    doc["prefix"] = columns.varchar(ctx, "connection.prefix", doc.get("prefix"), "$.prefix")
    doc["namespaceFormat"] = columns.varchar(ctx, "connection.namespace_format", doc.get("namespaceFormat"),
                                             "$.namespaceFormat")
    for key in ("catalog", "fieldSelection", "scheduleData", "schedule", "resourceRequirements"):
        columns.jsonb(doc.get(key), f"$.{'syncCatalog' if key == 'catalog' else key}")
    if doc.get("sourceCatalogId") and ctx.store.get("actor_catalogs", doc["sourceCatalogId"]) is None:
        raise database_error('ERROR: insert or update on table "connection" violates foreign key constraint '
                             '"connection_actor_catalog_id_fk"', NotFound("ACTOR_CATALOG", doc["sourceCatalogId"]),
                             "$.sourceCatalogId")
    ctx.store.put("connections", doc["connectionId"], doc, workspace_id=doc["workspaceId"],
                  source_id=doc["sourceId"], destination_id=doc["destinationId"], status=doc.get("status"))


def _resources(value: dict | None) -> dict | None:
    if value is None:
        return None
    return {k: value[k] for k in _RESOURCE_KEYS if value.get(k) is not None}


def _stored_catalog(ctx: Context, api_catalog: dict) -> tuple[list, dict]:
    if ctx.faults.on("enum_500") and any(  # FAULT: enum_500
        (s.get("config") or {}).get("destinationSyncMode") == "append_dedup" for s in api_catalog.get("streams") or []
    ):
        raise InjectedServerError("Internal Server Error: No enum constant DestinationSyncMode.append_dedup")
    return catalogs.to_stored(api_catalog, ctx.faults)


def _check_workspace(ctx: Context, workspace_id: str, destination: dict, operation_ids: list) -> None:
    """ConnectionHelper.validateWorkspace (airbyte-commons-converters/.../ConnectionHelper.java:130-162):
    Preconditions.checkArgument, so a mismatch is an IllegalArgumentException (500)."""
    if destination["workspaceId"] != workspace_id:
        raise precondition(f"Source and destination do not belong to the same workspace. Destination id: "
                           f"{destination['destinationId']}, Destination workspace id: {destination['workspaceId']}",
                           "$.destinationId")
    for op in operation_ids:
        found = operations.require(ctx, op)["workspaceId"]
        if found != workspace_id:
            raise precondition(f"Operation and connection do not belong to the same workspace. Workspace id: "
                               f"{workspace_id}, Operation id: {op}, Operation workspace id: {found}", "$.operations")


def configured_api_catalog(doc: dict) -> dict:
    return catalogs.to_api(doc["catalog"], doc.get("fieldSelection") or {})


# create


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
    _check_workspace(ctx, source["workspaceId"], destination, operation_ids)
    defaults = _create_defaults(ctx, source, destination)
    configured, selection = _stored_catalog(ctx, body["syncCatalog"]) if body.get("syncCatalog") else ([], {})
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
        "resourceRequirements": _resources(body.get("resourceRequirements")),
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


# update


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
        _stored_catalog(ctx, patch["syncCatalog"])  # converted first for the breaking-change diff (:550-566)
    doc["breakingChange"] = refresh.breaking_on_update(ctx, doc, patch.get("syncCatalog"))
    if patch.get("operations") is not None:
        doc["operationIds"] = _apply_operations(ctx, doc, patch["operations"])
    with kept_writes():  # the operations were committed (:574); a later failure leaves them changed
        return _update_connection(ctx, doc, patch, previous)


def _update_connection(ctx: Context, doc: dict, patch: dict, previous: list) -> dict:
    if patch.get("operations") is not None:
        destination = actors.require(ctx, "destination", doc["destinationId"])
        _check_workspace(ctx, doc["workspaceId"], destination, doc["operationIds"])
    schedules.check_patch(patch)
    if patch.get("scheduleType") is not None:
        doc.update(schedules.from_type_and_data(patch["scheduleType"], patch.get("scheduleData"), ctx.faults))
    if patch.get("syncCatalog") is not None:
        sent = patch["syncCatalog"]
        if ctx.faults.on("update_merges_catalog"):  # FAULT: update_merges_catalog
            sent = _merge_catalogs(configured_api_catalog(doc), sent)
        doc["catalog"], doc["fieldSelection"] = _stored_catalog(ctx, sent)
    if patch.get("sourceCatalogId") is not None:
        doc["sourceCatalogId"] = same_id(patch["sourceCatalogId"])
    if ctx.faults.on("update_resets_absent_fields"):  # FAULT: update_resets_absent_fields
        _reset_absent(ctx, doc, patch)
    for key in _PLAIN_PATCH_FIELDS:
        if patch.get(key) is not None:
            doc[key] = patch[key]
    if patch.get("resourceRequirements") is not None:
        doc["resourceRequirements"] = _resources(patch["resourceRequirements"])
    save(ctx, doc)
    if not patch.get("skipReset"):
        # resetStreamsIfNeeded (WebBackendConnectionsHandler.java:607-642) compares the old and new stored
        # catalogs per stream with Collectors.toMap (ConnectionsHandler.java:489-491,522-527): a catalog holding
        # two streams with the same name and namespace fails there, after the write.
        for streams in (previous, doc["catalog"]):
            catalog_merge.by_descriptor([{"stream": s["stream"]} for s in streams], "$.syncCatalog")
    return web_read(ctx, doc)


# reads


def _schema_change(ctx: Context, doc: dict, current_catalog_id: str | None) -> str:
    """WebBackendConnectionsHandler.getSchemaChange (WebBackendConnectionsHandler.java:276-294)."""
    if current_catalog_id is None:
        return "no_change"
    ignores = ctx.faults.on("schema_change_ignores_breaking")  # FAULT: schema_change_ignores_breaking
    if doc.get("breakingChange") and not ignores:
        return "breaking"
    latest = ctx.store.latest_catalog_id(doc["sourceId"])
    if latest is not None and latest != current_catalog_id:
        return "non_breaking"
    return "no_change"


def _merged_catalog(ctx: Context, doc: dict, refreshed: dict | None) -> dict:
    configured = configured_api_catalog(doc)
    original = None
    if doc.get("sourceCatalogId"):
        stored = ctx.store.get("actor_catalogs", doc["sourceCatalogId"])
        original = catalogs.discovered_to_api(stored["streams"]) if stored else None  # stored in jsonb order
    if refreshed is not None:
        return catalog_merge.merge(configured, original or configured, refreshed)
    if original is not None:
        return catalog_merge.merge(configured, original, original)
    return configured


def _compact(doc: dict, keys) -> dict:
    return {k: doc[k] for k in keys if doc.get(k) is not None}


def web_read(ctx: Context, doc: dict, refreshed: dict | None = None, merge: bool = True) -> dict:
    """The WebBackendConnectionRead of a stored connection.

    merge: merge the stored catalog with the discovered one it was made from (create does not);
    refreshed: a fresh discovery to merge with instead, whose diff is reported.
    """
    catalog = _merged_catalog(ctx, doc, refreshed and refreshed["catalog"]) if merge else configured_api_catalog(doc)
    read = _compact(doc, ("connectionId", "name", "namespaceDefinition", "namespaceFormat", "prefix", "sourceId",
                          "destinationId", "schedule", "scheduleType", "scheduleData", "status", "operationIds",
                          "resourceRequirements", "geography", "notifySchemaChanges",
                          "nonBreakingChangesPreference"))
    read["syncCatalog"] = catalog
    read["source"] = actors.read(ctx, "source", doc["sourceId"])
    read["destination"] = actors.read(ctx, "destination", doc["destinationId"])
    read["operations"] = operations.live_reads(ctx, doc["operationIds"])
    read.update(jobs.job_fields(ctx, doc["connectionId"]))
    if doc.get("sourceCatalogId"):
        read["catalogId"] = doc["sourceCatalogId"]
    read["schemaChange"] = _schema_change(ctx, doc, doc.get("sourceCatalogId"))
    if refreshed is not None:  # WebBackendConnectionsHandler.java:374-392: the refresh's id, diff and status
        read["catalogId"] = refreshed["catalogId"]
        read["catalogDiff"] = refreshed.get("catalogDiff")
        read["status"] = refreshed.get("connectionStatus")
    if ctx.faults.on("missing_required_response_field"):  # FAULT: missing_required_response_field
        del read["schemaChange"]
    return read


def web_get(ctx: Context, body: dict) -> dict:
    """WebBackendConnectionsHandler.webBackendGetConnection (WebBackendConnectionsHandler.java:342-407). With
    withRefreshedCatalog a failed discovery leaves the answer's catalog null (SchedulerHandler.java:360-373) and
    the merge dereferences it (:387-388, :455): NullPointerException, 500."""
    doc = require(ctx, body.get("connectionId"))
    refreshed = None
    if body.get("withRefreshedCatalog"):
        found = actors.discover(ctx, doc["sourceId"])
        if "failure" in found:
            raise null_pointer(f"the source's discovery failed: {found['failure']}", "$.withRefreshedCatalog")
        refreshed = {"catalogId": found["catalogId"], "catalog": catalogs.discovered_to_api(found["streams"])}
        # SchedulerHandler.java:304-307: every live connection of the source is diffed and maybe disabled; a
        # deprecated one is not among them, so its answer carries no diff, breakingChange nor status (:480-482)
        own = refresh.disable_if_needed(ctx, doc["sourceId"], refreshed["catalog"]).get(doc["connectionId"], {})
        refreshed.update(own)
        doc = require(ctx, doc["connectionId"])
        doc["breakingChange"] = own.get("breakingChange")
    return web_read(ctx, doc, refreshed)


def _list_item(ctx: Context, doc: dict) -> dict:
    item = _compact(doc, ("connectionId", "name", "scheduleType", "scheduleData", "status"))
    item["source"] = actors.snippet(ctx, "source", doc["sourceId"])
    item["destination"] = actors.snippet(ctx, "destination", doc["destinationId"])
    item.update(jobs.job_fields(ctx, doc["connectionId"]))
    if ctx.faults.on("list_without_job_fields"):  # FAULT: list_without_job_fields
        item = {k: v for k, v in item.items() if not k.startswith("latestSyncJob")}
    item["schemaChange"] = _schema_change(ctx, doc, doc.get("sourceCatalogId"))
    return item


def _in_filter(column: str, ids: list, params: list) -> str:
    params.extend(same_id(i) if i is not None else None for i in ids)  # IN (NULL) matches nothing
    return f" AND {column} IN ({', '.join('?' for _ in ids)})"


def web_list(ctx: Context, body: dict) -> dict:
    """ConfigRepository.listWorkspaceStandardSyncs (ConfigRepository.java:1200-1222): the connections whose
    source is in the workspace and whose status is not deprecated, a non-empty sourceId / destinationId list
    filtering (both: AND). `status <> 'deprecated'` is not true for a NULL status: a connection stored without
    status is never listed. A null workspaceId matches nothing (200, empty)."""
    where, params = "workspace_id = ?", [same_id(body["workspaceId"]) if body.get("workspaceId") else None]
    if ctx.faults.on("lists_statusless_connections"):  # FAULT: lists_statusless_connections
        where += " AND (status IS NULL OR status != 'deprecated')"
    elif not ctx.faults.on("list_includes_deleted"):  # FAULT: list_includes_deleted
        where += " AND status != 'deprecated'"
    if body.get("sourceId") and not ctx.faults.on("list_ignores_source_filter"):  # FAULT: list_ignores_source_filter
        where += _in_filter("source_id", body["sourceId"], params)
    if body.get("destinationId"):
        where += _in_filter("destination_id", body["destinationId"], params)
    docs = ctx.store.select("connections", where, params, order="created")
    return {"connections": [_list_item(ctx, d) for d in docs]}


def connection_read(doc: dict) -> dict:
    """The plain ConnectionRead (v1/connections/*): stored catalog only, no merge."""
    read = _compact(doc, ("connectionId", "name", "namespaceDefinition", "namespaceFormat", "prefix", "sourceId",
                          "destinationId", "operationIds", "schedule", "scheduleType", "scheduleData", "status",
                          "resourceRequirements", "sourceCatalogId", "geography", "breakingChange",
                          "notifySchemaChanges", "nonBreakingChangesPreference"))
    read["syncCatalog"] = configured_api_catalog(doc)
    return read


def get(ctx: Context, body: dict) -> dict:
    return connection_read(require(ctx, body.get("connectionId")))


def list_for_workspace(ctx: Context, body: dict) -> dict:
    docs = ctx.store.select("connections", "workspace_id = ? AND status != 'deprecated'",
                            [same_id(body["workspaceId"])], order="created")
    return {"connections": [connection_read(d) for d in docs]}


def delete(ctx: Context, body: dict) -> None:
    """Deleting a connection marks it deprecated; it stays readable by id."""
    doc = require(ctx, body.get("connectionId"))
    doc["status"] = "deprecated"
    save(ctx, doc)


def forget_operation(ctx: Context, operation_id: str) -> None:
    for doc in ctx.store.select("connections", "instr(doc, ?) > 0", [operation_id]):
        if operation_id in doc["operationIds"]:
            doc["operationIds"] = [op for op in doc["operationIds"] if op != operation_id]
            save(ctx, doc)
