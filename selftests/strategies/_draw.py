"""Drawing many examples from a strategy outside a property test (for counting what a run produces)."""

from __future__ import annotations

from hypothesis import Phase, given, settings


def draw_many(strategy, n: int = 100, derandomize: bool = True) -> list:
    """What a run of `n` examples (Hypothesis' default is 100) sends: drawn through @given, as a test
    would, so the distribution is the one the suite sees. Derandomized, so the counts are reproducible."""
    out: list = []

    @settings(max_examples=n, database=None, derandomize=derandomize, deadline=None,
              phases=(Phase.generate,))
    @given(strategy)
    def collect(example):
        out.append(example)

    collect()
    return out

