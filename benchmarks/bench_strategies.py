"""Generation speed of the strategies: examples per second per request model and family.

    python benchmarks/bench_strategies.py [--examples N] [--model NAME ...] [--families valid,edge,invalid]
                                          [--seed S] [--repeat R]

Examples are drawn the way a test draws them: a @given loop with settings(max_examples=N, database=None)
and only the generate phase, counting bodies and timing the whole loop (Hypothesis' own overhead
included). For WebBackendConnectionCreate it also prints the mean number of catalog streams, and the same
figures for plain hypothesis-jsonschema from_schema on the contract, for scale. --seed makes runs
repeatable (the same examples before and after a change); --repeat R reports the best of R runs, which is
steadier on a busy machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import contracts  # noqa: E402
import strategies  # noqa: E402

CREATE = "WebBackendConnectionCreate"


def _run(strategy, n: int, random_seed: int | None) -> tuple[float, list]:
    seen: list = []

    @settings(max_examples=n, database=None, deadline=None, phases=(Phase.generate,))
    @given(strategy)
    def draw(example):
        seen.append(example)

    if random_seed is not None:
        draw = seed(random_seed)(draw)
    start = time.perf_counter()
    draw()
    elapsed = time.perf_counter() - start
    return len(seen) / elapsed, seen


def measure(strategy, n: int, random_seed: int | None = None, repeat: int = 1) -> tuple[float, list]:
    """(examples per second, the examples) for `n` examples drawn through @given; the best of `repeat` runs."""
    return max((_run(strategy, n, random_seed) for _ in range(repeat)), key=lambda run: run[0])


def _streams(body) -> int | None:
    """Streams in the body's catalog; None when it carries no catalog."""
    body = getattr(body, "payload", body)
    if not isinstance(body, dict) or not isinstance(body.get("syncCatalog"), dict):
        return None
    if not isinstance(body["syncCatalog"].get("streams"), list):
        return None
    return len(body["syncCatalog"]["streams"])


def _stream_figures(seen) -> tuple[str, str, str]:
    """(mean streams per body, mean per body that carries a catalog, max)."""
    counts = [_streams(b) for b in seen]
    with_catalog = [c for c in counts if c is not None]
    if not with_catalog:
        return "-", "-", "-"
    per_body = statistics.mean(c or 0 for c in counts)
    return f"{per_body:.1f}", f"{statistics.mean(with_catalog):.1f}", str(max(with_catalog))


def _plain_from_schema():
    from hypothesis_jsonschema import from_schema

    return from_schema(contracts.resolved(CREATE), custom_formats={"uuid": st.uuids().map(str)})


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=300, help="examples per measurement (default 300)")
    parser.add_argument("--model", action="append", help="request model(s); default: the webBackend ones")
    parser.add_argument("--families", default="valid,edge,invalid", help="comma-separated: valid,edge,invalid")
    parser.add_argument("--seed", type=int, help="Hypothesis seed, for repeatable runs")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the best is reported")
    args = parser.parse_args(argv)
    models = args.model or [*strategies.REQUEST_MODELS, "OperationCreate"]
    families = {"valid": strategies.valid, "edge": strategies.edge, "invalid": strategies.invalid}
    header = f"{'model':38} {'family':11} {'examples/s':>10} {'streams/body':>13} {'per catalog':>12} {'max':>5}"
    print(header)
    for model in models:
        for family in args.families.split(","):
            rate, seen = measure(families[family](model), args.examples, args.seed, args.repeat)
            per_body, per_catalog, most = _stream_figures(seen)
            print(f"{model:38} {family:11} {rate:10.0f} {per_body:>13} {per_catalog:>12} {most:>5}")
    if CREATE in models:
        rate, seen = measure(_plain_from_schema(), min(args.examples, 100), args.seed)
        per_body, per_catalog, most = _stream_figures(seen)
        print(f"{CREATE:38} {'from_schema':11} {rate:10.0f} {per_body:>13} {per_catalog:>12} {most:>5}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
