"""connections/list pages and search (v2.0.0), in a workspace of the test's own.

Paths at tag v2.0.0: the handler (airbyte-commons-server/.../handlers/WebBackendConnectionsHandler.kt:159-223)
hands the request's cursor, filters and pageSize to ConnectionServiceJooqImpl (airbyte-data/.../impls/jooq/):
the cursor is a connection id, the last one of the page before; the next page starts after that connection's
(lower(name), id) in the list's order (:669-713 reads the named connection, :577-639 compares the row with it,
:502-551 orders by lower(name) then id when no sortKey is sent: WorkspaceResourceCursorPagination.kt:180-183).
filters.searchTerm keeps the connections whose name, source name or destination name contains it, case
ignored (:811-825). Skipped where the release's list has no cursor or no searchTerm (v0.42.1)."""

import uuid

import pytest

import contracts
from suite import checks

pytestmark = pytest.mark.writes

LIST = "/v1/web_backend/connections/list"
REQUEST = "WebBackendConnectionListRequestBody"
PAGE = 2
# (name suffix, deleted): two of one name, so that a page boundary falls between equal names, ordered by id
PLAN = (("d", False), ("b", False), ("c", True), ("B", False), ("a", False), ("e", False))


def _has(model: str, field: str) -> bool:
    return model in contracts.names() and field in contracts.schema(model).get("properties", {})


@pytest.fixture(scope="module")
def pages_workspace(api, suite_settings):
    """A workspace holding PLAN's connections (one deleted), and the live ones in Airbyte's default order."""
    if suite_settings.workspace_id:
        pytest.skip("AIRBYTE_WORKSPACE_ID is set: the suite creates no workspace to page through")
    tag = f"webbackend-contracts {suite_settings.run_id}"
    workspace = api.create_workspace(f"{tag} pages")["workspaceId"]
    source = api.create_actor("source", workspace)["sourceId"]
    destination = api.create_actor("destination", workspace)["destinationId"]
    live = []
    for suffix, deleted in PLAN:
        name = f"{tag} page {suffix}"
        created = checks.accepted_answer(api.create({"sourceId": source, "destinationId": destination, "name": name,
                                                     "status": "inactive", "scheduleType": "manual"}))
        if deleted:
            checks.deletion(api.delete(created["connectionId"]))
        else:
            live.append((name.lower(), created["connectionId"]))
    # names differ only in their last letter, so any collation orders them as Python does; equal names by id
    # (UUIDs compare as their lower-case hex text)
    return {"workspace": workspace, "tag": tag, "order": [cid for _, cid in sorted(live)]}


@pytest.mark.skipif(not _has(REQUEST, "cursor"), reason="connections/list has no cursor in this release")
def test_pages_followed_by_their_cursor_list_each_connection_once_in_order(api, pages_workspace):
    expected = pages_workspace["order"]
    body: dict = {"workspaceId": pages_workspace["workspace"], "pageSize": PAGE}
    listed: list[str] = []
    counts: list[int] = []
    exchange = None
    for _ in range(len(expected) // PAGE + 2):  # a cursor that is not followed never gives a short page
        exchange = api.client.post(LIST, body)
        checks.listed_once(exchange)
        page = [item["connectionId"] for item in exchange.json()["connections"]]
        listed += page
        counts.append(exchange.json().get("num_connections"))
        if len(page) < PAGE:
            break
        body = {**body, "cursor": page[-1]}
    checks.paged_listing(exchange, expected, listed,
                         f"pages of {PAGE} followed by their cursor are not the live connections in order")
    # the count takes the filters, not the cursor (WebBackendConnectionsHandler.kt:192-196)
    checks.paged_listing(exchange, [len(expected)] * len(counts), counts, "num_connections of the pages after a "
                         "cursor is not the count of every match")


@pytest.mark.skipif(not _has("WebBackendConnectionListFilters", "searchTerm"),
                    reason="connections/list has no filters.searchTerm in this release")
def test_search_term_keeps_the_connections_whose_names_contain_it(api, pages_workspace):
    workspace, order = pages_workspace["workspace"], pages_workspace["order"]

    def search(term: str, expected: set[str], what: str) -> None:
        exchange = api.client.post(LIST, {"workspaceId": workspace, "pageSize": len(order) + 1,
                                          "filters": {"searchTerm": term}})
        checks.exact_listing(exchange, expected, checks.listed_once(exchange), what)

    tag = pages_workspace["tag"]
    search(f"{tag} page a".upper(), {order[0]}, "searchTerm matching one connection's name (case ignored)")
    search(" PAGE B", set(order[1:3]), "searchTerm matching two connections' names (case ignored)")
    search(uuid.uuid4().hex, set(), "searchTerm matching no name")
    # every connection here has the same source: a term of its name keeps them all (:818)
    source_name = checks.accepted_answer(api.get(order[0]))["source"]["name"]
    search(source_name.swapcase(), set(order), "searchTerm matching the source's name")
