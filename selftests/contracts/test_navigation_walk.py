"""contracts.navigation.walk: which nodes a walk reaches, in which order, named how."""

from __future__ import annotations

import pytest

import contracts
from contracts.navigation import ANY, ITEMS, walk

MODELS = {
    "Tree": {"type": "object", "properties": {"name": {"type": "string"}, "children": {
        "type": "array", "items": {"$ref": "Tree.json"}}, "leaf": {"$ref": "Leaf.json"}}},
    "Leaf": {"anyOf": [{"type": "string", "enum": ["a", "b"]}, {"type": "null"}]},
}


def _places(steps):
    return [(step.parts, step.model, step.local) for step in steps]


def test_a_schema_alone_is_walked_parents_first_branches_then_properties_items_additional():
    schema = {
        "anyOf": [{"type": "object"}],
        "properties": {"a": {"type": "array", "items": {"type": "integer"}}},
        "additionalProperties": {"type": "string"},
    }
    steps = list(walk(schema))
    assert [step.parts for step in steps] == [(), (), ("a",), ("a", ITEMS), (ANY,)]
    assert steps[1].schema == {"type": "object"}
    assert steps[3].schema == {"type": "integer"}


def test_into_limits_the_keywords_gone_into():
    schema = {"allOf": [{"enum": [1]}], "properties": {"a": {}}, "items": {}, "additionalProperties": {}}
    assert [step.parts for step in walk(schema, into=("items",))] == [(), (ITEMS,)]
    assert [step.schema for step in walk(schema, into=("allOf",))] == [schema, {"enum": [1]}]


def test_refs_are_leaves_unless_followed():
    steps = list(walk(MODELS["Tree"], model="Tree"))
    assert steps[-1].schema == {"$ref": "Leaf.json"} and steps[-1].parts == ("leaf",)


def test_followed_refs_name_the_model_and_a_model_is_entered_once_per_walk():
    # Tree refers to itself (cycle) and to Leaf: each model's nodes come once, named inside their model
    steps = list(walk(MODELS["Tree"], follow=MODELS.__getitem__, model="Tree"))
    assert _places(steps) == [
        ((), "Tree", ()),
        (("name",), "Tree", ("name",)),
        (("children",), "Tree", ("children",)),
        (("children", ITEMS), "Tree", ("children", ITEMS)),  # the $ref back to Tree: not followed
        (("leaf",), "Tree", ("leaf",)),
        (("leaf",), "Leaf", ()),
        (("leaf",), "Leaf", ()),  # the branches of Leaf
        (("leaf",), "Leaf", ()),
    ]
    assert [s.local for s in walk(MODELS["Tree"], follow=MODELS.__getitem__, model="Tree", skip={"Leaf"})][-1] == (
        "leaf",)


def test_an_instance_walk_goes_where_the_instance_goes_and_follows_each_ref():
    tree = {"name": "root", "children": [{"name": "x", "leaf": "a"}, {"children": []}], "other": 1}
    steps = list(walk(MODELS["Tree"], instance=tree, follow=MODELS.__getitem__, model="Tree"))
    leaves = [(step.parts, step.model, step.local, step.value) for step in steps if step.schema.get("enum")]
    assert leaves == [(("children", 0, "leaf"), "Leaf", (), "a")]
    assert [step.parts for step in steps if step.model == "Tree" and step.local == ()] == [
        (), ("children", 0), ("children", 1)]
    assert ("other",) not in [step.parts for step in steps]  # no schema describes it


def test_an_instance_walk_puts_unknown_keys_under_additional_properties():
    schema = {"properties": {"a": {}}, "additionalProperties": {"type": "integer"}}
    steps = list(walk(schema, instance={"b": 1, "a": 2}))
    assert [(step.parts, step.local, step.value) for step in steps[1:]] == [(("b",), (ANY,), 1), (("a",), ("a",), 2)]


def test_an_instance_walk_stops_a_ref_cycle_that_consumes_nothing():
    models = {"A": {"$ref": "B.json"}, "B": {"anyOf": [{"$ref": "A.json"}, {"type": "string"}]}}
    steps = list(walk(models["A"], instance="x", follow=models.__getitem__, model="A"))
    assert [step.model for step in steps] == ["A", "B", "B", "B"]


def test_unwrap_null_goes_into_x_or_null_as_into_x():
    schema = {"anyOf": [{"type": "object", "properties": {"a": {}}}, {"type": "null"}], "description": "d"}
    assert [step.parts for step in walk(schema, into=("properties",), unwrap_null=True)] == [(), ("a",)]
    assert [step.parts for step in walk(schema, into=("properties",))] == [()]  # the branches are not gone into


@pytest.mark.parametrize("model", ["WebBackendConnectionCreate", "WebBackendConnectionRead"])
def test_every_ref_of_a_contract_is_reached_and_followed_once(model):
    steps = list(walk(contracts.schema(model), follow=contracts.schema, model=model))
    # a model's root (not the anyOf/oneOf branches that share its empty local path)
    entered = [step.model for step in steps
               if step.local == () and step.model != model and step.schema == contracts.schema(step.model)]
    assert len(entered) == len(set(entered)) > 0
    inlined = list(walk(contracts.resolved(model)))
    assert not any("$ref" in step.schema for step in inlined)
    # the same nodes, whether refs are followed or inlined (a model entered once covers every ref to it)
    assert {step.parts for step in steps} <= {step.parts for step in inlined}
