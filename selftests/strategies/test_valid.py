"""Every valid and edge example passes its contract and breaks none of Airbyte's semantic rules."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import contracts
import strategies
from selftests.strategies._rules import problems

SETUP_MODELS = tuple(
    sorted({op["request"] for op in contracts.operations().values() if op.get("request") and not op.get("webBackend")})
)
SEMANTIC_MODELS = (*strategies.REQUEST_MODELS, "OperationCreate")


def _check(model, payload, world):
    contracts.validator(model).check(payload)
    assert problems(model, payload, world) == set(), payload


@pytest.mark.parametrize("model", SEMANTIC_MODELS)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_valid_bodies_pass_contract_and_airbyte_rules(model, data):
    world = data.draw(st.none() | strategies.worlds(), label="world")
    _check(model, data.draw(strategies.valid(model, world), label="body"), world)


@pytest.mark.parametrize("model", SEMANTIC_MODELS)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_edge_bodies_pass_contract_and_airbyte_rules(model, data):
    world = data.draw(st.none() | strategies.worlds(), label="world")
    _check(model, data.draw(strategies.edge(model, world), label="body"), world)


@pytest.mark.parametrize("model", SETUP_MODELS)
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_setup_bodies_pass_their_contract_with_the_worlds_ids(model, data):
    world = data.draw(strategies.worlds(), label="world")
    body = data.draw(strategies.valid(model, world), label="body")
    contracts.validator(model).check(body)
    if "workspaceId" in body:
        assert body["workspaceId"] == world.workspace_id


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_bodies_use_the_worlds_ids(data):
    world = data.draw(strategies.worlds())
    create = data.draw(strategies.valid("WebBackendConnectionCreate", world))
    assert (create["sourceId"], create["destinationId"]) == (world.source_id, world.destination_id)
    assert all(op["workspaceId"] == world.workspace_id for op in create.get("operations") or [])
    names = {(s["stream"].get("namespace"), s["stream"]["name"]) for s in world.catalog["streams"]}
    for entry in (create.get("syncCatalog") or {"streams": []})["streams"]:
        assert (entry["stream"].get("namespace"), entry["stream"]["name"]) in names
    update = data.draw(strategies.valid("WebBackendConnectionUpdate", world))
    assert update["connectionId"] in world.connection_ids


def test_an_unknown_model_is_named_in_the_error():
    with pytest.raises(KeyError, match="NoSuchModel"):
        strategies.valid("NoSuchModel")
