"""Sync and reset jobs: connections/sync, connections/reset, jobs/list, jobs/get, and the job fields of the
webBackend reads (latestSyncJobStatus, latestSyncJobCreatedAt, isSyncing).

Airbyte at 0f4f4a9331 (paths in BEHAVIOUR.md, "Jobs"). A job is made running at once (TemporalClient waits
until the workflow runs before it answers, `airbyte-commons-temporal/.../TemporalClient.java:225-260`) and ends
`succeeded` or `failed` after the app's run time: the status is computed from the clock when read, so no
thread runs here. Statuses are Airbyte's `JobStatus` (`airbyte-persistence/job-persistence/.../models/
JobStatus.java:16-24`: pending, running, incomplete are non-terminal; failed, succeeded, cancelled terminal).
"""

from __future__ import annotations

import json

from reference_server import actors, connections
from reference_server.context import Context, now_ms
from reference_server.errors import AirbyteFailure, ApiError, NotFound, known_exception_info, null_pointer

_NON_TERMINAL = ("pending", "running", "incomplete")
_CAP_MS = 60_000


class ValueConflict(ApiError):
    """ValueConflictKnownException (`SchedulerHandler.java:575-581`, codes WORKFLOW_RUNNING and WORKFLOW_DELETED,
    `:104-105`): 409."""

    status = 409

    def body(self) -> dict:
        return known_exception_info("io.airbyte.commons.server.errors.ValueConflictKnownException", str(self))


def _run_ms(ctx: Context, source: dict) -> int:
    """How long a sync of this source runs: the app's base time, plus max_messages * message_interval_ms of an
    E2E Testing source (it emits that many records that far apart), capped at a minute."""
    config = source.get("connectionConfiguration") or {}
    extra = 0
    if isinstance(config, dict):
        interval, count = config.get("message_interval_ms") or 0, config.get("max_messages") or 0
        if isinstance(interval, int) and isinstance(count, int):
            extra = interval * count
    return min(ctx.sync_ms + extra, _CAP_MS)


def _failure(source: dict) -> str | None:
    """The E2E Testing source told to fail (`type: EXCEPTION_AFTER_N`, as its legacy mode throws after n
    records) fails every sync; everything else succeeds."""
    config = source.get("connectionConfiguration") or {}
    if isinstance(config, dict) and config.get("type") == "EXCEPTION_AFTER_N":
        return f"E2E Testing source: exception after {config.get('throw_after_n_records', 0)} records"
    return None


def _status(doc: dict, now: int) -> str:
    if now < doc["createdMs"] + doc["runMs"]:
        return "running"
    return "failed" if doc.get("failure") else "succeeded"


def _insert(ctx: Context, connection_id: str, config_type: str, doc: dict) -> dict:
    cursor = ctx.store.execute("INSERT INTO jobs (scope, config_type, created_ms, doc) VALUES (?, ?, ?, ?)",
                               (connection_id, config_type, doc["createdMs"], json.dumps(doc)))
    doc["id"] = cursor.lastrowid
    return doc


def _rows(ctx: Context, where: str, params=(), order: str = "created_ms DESC, id DESC", limit: int = -1,
          offset: int = 0) -> list[dict]:
    rows = ctx.store.execute(f"SELECT id, scope, config_type, doc FROM jobs WHERE {where} ORDER BY {order} "
                             f"LIMIT ? OFFSET ?", (*params, limit, offset)).fetchall()
    return [dict(json.loads(doc), id=ident, scope=scope, configType=kind) for ident, scope, kind, doc in rows]


def job_read(doc: dict, now: int) -> dict:
    """JobConverter.getJobRead (`airbyte-commons-server/.../converters/JobConverter.java:105-120`): createdAt and
    updatedAt in seconds (`getCreatedAtInSecond`)."""
    status = _status(doc, now)
    ended = doc["createdMs"] + doc["runMs"]
    updated = ended if status != "running" else doc["createdMs"]
    read = {"id": doc["id"], "configType": doc["configType"], "configId": doc["scope"],
            "createdAt": doc["createdMs"] // 1000, "updatedAt": updated // 1000,
            "startedAt": doc["createdMs"] // 1000, "status": status}
    if doc["configType"] == "reset_connection":
        read["resetConfig"] = {"streamsToReset": doc.get("streams") or []}
    return read


def _attempt(doc: dict, now: int) -> dict:
    status = _status(doc, now)
    ended = doc["createdMs"] + doc["runMs"]
    attempt = {"id": 0, "status": status, "createdAt": doc["createdMs"] // 1000,
               "updatedAt": (ended if status != "running" else doc["createdMs"]) // 1000}
    if status != "running":
        attempt["endedAt"] = ended // 1000
    if status == "failed":
        attempt["failureSummary"] = {"failures": [{"failureOrigin": "source", "failureType": "system_error",
                                                   "externalMessage": doc["failure"], "timestamp": ended}],
                                     "partialSuccess": False}
    return attempt


def info_read(doc: dict, now: int) -> dict:
    return {"job": job_read(doc, now), "attempts": [{"attempt": _attempt(doc, now), "logs": {"logLines": []}}]}


def _running_sync(ctx: Context, connection_id: str, now: int) -> dict | None:
    for doc in _rows(ctx, "scope = ? AND config_type = 'sync'", (connection_id,)):
        if _status(doc, now) in _NON_TERMINAL:
            return doc
    return None


def _start(ctx: Context, connection_id, config_type: str) -> dict:
    doc = connections.require(ctx, connection_id)
    cid, now = doc["connectionId"], now_ms()
    if doc.get("status") == "deprecated":  # the connection's workflow is deleted (TemporalClient.java:237-241)
        raise ValueConflict(f"Connection {cid} is deleted: its workflow cannot be signalled")
    if _running_sync(ctx, cid, now) is not None:  # TemporalClient.java:228-233
        raise ValueConflict(f"A sync is already running for: {cid}")
    source = actors.require(ctx, "source", doc["sourceId"])
    job = {"createdMs": now, "runMs": _run_ms(ctx, source), "configType": config_type}
    if config_type == "sync":
        job["failure"] = _failure(source)
    else:  # ConfigRepository.getAllStreamsForConnection: the configured streams (SchedulerHandler.java:551-553)
        job["runMs"] = ctx.sync_ms
        job["streams"] = [{k: v for k, v in (("name", s["stream"]["name"]), ("namespace", s["stream"].get(
            "namespace"))) if v is not None} for s in doc["catalog"]]
        ctx.store.put_state(cid, None)
    job = _insert(ctx, cid, config_type, job)
    return info_read(dict(job, scope=cid), now)


def sync(ctx: Context, body: dict) -> dict:
    """SchedulerHandler.syncConnection -> submitManualSyncToWorker (`SchedulerHandler.java:542-549`)."""
    return _start(ctx, body.get("connectionId"), "sync")


def reset(ctx: Context, body: dict) -> dict:
    """SchedulerHandler.resetConnection (`SchedulerHandler.java:551-565`): a reset_connection job of all streams."""
    return _start(ctx, body.get("connectionId"), "reset_connection")


def get(ctx: Context, body: dict) -> dict:
    """JobHistoryHandler.getJobInfo -> DefaultJobPersistence.getJob: an unknown id is a RuntimeException
    "Could not find job with id: N" (`DefaultJobPersistence.java:687-689`), so 500 [500 -> 404]."""
    ident = body.get("id")
    if ident is None:
        raise null_pointer("id is required", "$.id")
    found = _rows(ctx, "id = ?", (ident,))
    if not found:
        raise AirbyteFailure("java.lang.RuntimeException", f"Could not find job with id: {ident}",
                             NotFound("JOB", ident), "$.id")
    return info_read(found[0], now_ms())


def list_for(ctx: Context, body: dict) -> dict:
    """JobHistoryHandler.listJobsFor (`JobHistoryHandler.java:116-154`): configTypes must be non-empty
    (Preconditions: 500), newest first (`DefaultJobPersistence.java:709-721`, created_at then id descending),
    pageSize default 200 (`:72`), rowOffset; totalJobCount counts all matching jobs."""
    types = body.get("configTypes")
    if types is None:  # Preconditions.checkNotNull (:117)
        raise AirbyteFailure("java.lang.NullPointerException", "configType cannot be null.",
                             "configTypes is required", "$.configTypes")
    if not types:  # Preconditions.checkState (:118)
        raise AirbyteFailure("java.lang.IllegalStateException", "Must include at least one configType.",
                             "configTypes must name at least one type", "$.configTypes")
    page = body.get("pagination") or {}
    size = page.get("pageSize") if page.get("pageSize") is not None else 200
    where = f"scope = ? AND config_type IN ({', '.join('?' for _ in types)})"
    params = (str(body.get("configId")), *types)
    now = now_ms()
    docs = _rows(ctx, where, params, limit=size, offset=page.get("rowOffset") or 0)
    total = ctx.store.execute(f"SELECT COUNT(*) FROM jobs WHERE {where}", params).fetchone()[0]
    return {"jobs": [{"job": job_read(d, now), "attempts": [_attempt(d, now)]} for d in docs],
            "totalJobCount": total}


# the webBackend fields


def job_fields(ctx: Context, connection_id: str) -> dict:
    """WebBackendConnectionsHandler.java:209-220 (get) and :156-159,242-263 (list): the newest SYNC job
    (`DefaultJobPersistence.getLastSyncJob`, :830-841, and getLastSyncJobForConnections, :848-862: config type
    sync only, created_at descending) gives latestSyncJobStatus and latestSyncJobCreatedAt; isSyncing is whether
    a non-terminal sync job exists (JobHistoryHandler.java:235-245; getRunningSyncJobForConnections, :869-884).
    Reset jobs count for neither."""
    now = now_ms()
    kinds = "config_type = 'sync'"
    if ctx.faults.on("latest_job_includes_resets"):  # FAULT: latest_job_includes_resets
        kinds = "config_type IN ('sync', 'reset_connection')"
    order = "created_ms DESC, id DESC"
    if ctx.faults.on("latest_job_oldest"):  # FAULT: latest_job_oldest
        order = "created_ms, id"
    latest = _rows(ctx, f"scope = ? AND {kinds}", (connection_id,), order=order, limit=1)
    fields = {"isSyncing": _running_sync(ctx, connection_id, now) is not None}
    if ctx.faults.on("is_syncing_always_false"):  # FAULT: is_syncing_always_false
        fields["isSyncing"] = False
    if latest:
        read = job_read(latest[0], now)
        fields["latestSyncJobStatus"] = read["status"]
        fields["latestSyncJobCreatedAt"] = read["createdAt"]
        if ctx.faults.on("job_created_at_in_ms"):  # FAULT: job_created_at_in_ms
            fields["latestSyncJobCreatedAt"] = latest[0]["createdMs"]
    return fields

