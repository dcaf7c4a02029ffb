"""v2.0.0: sources/update, connections/sync, connections/reset, jobs/get and jobs/list, the setup endpoints the
suite uses to change the E2E source and to run jobs. Paths at tag v2.0.0 under airbyte-commons-server/src/main/
kotlin/io/airbyte/commons/server/handlers/. The jobs themselves are the v0.42.1 emulation (reference_server/
jobs.py): a manual sync or reset still waits for the workflow's new job (airbyte-commons-temporal/.../
TemporalClient.kt:353-400), a reset is a reset_connection job of the connection's streams
(SchedulerHandler.kt:648-661; airbyte-persistence/job-persistence/.../DefaultJobCreator.kt:221-261), and a
running or deleted workflow is a ValueConflictKnownException (SchedulerHandler.kt:678-695).
"""

from __future__ import annotations

from reference_server import actors, connections, jobs
from reference_server.context import Context
from reference_server.errors import AirbyteFailure
from reference_server.releases.v2_0_0 import propagation, reads


def update_source(ctx: Context, body: dict) -> dict:
    """SourceHandler.updateSource (SourceHandler.kt:268-): the v0.42.1 rules (name and configuration, checked
    against the specification), answered as a v2.0.0 SourceRead."""
    updated = actors.update_source(ctx, body)
    return reads.actor_read("source", actors.require(ctx, "source", updated["sourceId"]))


def sync(ctx: Context, body: dict) -> dict:
    """SchedulerHandler.submitManualSyncToWorker (SchedulerHandler.kt:637-645): Kotlin's check() (:640) that the
    connection is active comes before the workflow is asked, so an inactive or deleted connection is an
    IllegalStateException, 500 (v0.42.1 asked the workflow: 409 for a deleted one). The sync starts with a
    discovery whose catalog may change the connection (propagation.py)."""
    doc = connections.require(ctx, body.get("connectionId"))
    if doc.get("status") != "active" and not ctx.faults.on("v2_inactive_synced"):  # FAULT: v2_inactive_synced
        raise AirbyteFailure("java.lang.IllegalStateException", "Can only sync an active connection",
                             "only an active connection can be synced", "$.connectionId")
    started = jobs.sync(ctx, body)
    propagation.on_sync_start(ctx, doc["connectionId"])
    return started


reset = jobs.reset
get = jobs.get
list_for = jobs.list_for
