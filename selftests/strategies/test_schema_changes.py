"""The schema changes the refresh checks draw (strategies.schema_changes) are valid JSON schemas, and within a
default-size run (100 examples) they change things under arrays and oneOfs, and break connections."""

from __future__ import annotations

import jsonschema

import strategies
from selftests.strategies._draw import draw_many
from suite import refresh as model
from suite import schema_fields

RUN = draw_many(strategies.schema_changes(), 100, label="schema changes")


def _transforms(case) -> set:
    before, configured, after = case
    return model.expected_transforms(before, after, {s: model.StreamConfig.of(c) for s, c in configured.items()})


def _field_changes(case):
    for t in _transforms(case):
        if t[0] == "update_stream":
            yield from t[2]


def test_every_stream_schema_is_a_json_schema():
    for before, _, after in RUN:
        for schema in (*before.values(), *after.values()):
            jsonschema.Draft7Validator.check_schema(schema)


def test_changes_under_array_items_occur():
    assert any(kind == "update_field_schema" and "items" in path for case in RUN for kind, path, _ in
               _field_changes(case))
    assert any(kind != "update_field_schema" and path[-1] == "items" for case in RUN for kind, path, _ in
               _field_changes(case))


def test_changes_inside_one_of_and_any_of_occur():
    def changed_composite(case):
        before, _, after = case
        for stream in set(before) & set(after):
            old, new = before[stream]["properties"], after[stream]["properties"]
            yield from (c for c in set(old) & set(new) if old[c] != new[c] and ("oneOf" in old[c] or "anyOf" in old[c]))

    assert sum(1 for case in RUN for _ in changed_composite(case)) >= 3


def test_every_kind_of_transform_and_breaking_changes_occur():
    kinds = {t[0] for case in RUN for t in _transforms(case)} | {k for case in RUN for k, _, _ in _field_changes(case)}
    assert kinds == {"add_stream", "remove_stream", "update_stream", "add_field", "remove_field",
                     "update_field_schema"}
    assert sum(model.is_breaking(_transforms(case)) for case in RUN) >= 3


def test_some_fields_hold_two_schemas():
    """A typed object with a oneOf/anyOf: Airbyte's diff answers its schema as the text "Duplicated Schema"
    (the contracts' deviation duplicated-schema-text), a case the refresh checks must see."""
    assert any(schema_fields.DUPLICATED in schema_fields.fields(schema).values()
               for before, _, after in RUN for schema in (*before.values(), *after.values()))
