"""v2.0.0 refreshes write the named connection only (reference_server/releases/v2_0_0/refresh.py;
SchedulerHandler.kt:313-333,396-411 and ConnectionsHandler.kt:2248-2287,2299-2319 at v2.0.0); v0.42.1 rewrote every
live connection of the source (../test_refresh.py)."""

from __future__ import annotations

from selftests.reference_server.v2_0_0.harness import Api
from selftests.reference_server.v2_0_0.test_propagation import INT, STR, _change, _connection, _schema, _source

GET, WEB_GET, DISCOVER = "/v1/connections/get", "/v1/web_backend/connections/get", "/v1/sources/discover_schema"


def _two_then_changed(api: Api, workspace_id: str, preference: str = "disable") -> tuple[dict, dict, dict]:
    """Two connections of one source, then a non-breaking change of the source: (source, named, other)."""
    source = _source(api, workspace_id, {"a": _schema(id=INT)})
    named = _connection(api, workspace_id, source, preference)
    other = _connection(api, workspace_id, source, preference)
    _change(api, source, {"a": _schema(id=INT, extra=STR)})
    return source, named, other


def _stored(api: Api, made: dict) -> tuple:
    read = api.call(GET, {"connectionId": made["connectionId"]})
    return read["status"], read.get("breakingChange")


def test_a_web_backend_refresh_disables_the_named_connection_only(v2, workspace_id):
    _, named, other = _two_then_changed(v2, workspace_id)
    read = v2.call(WEB_GET, {"connectionId": named["connectionId"], "withRefreshedCatalog": True})
    assert read["status"] == "inactive" and read["catalogDiff"]["transforms"]
    assert _stored(v2, named) == ("inactive", False)
    assert _stored(v2, other)[0] == "active"


def test_a_discovery_with_a_connection_id_disables_that_connection_only(v2, workspace_id):
    source, named, other = _two_then_changed(v2, workspace_id)
    found = v2.call(DISCOVER, {"sourceId": source["sourceId"], "connectionId": named["connectionId"],
                               "disable_cache": True})
    assert (found["connectionStatus"], found["breakingChange"]) == ("inactive", False)
    assert "jobInfo" not in found and found["catalogId"]  # ConnectionsHandler.kt:2313-2318 builds it without one
    assert _stored(v2, named) == ("inactive", False)
    assert _stored(v2, other)[0] == "active"


def test_a_breaking_refresh_flags_the_named_connection_only(v2, workspace_id):
    source = _source(v2, workspace_id, {"a": _schema(id=INT, name=STR)})
    cursor = {"a": {"syncMode": "incremental", "destinationSyncMode": "append", "cursorField": ["name"]}}
    named = _connection(v2, workspace_id, source, "ignore", configs=cursor)
    other = _connection(v2, workspace_id, source, "ignore", configs=cursor)
    _change(v2, source, {"a": _schema(id=INT)})
    read = v2.call(WEB_GET, {"connectionId": named["connectionId"], "withRefreshedCatalog": True})
    assert (read["status"], read["schemaChange"]) == ("inactive", "breaking")
    assert _stored(v2, named) == ("inactive", True)
    assert _stored(v2, other) == ("active", False)
    # breakingChange was not written to the other one: it reads non_breaking (its source has a newer catalog)
    assert v2.call(WEB_GET, {"connectionId": other["connectionId"]})["schemaChange"] == "non_breaking"


def test_a_discovery_without_a_connection_id_writes_no_connection(v2, workspace_id):
    """SchedulerHandler.kt:406-408: no connection to diff."""
    source, named, other = _two_then_changed(v2, workspace_id)
    found = v2.call(DISCOVER, {"sourceId": source["sourceId"], "disable_cache": True})
    assert not {"catalogDiff", "breakingChange", "connectionStatus"} & set(found)
    assert _stored(v2, named)[0] == _stored(v2, other)[0] == "active"


def test_a_deleted_named_connection_is_diffed_too(v2, workspace_id):
    """diffCatalogAndConditionallyDisable reads the connection by id, whatever its status (ConnectionsHandler.kt:
    2303, :1249); v0.42.1 only diffed connections not deprecated."""
    source, named, _ = _two_then_changed(v2, workspace_id, preference="ignore")
    v2.call("/v1/connections/delete", {"connectionId": named["connectionId"]}, expect=204)
    found = v2.call(DISCOVER, {"sourceId": source["sourceId"], "connectionId": named["connectionId"],
                               "disable_cache": True})
    assert found["connectionStatus"] == "deprecated" and found["catalogDiff"]["transforms"]
    assert found["breakingChange"] is False
