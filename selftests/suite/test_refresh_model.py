"""The suite's refresh model (suite/refresh.py) on hand-worked cases read from Airbyte's Java at 0f4f4a9331."""

from __future__ import annotations

from suite import refresh as model
from suite import schema_fields


def _stream(**columns) -> dict:
    """A stream's schema from column=JSON type (a string) or column=its schema (a dict)."""
    return {"type": "object", "properties": {c: k if isinstance(k, dict) else {"type": k} for c, k in columns.items()}}


def _streams(**streams) -> dict:
    return {name: _stream(**columns) for name, columns in streams.items()}

DEDUP_ON_ID = model.StreamConfig("full_refresh", (), "append_dedup", (("id",),))
CURSOR_AT = model.StreamConfig("incremental", ("at",), "append", ())


def test_streams_added_and_removed_and_columns_changed():
    before = _streams(users={"id": "integer", "name": "string"}, gone={"x": "string"})
    after = _streams(users={"id": "string", "email": "string"}, fresh={"y": "string"})
    assert model.expected_transforms(before, after, {}) == {
        ("remove_stream", "gone"), ("add_stream", "fresh"),
        ("update_stream", "users", (("add_field", ("email",), False), ("remove_field", ("name",), False),
                                    ("update_field_schema", ("id",), False)))}


def test_only_a_removed_key_or_cursor_of_a_configured_stream_breaks():
    before = _streams(s={"id": "integer", "at": "string"})
    gone = _streams(s={})
    assert model.is_breaking(model.expected_transforms(before, gone, {"s": DEDUP_ON_ID}))
    assert model.is_breaking(model.expected_transforms(before, gone, {"s": CURSOR_AT}))
    assert not model.is_breaking(model.expected_transforms(before, gone, {}))  # not synced: never breaking
    retyped = _streams(s={"id": "string", "at": "integer"})
    assert not model.is_breaking(model.expected_transforms(before, retyped, {"s": DEDUP_ON_ID}))


def test_status_and_schema_change_per_preference():
    breaking = model.expected_transforms(_streams(s={"id": "integer"}), _streams(s={}), {"s": DEDUP_ON_ID})
    additive = model.expected_transforms(_streams(s={"id": "integer"}), _streams(s={"id": "integer", "n": "string"}),
                                         {})
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
    assert model.observed_transforms(diff) == {("update_stream", "s", (("remove_field", ("id",), True),))}


def test_a_changed_sub_column_changes_its_object_column_too():
    before = _streams(s={"o": _stream(x="string")})
    after = _streams(s={"o": _stream(x="integer", y="string")})
    assert model.expected_transforms(before, after, {}) == {("update_stream", "s", (
        ("add_field", ("o", "y"), False), ("update_field_schema", ("o",), False),
        ("update_field_schema", ("o", "x"), False)))}


def test_array_items_are_a_field_named_items():
    before = _streams(s={"tags": {"type": "array", "items": _stream(x="string")}})
    after = _streams(s={"tags": {"type": ["array", "null"], "items": _stream(x="integer")}})
    assert model.expected_transforms(before, after, {}) == {("update_stream", "s", (
        ("update_field_schema", ("tags",), False), ("update_field_schema", ("tags", "items"), False),
        ("update_field_schema", ("tags", "items", "x"), False)))}
    assert set(schema_fields.fields({"type": "object", "properties": {"a": {"type": "array"}}})) == {("a",)}


def test_a_bare_one_of_is_one_field_whatever_its_options_hold():
    one_of = {"oneOf": [_stream(x="string"), {"type": "array", "items": {"type": "integer"}}]}
    assert schema_fields.fields(_stream(u=one_of, v="string")) == {("u",): one_of, ("v",): {"type": "string"}}
    changed = {"oneOf": [_stream(x="integer"), {"type": "array", "items": {"type": "integer"}}]}
    assert model.expected_transforms(_streams(s={"u": one_of}), _streams(s={"u": changed}), {}) == {
        ("update_stream", "s", (("update_field_schema", ("u",), False),))}


def test_a_typed_one_of_puts_its_options_on_one_duplicated_field_and_walks_their_properties():
    typed = {"type": "object", "oneOf": [_stream(x="string"), _stream(y="integer")]}
    assert schema_fields.fields(_stream(u=typed)) == {
        ("u",): schema_fields.DUPLICATED, ("u", "x"): {"type": "string"}, ("u", "y"): {"type": "integer"}}
    other = {"type": "object", "oneOf": [_stream(x="string"), _stream(y="string")]}
    assert model.expected_transforms(_streams(s={"u": typed}), _streams(s={"u": other}), {}) == {
        ("update_stream", "s", (("update_field_schema", ("u", "y"), False),))}
    same_fields = {"type": "object", "oneOf": [_stream(x="string"), _stream(y="integer"), _stream()]}
    assert model.expected_transforms(_streams(s={"u": typed}), _streams(s={"u": same_fields}), {}) == {
        ("update_stream", "s", ())}  # the stream changed, no field did


def test_a_removed_nested_cursor_breaks_and_whole_paths_are_compared():
    nested = model.StreamConfig("incremental", ("o", "at"), "append", ())
    before = _streams(s={"o": _stream(at="string"), "at": "string"})
    assert model.is_breaking(model.expected_transforms(before, _streams(s={"o": _stream(), "at": "string"}),
                                                       {"s": nested}))
    assert not model.is_breaking(model.expected_transforms(before, _streams(s={"o": _stream(at="string")}),
                                                           {"s": nested}))


def test_an_update_is_breaking_when_a_selected_key_it_sends_is_gone_from_the_discovered_catalog():
    sent = _streams(s={"id": "integer", "at": "string"}, t={"k": "string"})
    discovered = _streams(s={"at": "string"})
    assert model.update_breaking(sent, discovered, {"s": DEDUP_ON_ID})
    assert not model.update_breaking(sent, discovered, {"s": CURSOR_AT})
    assert not model.update_breaking(discovered, discovered, {"s": DEDUP_ON_ID})  # the sent catalog is the old side
    assert not model.update_breaking(sent, discovered, {})  # nothing selected
