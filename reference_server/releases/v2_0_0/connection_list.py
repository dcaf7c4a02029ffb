"""v2.0.0: web_backend/connections/list, cursor-paginated, sorted and filtered.

WebBackendConnectionsHandler.webBackendListConnectionsForWorkspace (airbyte-commons-server/.../handlers/
WebBackendConnectionsHandler.kt:159-223) over ConnectionServiceJooqImpl (airbyte-data/.../services/impls/jooq/
ConnectionServiceJooqImpl.kt, "Jooq" below) and WorkspaceResourceCursorPagination.kt (airbyte-data/.../services/
shared/, "Pagination" below). Paths at tag v2.0.0. The database compares names by its collation; here by code
point of the lower-cased names (open: the suite must not rely on a collation).
"""

from __future__ import annotations

from reference_server import errors, jobs
from reference_server.context import Context, same_id
from reference_server.errors import NotFound, precondition
from reference_server.releases.v2_0_0 import absent_ids, reads

DEFAULT_PAGE_SIZE = 20  # Pagination:17, used by the handler when pageSize is null (:161-166)
_SORT_KEYS = {"connectionName": "name", "sourceName": "source", "destinationName": "destination",
              "lastSync": "last_sync"}
_FAILED = ("failed", "cancelled", "incomplete")


def _row(ctx: Context, doc: dict) -> dict:
    """A connection with what the query joins: both actors (names, definitions) and the newest sync job."""
    source = ctx.store.get("sources", doc["sourceId"]) or {}
    destination = ctx.store.get("destinations", doc["destinationId"]) or {}
    job = jobs.job_fields(ctx, doc["connectionId"])
    created = job.get("latestSyncJobCreatedAt")
    return {"doc": doc, "id": doc["connectionId"], "name": doc["name"].lower(),
            "source": (source.get("name") or "").lower(), "destination": (destination.get("name") or "").lower(),
            "source_definition": source.get("sourceDefinitionId"),
            "destination_definition": destination.get("destinationDefinitionId"),
            "job_status": job.get("latestSyncJobStatus"), "last_sync": created, "status": doc.get("status"),
            "names": (doc["name"], source.get("name") or "", destination.get("name") or "")}


def _ids(values) -> set:
    return {same_id(v) for v in values if v is not None}


def _matches_status(row: dict, statuses: list) -> bool:
    """Jooq applyStatusFilters (:741-774): failed is a newest sync job failed, cancelled or incomplete; running
    is a running one; healthy an active connection whose newest sync job succeeded or is pending, or that has
    none. The filters are ORed."""
    job = row["job_status"]
    return any((s == "failed" and job in _FAILED) or (s == "running" and job == "running")
               or (s == "healthy" and row["status"] == "active" and job in (None, "succeeded", "pending"))
               for s in statuses)


def _keep(ctx: Context, row: dict, filters: dict | None) -> bool:
    """Jooq buildConnectionFilterConditions (:780-863): each filter that is null or empty is no condition."""
    if not filters:
        return True
    term = filters.get("searchTerm")
    ignored = ctx.faults.on("v2_list_ignores_search")  # FAULT: v2_list_ignores_search
    searched = bool(term and term.strip()) and not ignored
    # containsIgnoreCase on the connection, source and destination names (:811-825)
    if searched and not any(term.lower() in name.lower() for name in row["names"]):
        return False
    checks = [
        (filters.get("sourceDefinitionIds"), lambda v: row["source_definition"] in _ids(v)),
        (filters.get("destinationDefinitionIds"), lambda v: row["destination_definition"] in _ids(v)),
        (filters.get("statuses"), lambda v: _matches_status(row, v)),
        (filters.get("states"), lambda v: row["status"] in v),  # applyStateFilters (:726-736)
        (filters.get("tagIds"), lambda v: False),  # CONNECTION_TAG.TAG_ID in (...): this server has no tags
    ]
    return all(check(values) for values, check in checks if values)


def _base(ctx: Context, body: dict) -> list[dict]:
    """StandardSyncQuery (:168-174) in buildConnectionFilterConditions: the source's workspace, the sourceId and
    destinationId lists when not empty, and `status <> 'deprecated'` (never true for a NULL status)."""
    workspace = same_id(body["workspaceId"]) if body.get("workspaceId") else None
    where, params = "workspace_id = ? AND status != 'deprecated'", [workspace]
    for column, key in (("source_id", "sourceId"), ("destination_id", "destinationId")):
        ids = [same_id(i) if i is not None else None for i in body.get(key) or []]
        if ids:
            where += f" AND {column} IN ({', '.join('?' for _ in ids)})"
            params.extend(ids)
    return [_row(ctx, d) for d in ctx.store.select("connections", where, params, order="created")]


def _order(rows: list[dict], key: str, ascending: bool) -> list[dict]:
    """Jooq buildOrderByClause (:502-554): lower(name) of the sort key, or the newest sync job's created_at (nulls
    first ascending, last descending), then the connection id in the same direction."""
    if key == "last_sync":
        missing = [r for r in rows if r["last_sync"] is None]
        present = sorted((r for r in rows if r["last_sync"] is not None), key=lambda r: (r["last_sync"], r["id"]),
                         reverse=not ascending)
        nulls = sorted(missing, key=lambda r: r["id"], reverse=not ascending)
        return nulls + present if ascending else present + nulls
    return sorted(rows, key=lambda r: (r[key], r["id"]), reverse=not ascending)


def _after(row: dict, cursor: dict, key: str, ascending: bool) -> bool:
    """Jooq buildCursorCondition (:577-639) and buildCursorConditionLastSyncDesc (:644-663): a row comparison
    (sort value, id) > or < the cursor connection's. lastSync is compared in whole seconds (the cursor's epoch
    second, `toEpochSecond`, :702-706) against the row's exact time; a row whose time is NULL fails a comparison
    with a non-null cursor time."""
    cid = cursor["id"]
    if key != "last_sync":
        mine, theirs = (row[key], row["id"]), (cursor[key], cid)
        return mine > theirs if ascending else mine < theirs
    seconds = cursor["last_sync"]
    mine = row["last_sync"]
    if ascending:
        if seconds is None:
            return row["id"] > cid  # only the id is compared (:608-626)
        return mine is not None and (mine > seconds or (mine == seconds and row["id"] > cid))
    if seconds is not None:
        return (mine is not None and mine < seconds) or (mine is None and row["id"] < cid)
    return mine is None and row["id"] < cid


def _sort_key(body: dict) -> tuple[str, bool]:
    """parseSortKey (Pagination:180-195): null is connectionName ascending."""
    name, _, direction = (body.get("sortKey") or "connectionName_asc").rpartition("_")
    return _SORT_KEYS[name], direction == "asc"


def _check_statuses(filters: dict | None) -> None:
    """buildFilters (Pagination:242-269) maps each status by name onto ConnectionJobStatus (HEALTHY, FAILED,
    RUNNING, :28-32): `paused`, allowed by the request model, has no constant there and valueOf throws an
    IllegalArgumentException no handler maps (500)."""
    for status in (filters or {}).get("statuses") or []:
        if status == "paused":
            raise precondition("No enum constant io.airbyte.data.services.shared.ConnectionJobStatus.PAUSED",
                               "$.filters.statuses")


def web_list(ctx: Context, body: dict) -> dict:
    absent_ids.require(ctx, body, "workspaceId", absent_ids.LIST_WORKSPACE)
    page_size = body["pageSize"] if body.get("pageSize") is not None else DEFAULT_PAGE_SIZE
    key, ascending = _sort_key(body)
    filters = body.get("filters")
    _check_statuses(filters)
    cursor = None
    if body.get("cursor") is not None:  # buildCursorPagination (Jooq:669-721): any connection, even deleted
        found = ctx.store.get("connections", same_id(body["cursor"]))
        if found is None:
            raise NotFound("STANDARD_SYNC", body["cursor"])
        cursor = _row(ctx, found)
        if cursor["last_sync"] is not None:
            cursor["last_sync"] = int(cursor["last_sync"])  # epoch seconds, as the job fields carry them
    if page_size < 0:  # the query's LIMIT (Jooq:485): PostgreSQL refuses a negative one
        raise errors.database_error("ERROR: LIMIT must not be negative", "pageSize must not be negative",
                                    "$.pageSize")
    rows = [r for r in _base(ctx, body) if _keep(ctx, r, filters)]
    total = len(rows)  # countWorkspaceStandardSyncs (Jooq:875-910): the filters, not the cursor
    if ctx.faults.on("v2_num_connections_ignores_filters"):  # FAULT: v2_num_connections_ignores_filters
        total = len(_base(ctx, {"workspaceId": body.get("workspaceId")}))
    if cursor is not None and not ctx.faults.on("v2_list_ignores_cursor"):  # FAULT: v2_list_ignores_cursor
        rows = [r for r in rows if _after(r, cursor, key, ascending)]
    page = _order(rows, key, ascending)[:page_size]
    not_echoed = ctx.faults.on("v2_page_size_not_echoed")  # FAULT: v2_page_size_not_echoed
    echoed = DEFAULT_PAGE_SIZE if not_echoed else page_size
    return {"connections": [reads.list_item(ctx, r["doc"]) for r in page], "page_size": echoed,
            "num_connections": total}

