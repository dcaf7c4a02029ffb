"""A state machine interleaves create, update, get, list and delete against a plain model of what the
server should hold, and checks every answer against the model. A failure prints the steps to replay.

Next to the world's connections it keeps connections on an E2E Testing source of its own, whose schema it changes
(sources/update) and refreshes (web_backend/connections/get withRefreshedCatalog): a refresh rewrites
breakingChange and status of every live connection of the source, which the model follows (suite/refresh.py);
no other test uses that source."""

import email.utils

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

import strategies
from suite import checks, e2e, rules
from suite import refresh as refresh_model
from suite.airbyte import connection_reads
from suite.budget import noting_failures

pytestmark = pytest.mark.writes

TRACKED = (*connection_reads.patchable(), *connection_reads.SCHEDULE_FIELDS, "operationIds")  # of the release in use


class Lifecycle(RuleBasedStateMachine):
    """Model: connection id -> the tracked fields the server must return for it."""

    connections = Bundle("connections")
    sourced = Bundle("sourced")  # connections on the machine's E2E source

    def __init__(self, api, world, workspace_id, budget, syncs=False, source=None):
        super().__init__()
        self.source = source  # {"source", "config", "destination"}: the E2E source whose schema the machine changes
        self.schema: dict = {}  # its streams now, {name: JSON schema}
        self.discovered: dict = {}  # its most recent discover (catalog, catalogId)
        self.refreshable: dict[str, dict] = {}  # sourced connection id -> what the refresh model needs of it
        self.api, self.world, self.workspace, self.budget = api, world, workspace_id, budget
        self.model: dict[str, dict] = {}
        self.email_rows: dict[str, bool | None] = {}  # connection id -> its email notification row (None: none)
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
        row = self.email_rows.get(connection_id)
        checks.patched_fields(exchange, self.model[connection_id], patch, body, row)
        self.email_rows[connection_id] = connection_reads.email_row_after_patch(row, self.model[connection_id], patch)
        self.remember(body)

    @rule(connection_id=connections)
    @noting_failures
    def get(self, connection_id):
        exchange = self.api.get(connection_id)
        self.agree("get", connection_id, checks.accepted_answer(exchange), exchange)

    @initialize(target=connections, data=st.data())
    @noting_failures
    def create_inactive(self, data):
        """A connection created inactive and synced at once: every example reaches the sync of a connection that
        is not active (v2.0.0's 500), which the random steps reach only in some runs."""
        sent = data.draw(strategies.valid("WebBackendConnectionCreate", self.world), label="create inactive")
        body = checks.accepted_answer(self.api.create({**sent, "status": "inactive"}))
        self.remember(body)
        self.start_sync(body["connectionId"])
        return body["connectionId"]

    @rule(connection_id=connections)
    @noting_failures
    def sync(self, connection_id):
        self.start_sync(connection_id)

    def start_sync(self, connection_id):
        """A manual sync: a new job, or 409 while the connection's newest sync runs or once it is deleted
        (SchedulerHandler.java:575-581, TemporalClient.java:228-241); from v2.0.0 a connection not active is a 500
        (suite.rules sync_needs_active)."""
        if not self.syncs:
            return
        exchange = self.api.client.post("/v1/connections/sync", {"connectionId": connection_id})
        needs_active = rules.active().sync_needs_active
        if needs_active and (connection_id in self.deleted or self.model[connection_id].get("status") != "active"):
            checks.inactive_sync_refusal(exchange, needs_active)
            return
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

    @initialize(data=st.data())
    @noting_failures
    def set_source_schema(self, data):
        if self.source is None:
            return
        self.change_source(data.draw(strategies.stream_schemas(), label="source schema"))

    def change_source(self, streams: dict) -> None:
        e2e.set_schema(self.api, self.source["source"], self.source["config"], streams)
        self.discovered = e2e.discover(self.api, self.source["source"]["sourceId"])
        self.schema = streams

    @precondition(lambda self: self.source is not None)
    @rule(target=sourced, data=st.data())
    @noting_failures
    def create_on_source(self, data):
        chosen = data.draw(strategies.configs(self.schema), label="configs")
        preference = data.draw(st.sampled_from(("ignore", "disable")), label="nonBreakingChangesPreference")
        body = checks.accepted_answer(self.api.create({
            "sourceId": self.source["source"]["sourceId"], "destinationId": self.source["destination"],
            "status": "active", "scheduleType": "manual", "nonBreakingChangesPreference": preference,
            "sourceCatalogId": self.discovered["catalogId"], "syncCatalog": e2e.sync_catalog(self.discovered, chosen)}))
        self.refreshable[body["connectionId"]] = {
            "base": self.schema, "base_catalog": self.discovered["catalogId"], "preference": preference,
            "configured": {s: refresh_model.StreamConfig.of(c) for s, c in chosen.items()},
            "stored": {"status": "active", "breakingChange": False}}
        return body["connectionId"]

    @precondition(lambda self: self.refreshable)  # a change no connection sees is not worth a step
    @rule(data=st.data())
    @noting_failures
    def update_source(self, data):
        self.change_source(data.draw(strategies.changed(self.schema), label="changed schema"))

    @rule(connection_id=sourced)
    @noting_failures
    def refresh(self, connection_id):
        """A refresh diffs the catalog each live connection of the source was made from with the new one and
        writes breakingChange and status to each (SchedulerHandler.java:452-483); from v2.0.0 to the named
        connection only (suite.rules refresh_writes_every_connection)."""
        if connection_id not in self.refreshable:
            return
        exchange = e2e.slow_post(self.api, "/v1/web_backend/connections/get",
                                 {"connectionId": connection_id, "withRefreshedCatalog": True})
        read = checks.accepted_answer(exchange)
        for cid, known in self.refreshable.items():
            transforms = refresh_model.expected_transforms(known["base"], self.schema, known["configured"])
            known["stored"] = refresh_model.written(known["stored"], transforms, known["preference"],
                                                    named=cid == connection_id)
            if cid == connection_id:
                checks.refresh_diff(exchange, sorted(map(repr, transforms)), sorted(map(repr, (
                    refresh_model.observed_transforms(read.get("catalogDiff") or {})))), "catalogDiff of the refresh")
                checks.refreshed_status(exchange, known["stored"]["status"], read.get("status"),
                                        "status of the refreshed connection")
        self.get_sourced(connection_id)

    @rule(connection_id=sourced)
    @noting_failures
    def get_sourced(self, connection_id):
        if connection_id not in self.refreshable:
            return
        known = self.refreshable[connection_id]
        exchange = self.api.client.post("/v1/connections/get", {"connectionId": connection_id})
        body = checks.accepted_answer(exchange)
        checks.refreshed_status(exchange, known["stored"], {k: body.get(k) for k in known["stored"]},
                                "a connection of the machine's E2E source as stored (breakingChange, status)")
        exchange = self.api.get(connection_id)
        changed = self.discovered["catalogId"] != known["base_catalog"]
        checks.schema_change(exchange, refresh_model.stored_schema_change(known["stored"]["breakingChange"], changed),
                             checks.accepted_answer(exchange).get("schemaChange"), "schemaChange of a plain read")

    @rule(connection_id=consumes(sourced))
    @noting_failures
    def delete_sourced(self, connection_id):
        checks.deletion(self.api.delete(connection_id))
        self.refreshable.pop(connection_id, None)  # a deleted connection is no longer rewritten by a refresh

    def teardown(self):
        for connection_id in list(self.refreshable):  # a later machine's refreshes would rewrite them
            self.api.delete(connection_id)

    @invariant()
    @noting_failures
    def list_shows_exactly_the_live_connections(self):
        self.budget.check()  # a long nightly run stops here when this test's share of the budget is spent
        exchange = self.api.list(self.world.workspace_id, [self.world.source_id], [self.world.destination_id])
        listed = checks.listed_once(exchange)
        mine = set(self.model)
        live = {cid for cid in mine if cid not in self.deleted and self.model[cid].get("status") != "deprecated"}
        checks.exact_listing(exchange, live, listed & mine, "is not exactly the machine's live connections")


@pytest.fixture(scope="module")
def e2e_source(api, suite_settings, prerequisites):
    """The machine's own E2E source; None on a target without the E2E Testing definition, where the machine runs
    without its source steps rather than not at all."""
    try:
        return e2e.own_source(api, prerequisites, suite_settings.run_id, "lifecycle",
                              "the lifecycle's source-update and refresh steps need")
    except pytest.skip.Exception:
        return None


def test_lifecycle(api, world, time_budget, suite_settings, e2e_source):
    run_state_machine_as_test(lambda: Lifecycle(api, world, world.workspace_id, time_budget, suite_settings.run_syncs,
                                                e2e_source),
                              settings=settings(max_examples=max(3, settings().max_examples // 5)))
