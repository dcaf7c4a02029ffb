"""The webBackend reads of connections: the read with the catalog merge, get (with a refresh), the list."""

from __future__ import annotations

from reference_server import actors, catalog_merge, catalogs, jobs, operations, refresh
from reference_server.connections import compact, configured_api_catalog, require
from reference_server.context import Context, same_id
from reference_server.errors import null_pointer


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


def web_read(ctx: Context, doc: dict, refreshed: dict | None = None, merge: bool = True) -> dict:
    """The WebBackendConnectionRead of a stored connection.

    merge: merge the stored catalog with the discovered one it was made from (create does not);
    refreshed: a fresh discovery to merge with instead, whose diff is reported.
    """
    catalog = _merged_catalog(ctx, doc, refreshed and refreshed["catalog"]) if merge else configured_api_catalog(doc)
    read = compact(doc, ("connectionId", "name", "namespaceDefinition", "namespaceFormat", "prefix", "sourceId",
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
        # SchedulerHandler.java:310-313: every live connection of the source is diffed and maybe disabled; a
        # deprecated one is not among them, so its answer carries no diff, breakingChange nor status (:480-482).
        # v2.0.0: the named connection only, whatever its status (releases/v2_0_0/refresh.py)
        own = refresh.refresh_connection(ctx, doc["sourceId"], doc["connectionId"], found)
        refreshed.update(own)
        doc = require(ctx, doc["connectionId"])
        doc["breakingChange"] = own.get("breakingChange")
    return web_read(ctx, doc, refreshed)


def list_item(ctx: Context, doc: dict) -> dict:
    item = compact(doc, ("connectionId", "name", "scheduleType", "scheduleData", "status"))
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
    if ctx.faults.on("list_first_page_only"):  # FAULT: list_first_page_only
        docs = docs[:20]
    return {"connections": [list_item(ctx, d) for d in docs]}

