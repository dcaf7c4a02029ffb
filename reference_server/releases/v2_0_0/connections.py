"""v2.0.0: web_backend connections create, update, get, status_counts. The v0.42.1 handlers do the shared
work (defaults, patch rules, catalog conversion, operations); this module adds what v2.0.0 stores and answers.
Paths at tag v2.0.0 under airbyte-commons-server/src/main/kotlin/io/airbyte/commons/server/handlers/.

Create defaults, read at v2.0.0 (airbyte-data/src/main/kotlin/io/airbyte/data/services/impls/jooq/: "Jooq" is
ConnectionServiceJooqImpl.kt, "DbConverter" DbConverter.kt): create passes notifySchemaChanges,
nonBreakingChangesPreference and backfillPreference on as sent, null included (ConnectionsHandler.kt:542-545).
notifySchemaChanges is a webhook notification row, written only when true (Jooq :2005-2014, :2362); no row reads
false (DbConverter :84-92, :188). notifySchemaChangesByEmail is not a field of the create request, and create never
sets it: it reads false (:94-102, :189). nonBreakingChangesPreference and backfillPreference share one
schema_management row, written only when nonBreakingChangesPreference is not null (Jooq :1940-1942; a null
backfillPreference is written as disabled, :1956); without the row a read answers ignore and disabled
(DbConverter :182-187, :191-196), so a backfillPreference sent without nonBreakingChangesPreference is dropped.
dataplaneGroupId is neither stored nor read for a connection at v2.0.0 (ConnectionsHandler.kt:528-554 and the patch
:257-345 leave it out; ApiPojoConverters.kt:169-203 never sets it on the ConnectionRead that
WebBackendConnectionsHandler.kt:999 copies it from): connection reads never carry it.
"""

from __future__ import annotations

import time

from reference_server import connection_reads, connection_writes, connections, jobs
from reference_server.context import Context, same_id
from reference_server.releases.v2_0_0 import absent_ids, reads, stream_fields

_PATCHED = ("backfillPreference", "destinationCatalogId")
_EMAIL = "notifySchemaChangesByEmail"


def _v2_read(ctx: Context, read: dict) -> dict:
    return reads.connection_read(ctx, connections.require(ctx, read["connectionId"]), read)


def _created_backfill(ctx: Context, body: dict) -> str:
    """The backfillPreference a create stores: the schema_management row's, which only a sent
    nonBreakingChangesPreference writes (module docstring); disabled without it."""
    kept = ctx.faults.on("v2_backfill_kept_without_preference")  # FAULT: v2_backfill_kept_without_preference
    if body.get("nonBreakingChangesPreference") is None and not kept:
        return "disabled"
    return body.get("backfillPreference") or "disabled"


def create(ctx: Context, body: dict) -> dict:
    """WebBackendConnectionsHandler.webBackendCreateConnection (WebBackendConnectionsHandler.kt:692-) via
    toConnectionCreate (:1033-1058) and ConnectionsHandler.createConnection (ConnectionsHandler.kt:492-636): the
    v0.42.1 rules, plus createdAt, backfillPreference (_created_backfill), destinationCatalogId,
    notifySchemaChanges as sent, tags, and the stream fields (stream_fields.py); no dataplaneGroupId."""
    read = connection_writes.create(ctx, {k: v for k, v in body.items() if k != "dataplaneGroupId"})
    doc = connections.require(ctx, read["connectionId"])
    doc.update(createdAt=int(time.time()), streamFields=stream_fields.from_request(body.get("syncCatalog"), ctx.faults),
               backfillPreference=_created_backfill(ctx, body),
               destinationCatalogId=same_id(body["destinationCatalogId"]) if body.get("destinationCatalogId") else None,
               tags=body.get("tags") or [])
    if body.get("notifySchemaChanges") is not None:
        doc["notifySchemaChanges"] = body["notifySchemaChanges"]
    connections.save(ctx, doc)
    return _v2_read(ctx, connection_reads.web_read(ctx, doc, merge=False))


def _patched_email(ctx: Context, doc: dict, patch: dict) -> None:
    """The email notification row after an update (Jooq updateNotificationConfigurationIfNeeded, :1980-2016):
    without a row, one enabled row is inserted when the patched flag is true (:2005-2014); an existing row is
    rewritten to the patched flag only when its `enabled` differs from notifySchemaChanges, the webhook flag
    (:1994-1995 test notifySchemaChanges for either type), so it otherwise keeps its value. A read answers the row's
    enabled, false without one (DbConverter :94-102). doc["emailNotificationRow"]: None (no row) or its enabled."""
    wanted = patch[_EMAIL] if patch.get(_EMAIL) is not None else bool(doc.get(_EMAIL))
    row = doc.get("emailNotificationRow")
    plain = ctx.faults.on("v2_email_notification_patched_plainly")  # FAULT: v2_email_notification_patched_plainly
    if row is None:
        row = True if wanted else None
    elif plain or row != bool(doc.get("notifySchemaChanges")):
        row = wanted
    doc["emailNotificationRow"] = row
    doc[_EMAIL] = bool(row)


def update(ctx: Context, patch: dict) -> dict:
    """webBackendUpdateConnection and ConnectionsHandler.applyPatchToStandardSync (ConnectionsHandler.kt:257-345):
    a null field leaves the stored value; backfillPreference (:338-339), tags and the stream fields of a sent
    catalog are patched too, notifySchemaChangesByEmail (:330-331) as its row allows (_patched_email);
    dataplaneGroupId is not (:257-345)."""
    read = connection_writes.update(ctx, {k: v for k, v in patch.items() if k != "dataplaneGroupId"})
    doc = connections.require(ctx, read["connectionId"])
    for key in _PATCHED:
        if patch.get(key) is not None:
            doc[key] = patch[key]
    _patched_email(ctx, doc, patch)
    if patch.get("tags") is not None:
        doc["tags"] = patch["tags"]
    if patch.get("syncCatalog") is not None:
        doc["streamFields"] = stream_fields.from_request(patch["syncCatalog"], ctx.faults)
    connections.save(ctx, doc)
    return _v2_read(ctx, connection_reads.web_read(ctx, doc))


def get(ctx: Context, body: dict) -> dict:
    """webBackendGetConnection: the v0.42.1 read (and refresh) with the v2.0.0 fields."""
    return _v2_read(ctx, connection_reads.web_get(ctx, body))


def status_counts(ctx: Context, body: dict) -> dict:
    """ConnectionServiceJooqImpl.getConnectionStatusCounts (airbyte-data/.../impls/jooq/
    ConnectionServiceJooqImpl.kt:2412-2446): the workspace's connections not deprecated, by the status of their
    newest sync job (created_at descending): running, healthy (succeeded), failed (failed, cancelled,
    incomplete), notSynced (none); an inactive connection counts as paused whatever its jobs. A connection
    stored without status matches none of the `status != ...` tests (NULL) and is not counted."""
    absent_ids.require(ctx, body, "workspaceId", absent_ids.COUNTS_WORKSPACE)
    workspace = same_id(body["workspaceId"])
    counts = {"running": 0, "healthy": 0, "failed": 0, "paused": 0, "notSynced": 0}
    with_deleted = ctx.faults.on("v2_status_counts_include_deleted")  # FAULT: v2_status_counts_include_deleted
    live = "status IS NOT NULL" if with_deleted else "status != 'deprecated'"  # NULL: counted nowhere either way
    docs = ctx.store.select("connections", f"workspace_id = ? AND {live}", [workspace])
    for doc in docs:
        by_job = ctx.faults.on("v2_paused_counted_by_job")  # FAULT: v2_paused_counted_by_job
        if doc["status"] == "inactive" and not by_job:
            counts["paused"] += 1
            continue
        job = jobs.job_fields(ctx, doc["connectionId"]).get("latestSyncJobStatus")
        if job is None:
            counts["notSynced"] += 1
        elif job == "running":
            counts["running"] += 1
        elif job == "succeeded":
            counts["healthy"] += 1
        elif job in ("failed", "cancelled", "incomplete"):
            counts["failed"] += 1
    return counts
