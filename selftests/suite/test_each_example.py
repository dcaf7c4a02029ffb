"""The plugin's hook around each example leaves Hypothesis' view of the test unchanged: the same
database key and derandomized seed (both come from the function's digest), per parametrized case."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.internal.reflection import function_digest

from suite.budget import Budget, BudgetSpent
from suite.each_test import around_each_example
from suite.progress import Tally


def make_test():
    @given(st.integers())
    def test_something(x):
        assert isinstance(x, int)

    return test_something


def test_the_wrapped_test_keeps_its_digest_and_parametrization():
    test = make_test()
    test.hypothesis.inner_test._hypothesis_internal_add_digest = b"case [a]"
    before = function_digest(test.hypothesis.inner_test)
    restore = around_each_example(test, Budget(0), Tally())
    assert test.hypothesis.inner_test.__name__ == "test_something"
    assert function_digest(test.hypothesis.inner_test) == before
    restore()
    assert function_digest(test.hypothesis.inner_test) == before


def test_examples_are_counted_and_the_budget_is_checked_before_each():
    test, tally, budget = make_test(), Tally(), Budget(60)
    restore = around_each_example(test, budget, tally)
    test()
    assert tally.count > 1
    budget.begin_test(tests_left=1)
    budget.deadline = budget.clock() - 1  # spent
    with pytest.raises(BudgetSpent):
        test()
    restore()


def test_plain_tests_are_left_alone():
    def plain():
        pass

    around_each_example(plain, Budget(0), Tally())()
    around_each_example(None, Budget(0), Tally())()


def test_a_failure_found_is_never_cut_short_by_the_budget():
    calls = []

    @given(st.integers())
    def test_failing(x):
        calls.append(x)
        assert x < 1000

    budget = Budget(60)
    restore = around_each_example(test_failing, budget, Tally())
    budget.begin_test(tests_left=1)
    real_check = budget.check

    def check():  # the budget runs out right after the first failing example
        if any(x >= 1000 for x in calls):
            budget.deadline = budget.clock() - 1
        real_check()

    budget.check = check
    try:
        test_failing()
    except BaseException as exc:  # noqa: BLE001 - BudgetSpent is a KeyboardInterrupt: catch it to report it
        raised = exc
    restore()
    assert type(raised) is AssertionError, f"cut short instead of reported: {raised!r}"  # shrunk and reported


def test_a_state_machine_that_has_failed_is_never_cut_short():
    from hypothesis import settings
    from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

    from suite.budget import noting_failures

    budget = Budget(60)
    budget.begin_test(tests_left=1)

    class Machine(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.budget, self.steps = budget, 0

        @rule()
        @noting_failures
        def step(self):
            self.steps += 1
            if self.steps >= 3:
                budget.deadline = budget.clock() - 1  # the budget runs out as the failure is found
                raise AssertionError("the machine's failure")

        @invariant()
        def between_steps(self):
            self.budget.check()

    try:
        run_state_machine_as_test(Machine, settings=settings(max_examples=20, database=None))
    except BaseException as exc:  # noqa: BLE001 - BudgetSpent is a KeyboardInterrupt: catch it to report it
        raised = exc
    assert type(raised) is AssertionError, f"cut short instead of reported: {raised!r}"
