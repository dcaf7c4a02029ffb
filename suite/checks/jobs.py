"""Jobs: the job fields of connection reads (latestSyncJobStatus, latestSyncJobCreatedAt, isSyncing) follow
the connection's newest sync job (WebBackendConnectionsHandler.java:209-220 at 0f4f4a9331); a sync is refused
with 409 only while one runs or once the connection is deleted."""

from __future__ import annotations

import time
from typing import Any

from suite.checks.registry import check
from suite.client import Exchange

DAY = 86400


@check("jobs")
def newest_sync_job(exchange: Exchange, expected: object, received: object, what: str) -> None:
    """Get and list report the newest sync job's status and creation time (reset jobs are not sync jobs)."""
    newest_sync_job.equal(what, expected, received, exchange)


@check("jobs")
def job_time_in_seconds(exchange: Exchange, created_at: int) -> None:
    """latestSyncJobCreatedAt is epoch seconds (JobRead.createdAt), not milliseconds."""
    if abs(created_at - time.time()) > DAY:
        job_time_in_seconds.fail("latestSyncJobCreatedAt is not epoch seconds of the job's creation",
                                 f"about {int(time.time())}", str(created_at), exchange)


@check("jobs")
def syncing_flag(exchange: Exchange, read: dict[str, Any]) -> None:
    """isSyncing is true while the connection's sync job runs."""
    syncing_flag.equal("isSyncing while the connection's sync job runs", True, read.get("isSyncing"), exchange)


@check("jobs")
def job_outcome(exchange: Exchange | None, expected: str, received: str, what: str) -> None:
    """A job ends as its source makes it: a working E2E source succeeds, one told to throw fails; a reset is a
    reset_connection job."""
    job_outcome.equal(what, expected, received, exchange)


@check("jobs")
def job_end(exchange: Exchange | None, job: dict[str, Any], timeout: float) -> None:
    """A job of the E2E Testing source ends within the timeout."""
    job_end.fail(f"the {job['configType']} job did not end", f"an end within {timeout} s", job["status"], exchange)


@check("jobs")
def sync_refusal(exchange: Exchange) -> None:
    """A 409 for a sync only while the connection's newest sync runs, or once it is deleted
    (SchedulerHandler.java:575-581, TemporalClient.java:228-241)."""
    sync_refusal.fail("sync refused though no sync runs", "a new job", "409", exchange)


@check("jobs")
def inactive_sync_refusal(exchange: Exchange, where: str) -> None:
    """From v2.0.0 a sync of a connection that is not active (inactive or deleted) is Airbyte's 500, before any
    workflow is asked (suite.rules sync_needs_active)."""
    if exchange.status != 500:
        inactive_sync_refusal.fail("a sync of a connection that is not active", f"Airbyte's 500 ({where})",
                                   str(exchange.status), exchange)
