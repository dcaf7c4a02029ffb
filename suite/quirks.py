"""Known Airbyte quirks a run met: answers Airbyte itself gives that a contract alone would call wrong
(mostly a 500 for a client's mistake, contracts/DEVIATIONS.md). A check that meets one tolerates it by a
named rule that cites the Airbyte code deciding it, and notes it here: counted per rule, shown in the
summary and report.md with one example exchange; never passed silently, never a failure. A 5xx that no
rule predicts is a failure.
"""

from __future__ import annotations

from collections import Counter

EXAMPLE_CHARACTERS = 3000


class Quirks:
    def __init__(self):
        self.counts: Counter[str] = Counter()
        self.examples: dict[str, str] = {}  # rule -> the first exchange that met it, described
        self.checks: dict[str, set[str]] = {}  # rule -> the checks that tolerated it

    def note(self, rule: str, exchange, check: str) -> None:
        self.counts[rule] += 1
        self.checks.setdefault(rule, set()).add(check)
        if rule not in self.examples and exchange is not None:
            self.examples[rule] = exchange.describe(limit=EXAMPLE_CHARACTERS // 3)[:EXAMPLE_CHARACTERS]

    def state(self) -> dict:
        return {"counts": dict(self.counts), "examples": dict(self.examples),
                "checks": {rule: sorted(names) for rule, names in self.checks.items()}}

    def merge(self, state: dict) -> None:
        self.counts.update(state["counts"])
        for rule, example in state["examples"].items():
            self.examples.setdefault(rule, example)
        for rule, names in state.get("checks", {}).items():
            self.checks.setdefault(rule, set()).update(names)

    def rows(self) -> list[dict]:
        return [{"rule": rule, "count": count, "checks": sorted(self.checks.get(rule, ())),
                 "example": self.examples.get(rule)}
                for rule, count in self.counts.most_common()]


MET = Quirks()  # this process's; under xdist the controller adds up the workers'
# compatibility mode only (suite.release.compatibility): response fields the client's release does not know,
# additive by the established diff tools' rules (a client reading the fields it knows is not affected)
ADDITIVE = Quirks()


def note(rule: str, exchange, check: str) -> None:
    """Record that the target answered as Airbyte does by `rule` (one line: what, and the code deciding it),
    tolerated by the check named `check`: the tolerated outcome of that check."""
    MET.note(rule, exchange, check)
