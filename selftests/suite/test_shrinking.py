"""Shrinking within the profile's limit: a failing test stops shrinking when its allowance (per test, and
for the whole run in ci) is spent, reports the smallest example found by then, and says so."""

import time
from pathlib import Path

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from hypothesis.internal.conjecture import engine

from suite.shrinking import HYPOTHESIS_LIMIT, LIMITS, ShrinkLimit


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_hypothesis_still_reads_the_constant_we_set():
    """There is no public setting: if Hypothesis renames the constant, this must fail, not the limit vanish."""
    assert isinstance(engine.MAX_SHRINKING_SECONDS, int | float) and HYPOTHESIS_LIMIT == 300
    source = Path(engine.__file__).read_text()
    assert "time.perf_counter() + MAX_SHRINKING_SECONDS" in source


def test_ci_shares_a_run_allowance_between_failing_tests():
    clock = Clock()
    limit = ShrinkLimit("ci", clock=clock)
    per_test, per_run = LIMITS["ci"]
    failures = 0
    while limit.allowed() > 0:
        with limit.around_test(lambda: 0.0):  # failed at once and shrank until the test ended
            assert min(per_test, per_run - limit.spent) == engine.MAX_SHRINKING_SECONDS
            clock.now += per_test
        clock.now = 0.0
        failures += 1
    assert failures == per_run // per_test
    assert engine.MAX_SHRINKING_SECONDS == HYPOTHESIS_LIMIT  # restored between tests


def test_a_test_that_found_nothing_spends_nothing():
    limit = ShrinkLimit("ci", clock=Clock())
    with limit.around_test(lambda: None):
        pass
    assert limit.spent == 0 and limit.allowed() == LIMITS["ci"][0]


def test_nightly_keeps_hypothesis_own_limit():
    assert ShrinkLimit("nightly").allowed() == HYPOTHESIS_LIMIT


def slow_failing_test(calls: list):
    @settings(database=None, derandomize=True, deadline=None, max_examples=5,
              phases=[Phase.generate, Phase.shrink])
    @given(st.lists(st.tuples(st.integers(), st.integers()), min_size=30, max_size=30))
    def test(pairs):
        calls.append(time.monotonic())
        time.sleep(0.01)
        assert sum(a * b for a, b in pairs) < 10**6  # about two hundred shrink steps without a limit

    return test


def shrink_calls(limit_seconds) -> tuple[int, str]:
    calls: list = []
    limit = ShrinkLimit("ci")
    limit.per_test = limit_seconds
    with limit.around_test(lambda: calls[0] if calls else None), pytest.raises(AssertionError) as failure:
        slow_failing_test(calls)()
    return len(calls), limit.reword("\n".join(getattr(failure.value, "__notes__", [])))


def test_the_limit_cuts_a_slow_shrink_short(capsys):
    limited, _ = shrink_calls(0.3)
    unlimited, _ = shrink_calls(30)
    assert limited < unlimited / 2, (limited, unlimited)
    printed = capsys.readouterr().out
    assert "five minutes" in printed  # what Hypothesis says; the plugin rewords it in the report
    assert "Shrinking stopped at the ci profile's limit" in ShrinkLimit("ci").reword(printed)
