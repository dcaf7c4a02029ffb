"""Drawing many examples from a strategy outside a property test (for counting what a run produces)."""

from __future__ import annotations

import zlib

from hypothesis import Phase, given, seed, settings


def draw_many(strategy, n: int = 100, label: str | None = None) -> list:
    """What a run of `n` examples (Hypothesis' default is 100) sends, drawn through @given as a test
    would, so the distribution is the one the suite sees. With a `label` the run is seeded from it
    (reproducible, and independent of other labels); without one it is random."""
    out: list = []

    @settings(max_examples=n, database=None, deadline=None, phases=(Phase.generate,))
    @given(strategy)
    def collect(example):
        out.append(example)

    if label is not None:
        collect = seed(zlib.crc32(label.encode()))(collect)
    collect()
    return out
