"""connections/list returns exactly the non-deleted connections of the workspace, filtered by sourceId and
destinationId (any listed id within a filter, both filters together); workspace/state follows what exists.
(ConfigRepository.listWorkspaceStandardSyncs and count*ForWorkspace: deleted means status deprecated.)

These tests work in a workspace of their own, so "exactly" is checkable even on a shared server. With
AIRBYTE_WORKSPACE_ID set the suite does not create workspaces: the lists are then checked for the run's
own connections only (other connections the workspace holds are not judged), and the tests that count a
workspace's connections are skipped, with that reason in the run's summary of skips."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

import contracts
from suite import checks, rules

pytestmark = pytest.mark.writes


SOURCES, DESTINATIONS = 3, 3


@pytest.fixture(scope="module")
def lists_workspace(api, suite_settings, prerequisites):
    """A workspace with several sources and destinations, all created by the run, and a source, a
    destination and a live connection in another workspace (whose ids a filter may name)."""
    if suite_settings.workspace_id:
        workspace = prerequisites.workspace_id
        exact = False
    else:
        workspace = api.create_workspace(f"webbackend-contracts {suite_settings.run_id} lists")["workspaceId"]
        exact = True
    sources = [api.create_actor("source", workspace)["sourceId"] for _ in range(SOURCES)]
    destinations = [api.create_actor("destination", workspace)["destinationId"] for _ in range(DESTINATIONS)]
    foreign = {"source": prerequisites.source_id, "destination": prerequisites.destination_id}
    if exact:  # the run's own workspace is "another workspace" here; one live connection in it
        checks.accepted_answer(api.create({"sourceId": foreign["source"], "destinationId": foreign["destination"],
                                    "status": "inactive"}))
    return {"workspace": workspace, "sources": sources, "destinations": destinations, "exact": exact,
            "foreign": foreign}


def listed(api, lists_workspace, source_ids=None, destination_ids=None) -> tuple[set, object]:
    exchange = api.list(lists_workspace["workspace"], source_ids, destination_ids)
    return checks.listed_once(exchange), exchange


# (source, destination, what happens to it): live active or inactive, or deleted after create
PLAN = st.lists(st.tuples(st.integers(0, SOURCES - 1), st.integers(0, DESTINATIONS - 1),
                          st.sampled_from(["active", "inactive", "deleted"])), min_size=1, max_size=5)
# None: no filter; else indexes of the lists_workspace's actors, FOREIGN standing for the other workspace's actor
FOREIGN = -1
FILTER = st.none() | st.lists(st.integers(FOREIGN, 2), unique=True, max_size=4)


def _ids(filter_, own: list, foreign: str):
    return None if filter_ is None else [foreign if i == FOREIGN else own[i] for i in filter_]


def _matches(filter_, index: int) -> bool:
    """ConfigRepository.java:1217-1220 at 0f4f4a9331: a null or empty filter is no condition, else IN."""
    return not filter_ or index in filter_


@given(plan=PLAN, source_filter=FILTER, destination_filter=FILTER)
def test_list_returns_exactly_the_live_connections_and_honours_filters(api, lists_workspace, plan, source_filter,
                                                                      destination_filter):
    """Every combination of filters (none, sourceId only, destinationId only, both; one or several ids;
    empty lists; ids of another workspace) over several sources and destinations, against a model of what
    exists: listed are the workspace's connections whose status is not deprecated
    (ConfigRepository.listWorkspaceStandardSyncs, ConfigRepository.java:1204-1223) that match both filters."""
    sources, destinations = lists_workspace["sources"], lists_workspace["destinations"]
    live, made = {}, []
    try:
        for s, d, fate in plan:
            status = "active" if fate == "deleted" else fate
            body = checks.accepted_answer(api.create({"sourceId": sources[s], "destinationId": destinations[d],
                                               "status": status, "scheduleType": "manual"}))
            made.append(body["connectionId"])
            if fate == "deleted":
                checks.deletion(api.delete(body["connectionId"]))
            else:
                live[body["connectionId"]] = (s, d)
        source_ids = _ids(source_filter, sources, lists_workspace["foreign"]["source"])
        destination_ids = _ids(destination_filter, destinations, lists_workspace["foreign"]["destination"])
        got, exchange = listed(api, lists_workspace, source_ids, destination_ids)
        expected = {cid for cid, (s, d) in live.items()
                    if _matches(source_filter, s) and _matches(destination_filter, d)}
        if not lists_workspace["exact"]:
            got &= set(made)
        checks.exact_listing(exchange, expected, got, "is not exactly the live connections matching the filters")
    finally:  # each example starts from an empty workspace
        for cid in made:
            api.delete(cid)


def test_connections_without_status_are_neither_listed_nor_counted(api, suite_settings):
    """A connection created without `status` is stored with status NULL (ConnectionsHandler.java:161 converts
    the null to null; connection.status is nullable, schema_dump.txt:124). `status <> 'deprecated'` is not
    true for NULL, so it is never listed and never counted (ConfigRepository.java:1219, 1928). A server may
    also refuse such a body (the contract requires status), but it must not list or count it."""
    if suite_settings.workspace_id:
        pytest.skip("AIRBYTE_WORKSPACE_ID is set: the suite creates no workspace to count in")
    workspace = api.create_workspace(f"webbackend-contracts {suite_settings.run_id} statusless")["workspaceId"]
    source = api.create_actor("source", workspace)["sourceId"]
    destination = api.create_actor("destination", workspace)["destinationId"]
    exchange = api.create({"sourceId": source, "destinationId": destination, "scheduleType": "manual"})
    if exchange.status >= 300:
        checks.clean_refusal(exchange, "no status (required by the contract)")
        return
    checks.statusless_create(exchange)
    got, listing = listed(api, {"workspace": workspace}, [source], None)
    checks.exact_listing(listing, set(), got, "shows a connection stored without a status (Airbyte: never listed)")
    checks.workspace_flags(api.workspace_state(workspace),
                           {"hasConnections": False, "hasSources": True, "hasDestinations": True},
                           "counts a connection stored without a status (Airbyte: never counted)")


MORE_THAN_A_PAGE = 25  # Airbyte 2.x answers pages of 20 by default (suite.rules list_pages)


@pytest.mark.skipif(rules.active().list_pages is not None,
                    reason="connections/list answers pages in this release (test_list_pages follows them)")
def test_a_list_without_pages_has_every_connection(api, suite_settings):
    """At v0.42.1 connections/list answers every live connection of the workspace at once, with no limit
    (ConfigRepository.java:1200-1222 at 0f4f4a9331): 25 of them, all listed. A client of that release reads one
    answer; a v2.0.0 server gives it the first 20 (compatibility mode meets that here)."""
    if suite_settings.workspace_id:
        pytest.skip("AIRBYTE_WORKSPACE_ID is set: the suite creates no workspace to count in")
    workspace = api.create_workspace(f"webbackend-contracts {suite_settings.run_id} many")["workspaceId"]
    source = api.create_actor("source", workspace)["sourceId"]
    destination = api.create_actor("destination", workspace)["destinationId"]
    made = {checks.accepted_answer(api.create({"sourceId": source, "destinationId": destination, "status": "inactive",
                                               "scheduleType": "manual"}))["connectionId"]
            for _ in range(MORE_THAN_A_PAGE)}
    got, listing = listed(api, {"workspace": workspace}, None, None)
    checks.exact_listing(listing, made, got, f"of a workspace with {MORE_THAN_A_PAGE} connections")


def test_workspace_state_follows_what_exists(api, suite_settings):
    if suite_settings.workspace_id:
        pytest.skip("AIRBYTE_WORKSPACE_ID is set: the suite creates no workspace to count in")
    workspace = api.create_workspace(f"webbackend-contracts {suite_settings.run_id} state")["workspaceId"]

    def state(expected: dict) -> None:
        checks.workspace_flags(api.workspace_state(workspace), expected, "does not follow what exists")

    state({"hasConnections": False, "hasSources": False, "hasDestinations": False})
    source = api.create_actor("source", workspace)["sourceId"]
    state({"hasConnections": False, "hasSources": True, "hasDestinations": False})
    destination = api.create_actor("destination", workspace)["destinationId"]
    state({"hasConnections": False, "hasSources": True, "hasDestinations": True})
    connection = checks.accepted_answer(api.create({"sourceId": source, "destinationId": destination,
                                             "status": "inactive"}))["connectionId"]
    state({"hasConnections": True, "hasSources": True, "hasDestinations": True})
    api.delete(connection)
    state({"hasConnections": False, "hasSources": True, "hasDestinations": True})


STATUS_COUNTS = "/v1/web_backend/connections/status_counts"
NO_COUNTS = {"running": 0, "healthy": 0, "failed": 0, "paused": 0, "notSynced": 0}


@pytest.mark.skipif(STATUS_COUNTS not in contracts.operations(), reason="no connections/status_counts in this release")
def test_status_counts_follow_what_exists(api, suite_settings):
    """connections/status_counts (v2.0.0) counts live connections by status and latest sync
    (ConnectionServiceJooqImpl.kt:2412-2433): manual connections never sync on their own, so an active one
    stays notSynced and an inactive one paused; a deleted or statusless one is not counted."""
    if suite_settings.workspace_id:
        pytest.skip("AIRBYTE_WORKSPACE_ID is set: the suite creates no workspace to count in")
    workspace = api.create_workspace(f"webbackend-contracts {suite_settings.run_id} counts")["workspaceId"]

    def counts(expected: dict, what: str) -> None:
        checks.status_counts(api.client.post(STATUS_COUNTS, {"workspaceId": workspace}), expected, what)

    counts(NO_COUNTS, "of an empty workspace")
    source = api.create_actor("source", workspace)["sourceId"]
    destination = api.create_actor("destination", workspace)["destinationId"]
    made = {status: checks.accepted_answer(api.create({"sourceId": source, "destinationId": destination,
                                                       "status": status, "scheduleType": "manual"}))["connectionId"]
            for status in ("active", "inactive")}
    counts({**NO_COUNTS, "notSynced": 1, "paused": 1}, "after an active and an inactive manual connection")
    statusless = api.create({"sourceId": source, "destinationId": destination, "scheduleType": "manual"})
    if statusless.status < 300:
        counts({**NO_COUNTS, "notSynced": 1, "paused": 1}, "counts a connection stored without a status")
    api.delete(made["active"])
    counts({**NO_COUNTS, "paused": 1}, "counts a deleted connection")
