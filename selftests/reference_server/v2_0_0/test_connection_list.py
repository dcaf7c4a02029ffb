"""v2.0.0 web_backend/connections/list: cursor pagination, sort keys, filters, counts
(releases/v2_0_0/connection_list.py)."""

from __future__ import annotations

import pytest

LIST = "/v1/web_backend/connections/list"


@pytest.fixture
def five(v2, workspace_id):
    """Five connections named so that case matters for ordering; source names reversed; two inactive."""
    destination = v2.destination(workspace_id, "Dest")
    made = []
    for i, name in enumerate(["bravo", "Alpha", "delta", "Charlie", "echo"]):
        source = v2.source(workspace_id, f"src-{9 - i}", count=1)
        status = "inactive" if i in (1, 3) else "active"
        made.append(v2.connection(source, destination, name=name, status=status))
    return workspace_id, made


def _names(page: dict) -> list[str]:
    return [c["name"] for c in page["connections"]]


def _all_pages(v2, body: dict, size: int) -> list[str]:
    seen, cursor = [], None
    while True:
        page = v2.call(LIST, {**body, "pageSize": size, **({"cursor": cursor} if cursor else {})})
        assert page["page_size"] == size
        seen += _names(page)
        if len(page["connections"]) < size:
            return seen
        cursor = page["connections"][-1]["connectionId"]


def test_default_is_twenty_by_connection_name_ignoring_case(v2, five):
    workspace_id, _ = five
    page = v2.call(LIST, {"workspaceId": workspace_id})
    assert page["page_size"] == 20 and page["num_connections"] == 5
    assert _names(page) == ["Alpha", "bravo", "Charlie", "delta", "echo"]


def test_the_cursor_pages_through_every_connection_once(v2, five):
    workspace_id, _ = five
    assert _all_pages(v2, {"workspaceId": workspace_id}, 2) == ["Alpha", "bravo", "Charlie", "delta", "echo"]
    descending = _all_pages(v2, {"workspaceId": workspace_id, "sortKey": "connectionName_desc"}, 2)
    assert descending == ["echo", "delta", "Charlie", "bravo", "Alpha"]


def test_num_connections_counts_the_filtered_connections_not_the_rest_of_the_page(v2, five):
    workspace_id, made = five
    page = v2.call(LIST, {"workspaceId": workspace_id, "pageSize": 1, "cursor": made[0]["connectionId"]})
    assert page["num_connections"] == 5 and _names(page) == ["Charlie"]


def test_sort_by_source_name(v2, five):
    workspace_id, _ = five
    page = v2.call(LIST, {"workspaceId": workspace_id, "sortKey": "sourceName_asc"})
    assert [c["source"]["name"] for c in page["connections"]] == [f"src-{n}" for n in (5, 6, 7, 8, 9)]


def test_search_term_is_a_case_insensitive_substring_of_any_name(v2, five):
    workspace_id, _ = five
    found = v2.call(LIST, {"workspaceId": workspace_id, "filters": {"searchTerm": "HARL"}})
    assert _names(found) == ["Charlie"] and found["num_connections"] == 1
    by_source = v2.call(LIST, {"workspaceId": workspace_id, "filters": {"searchTerm": "SRC-7"}})
    assert _names(by_source) == ["delta"]
    blank = v2.call(LIST, {"workspaceId": workspace_id, "filters": {"searchTerm": "  "}})
    assert blank["num_connections"] == 5


def test_state_and_status_filters(v2, five):
    workspace_id, _ = five
    inactive = v2.call(LIST, {"workspaceId": workspace_id, "filters": {"states": ["inactive"]}})
    assert _names(inactive) == ["Alpha", "Charlie"]
    healthy = v2.call(LIST, {"workspaceId": workspace_id, "filters": {"statuses": ["healthy"]}})
    assert _names(healthy) == ["bravo", "delta", "echo"]  # active, never synced
    assert v2.call(LIST, {"workspaceId": workspace_id, "filters": {"statuses": ["failed", "running"]}})[
        "connections"] == []
    assert v2.call(LIST, {"workspaceId": workspace_id, "filters": {"tagIds": [workspace_id]}})["connections"] == []


def test_paused_status_filter_unknown_cursor_and_negative_page_size_fail(v2, five):
    workspace_id, _ = five
    paused = v2.call(LIST, {"workspaceId": workspace_id, "filters": {"statuses": ["paused"]}}, expect=500)
    assert set(paused) == {"errorId"}
    v2.call(LIST, {"workspaceId": workspace_id, "cursor": "00000000-0000-0000-0000-0000000000c0"}, expect=404,
            model="ErrorIdBody")
    refused = v2.call(LIST, {"workspaceId": workspace_id, "pageSize": -1}, expect=409)
    assert refused["message"].startswith("Failed to access database") and set(refused) == {"message", "errorId"}
    assert v2.call(LIST, {"workspaceId": workspace_id, "pageSize": 0})["connections"] == []


def test_deleted_connections_are_not_listed_but_can_be_a_cursor(v2, five):
    workspace_id, made = five
    v2.call("/v1/connections/delete", {"connectionId": made[2]["connectionId"]}, expect=204)  # delta
    page = v2.call(LIST, {"workspaceId": workspace_id, "cursor": made[2]["connectionId"]})
    assert _names(page) == ["echo"] and page["num_connections"] == 4


def test_status_counts(v2, five):
    workspace_id, _ = five
    assert v2.call("/v1/web_backend/connections/status_counts", {"workspaceId": workspace_id}) == {
        "running": 0, "healthy": 0, "failed": 0, "paused": 2, "notSynced": 3}


@pytest.mark.parametrize("value", [None, "", " \t"])
@pytest.mark.parametrize("path,field", [(LIST, "workspaceId"), ("/v1/web_backend/workspace/state", "workspaceId"),
                                        ("/v1/web_backend/state/get_type", "connectionId"),
                                        ("/v1/web_backend/connections/status_counts", "workspaceId")])
def test_an_id_read_as_absent_is_a_500(v2, path, field, value):
    """The id reaches a non-null Kotlin parameter (absent_ids.py): an errorId 500, where v0.42.1 answered 200."""
    response = v2.raw(path, {field: value})
    assert response.status_code == 500 and set(response.json()) == {"errorId"}, response.text
    assert v2.raw(path, {}).status_code == 500
