"""Checks are named, registered by family, raise failures of their own, and are recorded as fields."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suite import checks
from suite.checks import registry


def test_every_check_has_a_family_a_summary_and_a_failure_of_its_own():
    assert len(checks.REGISTRY) >= 40
    errors = {check.error for check in checks.REGISTRY.values()}
    assert len(errors) == len(checks.REGISTRY)
    for name, check in checks.REGISTRY.items():
        assert check.name == name and check.family in checks.FAMILIES and check.summary, name
        assert issubclass(check.error, checks.CheckFailure)
        assert getattr(checks, name) is check  # importable from suite.checks, as tests use it


def test_a_failure_is_a_record_and_its_text_is_made_from_it():
    with pytest.raises(checks.CheckFailure) as raised:
        checks.exact_listing.equal("connections/list differs", ["a"], ["b"])
    failure = raised.value.failure
    assert (failure.check, failure.family, failure.expected, failure.received) == \
        ("exact_listing", "lists", '["a"]', '["b"]')
    assert str(raised.value).splitlines()[:2] == ["connections/list differs", "  check:    exact_listing (lists)"]


def test_two_names_or_an_unknown_family_are_refused():
    def exact_listing():
        """A second check of the same name."""

    with pytest.raises(ValueError, match="two checks"):
        registry.check("lists")(exact_listing)
    with pytest.raises(ValueError, match="unknown check family"):
        registry.check("nonsense")


def test_hypothesis_keeps_two_checks_failures_apart():
    """Both raise from the same line of registry.py; only their types differ. Hypothesis reports two bugs."""
    @settings(database=None, derandomize=True, max_examples=200, report_multiple_bugs=True)
    @given(st.integers(0, 10))
    def two_bugs(n):
        if n == 3:
            checks.exact_listing.fail("one", "x", "y")
        if n == 7:
            checks.newest_sync_job.fail("other", "x", "y")

    with pytest.raises(BaseExceptionGroup) as raised:
        two_bugs()
    kinds = {type(e) for e in raised.value.exceptions}
    assert kinds == {checks.exact_listing.error, checks.newest_sync_job.error}
