"""Generation speed of the strategies: examples per second per request model and family.

    python benchmarks/bench_strategies.py [--examples N] [--model NAME ...] [--families valid,edge,invalid]

Examples are drawn the way a test draws them: a @given loop with settings(max_examples=N, database=None)
and only the generate phase, counting bodies and timing the whole loop (Hypothesis' own overhead
included). For WebBackendConnectionCreate it also prints the mean number of catalog streams, and the same
figures for plain hypothesis-jsonschema from_schema on the contract, for scale.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import contracts  # noqa: E402
import strategies  # noqa: E402

CREATE = "WebBackendConnectionCreate"


def measure(strategy, n: int) -> tuple[float, list]:
    """(examples per second, the examples) for `n` examples drawn through @given."""
    seen: list = []

    @settings(max_examples=n, database=None, deadline=None, phases=(Phase.generate,))
    @given(strategy)
    def draw(example):
        seen.append(example)

    start = time.perf_counter()
    draw()
    elapsed = time.perf_counter() - start
    return len(seen) / elapsed, seen


def _streams(body) -> int | None:
    body = getattr(body, "payload", body)
    if not isinstance(body, dict):
        return None
    return len((body.get("syncCatalog") or {"streams": []})["streams"])


def _plain_from_schema():
    from hypothesis_jsonschema import from_schema

    return from_schema(contracts.resolved(CREATE), custom_formats={"uuid": st.uuids().map(str)})


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=300, help="examples per measurement (default 300)")
    parser.add_argument("--model", action="append", help="request model(s); default: the webBackend ones")
    parser.add_argument("--families", default="valid,edge,invalid", help="comma-separated: valid,edge,invalid")
    args = parser.parse_args(argv)
    models = args.model or [*strategies.REQUEST_MODELS, "OperationCreate"]
    families = {"valid": strategies.valid, "edge": strategies.edge, "invalid": strategies.invalid}
    print(f"{'model':40} {'family':8} {'examples/s':>10} {'mean streams':>13} {'max streams':>12}")
    for model in models:
        for family in args.families.split(","):
            rate, seen = measure(families[family](model), args.examples)
            counts = [c for c in map(_streams, seen) if c is not None] if model == CREATE else []
            mean = f"{statistics.mean(counts):.1f}" if counts else "-"
            print(f"{model:40} {family:8} {rate:10.0f} {mean:>13} {max(counts) if counts else '-':>12}")
    if CREATE in models:
        rate, seen = measure(_plain_from_schema(), min(args.examples, 100))
        counts = [_streams(b) for b in seen]
        print(f"{CREATE:40} {'from_schema':8} {rate:8.0f} {statistics.mean(counts):13.1f} {max(counts):12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
