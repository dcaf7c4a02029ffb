"""Refresh on the reference server: CatalogHelpers' field diff and SchedulerHandler's disabling (refresh.py)."""

from __future__ import annotations

import json

from reference_server import refresh
from reference_server.definitions import E2E_SOURCE
from reference_server.faults import Faults


def _catalog(**streams):
    return {"streams": [{"stream": {"name": n, "jsonSchema": s, "supportedSyncModes": ["full_refresh"]}}
                        for n, s in streams.items()]}


def test_fields_are_property_paths_and_one_ofs_hide_their_children():
    schema = {"properties": {"a": {"type": "object", "properties": {"b": {"type": "string"}}},
                             "c": {"oneOf": [{"type": "string"}], "properties": {"d": {"type": "string"}}}}}
    assert sorted(refresh.field_types(schema)) == [("a",), ("a", "b"), ("c",)]


def test_a_removed_cursor_or_key_breaks_and_other_changes_do_not():
    old = _catalog(s={"properties": {"k": {"type": "string"}, "v": {"type": "string"}}}, gone={})
    new = _catalog(s={"properties": {"v": {"type": "integer"}, "n": {"type": "string"}}}, fresh={})
    configured = [{"stream": {"name": "s"}, "syncMode": "full_refresh", "cursorField": [],
                   "destinationSyncMode": "append_dedup", "primaryKey": [["k"]]}]
    found = refresh.diff(old, new, configured, Faults())["transforms"]
    streams = {(t["transformType"], t["streamDescriptor"]["name"]) for t in found}
    assert streams == {("remove_stream", "gone"), ("add_stream", "fresh"), ("update_stream", "s")}
    fields = {(f["transformType"], tuple(f["fieldName"]), f["breaking"])
              for t in found if t["transformType"] == "update_stream" for f in t["updateStream"]}
    assert fields == {("remove_field", ("k",), True), ("add_field", ("n",), False),
                      ("update_field_schema", ("v",), False)}


def _mock(streams: dict) -> dict:
    return {"max_messages": 1, "mock_catalog": {"type": "MULTI_STREAM", "stream_schemas": json.dumps(streams)}}


def test_refresh_disables_per_preference_and_flags_breaking_changes(api, world):
    source = api.call("/v1/sources/create", {"workspaceId": world.workspace_id, "name": "e2e",
                                             "sourceDefinitionId": E2E_SOURCE,
                                             "connectionConfiguration": _mock({"s": {"properties": {
                                                 "k": {"type": "string"}}}})})
    found = api.discover(source["sourceId"])
    entry = found["catalog"]["streams"][0]
    made = {}
    for pref in ("ignore", "disable"):
        made[pref] = api.call("/v1/web_backend/connections/create", {
            "sourceId": source["sourceId"], "destinationId": world.destination_id, "status": "active",
            "nonBreakingChangesPreference": pref, "sourceCatalogId": found["catalogId"],
            "syncCatalog": {"streams": [{"stream": entry["stream"], "config": dict(entry["config"])}]}})
    update = {"sourceId": source["sourceId"], "name": "e2e"}
    api.call("/v1/sources/update", dict(update, connectionConfiguration=_mock({"s": {"properties": {
        "k": {"type": "string"}, "new": {"type": "string"}}}})))
    read = api.get(made["ignore"]["connectionId"], withRefreshedCatalog=True)
    assert (read["status"], read["schemaChange"]) == ("active", "non_breaking")
    other = api.call("/v1/connections/get", {"connectionId": made["disable"]["connectionId"]})
    assert (other["status"], other["breakingChange"]) == ("inactive", False)
    api.update(made["ignore"]["connectionId"], syncCatalog={"streams": [{"stream": entry["stream"], "config": dict(
        entry["config"], destinationSyncMode="append_dedup", primaryKey=[["k"]])}]})
    api.call("/v1/sources/update", dict(update, connectionConfiguration=_mock({"s": {"properties": {}}})))
    read = api.get(made["ignore"]["connectionId"], withRefreshedCatalog=True)
    assert (read["status"], read["schemaChange"]) == ("inactive", "breaking")
    assert read["syncCatalog"]["streams"][0]["config"]["primaryKey"] == [["k"]]  # kept though the column is gone


def test_discovery_without_disable_cache_answers_the_cached_catalog_without_a_diff(api, world):
    first = api.call("/v1/sources/discover_schema", {"sourceId": world.source_id, "disable_cache": True})
    assert first["jobInfo"]["configId"] == world.source_id
    cached = api.call("/v1/sources/discover_schema", {"sourceId": world.source_id})
    assert cached["catalogId"] == first["catalogId"] and cached["jobInfo"]["configId"] == "NoConfiguration"
    assert cached["jobInfo"]["createdAt"] == 0 and cached["catalog"] == first["catalog"]
