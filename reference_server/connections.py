"""Connections: the stored row (lookup, write, workspace check) and the plain v1/connections reads and delete.

Create and update live in connection_writes.py, the webBackend reads in connection_reads.py. The rules come
from ConnectionsHandler, WebBackendConnectionsHandler and ConnectionHelper; BEHAVIOUR.md lists each with its file.
"""

from __future__ import annotations

from reference_server import catalogs, columns, operations
from reference_server.context import Context, same_id
from reference_server.errors import (
    InjectedServerError,
    NotFound,
    database_error,
    null_pointer,
    precondition,
)

_RESOURCE_KEYS = ("cpu_request", "cpu_limit", "memory_request", "memory_limit")


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


def resources(value: dict | None) -> dict | None:
    if value is None:
        return None
    return {k: value[k] for k in _RESOURCE_KEYS if value.get(k) is not None}


def stored_catalog(ctx: Context, api_catalog: dict) -> tuple[list, dict]:
    if ctx.faults.on("enum_500") and any(  # FAULT: enum_500
        (s.get("config") or {}).get("destinationSyncMode") == "append_dedup" for s in api_catalog.get("streams") or []
    ):
        raise InjectedServerError("Internal Server Error: No enum constant DestinationSyncMode.append_dedup")
    return catalogs.to_stored(api_catalog, ctx.faults, ctx.release)


def check_workspace(ctx: Context, workspace_id: str, destination: dict, operation_ids: list) -> None:
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




def compact(doc: dict, keys) -> dict:
    return {k: doc[k] for k in keys if doc.get(k) is not None}


def connection_read(doc: dict) -> dict:
    """The plain ConnectionRead (v1/connections/*): stored catalog only, no merge."""
    read = compact(doc, ("connectionId", "name", "namespaceDefinition", "namespaceFormat", "prefix", "sourceId",
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
