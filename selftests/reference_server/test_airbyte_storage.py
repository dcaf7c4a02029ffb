"""What Airbyte's storage does to answers: jsonb key order, varchar(256), status-less connections, field-selection
keys, duplicate streams, failed refreshes. Each rule cites the Java in BEHAVIOUR.md."""

from __future__ import annotations

import copy

import pytest

from selftests.reference_server.client import World

CREATE, UPDATE, GET, LIST = ("/v1/web_backend/connections/create", "/v1/web_backend/connections/update",
                             "/v1/web_backend/connections/get", "/v1/web_backend/connections/list")
OPERATION = {"name": "n",
             "operatorConfiguration": {"operatorType": "normalization", "normalization": {"option": "basic"}}}


def _stream(name="s", properties=None, namespace=None, **config) -> dict:
    stream = {"name": name, "supportedSyncModes": ["full_refresh"],
              "jsonSchema": {"type": "object", "properties": properties or {"id": {}}}}
    if namespace is not None:
        stream["namespace"] = namespace
    return {"stream": stream, "config": {"syncMode": "full_refresh", "destinationSyncMode": "append",
                                         "selected": True, **config}}


def _selected(read: dict, index: int = 0) -> list:
    return [f["fieldPath"][0] for f in read["syncCatalog"]["streams"][index]["config"]["selectedFields"]]


def _body(world: World, **fields) -> dict:
    return {"sourceId": world.source_id, "destinationId": world.destination_id, "status": "active", **fields}


# fact 1: selectedFields in jsonb key order


def test_selected_fields_come_back_in_jsonb_key_order(api, world):
    """Shorter keys first (in UTF-8 bytes), then bytewise: not the order sent, nor the schema's order."""
    properties = {"zz": {}, "é": {}, "b": {}, "ab": {}, "ccc": {}, "aa": {}}
    sent = [{"fieldPath": [n]} for n in ("ccc", "zz", "é", "b", "ab", "aa")]
    catalog = {"streams": [_stream(properties=properties, fieldSelectionEnabled=True, selectedFields=sent)]}
    expected = ["b", "aa", "ab", "zz", "é", "ccc"]  # "é" is two bytes, c3 a9: after "zz" (7a 7a)
    created = api.call(CREATE, _body(world, syncCatalog=catalog))
    assert _selected(created) == expected
    assert list(created["syncCatalog"]["streams"][0]["stream"]["jsonSchema"]["properties"]) == expected
    assert _selected(api.get(created["connectionId"])) == expected
    updated = api.update(created["connectionId"], syncCatalog=copy.deepcopy(catalog))
    assert _selected(updated) == expected


def test_merged_selected_fields_follow_java_hash_set_order(api, world):
    """With a sourceCatalogId, get and update merge with the discovered catalog and rebuild selectedFields by
    iterating a java.util.HashSet (WebBackendConnectionsHandler.java:495-510)."""
    users = copy.deepcopy(world.stream("users"))
    users["config"].update(fieldSelectionEnabled=True, syncMode="full_refresh",
                           selectedFields=[{"fieldPath": [n]} for n in ("id", "name", "updated_at")])
    created = api.call(CREATE, _body(world, syncCatalog={"streams": [users]}, sourceCatalogId=world.catalog_id))
    assert _selected(created) == ["id", "name", "updated_at"]  # create answers the stored catalog: jsonb order
    index = [s["stream"]["name"] for s in api.get(created["connectionId"])["syncCatalog"]["streams"]].index("users")
    # String.hashCode, spread, 32 buckets (17 fields): updated_at, name, id
    assert _selected(api.get(created["connectionId"]), index) == ["updated_at", "name", "id"]
    assert _selected(api.update(created["connectionId"], name="x"), index) == ["updated_at", "name", "id"]


# fact 2: varchar(256)


@pytest.mark.parametrize("field", ["name", "prefix", "namespaceFormat"])
@pytest.mark.parametrize("text", ["n" * 256, "é" * 256, "\U0001F600" * 256])
def test_exactly_256_characters_are_stored_unchanged(api, world, field, text):
    """PostgreSQL counts characters (code points), not bytes nor UTF-16 units."""
    created = api.call(CREATE, _body(world, **{field: text}))
    assert created[field] == text
    assert api.get(created["connectionId"])[field] == text
    assert api.update(created["connectionId"], **{field: text[::-1]})[field] == text[::-1]


@pytest.mark.parametrize("field", ["name", "prefix", "namespaceFormat"])
def test_257_characters_fail_the_write(api, world, friendly_api, friendly_world, field):
    error = api.refused(CREATE, _body(world, **{field: "é" * 257}), expect=500)
    assert error["exceptionClassName"] == "java.lang.RuntimeException"
    assert "value too long for type character varying(256)" in error["message"]
    created = api.connection(world)
    api.refused(UPDATE, {"connectionId": created["connectionId"], field: "x" * 257}, expect=500)
    assert api.get(created["connectionId"]).get(field) == created.get(field)
    error = friendly_api.refused(CREATE, _body(friendly_world, **{field: "x" * 257}), expect=422)
    assert error["validationErrors"][0]["propertyPath"] == f"$.{field}"


def test_operation_names_are_varchar_256(api, world):
    op = {**OPERATION, "workspaceId": world.workspace_id, "name": "o" * 256}
    created = api.call(CREATE, _body(world, operations=[op]))
    assert created["operations"][0]["name"] == "o" * 256
    error = api.refused(CREATE, _body(world, operations=[{**op, "name": "o" * 257}]), expect=500)
    assert "character varying(256)" in error["message"]
    patch = [{**op, "operationId": created["operationIds"][0], "name": "p" * 257}]
    api.refused(UPDATE, {"connectionId": created["connectionId"], "operations": patch}, expect=500)
    assert api.refused("/v1/operations/create", {**op, "name": None}, expect=500)["message"].endswith(
        "violates not-null constraint")


def test_a_default_name_longer_than_256_fails(api):
    """The default name is "<source name> <> <destination name>" (ConnectionsHandler.java:134): two long actor
    names make a name the column cannot hold."""
    world = World.__new__(World)
    world.workspace_id = api.workspace()["workspaceId"]
    world.source_id = api.source(world.workspace_id, name="s" * 200)["sourceId"]
    world.destination_id = api.destination(world.workspace_id, name="d" * 200)["destinationId"]
    assert "character varying(256)" in api.refused(CREATE, _body(world), expect=500)["message"]
    assert api.call(CREATE, _body(world, name="short"))["name"] == "short"


@pytest.mark.parametrize("field", ["name", "prefix"])
def test_nul_characters_cannot_be_stored(api, world, field):
    assert "0x00" in api.refused(CREATE, _body(world, **{field: "a\x00b"}), expect=500)["message"]


def test_nul_characters_cannot_be_stored_in_a_catalog(api, world):
    catalog = {"streams": [_stream(name="a\x00b")]}
    assert "\\u0000" in api.refused(CREATE, _body(world, syncCatalog=catalog), expect=500)["message"]


# fact 10: connections without status


def test_statusless_connections_are_neither_listed_nor_counted(api, world):
    live = api.connection(world)
    bare = api.call(CREATE, {"sourceId": world.source_id, "destinationId": world.destination_id, "status": None})
    listed = api.call(LIST, {"workspaceId": world.workspace_id})
    assert [c["connectionId"] for c in listed["connections"]] == [live["connectionId"]]
    filtered = api.call(LIST, {"workspaceId": world.workspace_id, "sourceId": [world.source_id]})
    assert bare["connectionId"] not in [c["connectionId"] for c in filtered["connections"]]
    api.call("/v1/connections/delete", {"connectionId": live["connectionId"]}, expect=204)
    state = api.call("/v1/web_backend/workspace/state", {"workspaceId": world.workspace_id})
    assert state == {"hasConnections": False, "hasSources": True, "hasDestinations": True}


# fact 14: field-selection keys collide


@pytest.mark.parametrize(("first", "second"), [
    (("c", "a/b"), ("b/c", "a")),  # both "a/b/c"
    (("s", None), ("s", "null")),  # both "null/s"
])
def test_field_selection_flags_share_colliding_keys_and_the_later_wins(api, world, first, second):
    a = _stream(first[0], namespace=first[1], properties={"id": {}, "x": {}}, fieldSelectionEnabled=False)
    b = _stream(second[0], namespace=second[1], properties={"id": {}, "x": {}}, fieldSelectionEnabled=True,
                selectedFields=[{"fieldPath": ["id"]}])
    created = api.call(CREATE, _body(world, syncCatalog={"streams": [a, b]}))
    flags = [s["config"]["fieldSelectionEnabled"] for s in created["syncCatalog"]["streams"]]
    assert flags == [True, True]
    assert _selected(created, 0) == ["x", "id"] and _selected(created, 1) == ["id"]
    created = api.call(CREATE, _body(world, syncCatalog={"streams": [copy.deepcopy(b), copy.deepcopy(a)]}))
    flags = [s["config"]["fieldSelectionEnabled"] for s in created["syncCatalog"]["streams"]]
    assert flags == [False, False] and "selectedFields" not in created["syncCatalog"]["streams"][0]["config"]


def test_a_collision_onto_a_stream_without_properties_breaks_every_read(api, world):
    a = _stream("c", namespace="a/b", fieldSelectionEnabled=False)
    a["stream"]["jsonSchema"] = {"type": "object"}
    b = _stream("b/c", namespace="a", fieldSelectionEnabled=True, selectedFields=[{"fieldPath": ["id"]}])
    api.refused(CREATE, _body(world, syncCatalog={"streams": [a, b]}), expect=500)
    listed = api.call(LIST, {"workspaceId": world.workspace_id})["connections"]
    assert len(listed) == 1  # stored all the same; the list does not read the catalog
    api.refused(GET, {"connectionId": listed[0]["connectionId"]}, expect=500)


# duplicate streams and refreshes


def test_duplicate_streams_are_stored_and_break_merging_reads(api, world):
    users = world.stream("users")
    catalog = {"streams": [copy.deepcopy(users), copy.deepcopy(users)]}
    plain = api.call(CREATE, _body(world, syncCatalog=copy.deepcopy(catalog)))
    assert [s["stream"]["name"] for s in api.get(plain["connectionId"])["syncCatalog"]["streams"]] == ["users"] * 2
    merged = api.call(CREATE, _body(world, syncCatalog=catalog, sourceCatalogId=world.catalog_id))
    error = api.refused(GET, {"connectionId": merged["connectionId"]}, expect=500)
    assert error["exceptionClassName"] == "java.lang.IllegalStateException"


def test_a_failed_refresh_is_a_500(api, friendly_api):
    for client, status in ((api, 500), (friendly_api, 422)):
        workspace = client.workspace()["workspaceId"]
        config = {"max_messages": 1, "mock_catalog": {"type": "SINGLE_STREAM", "stream_name": "s",
                                                      "stream_schema": "not json"}}
        source = client.call("/v1/sources/create", {
            "workspaceId": workspace, "name": "e2e", "connectionConfiguration": config,
            "sourceDefinitionId": "d53f9084-fa6b-4a5a-976c-5b8392f4ad8a"})
        destination = client.destination(workspace)["destinationId"]
        created = client.call(CREATE, {"sourceId": source["sourceId"], "destinationId": destination,
                                       "status": "active"})
        client.refused(GET, {"connectionId": created["connectionId"], "withRefreshedCatalog": True}, expect=status)


def test_a_json_schema_sent_as_null_is_kept_as_null(api, world):
    """A JsonNode property given null is a NullNode, not Java null: stored and answered as null."""
    entry = _stream()
    entry["stream"]["jsonSchema"] = None
    created = api.raw(CREATE, _body(world, syncCatalog={"streams": [entry]})).json()
    assert created["syncCatalog"]["streams"][0]["stream"]["jsonSchema"] is None


def test_sync_modes_left_out_read_back_as_the_protocol_defaults(api, world):
    """Stored null, left out of the jsonb document, read back with ConfiguredAirbyteStream's defaults."""
    entry = _stream()
    del entry["config"]["syncMode"], entry["config"]["destinationSyncMode"]
    created = api.call(CREATE, _body(world, syncCatalog={"streams": [entry]}))
    config = created["syncCatalog"]["streams"][0]["config"]
    assert (config["syncMode"], config["destinationSyncMode"]) == ("full_refresh", "append")


def test_an_update_with_duplicate_streams_fails_after_the_write_unless_the_reset_is_skipped(api, world):
    users = world.stream("users")
    undiscovered = api.source(world.workspace_id)["sourceId"]  # else the breaking-change diff fails first (below)
    created = api.connection(world, sourceId=undiscovered)
    twice = {"streams": [copy.deepcopy(users), copy.deepcopy(users)]}
    error = api.refused(UPDATE, {"connectionId": created["connectionId"], "syncCatalog": twice}, expect=500)
    assert error["exceptionClassName"] == "java.lang.IllegalStateException"
    assert len(api.get(created["connectionId"])["syncCatalog"]["streams"]) == 2  # written before the failure
    api.refused(UPDATE, {"connectionId": created["connectionId"], "name": "x"}, expect=500)  # the old catalog
    read = api.update(created["connectionId"], name="y", skipReset=True)
    assert read["name"] == "y"


def test_an_update_with_duplicate_streams_fails_before_the_write_when_the_source_was_discovered(api, world):
    # the breaking-change diff keys the sent streams with Collectors.toMap (WebBackendConnectionsHandler.java:562-564,
    # CatalogHelpers.getCatalogDiff) before anything is written
    users = world.stream("users")
    created = api.connection(world, syncCatalog={"streams": [users]})
    twice = {"streams": [copy.deepcopy(users), copy.deepcopy(users)]}
    error = api.refused(UPDATE, {"connectionId": created["connectionId"], "syncCatalog": twice, "skipReset": True},
                        expect=500)
    assert error["exceptionClassName"] == "java.lang.IllegalStateException"
    assert len(api.get(created["connectionId"])["syncCatalog"]["streams"]) == 1
