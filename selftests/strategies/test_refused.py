"""Refused bodies pass the contract and break exactly the Airbyte rule they are labelled with."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import contracts
import strategies
from contracts import releases
from selftests.strategies._draw import draw_many
from selftests.strategies._rules import problems
from strategies import _refused_v2

MODELS = ("WebBackendConnectionCreate", "WebBackendConnectionUpdate", "OperationCreate")


@pytest.mark.parametrize("model", MODELS)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_refused_bodies_pass_the_contract_and_break_their_rule(model, data):
    world = data.draw(st.none() | strategies.worlds(), label="world")
    case = data.draw(strategies.refused(model, world), label="case")
    contracts.validator(model).check(case.payload)
    assert case.kind in problems(model, case.payload, world), case
    assert case.status in (422, 500) and case.reason
    assert re.search(r"\.java:\d+", case.source), case.source  # each rule cites path:line at 0f4f4a9331


def test_nested_field_selection_is_refused_not_valid():
    cases = draw_many(strategies.refused("WebBackendConnectionCreate", kinds="nested_field_selection"), 100)
    depths = [
        max(len(f["fieldPath"]) for f in c.payload["syncCatalog"]["streams"][0]["config"]["selectedFields"])
        for c in cases
    ]
    assert max(depths) >= 10, depths


CASES = [(m, k) for m in MODELS for k in strategies.refusal_kinds(m)]


@pytest.mark.parametrize(("model", "kind"), CASES)
def test_each_refusal_kind_breaks_its_rule(model, kind):
    for case in draw_many(strategies.refused(model, kinds=kind), 15):
        assert case.kind == kind
        contracts.validator(model).check(case.payload)
        assert kind in problems(model, case.payload), case


def test_the_families_differ_between_create_and_update():
    create, update = (
        set(strategies.refusal_kinds("WebBackendConnectionCreate")),
        set(strategies.refusal_kinds("WebBackendConnectionUpdate")),
    )
    assert create - update == {"schedule_and_schedule_type"}
    assert update - create == {"schedule_in_update", "schedule_data_without_type", "manual_with_schedule_data"}


@pytest.mark.parametrize("model", MODELS)
def test_a_default_run_mixes_several_kinds(model):
    kinds = Counter(c.kind for c in draw_many(strategies.refused(model), 100))
    assert len(kinds) >= min(5, len(strategies.refusal_kinds(model))), kinds


def test_refused_is_offered_only_where_there_are_rules():
    with pytest.raises(KeyError, match="WebBackendWorkspaceState"):
        strategies.refused("WebBackendWorkspaceState")


@pytest.fixture
def v2_release():
    releases.use("v2.0.0")
    yield
    releases.use(releases.DEFAULT)


@pytest.mark.parametrize("model", MODELS)
def test_at_v2_each_kind_cites_the_kotlin(v2_release, model):
    """At v2.0.0 every label cites the Kotlin (strategies._refused_v2), and a selected field the schema lacks is no
    longer refused (CatalogConverter.kt:227-231)."""
    offered = strategies.refusal_kinds(model)
    assert "selected_field_not_in_schema" not in offered
    for kind in offered:
        payload = {"scheduleType": "cron"}
        for update in (False, True):
            where, status = _refused_v2.label(kind, update, payload)
            assert re.search(r"\.kt:\d+", where) and ".java" not in where, where
            assert status in (400, 422, 500)
    case = draw_many(strategies.refused(model, kinds=offered[-1]), 1)[0]
    assert ".kt:" in case.source
