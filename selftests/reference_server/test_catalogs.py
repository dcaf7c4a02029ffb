"""What a stored catalog keeps (CatalogConverter) and how reads merge it with the discovered catalog."""

from __future__ import annotations

import copy

import pytest

from reference_server.java_details import alias_name


def _streams(read) -> dict:
    return {s["stream"]["name"]: s for s in read["syncCatalog"]["streams"]}


def _catalog(world, **configs) -> dict:
    """The discovered catalog with some streams' config changed (name -> dict of config fields)."""
    catalog = copy.deepcopy(world.catalog)
    for entry in catalog["streams"]:
        entry["config"].update(configs.get(entry["stream"]["name"], {}))
    return catalog


def test_create_answers_only_the_selected_streams_as_stored(api, world):
    read = api.connection(world, syncCatalog=_catalog(world, products={"selected": False}),
                          sourceCatalogId=world.catalog_id)
    assert sorted(_streams(read)) == ["purchases", "users"]


def test_get_merges_back_unselected_streams_with_default_config(api, world):
    created = api.connection(world, syncCatalog=_catalog(world, products={"selected": False}),
                             sourceCatalogId=world.catalog_id)
    streams = _streams(api.get(created["connectionId"]))
    assert [s["stream"]["name"] for s in api.get(created["connectionId"])["syncCatalog"]["streams"]] == [
        "users", "products", "purchases"]
    assert streams["products"]["config"]["selected"] is False
    assert streams["products"]["config"]["suggested"] is True
    assert streams["users"]["config"]["selected"] is True and "suggested" not in streams["users"]["config"]


def test_without_source_catalog_id_there_is_no_merge(api, world):
    created = api.connection(world, syncCatalog=_catalog(world, products={"selected": False}))
    assert sorted(_streams(api.get(created["connectionId"]))) == ["purchases", "users"]
    assert "catalogId" not in api.get(created["connectionId"])


def test_alias_name_and_suggested_are_recomputed(api, world):
    catalog = _catalog(world, users={"aliasName": "whatever", "suggested": False})
    catalog["streams"][0]["stream"]["name"] = "Ünïcode name-1"
    read = api.connection(world, syncCatalog=catalog)
    config = read["syncCatalog"]["streams"][0]["config"]
    assert config["aliasName"] == "Unicode_name_1"
    assert "suggested" not in config


@pytest.mark.parametrize(("name", "alias"), [
    ("users", "users"), ("a b\tc", "a_b_c"), ("a  b", "a_b"), ("é", "e"), ("x.y/z", "x_y_z"), ("日本", "__"),
    ("ﬁ", "fi"),
])
def test_alias_names_follow_airbyte_names(name, alias):
    assert alias_name(name) == alias


def test_sync_mode_cursor_and_keys_are_stored_as_sent(api, world):
    nested_key = [["id"], ["address", "city"]]
    catalog = _catalog(world, users={"syncMode": "incremental", "cursorField": ["created_at"],
                                     "destinationSyncMode": "append_dedup", "primaryKey": nested_key})
    created = api.connection(world, syncCatalog=catalog, sourceCatalogId=world.catalog_id)
    for read in (created, api.get(created["connectionId"])):
        users = _streams(read)["users"]["config"]
        assert (users["syncMode"], users["cursorField"], users["destinationSyncMode"], users["primaryKey"]) == (
            "incremental", ["created_at"], "append_dedup", nested_key)


def test_merge_keeps_discovered_cursor_and_key_when_stored_ones_are_empty(api, world):
    catalog = _catalog(world, users={"cursorField": [], "primaryKey": []})
    created = api.connection(world, syncCatalog=catalog, sourceCatalogId=world.catalog_id)
    assert _streams(created)["users"]["config"]["cursorField"] == []
    users = _streams(api.get(created["connectionId"]))["users"]["config"]
    assert users["cursorField"] == ["updated_at"] and users["primaryKey"] == [["id"]]


def test_merge_drops_streams_the_source_does_not_discover(api, world):
    catalog = _catalog(world)
    ghost = copy.deepcopy(catalog["streams"][0])
    ghost["stream"]["name"] = "ghost"
    catalog["streams"].append(ghost)
    created = api.connection(world, syncCatalog=catalog, sourceCatalogId=world.catalog_id)
    assert "ghost" in _streams(created)
    assert "ghost" not in _streams(api.get(created["connectionId"]))


def test_field_selection_keeps_only_selected_fields(api, world):
    fields = [{"fieldPath": ["id"]}, {"fieldPath": ["updated_at"]}, {"fieldPath": ["name"]}]
    catalog = _catalog(world, users={"fieldSelectionEnabled": True, "selectedFields": fields,
                                     "syncMode": "incremental", "cursorField": ["updated_at"]})
    created = api.connection(world, syncCatalog=catalog)
    users = _streams(created)["users"]
    assert sorted(users["stream"]["jsonSchema"]["properties"]) == ["id", "name", "updated_at"]
    assert sorted(f["fieldPath"][0] for f in users["config"]["selectedFields"]) == ["id", "name", "updated_at"]
    assert _streams(created)["products"]["config"]["fieldSelectionEnabled"] is False
    assert "selectedFields" not in _streams(created)["products"]["config"]


@pytest.mark.parametrize(("config", "status", "message"), [
    ({"selectedFields": [{"fieldPath": []}]}, 422, "Selected field path cannot be empty"),
    ({"selectedFields": [{"fieldPath": ["address", "city"]}]}, 500, "Nested field selection not supported"),
    ({"selectedFields": [{"fieldPath": ["nope"]}]}, 422, "Requested selected field nope not found in JSON schema"),
    ({"selectedFields": [{"fieldPath": ["id"]}], "syncMode": "incremental", "cursorField": ["updated_at"]},
     422, "Cursor field cannot be de-selected in INCREMENTAL syncs"),
    ({"selectedFields": [{"fieldPath": ["name"]}], "destinationSyncMode": "append_dedup", "primaryKey": [["id"]]},
     422, "Primary key field cannot be de-selected in DEDUP mode"),
    ({"selectedFields": [{"fieldPath": ["id"]}], "destinationSyncMode": "append_dedup", "primaryKey": [[]]},
     500, "Index 0 out of bounds"),
    ({"selectedFields": [{"fieldPath": ["id"]}], "destinationSyncMode": "append_dedup", "primaryKey": None},
     500, "Internal Server Error: null"),
    ({"selectedFields": [{"fieldPath": ["id"]}], "syncMode": None}, 500, "Internal Server Error: null"),
    ({"selectedFields": [None]}, 500, "Internal Server Error: null"),
])
def test_field_selection_rules(api, world, friendly_api, friendly_world, config, status, message):
    """CatalogConverter.java:129-171: JsonValidationException -> 422 BadObjectSchemaKnownException; what the Java
    dereferences without a check (or the nested-path UnsupportedOperationException) -> 500."""
    for client, w in ((api, world), (friendly_api, friendly_world)):
        catalog = _catalog(w, users={"fieldSelectionEnabled": True, "syncMode": "full_refresh", **config})
        body = {"sourceId": w.source_id, "destinationId": w.destination_id, "status": "active",
                "syncCatalog": catalog}
        if client is api:
            error = client.refused("/v1/web_backend/connections/create", body, expect=status)
            assert message in error["message"]
            if status == 422:
                assert error["message"].startswith("The provided configuration does not fulfill the specification. ")
                assert error["exceptionClassName"] == "io.airbyte.commons.server.errors.BadObjectSchemaKnownException"
        else:
            client.refused("/v1/web_backend/connections/create", body, expect=422)


def test_unselected_streams_are_not_checked(api, world):
    catalog = _catalog(world, users={"selected": False, "fieldSelectionEnabled": True,
                                     "selectedFields": [{"fieldPath": ["nope"]}]})
    api.connection(world, syncCatalog=catalog)


@pytest.mark.parametrize("entry", [{"config": {"syncMode": "full_refresh", "destinationSyncMode": "append",
                                               "selected": True}},
                                   {"stream": {"name": "x"}},
                                   {"stream": {"name": "x"}, "config": {"syncMode": "full_refresh",
                                                                        "destinationSyncMode": "append"}}])
def test_incomplete_stream_entries_are_a_500(api, world, friendly_api, friendly_world, entry):
    """No stream, no config, config.selected null: dereferenced or unboxed (CatalogConverter.java:197,201,319)."""
    for client, w, status in ((api, world, 500), (friendly_api, friendly_world, 422)):
        body = {"sourceId": w.source_id, "destinationId": w.destination_id, "status": "active",
                "syncCatalog": {"streams": [entry]}}
        error = client.refused("/v1/web_backend/connections/create", body, expect=status)
        if status == 500:
            assert error["exceptionClassName"] == "java.lang.NullPointerException"


def test_refreshed_catalog_is_merged_and_diffed(api, world):
    only_users = {"streams": [copy.deepcopy(world.stream("users"))]}
    created = api.connection(world, syncCatalog=only_users)
    read = api.get(created["connectionId"], withRefreshedCatalog=True)
    assert read["catalogId"] == world.catalog_id
    assert [s["stream"]["name"] for s in read["syncCatalog"]["streams"]] == ["users", "products", "purchases"]
    added = sorted(t["streamDescriptor"]["name"] for t in read["catalogDiff"]["transforms"])
    assert added == ["products", "purchases"]


def test_discovery_is_deterministic(api, world):
    again = api.discover(world.source_id)
    assert again["catalogId"] == world.catalog_id and again["catalog"] == world.catalog
    users = world.stream("users")
    assert users["stream"]["sourceDefinedPrimaryKey"] == [["id"]]
    assert users["stream"]["defaultCursorField"] == ["updated_at"]


def test_e2e_source_discovers_its_mock_catalog(api, world):
    from reference_server.definitions import E2E_SOURCE

    schemas = '{"a": {"type": "object"}, "b": {"type": "object"}}'
    config = {"max_messages": 5, "mock_catalog": {"type": "MULTI_STREAM", "stream_schemas": schemas}}
    source = api.call("/v1/sources/create", {"workspaceId": world.workspace_id, "name": "e2e",
                                             "sourceDefinitionId": E2E_SOURCE, "connectionConfiguration": config})
    found = api.discover(source["sourceId"])
    assert [s["stream"]["name"] for s in found["catalog"]["streams"]] == ["a", "b"]
    config["mock_catalog"] = {"type": "SINGLE_STREAM", "stream_name": "s", "stream_schema": "not json"}
    broken = api.call("/v1/sources/create", {"workspaceId": world.workspace_id, "name": "e2e",
                                             "sourceDefinitionId": E2E_SOURCE, "connectionConfiguration": config})
    failed = api.discover(broken["sourceId"])
    assert failed["jobInfo"]["succeeded"] is False and "catalog" not in failed
