"""The job fields of the webBackend reads follow the connection's sync jobs.

Airbyte at 0f4f4a9331: `WebBackendConnectionsHandler.java:209-220` (get) and `:156-159,242-263` (list) take
latestSyncJobStatus and latestSyncJobCreatedAt from the newest job of config type `sync` (reset jobs do not
count: `DefaultJobPersistence.java:830-862`), createdAt in seconds (`JobConverter.java:114`), and isSyncing is
whether a non-terminal sync job exists (`JobHistoryHandler.java:235-245`, `DefaultJobPersistence.java:869-884`).

Syncs cost compute on a real Airbyte: they run only with AIRBYTE_SYNCS=true (on by default for the embedded
server). The test works on a source and a connection of its own (an E2E Testing source, which can be told to
fail), deleted at the end of the run.
"""

from __future__ import annotations

import time

import pytest

from suite import checks, e2e

pytestmark = pytest.mark.writes

TERMINAL = ("failed", "succeeded", "cancelled")
JOB_TIMEOUT = 300.0  # seconds a job may take on a real Airbyte
DAY = 86_400


_post = e2e.post


@pytest.fixture(scope="module")
def job_connection(api, suite_settings, prerequisites):
    """The connection these tests sync, on an E2E Testing source of its own (which a test tells to fail):
    {"source", "config" (the source's configuration), "connection" (its id), "workspace" (its id)}."""
    if not suite_settings.run_syncs:
        pytest.skip("syncs are off for this target (they cost compute): set AIRBYTE_SYNCS=true to check job fields")
    source, config = e2e.create_source(api, prerequisites, f"webbackend-contracts {suite_settings.run_id} jobs",
                                       "the job checks need to fail a sync")
    connection = checks.accepted_answer(api.create({"sourceId": source["sourceId"], "status": "active",
                                             "destinationId": prerequisites.destination_id,
                                             "scheduleType": "manual"}))
    return {"source": source, "config": config, "connection": connection["connectionId"],
            "workspace": prerequisites.workspace_id}


def _job_status(api, job_id) -> tuple[dict, object]:
    body, exchange = _post(api, "/v1/jobs/get", {"id": job_id})
    return body["job"], exchange


def _item(api, job_connection) -> tuple[dict, object]:
    exchange = api.list(job_connection["workspace"], [job_connection["source"]["sourceId"]])
    listed, connection_id = checks.listed_once(exchange), job_connection["connection"]
    checks.exact_listing(exchange, {connection_id}, listed & {connection_id}, "does not list the connection")
    items = [i for i in exchange.json()["connections"] if i["connectionId"] == connection_id]
    return items[0], exchange


def _run(api, job_connection, path: str = "/v1/connections/sync") -> dict:
    """Start a job, watch isSyncing while it runs (whenever jobs/get says non-terminal both before and after a
    get, isSyncing must be true for a sync), and return the job once it has ended."""
    started, _ = _post(api, path, {"connectionId": job_connection["connection"]})
    job, deadline = started["job"], time.monotonic() + JOB_TIMEOUT
    while job["status"] not in TERMINAL:
        exchange = api.get(job_connection["connection"])
        read = checks.accepted_answer(exchange)
        after, _ = _job_status(api, job["id"])
        if after["status"] not in TERMINAL and job["configType"] == "sync":
            checks.syncing_flag(exchange, read)
        job = after
        if time.monotonic() > deadline:
            checks.job_end(None, job, JOB_TIMEOUT)
        time.sleep(0.05)
    return job


def _check_fields(api, job_connection, newest_sync: dict, what: str) -> None:
    """get and list report the newest sync job, in seconds, and agree; no sync runs, so isSyncing is false."""
    expected = {"latestSyncJobStatus": newest_sync["status"], "latestSyncJobCreatedAt": newest_sync["createdAt"],
                "isSyncing": False}
    exchange = api.get(job_connection["connection"])
    read = checks.accepted_answer(exchange)
    keys = list(expected)
    checks.newest_sync_job(exchange, expected, {k: read.get(k) for k in keys}, f"connections/get job fields {what}")
    checks.job_time_in_seconds(exchange, read["latestSyncJobCreatedAt"])
    item, listing = _item(api, job_connection)
    checks.newest_sync_job(listing, expected, {k: item.get(k) for k in keys},
                           f"connections/list job fields {what} (as connections/get answers them)")


def test_job_fields_follow_the_newest_sync_job(api, job_connection):
    exchange = api.get(job_connection["connection"])
    fresh = checks.accepted_answer(exchange)
    checks.newest_sync_job(exchange, {"isSyncing": False},
                           {k: fresh.get(k) for k in ("isSyncing", "latestSyncJobStatus", "latestSyncJobCreatedAt")
                            if k in fresh}, "a connection without jobs: no latest job, not syncing")
    first = _run(api, job_connection)
    checks.job_outcome(None, "succeeded", first["status"], "a sync of a working source")
    _check_fields(api, job_connection, first, "after a sync")
    # the E2E Testing source told to throw: its syncs fail
    failing = dict(job_connection["config"], type="EXCEPTION_AFTER_N", throw_after_n_records=1)
    source = job_connection["source"]
    _post(api, "/v1/sources/update", {"sourceId": source["sourceId"], "name": source["name"],
                                      "connectionConfiguration": failing})
    second = _run(api, job_connection)
    checks.job_outcome(None, "failed", second["status"], "a sync of a source told to fail")
    _check_fields(api, job_connection, second, "after a failed sync")
    reset, exchange = _post(api, "/v1/connections/reset", {"connectionId": job_connection["connection"]})
    checks.job_outcome(exchange, "reset_connection", reset["job"]["configType"],
                       "connections/reset makes a reset_connection job")
    _check_fields(api, job_connection, second, "while or after a reset (reset jobs are not sync jobs)")
