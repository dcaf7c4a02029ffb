"""The catalog diff of airbyte-protocol 1.0.0 (catalog_diff.py): which paths are fields, how nodes compare, what
breaks; first on the function, then as a client sees it in a refreshed read's catalogDiff."""

from __future__ import annotations

import json

import pytest

from reference_server import catalog_diff
from reference_server.definitions import E2E_SOURCE
from reference_server.errors import AirbyteFailure
from reference_server.faults import Faults


def _fields(schema, *faults) -> dict:
    return catalog_diff.field_types(schema, Faults(faults))


def test_array_items_are_walked_under_the_name_items():
    schema = {"properties": {"a": {"type": ["null", "array"], "items": {
        "type": "object", "properties": {"x": {"type": "string"}}}}}}
    assert list(_fields(schema)) == [("a",), ("a", "items"), ("a", "items", "x")]
    assert list(_fields(schema, "diff_skips_array_items")) == [("a",)]


def test_an_array_without_items_or_with_a_non_array_type_stops_there():
    assert list(_fields({"properties": {"a": {"type": "array"}}})) == [("a",)]
    assert list(_fields({"properties": {"a": {"type": "string", "items": {"type": "string"}}}})) == [("a",)]


def test_composite_branches_are_walked_at_their_parent_s_path():
    schema = {"properties": {"u": {"type": "object", "anyOf": [
        {"type": "object", "properties": {"x": {"type": "string"}}}, {"type": "string"}]}}}
    found = _fields(schema)
    assert list(found) == [("u",), ("u", "x")]
    assert found[("u",)] == catalog_diff.DUPLICATED  # the parent and both branches share the path ["u"]
    assert list(_fields(schema, "diff_skips_oneof")) == [("u",)]


def test_properties_win_over_a_composite_keyword():
    schema = {"properties": {"u": {"type": "object", "properties": {"p": {"type": "string"}},
                                   "oneOf": [{"type": "object", "properties": {"x": {"type": "string"}}}]}}}
    assert list(_fields(schema)) == [("u",), ("u", "p")]


def test_a_node_without_a_type_key_hides_later_fields_whose_dotted_name_it_prefixes():
    # CatalogHelpers.filterChildrenOfFoneOneOf compares dot-joined names with startsWith, in preorder
    schema = {"properties": {"ab": {"type": "string"}, "a": {"oneOf": [{"type": "string"}]},
                             "abc": {"type": "string"}, "a2": {"description": "no type"}, "b": {"type": "string"}}}
    assert list(_fields(schema)) == [("ab",), ("a",), ("a2",), ("b",)]


def test_an_enum_is_a_string_and_its_properties_are_not_fields():
    schema = {"properties": {"e": {"enum": ["x"], "properties": {"p": {"type": "string"}}}}}
    assert list(_fields(schema)) == [("e",)]


def test_a_schema_node_that_is_not_an_object_is_an_illegal_argument():
    with pytest.raises(AirbyteFailure) as caught:
        _fields({"properties": {"a": {"type": "array", "items": [{"type": "string"}]}}})
    assert caught.value.java_class == "java.lang.IllegalArgumentException"
    assert caught.value.detail == ("json schema nodes should always be object nodes. path: [FieldNameOrList{fieldName="
                                   "'a', isList=false}, FieldNameOrList{fieldName='null', isList=true}] actual: "
                                   '[{"type":"string"}]')


def _catalog(schema):
    return {"streams": [{"stream": {"name": "s", "jsonSchema": schema, "supportedSyncModes": ["full_refresh"]}}]}


def _field_transforms(old, new, configured=()) -> dict:
    found = catalog_diff.diff(_catalog(old), _catalog(new), list(configured), Faults())["transforms"]
    return {tuple(f["fieldName"]): (f["transformType"], f["breaking"]) for t in found for f in t["updateStream"]}


def test_nodes_compare_as_jackson_nodes():
    before = {"properties": {"n": {"type": "number", "maximum": 1}, "b": {"type": "string", "default": True}}}
    after = {"properties": {"n": {"type": "number", "maximum": 1.0}, "b": {"type": "string", "default": 1}}}
    assert _field_transforms(before, after) == {("n",): ("update_field_schema", False),
                                                ("b",): ("update_field_schema", False)}
    assert _field_transforms(before, json.loads(json.dumps(before))) == {}


def test_a_removed_cursor_or_key_under_array_items_breaks():
    item = {"type": "object", "properties": {"x": {"type": "string"}}}
    before = {"properties": {"a": {"type": "array", "items": item}}}
    after = {"properties": {"a": {"type": "array", "items": {"type": "object", "properties": {}}}}}
    cursor = {"stream": {"name": "s"}, "syncMode": "incremental", "cursorField": ["a", "items", "x"],
              "destinationSyncMode": "append", "primaryKey": []}
    assert _field_transforms(before, after, [cursor]) == {("a",): ("update_field_schema", False),
                                                         ("a", "items"): ("update_field_schema", False),
                                                         ("a", "items", "x"): ("remove_field", True)}


def _mock(schema: dict) -> dict:
    return {"max_messages": 1, "mock_catalog": {"type": "MULTI_STREAM", "stream_schemas": json.dumps({"s": schema})}}


def _refreshed(api, world, before: dict, after: dict, primary_key: list) -> dict:
    source = api.call("/v1/sources/create", {"workspaceId": world.workspace_id, "name": "e2e", "sourceDefinitionId":
                                             E2E_SOURCE, "connectionConfiguration": _mock(before)})
    found = api.discover(source["sourceId"])
    entry = found["catalog"]["streams"][0]
    made = api.call("/v1/web_backend/connections/create", {
        "sourceId": source["sourceId"], "destinationId": world.destination_id, "status": "active",
        "sourceCatalogId": found["catalogId"], "syncCatalog": {"streams": [{"stream": entry["stream"], "config": dict(
            entry["config"], destinationSyncMode="append_dedup", primaryKey=primary_key)}]}})
    api.call("/v1/sources/update", {"sourceId": source["sourceId"], "name": "e2e",
                                    "connectionConfiguration": _mock(after)})
    return api.get(made["connectionId"], withRefreshedCatalog=True)


def _answered(read: dict) -> dict:
    return {tuple(f["fieldName"]): (f["transformType"], f["breaking"])
            for t in read["catalogDiff"]["transforms"] for f in t["updateStream"]}


def test_a_refresh_reports_fields_under_array_items_and_a_lost_key_there_breaks(api, world):
    before = {"properties": {"k": {"type": "string"}, "a": {"type": "array", "items": {
        "type": "object", "properties": {"x": {"type": "string"}}}}}}
    after = {"properties": {"k": {"type": "string"}, "a": {"type": "array", "items": {
        "type": "object", "properties": {"y": {"type": "string"}}}}}}
    read = _refreshed(api, world, before, after, [["a", "items", "x"]])
    assert _answered(read) == {("a",): ("update_field_schema", False), ("a", "items"): ("update_field_schema", False),
                               ("a", "items", "x"): ("remove_field", True), ("a", "items", "y"): ("add_field", False)}
    assert (read["status"], read["schemaChange"]) == ("inactive", "breaking")


def test_a_refresh_reports_fields_of_one_of_branches(api, world):
    def schema(branch):
        return {"properties": {"k": {"type": "string"}, "u": {"type": ["null", "object"], "oneOf": [
            {"type": "object", "properties": branch}, {"type": "null"}]}}}

    read = _refreshed(api, world, schema({"x": {"type": "string"}}), schema({"x": {"type": "integer"}}), [["k"]])
    assert _answered(read) == {("u", "x"): ("update_field_schema", False)}  # ["u"] is "Duplicated Schema" twice
    assert (read["status"], read["schemaChange"]) == ("active", "non_breaking")
