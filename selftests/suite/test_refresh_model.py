"""The suite's refresh model (suite/refresh.py) on hand-worked cases read from Airbyte's Java at 0f4f4a9331."""

from __future__ import annotations

from suite import refresh as model

DEDUP_ON_ID = model.StreamConfig("full_refresh", (), "append_dedup", (("id",),))
CURSOR_AT = model.StreamConfig("incremental", ("at",), "append", ())


def test_streams_added_and_removed_and_columns_changed():
    before = {"users": {"id": "integer", "name": "string"}, "gone": {"x": "string"}}
    after = {"users": {"id": "string", "email": "string"}, "fresh": {"y": "string"}}
    assert model.expected_transforms(before, after, {}) == {
        ("remove_stream", "gone"), ("add_stream", "fresh"),
        ("update_stream", "users", (("add_field", "email", False), ("remove_field", "name", False),
                                    ("update_field_schema", "id", False)))}


def test_only_a_removed_key_or_cursor_of_a_configured_stream_breaks():
    before = {"s": {"id": "integer", "at": "string"}}
    gone = {"s": {}}
    assert model.is_breaking(model.expected_transforms(before, gone, {"s": DEDUP_ON_ID}))
    assert model.is_breaking(model.expected_transforms(before, gone, {"s": CURSOR_AT}))
    assert not model.is_breaking(model.expected_transforms(before, gone, {}))  # not synced: never breaking
    retyped = {"s": {"id": "string", "at": "integer"}}
    assert not model.is_breaking(model.expected_transforms(before, retyped, {"s": DEDUP_ON_ID}))


def test_status_and_schema_change_per_preference():
    breaking = model.expected_transforms({"s": {"id": "integer"}}, {"s": {}}, {"s": DEDUP_ON_ID})
    additive = model.expected_transforms({"s": {"id": "integer"}}, {"s": {"id": "integer", "n": "string"}}, {})
    assert [model.status_after(t, p, "active") for t in (breaking, additive, set()) for p in ("ignore", "disable")] \
        == ["inactive", "inactive", "active", "inactive", "active", "active"]
    assert model.schema_change(breaking, True) == "breaking"
    assert model.schema_change(additive, True) == "non_breaking"
    assert model.schema_change(set(), False) == "no_change"


def test_merge_keeps_configuration_and_falls_back_to_discovered_defaults():
    discovered = {"streams": [
        {"stream": {"name": "s", "supportedSyncModes": ["full_refresh"]},
         "config": {"syncMode": "full_refresh", "cursorField": [], "primaryKey": [["pk"]]}},
        {"stream": {"name": "new", "supportedSyncModes": ["full_refresh"]}, "config": {"syncMode": "full_refresh"}}]}
    merged = model.merged_configs(discovered, {"s": model.StreamConfig("incremental", (), "append_dedup", ())})
    assert merged == {"s": {"selected": True, "syncMode": "full_refresh", "cursorField": [],
                            "destinationSyncMode": "append_dedup", "primaryKey": [["pk"]]},
                      "new": {"selected": False}}


def test_an_answered_diff_reads_back_in_the_model_shape():
    diff = {"transforms": [{"transformType": "update_stream", "streamDescriptor": {"name": "s"}, "updateStream": [
        {"transformType": "remove_field", "fieldName": ["id"], "breaking": True}]}]}
    assert model.observed_transforms(diff) == {("update_stream", "s", (("remove_field", "id", True),))}


def test_a_changed_sub_column_changes_its_object_column_too():
    before = {"s": {"o": (("x", "string"),)}}
    after = {"s": {"o": (("x", "integer"), ("y", "string"))}}
    assert model.expected_transforms(before, after, {}) == {("update_stream", "s", (
        ("add_field", "o/y", False), ("update_field_schema", "o", False), ("update_field_schema", "o/x", False)))}
