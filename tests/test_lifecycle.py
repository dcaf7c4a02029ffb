"""A state machine interleaves create, update, get, list and delete against a plain model of what the
server should hold, and checks every answer against the model. A failure prints the steps to replay."""

import email.utils

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule, run_state_machine_as_test

import strategies
from suite import airbyte, checks
from suite.budget import noting_failures

pytestmark = pytest.mark.writes

TRACKED = (*airbyte.patchable(), *airbyte.SCHEDULE_FIELDS, "operationIds")  # of the release in use


class Lifecycle(RuleBasedStateMachine):
    """Model: connection id -> the tracked fields the server must return for it."""

    connections = Bundle("connections")

    def __init__(self, api, world, yard_workspace, budget, syncs=False):
        super().__init__()
        self.api, self.world, self.workspace, self.budget = api, world, yard_workspace, budget
        self.model: dict[str, dict] = {}
        self.deleted: set[str] = set()
        self.syncs = syncs  # AIRBYTE_SYNCS: sync steps cost compute on a real Airbyte
        self.jobs: dict[str, dict] = {}  # connection id -> its newest sync job, as connections/sync answered it
        self.scheduled: set[str] = set()  # connections that were ever active on a schedule: their jobs are open

    def remember(self, body: dict) -> None:
        self.model[body["connectionId"]] = {k: body.get(k) for k in TRACKED}
        if body.get("status") == "active" and body.get("scheduleType") in ("basic", "cron"):
            self.scheduled.add(body["connectionId"])  # Airbyte may start syncs of its own (is-syncing-open)

    def agree(self, title: str, connection_id: str, body: dict, exchange) -> None:
        checks.model_agreement(exchange, self.model[connection_id], body, title)
        if connection_id in self.scheduled:
            return
        job = self.jobs.get(connection_id)  # the newest sync job (WebBackendConnectionsHandler.java:209-220)
        checks.newest_sync_job(exchange, job and job["createdAt"], body.get("latestSyncJobCreatedAt"),
                               f"{title}: latestSyncJobCreatedAt is not the newest sync job's")

    @rule(target=connections, data=st.data())
    @noting_failures
    def create(self, data):
        sent = data.draw(strategies.valid("WebBackendConnectionCreate", self.world), label="create")
        body = checks.accepted_answer(self.api.create(sent))
        self.remember(body)
        return body["connectionId"]

    @rule(connection_id=connections, data=st.data())
    @noting_failures
    def update(self, connection_id, data):
        if connection_id in self.deleted:
            return
        before = {"connectionId": connection_id, **self.model[connection_id]}
        patch = data.draw(strategies.patch(self.world, connection=before), label="patch")
        exchange = self.api.update(patch)
        body = checks.accepted_answer(exchange)
        checks.patched_fields(exchange, self.model[connection_id], patch, body)
        self.remember(body)

    @rule(connection_id=connections)
    @noting_failures
    def get(self, connection_id):
        exchange = self.api.get(connection_id)
        self.agree("get", connection_id, checks.accepted_answer(exchange), exchange)

    @rule(connection_id=connections)
    @noting_failures
    def sync(self, connection_id):
        """A manual sync: a new job, or 409 while the connection's newest sync runs or once it is deleted
        (SchedulerHandler.java:575-581, TemporalClient.java:228-241)."""
        if not self.syncs:
            return
        exchange = self.api.client.post("/v1/connections/sync", {"connectionId": connection_id})
        if exchange.status == 409:
            deleted = connection_id in self.deleted or self.model[connection_id].get("status") == "deprecated"
            if not deleted and not self.ran_at(connection_id, exchange) and connection_id not in self.scheduled:
                checks.sync_refusal(exchange)
            return
        self.jobs[connection_id] = checks.accepted_answer(exchange)["job"]

    def ran_at(self, connection_id, refused) -> bool:
        """Whether the connection's newest sync still ran when `refused` was answered: it runs now, or it ended
        (updatedAt, seconds) no earlier than the second before the answer's Date (the job may end in between)."""
        if connection_id not in self.jobs:
            return False
        answer = self.api.client.post("/v1/jobs/get", {"id": self.jobs[connection_id]["id"]})
        job = checks.accepted_answer(answer)["job"]
        date = refused.headers.get("date")
        if job["status"] in ("pending", "running", "incomplete") or not date:
            return True
        return job["updatedAt"] >= email.utils.parsedate_to_datetime(date).timestamp() - 1

    @rule(connection_id=consumes(connections))
    @noting_failures
    def delete(self, connection_id):
        checks.deletion(self.api.delete(connection_id))
        self.deleted.add(connection_id)
        self.model[connection_id]["status"] = "deprecated"

    @invariant()
    @noting_failures
    def list_shows_exactly_the_live_connections(self):
        self.budget.check()  # a long nightly run stops here when this test's share of the budget is spent
        exchange = self.api.list(self.world.workspace_id, [self.world.source_id], [self.world.destination_id])
        listed = checks.listed_once(exchange)
        mine = set(self.model)
        live = {cid for cid in mine if cid not in self.deleted and self.model[cid].get("status") != "deprecated"}
        checks.exact_listing(exchange, live, listed & mine, "is not exactly the machine's live connections")


def test_lifecycle(api, world, time_budget, suite_settings):
    run_state_machine_as_test(lambda: Lifecycle(api, world, world.workspace_id, time_budget, suite_settings.run_syncs),
                              settings=settings(max_examples=max(3, settings().max_examples // 5)))
