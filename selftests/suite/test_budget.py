"""The time budget: each test gets a fair share of what is left, a test whose share is spent stops
before its next example and passes with what it ran, and a budgeted nightly run ends cleanly with
its summary and report."""

import pytest

from selftests.suite.runs import run_suite, summary
from suite.budget import Budget, BudgetSpent, describe


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_without_a_budget_nothing_stops():
    budget = Budget(0, Clock())
    budget.begin_test(10)
    budget.check()
    assert not budget.enabled and not budget.spent()


def test_each_test_gets_a_fair_share_of_what_is_left():
    clock = Clock()
    budget = Budget(100, clock)
    budget.start()
    budget.begin_test(tests_left=4)
    clock.now += 24.9
    budget.check()
    clock.now += 0.1
    with pytest.raises(BudgetSpent, match="share of the 100s time budget"):
        budget.check()
    budget.end_test()
    budget.begin_test(tests_left=3)  # 75 s left for 3 tests
    clock.now += 25
    with pytest.raises(BudgetSpent):
        budget.check()


def test_time_a_test_leaves_goes_to_the_others():
    clock = Clock()
    budget = Budget(100, clock)
    budget.start()
    budget.begin_test(tests_left=2)
    clock.now += 10  # ended early
    budget.end_test()
    budget.begin_test(tests_left=1)
    clock.now += 89
    budget.check()
    clock.now += 1
    assert budget.spent()


@pytest.mark.parametrize(("seconds", "text"), [(30, "30s"), (90, "90s"), (120, "2m"), (5400, "90m"), (7200, "2h")])
def test_budgets_are_described_as_given(seconds, text):
    assert describe(seconds) == text


def test_a_nightly_run_stops_at_its_budget_and_writes_its_summary_and_report(tmp_path):
    report, examples = tmp_path / "report", tmp_path / "examples"
    result = run_suite("--airbyte-time-budget=30s", f"--airbyte-report={report}",
                       env={"AIRBYTE_FUZZ_DB": str(examples)}, profile="nightly")
    assert result.returncode == 0, result.stdout[-4000:]
    data = summary(report)
    assert data["profile"] == "nightly" and data["time_budget"] == "30s"
    assert data["seconds"] < 30 + 20  # the examples running at the deadline, then cleanup
    assert data["tests"].get("failed", 0) == 0 and data["tests"]["passed"] > 50
    # 2000 examples per test cannot fit in 30 s: tests were cut short, and say so
    assert data["stopped_by_time_budget"] and all(s["examples"] > 0 or "lifecycle" in s["test"]
                                                  for s in data["stopped_by_time_budget"])
    assert "time budget: " in result.stdout and "stopped after" in result.stdout
    markdown = (report / "report.md").read_text()
    assert "## Cut short by the time budget" in markdown and "time budget 30s" in markdown
    # a test cut short is not a failure: nothing was saved to the example database
    assert not [path for path in examples.rglob("*") if path.is_file()]


def test_workers_count_from_when_the_controller_started():
    clock = Clock()
    budget = Budget(60, clock)
    budget.start(at=clock.now - 20)  # the controller started 20 s before this worker
    assert budget.remaining() == 40
