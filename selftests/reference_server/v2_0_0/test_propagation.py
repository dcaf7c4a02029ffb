"""v2.0.0 auto-propagation of schema changes (reference_server/releases/v2_0_0/propagation.py): a sync starts
with a discovery that moves a connection to the new catalog when the change may be propagated; the refreshes of
the API only report the diff."""

from __future__ import annotations

import json

from reference_server.definitions import E2E_SOURCE
from selftests.reference_server.v2_0_0.harness import Api

INT, STR = {"type": "integer"}, {"type": "string"}
GET, WEB_GET = "/v1/connections/get", "/v1/web_backend/connections/get"


def _config(schemas: dict) -> dict:
    return {"max_messages": 1, "mock_catalog": {"type": "MULTI_STREAM", "stream_schemas": json.dumps(schemas)}}


def _schema(**fields) -> dict:
    return {"type": "object", "properties": fields}


def _source(api: Api, workspace_id: str, schemas: dict) -> dict:
    return api.call("/v1/sources/create", {"workspaceId": workspace_id, "name": "e2e", "sourceDefinitionId": E2E_SOURCE,
                                           "connectionConfiguration": _config(schemas)})


def _change(api: Api, source: dict, schemas: dict) -> None:
    api.call("/v1/sources/update", {"sourceId": source["sourceId"], "name": "e2e",
                                    "connectionConfiguration": _config(schemas)})


def _connection(api: Api, workspace_id: str, source: dict, preference: str, selected=("a",), configs=None) -> dict:
    """A connection of the source's streams named in `selected` (with their config patched by `configs`)."""
    found = api.call("/v1/sources/discover_schema", {"sourceId": source["sourceId"]})
    for entry in found["catalog"]["streams"]:
        name = entry["stream"]["name"]
        entry["config"].update({"selected": name in selected, "syncMode": "full_refresh",
                                "destinationSyncMode": "overwrite", **(configs or {}).get(name, {})})
    return api.call("/v1/web_backend/connections/create", {
        "sourceId": source["sourceId"], "destinationId": api.destination(workspace_id)["destinationId"],
        "status": "active", "syncCatalog": found["catalog"], "sourceCatalogId": found["catalogId"],
        "nonBreakingChangesPreference": preference})


def _made(api: Api, workspace_id: str, preference: str, before: dict, after: dict, **extra) -> tuple[dict, dict]:
    """A connection made on `before`, the source changed to `after`, then synced; (connection, source)."""
    source = _source(api, workspace_id, before)
    made = _connection(api, workspace_id, source, preference, **extra)
    _change(api, source, after)
    api.call("/v1/connections/sync", {"connectionId": made["connectionId"]})
    return made, source


def _configured(api: Api, made: dict) -> dict:
    read = api.call(GET, {"connectionId": made["connectionId"]})
    return {e["stream"]["name"]: e for e in read["syncCatalog"]["streams"]}


def _latest_catalog_id(api: Api, source: dict) -> str:
    return api.call("/v1/sources/discover_schema", {"sourceId": source["sourceId"]})["catalogId"]


def test_the_api_refresh_reports_the_diff_without_propagating(v2, workspace_id):
    source = _source(v2, workspace_id, {"a": _schema(id=INT)})
    made = _connection(v2, workspace_id, source, "propagate_fully")
    _change(v2, source, {"a": _schema(id=INT, extra=STR), "b": _schema(id=INT)})
    read = v2.call(WEB_GET, {"connectionId": made["connectionId"], "withRefreshedCatalog": True})
    kinds = sorted(t["transformType"] for t in read["catalogDiff"]["transforms"])
    assert kinds == ["add_stream", "update_stream"]
    stored = v2.call(GET, {"connectionId": made["connectionId"]})
    assert stored["sourceCatalogId"] == made["catalogId"]
    assert [e["stream"]["name"] for e in stored["syncCatalog"]["streams"]] == ["a"]
    assert list(stored["syncCatalog"]["streams"][0]["stream"]["jsonSchema"]["properties"]) == ["id"]


def test_propagate_columns_takes_the_new_fields_but_no_stream_is_added_or_removed(v2, workspace_id):
    before = {"a": _schema(id=INT), "gone": _schema(id=INT)}
    after = {"a": _schema(id=INT, extra=STR), "b": _schema(id=INT)}
    made, source = _made(v2, workspace_id, "propagate_columns", before, after, selected=("a", "gone"))
    streams = _configured(v2, made)
    assert sorted(streams) == ["a", "gone"]  # the removed stream stays configured, the new one is not added
    assert set(streams["a"]["stream"]["jsonSchema"]["properties"]) == {"id", "extra"}
    stored = v2.call(GET, {"connectionId": made["connectionId"]})
    assert stored["sourceCatalogId"] == _latest_catalog_id(v2, source) != made["catalogId"]
    assert stored["breakingChange"] is False and stored["status"] == "active"
    assert v2.call(WEB_GET, {"connectionId": made["connectionId"]})["schemaChange"] == "no_change"


def test_propagate_fully_adds_new_streams_selected_and_drops_removed_ones(v2, workspace_id):
    before = {"a": _schema(id=INT), "gone": _schema(id=INT)}
    after = {"a": _schema(id=INT), "b": _schema(id=INT, name=STR)}
    made, _ = _made(v2, workspace_id, "propagate_fully", before, after, selected=("a", "gone"))
    streams = _configured(v2, made)
    assert sorted(streams) == ["a", "b"]
    added = streams["b"]["config"]
    # E2E streams support full_refresh only and have no source-defined cursor: Full Refresh | Overwrite,
    # which the /dev/null destination supports (CatalogConverter.kt:370-373, :518-519)
    assert (added["syncMode"], added["destinationSyncMode"], added["selected"]) == ("full_refresh", "overwrite", True)
    assert added["cursorField"] == [] and added["primaryKey"] == []
    assert set(streams["b"]["stream"]["jsonSchema"]["properties"]) == {"id", "name"}
    web = v2.call(WEB_GET, {"connectionId": made["connectionId"]})
    assert web["schemaChange"] == "no_change"
    assert {e["stream"]["name"]: e["config"]["selected"] for e in web["syncCatalog"]["streams"]} == {"a": True,
                                                                                                    "b": True}


def test_field_selection_selects_new_top_level_fields_only(v2, workspace_id):
    before = {"a": _schema(id=INT, name=STR)}
    after = {"a": _schema(id=INT, name=STR, extra=STR)}
    selection = {"a": {"fieldSelectionEnabled": True, "selectedFields": [{"fieldPath": ["id"]}]}}
    made, _ = _made(v2, workspace_id, "propagate_columns", before, after, configs=selection)
    config = _configured(v2, made)["a"]
    assert config["config"]["fieldSelectionEnabled"] is True
    assert sorted(f["fieldPath"][0] for f in config["config"]["selectedFields"]) == ["extra", "id"]
    assert set(config["stream"]["jsonSchema"]["properties"]) == {"id", "extra"}  # "name" stays deselected


def test_ignore_keeps_the_catalog_and_reports_a_non_breaking_change(v2, workspace_id):
    made, _ = _made(v2, workspace_id, "ignore", {"a": _schema(id=INT)}, {"a": _schema(id=INT, extra=STR)})
    stored = v2.call(GET, {"connectionId": made["connectionId"]})
    assert stored["sourceCatalogId"] == made["catalogId"] and stored["status"] == "active"
    assert set(stored["syncCatalog"]["streams"][0]["stream"]["jsonSchema"]["properties"]) == {"id"}
    assert v2.call(WEB_GET, {"connectionId": made["connectionId"]})["schemaChange"] == "non_breaking"


def test_disable_keeps_the_catalog_and_disables(v2, workspace_id):
    made, _ = _made(v2, workspace_id, "disable", {"a": _schema(id=INT)}, {"a": _schema(id=INT, extra=STR)})
    stored = v2.call(GET, {"connectionId": made["connectionId"]})
    assert stored["sourceCatalogId"] == made["catalogId"] and stored["status"] == "inactive"


def test_an_empty_diff_moves_any_connection_to_the_new_catalog(v2, workspace_id):
    """A change in a stream the connection does not configure is no transform (CatalogDiffHelpers.kt:207-214):
    shouldAutoPropagate is true whatever the preference, so the connection acknowledges the new catalog."""
    before = {"a": _schema(id=INT), "other": _schema(id=INT)}
    after = {"a": _schema(id=INT), "other": _schema(id=INT, extra=STR)}
    made, source = _made(v2, workspace_id, "ignore", before, after)
    stored = v2.call(GET, {"connectionId": made["connectionId"]})
    assert stored["sourceCatalogId"] == _latest_catalog_id(v2, source) != made["catalogId"]
    assert [e["stream"]["name"] for e in stored["syncCatalog"]["streams"]] == ["a"]
    assert v2.call(WEB_GET, {"connectionId": made["connectionId"]})["schemaChange"] == "no_change"


def test_a_breaking_change_is_not_propagated(v2, workspace_id):
    """Removing the cursor of an incremental stream breaks it: no propagation, the connection is disabled."""
    cursor = {"a": {"syncMode": "incremental", "destinationSyncMode": "append", "cursorField": ["name"]}}
    made, _ = _made(v2, workspace_id, "propagate_fully", {"a": _schema(id=INT, name=STR)},
                    {"a": _schema(id=INT), "b": _schema(id=INT)}, configs=cursor)
    stored = v2.call(GET, {"connectionId": made["connectionId"]})
    assert stored["breakingChange"] is True and stored["status"] == "inactive"
    assert stored["sourceCatalogId"] == made["catalogId"]
    assert [e["stream"]["name"] for e in stored["syncCatalog"]["streams"]] == ["a"]
    assert v2.call(WEB_GET, {"connectionId": made["connectionId"]})["schemaChange"] == "breaking"


def test_only_the_synced_connection_is_propagated(v2, workspace_id):
    """postprocessDiscoveredCatalog takes the synced connection only (ConnectionsHandler.kt:2220-2234); another
    connection of the source keeps its catalog and now sees a newer catalog of its source."""
    source = _source(v2, workspace_id, {"a": _schema(id=INT)})
    synced = _connection(v2, workspace_id, source, "propagate_fully")
    other = _connection(v2, workspace_id, source, "propagate_fully")
    _change(v2, source, {"a": _schema(id=INT), "b": _schema(id=INT)})
    v2.call("/v1/connections/sync", {"connectionId": synced["connectionId"]})
    assert sorted(_configured(v2, synced)) == ["a", "b"]
    assert sorted(_configured(v2, other)) == ["a"]
    assert v2.call(WEB_GET, {"connectionId": other["connectionId"]})["schemaChange"] == "non_breaking"
