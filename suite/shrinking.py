"""How long a failing test may shrink its example, per profile: a red verdict must come fast in CI.

Hypothesis shrinks a failure for up to five minutes, and each shrink step of an HTTP test costs
requests: one hidden fault used to take a whole ci run's five minutes. Here a profile gives a limit per
failing test and one for the whole run (the ci run with a fault should take at most about twice the
green run). When a limit is reached, Hypothesis reports the smallest example it had found by then; the
report says so and how to shrink further.

Hypothesis has no public setting for this; its engine reads the module constant MAX_SHRINKING_SECONDS
at the start of each shrink (selftests/suite/test_shrinking.py fails if that changes).
"""

from __future__ import annotations

import contextlib
import re
import time

from hypothesis.internal.conjecture import engine

HYPOTHESIS_LIMIT = engine.MAX_SHRINKING_SECONDS
# profile: (seconds per failing test, seconds for the whole run or None)
LIMITS = {
    "ci": (10.0, 20.0),
    "dev": (60.0, 300.0),
    "nightly": (float(HYPOTHESIS_LIMIT), None),
}
SLOW_SHRINK_WARNING = re.compile(r"WARNING: Hypothesis has spent more than five minutes working to shrink.*?"
                                 r"performance for everyone\.", re.DOTALL)


class ShrinkLimit:
    def __init__(self, profile: str, clock=time.monotonic):
        self.per_test, self.per_run = LIMITS.get(profile, (float(HYPOTHESIS_LIMIT), None))
        self.profile = profile
        self.clock = clock
        self.spent = 0.0
        self.limit_now = self.per_test

    def allowed(self) -> float:
        left = self.per_test if self.per_run is None else min(self.per_test, self.per_run - self.spent)
        return max(0.0, left)

    @contextlib.contextmanager
    def around_test(self, failure_found_at):
        """Around a test's call: set Hypothesis' limit for it; afterwards count the time spent shrinking
        (from the first failing example, as `failure_found_at()` tells, to the end of the test)."""
        self.limit_now = self.allowed()
        engine.MAX_SHRINKING_SECONDS = self.limit_now
        try:
            yield
        finally:
            engine.MAX_SHRINKING_SECONDS = HYPOTHESIS_LIMIT
            found = failure_found_at()
            if found is not None:
                self.spent += max(0.0, self.clock() - found)

    def reword(self, text: str) -> str:
        """Hypothesis' warning says five minutes and asks for a bug report; say what really happened."""
        run = f"; {self.per_run:.0f} s for all the failing tests of a run" if self.per_run is not None else ""
        ours = (f"Shrinking stopped at the {self.profile} profile's limit ({self.limit_now:.0f} s for this test{run}): "
                "the example shown is the smallest found by then, not the minimal one. Replay it with "
                "--hypothesis-profile=dev (or nightly) to shrink it further.")
        return SLOW_SHRINK_WARNING.sub(ours, text)
