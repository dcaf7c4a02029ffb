"""Every invalid example fails its contract for the labelled reason; every kind the contract allows occurs."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings

import contracts
import strategies
from selftests.strategies._draw import draw_many
from strategies._invalid import reachable_kinds

MODELS = (*strategies.REQUEST_MODELS, "OperationCreate")


@pytest.mark.parametrize("model", MODELS)
def test_invalid_bodies_fail_for_the_labelled_reason(model):
    @settings(max_examples=60, deadline=None)
    @given(strategies.invalid(model))
    def check(case):
        validator = contracts.validator(model)
        assert not validator.is_valid(case.payload), case
        found = {(v.path, v.keyword) for v in validator.violations(case.payload)}
        assert (case.path, case.keyword) in found, f"{case.kind} at {case.path} not reported; got {found}"

    check()


CASES = [(m, k) for m in MODELS for k in strategies.invalid_kinds(m)]


@pytest.mark.parametrize(("model", "kind"), CASES)
def test_each_kind_can_be_asked_for_and_fails_for_its_reason(model, kind):
    cases = draw_many(strategies.invalid(model, kinds=kind), 20)
    assert {c.kind for c in cases} == {kind}
    for case in cases:
        found = {(v.path, v.keyword) for v in contracts.validator(model).violations(case.payload)}
        assert (case.path, case.keyword) in found, case


@pytest.mark.parametrize("model", MODELS)
def test_a_default_run_mixes_several_kinds(model):
    kinds = Counter(case.kind for case in draw_many(strategies.invalid(model), 100))
    assert len(kinds) >= min(3, len(strategies.invalid_kinds(model))), kinds


def test_the_create_contract_allows_every_kind_of_breakage():
    assert reachable_kinds("WebBackendConnectionCreate") == set(strategies.INVALID_KINDS)


def test_deep_wrong_types_reach_inside_nested_arrays():
    deep = draw_many(strategies.invalid("WebBackendConnectionCreate", kinds="deep_wrong_type"), 60)
    assert any(c.path.count("[") >= 2 for c in deep), [c.path for c in deep]


def test_asking_for_a_kind_the_contract_cannot_break_names_the_choices():
    with pytest.raises(ValueError, match="unknown_field"):
        strategies.invalid("WebBackendWorkspaceState", kinds="unknown_field")
