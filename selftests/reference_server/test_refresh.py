"""Refresh on the reference server: SchedulerHandler's disabling and the update's breakingChange (refresh.py); the
field diff itself is pinned in test_catalog_diff.py."""

from __future__ import annotations

import json

from reference_server import catalog_diff
from reference_server.definitions import E2E_SOURCE
from reference_server.faults import Faults

UPDATE = "/v1/web_backend/connections/update"


def _catalog(**streams):
    return {"streams": [{"stream": {"name": n, "jsonSchema": s, "supportedSyncModes": ["full_refresh"]}}
                        for n, s in streams.items()]}


def test_fields_are_property_paths_and_one_ofs_hide_their_children():
    schema = {"properties": {"a": {"type": "object", "properties": {"b": {"type": "string"}}},
                             "c": {"oneOf": [{"type": "string"}], "properties": {"d": {"type": "string"}}}}}
    assert sorted(catalog_diff.field_types(schema, Faults())) == [("a",), ("a", "b"), ("c",)]


def test_a_removed_cursor_or_key_breaks_and_other_changes_do_not():
    old = _catalog(s={"properties": {"k": {"type": "string"}, "v": {"type": "string"}}}, gone={})
    new = _catalog(s={"properties": {"v": {"type": "integer"}, "n": {"type": "string"}}}, fresh={})
    configured = [{"stream": {"name": "s"}, "syncMode": "full_refresh", "cursorField": [],
                   "destinationSyncMode": "append_dedup", "primaryKey": [["k"]]}]
    found = catalog_diff.diff(old, new, configured, Faults())["transforms"]
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


# web_backend/connections/update recomputes breakingChange (WebBackendConnectionsHandler.java:546-566)


def _keyed(entry: dict, key: str, schema: dict | None = None) -> dict:
    """The discovered stream, configured append_dedup on `key`, with `schema` instead of the discovered one."""
    stream = dict(entry["stream"], jsonSchema=schema) if schema is not None else entry["stream"]
    return {"streams": [{"stream": stream, "config": dict(entry["config"], destinationSyncMode="append_dedup",
                                                          primaryKey=[[key]])}]}


def _e2e_connection(api, world, schema: dict) -> tuple[dict, dict, dict]:
    source = api.call("/v1/sources/create", {"workspaceId": world.workspace_id, "name": "e2e",
                                             "sourceDefinitionId": E2E_SOURCE,
                                             "connectionConfiguration": _mock({"s": schema})})
    found = api.discover(source["sourceId"])
    made = api.call("/v1/web_backend/connections/create", {
        "sourceId": source["sourceId"], "destinationId": world.destination_id, "status": "active",
        "sourceCatalogId": found["catalogId"], "syncCatalog": found["catalog"]})
    return source, found, made


def _stored(api, made) -> tuple:
    read = api.call("/v1/connections/get", {"connectionId": made["connectionId"]})
    return read["breakingChange"], read["status"]


def test_an_update_whose_key_the_latest_discovery_lacks_is_breaking_and_keeps_the_status(api, world):
    _, found, made = _e2e_connection(api, world, {"properties": {"k": {"type": "string"}}})
    entry = found["catalog"]["streams"][0]
    with_gone = {"properties": {"k": {"type": "string"}, "gone": {"type": "string"}}}
    read = api.update(made["connectionId"], syncCatalog=_keyed(entry, "gone", with_gone))
    assert (read["status"], read["schemaChange"]) == ("active", "breaking")
    assert _stored(api, made) == (True, "active")
    api.update(made["connectionId"], name="renamed")  # no catalog: the stored value stays
    assert _stored(api, made) == (True, "active")
    api.update(made["connectionId"], syncCatalog=_keyed(entry, "k"))  # fixed: recomputed false
    assert _stored(api, made) == (False, "active")


def test_an_update_diffs_against_the_most_recent_discovery_not_the_connection_s_catalog(api, world):
    source, found, made = _e2e_connection(api, world, {"properties": {"k": {"type": "string"}}})
    entry = found["catalog"]["streams"][0]
    api.call("/v1/sources/update", {"sourceId": source["sourceId"], "name": "e2e",
                                    "connectionConfiguration": _mock({"s": {"properties": {}}})})
    api.call("/v1/sources/discover_schema", {"sourceId": source["sourceId"], "disable_cache": True})
    api.update(made["connectionId"], syncCatalog=_keyed(entry, "k"))
    assert _stored(api, made) == (True, "active")


def test_an_update_after_a_breaking_refresh_clears_breaking_change_but_not_the_status(api, world):
    source, found, made = _e2e_connection(api, world, {"properties": {"k": {"type": "string"}}})
    entry = found["catalog"]["streams"][0]
    api.update(made["connectionId"], syncCatalog=_keyed(entry, "k"))
    api.call("/v1/sources/update", {"sourceId": source["sourceId"], "name": "e2e", "connectionConfiguration": _mock(
        {"s": {"properties": {"n": {"type": "string"}}}})})
    refreshed = api.get(made["connectionId"], withRefreshedCatalog=True)
    assert _stored(api, made) == (True, "inactive")
    fresh = refreshed["syncCatalog"]["streams"][0]
    read = api.update(made["connectionId"], syncCatalog=_keyed(fresh, "n"))
    assert _stored(api, made) == (False, "inactive")
    assert read["schemaChange"] == "non_breaking"  # the sourceCatalogId is still the first discovery's


def test_without_a_discovery_an_update_keeps_breaking_change(api, world):
    undiscovered = api.source(world.workspace_id)["sourceId"]
    made = api.connection(world, sourceId=undiscovered)
    users = world.stream("users")
    lost = dict(users["stream"], jsonSchema={"properties": {"k": {"type": "string"}}})
    api.update(made["connectionId"], syncCatalog={"streams": [{"stream": lost, "config": dict(
        users["config"], destinationSyncMode="append_dedup", primaryKey=[["k"]])}]})
    assert _stored(api, made) == (False, "active")


def test_the_breaking_change_diff_converts_unselected_streams_too(api, world):
    # CatalogConverter.toProtocolKeepAllStreams (CatalogConverter.java:269-275) selects every stream first
    users = world.stream("users")
    unselected = {"stream": users["stream"], "config": dict(users["config"], selected=False,
                                                             fieldSelectionEnabled=True)}
    made = api.connection(world)
    error = api.refused(UPDATE, {"connectionId": made["connectionId"], "syncCatalog": {"streams": [unselected]}},
                        expect=422)
    assert "no selected fields provided" in error["message"]
    undiscovered = api.connection(world, sourceId=api.source(world.workspace_id)["sourceId"])
    api.update(undiscovered["connectionId"], syncCatalog={"streams": [unselected]})


def test_a_discovery_with_a_connection_id_rewrites_every_live_connection_of_the_source(api, world):
    """SchedulerHandler.java:310-313,447-483: every connection of the source is diffed and written, not only the
    named one (v2.0.0 writes the named one only: v2_0_0/test_refresh_scope.py); without a connection id none."""
    fields = {"k": {"type": "string"}}
    source = api.call("/v1/sources/create", {"workspaceId": world.workspace_id, "name": "e2e",
                                             "sourceDefinitionId": E2E_SOURCE,
                                             "connectionConfiguration": _mock({"s": {"properties": fields}})})
    found = api.discover(source["sourceId"])
    made = [api.call("/v1/web_backend/connections/create", {
        "sourceId": source["sourceId"], "destinationId": world.destination_id, "status": "active",
        "nonBreakingChangesPreference": "disable", "sourceCatalogId": found["catalogId"],
        "syncCatalog": found["catalog"]}) for _ in range(2)]
    api.call("/v1/sources/update", {"sourceId": source["sourceId"], "name": "e2e", "connectionConfiguration": _mock(
        {"s": {"properties": dict(fields, new={"type": "string"})}})})

    def statuses():
        return [api.call("/v1/connections/get", {"connectionId": m["connectionId"]})["status"] for m in made]

    api.call("/v1/sources/discover_schema", {"sourceId": source["sourceId"], "disable_cache": True})
    assert statuses() == ["active", "active"]
    answer = api.call("/v1/sources/discover_schema", {"sourceId": source["sourceId"], "disable_cache": True,
                                                      "connectionId": made[0]["connectionId"]})
    assert answer["connectionStatus"] == "inactive"
    assert statuses() == ["inactive", "inactive"]
