"""A time budget for long fuzzing runs (--airbyte-time-budget).

Each test gets a fair share of what is left: the remaining time divided by the tests still to run
(on this worker), so a budgeted night reaches every operation, and a test that ends early leaves its
time to the others. A test whose share is spent stops before its next example; the examples it ran
stand, and the run ends with its summary and report as usual. Tests that would start after the whole
budget is spent are skipped with that reason.
"""

from __future__ import annotations

import functools
import time


class BudgetSpent(KeyboardInterrupt):
    """Raised between examples when a test's share is spent.

    A KeyboardInterrupt because that is the one exception Hypothesis treats as "stop now": not a failure
    to shrink, replay or save to the database. The plugin catches it around the test call, so it never
    interrupts the run: the test passes with the examples it ran.
    """


class Budget:
    def __init__(self, seconds: float, clock=time.monotonic):
        self.seconds = seconds
        self.clock = clock
        self.started: float | None = None
        self.deadline: float | None = None  # of the test running now
        self.failure_found = False  # by the test running now: it is never cut short, it shrinks and reports
        self.failure_at: float | None = None  # when it found its first failure (shrinking begins)

    @property
    def enabled(self) -> bool:
        return self.seconds > 0

    def start(self, at: float | None = None) -> None:
        """Count from `at` (a reading of the same clock, e.g. the xdist controller's), else from now."""
        if self.started is None:
            self.started = self.clock() if at is None else at

    def remaining(self) -> float:
        if not self.enabled:
            return float("inf")
        self.start()
        return self.seconds - (self.clock() - self.started)

    def spent(self) -> bool:
        return self.remaining() <= 0

    def begin_test(self, tests_left: float) -> None:
        self.failure_found = False
        self.failure_at = None
        if self.enabled:
            self.deadline = self.clock() + max(0.0, self.remaining()) / max(1.0, tests_left)

    def end_test(self) -> None:
        self.deadline = None

    def note_failure(self) -> None:
        if not self.failure_found:
            self.failure_at = self.clock()
        self.failure_found = True

    def check(self) -> None:
        """Raise BudgetSpent if the running test's share is spent (call it before each example), unless
        the test has found a failure."""
        if self.failure_found:
            return
        if self.deadline is not None and self.clock() >= self.deadline:
            raise BudgetSpent(f"its share of the {describe(self.seconds)} time budget is spent")


def noting_failures(method):
    """For the rules and invariants of a state machine with a `budget` attribute: a step that fails
    tells the budget, so the machine is shrunk and reported rather than cut short."""

    @functools.wraps(method)
    def step(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception:
            self.budget.note_failure()
            raise

    return step


def describe(seconds: float) -> str:
    """In the units a user would write it: 8h, 45m, 90s."""
    if seconds and seconds % 3600 == 0:
        return f"{seconds / 3600:g}h"
    if seconds and seconds % 60 == 0:
        return f"{seconds / 60:g}m"
    return f"{seconds:g}s"
