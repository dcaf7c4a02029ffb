"""connections/list returns exactly the non-deleted connections of the workspace, filtered by sourceId and
destinationId (any listed id within a filter, both filters together); workspace/state follows what exists.
(ConfigRepository.listWorkspaceStandardSyncs and count*ForWorkspace: deleted means status deprecated.)

These tests work in a workspace of their own, so "exactly" is checkable even on a shared server. With
AIRBYTE_WORKSPACE_ID set the suite does not create workspaces: the lists are then checked for the run's
own connections only, and the report says so."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from suite import checks

pytestmark = pytest.mark.writes


@pytest.fixture(scope="module")
def yard(api, suite_settings, prerequisites):
    """A workspace with two sources and two destinations, all created by the run."""
    if suite_settings.workspace_id:
        workspace = prerequisites.workspace_id
        exact = False
    else:
        workspace = api.create_workspace(f"webbackend-contracts {suite_settings.run_id} lists")["workspaceId"]
        exact = True
    sources = [api.create_actor("source", workspace)["sourceId"] for _ in range(2)]
    destinations = [api.create_actor("destination", workspace)["destinationId"] for _ in range(2)]
    return {"workspace": workspace, "sources": sources, "destinations": destinations, "exact": exact}


def listed(api, yard, source_ids=None, destination_ids=None) -> tuple[set, object]:
    exchange = api.list(yard["workspace"], source_ids, destination_ids)
    body = checks.accepted(exchange)
    ids = [item["connectionId"] for item in body["connections"]]
    if len(ids) != len(set(ids)):
        raise checks.CheckFailure("connections/list repeats a connection", "each connection once", repr(ids),
                                  exchange)
    return set(ids), exchange


PLAN = st.lists(st.tuples(st.integers(0, 1), st.integers(0, 1), st.booleans()), min_size=1, max_size=4)
FILTER = st.none() | st.lists(st.integers(0, 1), unique=True)


@given(plan=PLAN, source_filter=FILTER, destination_filter=FILTER)
def test_list_returns_exactly_the_live_connections_and_honours_filters(api, yard, plan, source_filter,
                                                                      destination_filter):
    """plan: (source, destination, delete it?) per connection; filters: indexes of sources/destinations."""
    sources, destinations = yard["sources"], yard["destinations"]
    live, made = {}, []
    try:
        for s, d, deleted in plan:
            body = checks.accepted(api.create({"sourceId": sources[s], "destinationId": destinations[d],
                                               "status": "active"}))
            made.append(body["connectionId"])
            if deleted:
                exchange = api.delete(body["connectionId"])
                if exchange.status not in (200, 204):
                    raise checks.CheckFailure("connections/delete failed", "204", str(exchange.status), exchange)
            else:
                live[body["connectionId"]] = (s, d)
        source_ids = None if source_filter is None else [sources[i] for i in source_filter]
        destination_ids = None if destination_filter is None else [destinations[i] for i in destination_filter]
        got, exchange = listed(api, yard, source_ids, destination_ids)
        expected = {cid for cid, (s, d) in live.items()
                    if (not source_filter or s in source_filter)
                    and (not destination_filter or d in destination_filter)}
        if not yard["exact"]:
            got &= set(made)
        checks.equal("connections/list is not exactly the live connections matching the filters",
                     sorted(expected), sorted(got), exchange)
    finally:  # each example starts from an empty workspace
        for cid in made:
            api.delete(cid)


def test_workspace_state_follows_what_exists(api, suite_settings):
    if suite_settings.workspace_id:
        pytest.skip("AIRBYTE_WORKSPACE_ID is set: the suite creates no workspace to count in")
    prerequisites = api.prerequisites
    workspace = api.create_workspace(f"webbackend-contracts {suite_settings.run_id} state")["workspaceId"]

    def state(expected: dict) -> None:
        exchange = api.workspace_state(workspace)
        checks.equal("workspace/state", expected, checks.accepted(exchange), exchange)

    state({"hasConnections": False, "hasSources": False, "hasDestinations": False})
    source = api.create_actor("source", workspace)["sourceId"]
    state({"hasConnections": False, "hasSources": True, "hasDestinations": False})
    destination = api.create_actor("destination", workspace)["destinationId"]
    state({"hasConnections": False, "hasSources": True, "hasDestinations": True})
    connection = checks.accepted(api.create({"sourceId": source, "destinationId": destination,
                                             "status": "inactive"}))["connectionId"]
    state({"hasConnections": True, "hasSources": True, "hasDestinations": True})
    api.delete(connection)
    state({"hasConnections": False, "hasSources": True, "hasDestinations": True})
    assert prerequisites.workspace_id != workspace
