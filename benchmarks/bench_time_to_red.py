"""Time to a red verdict: the ci profile against the embedded server, green and with one fault at a time.

    python benchmarks/bench_time_to_red.py [--faults enum_500,drop_cursor_field,...] [--rounds 1]

Each run starts with an empty example database (nothing replayed: the first red of a new fault), so
it pays for finding, shrinking (within the ci profile's limits) and reporting every failure. The goal
(issue 10): a run with one fault ends in at most about twice the green run's time. The output lines
of each red run are counted too: a red run must stay readable.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FAULTS = "enum_500,drop_cursor_field,missing_required_response_field,not_found_as_500,update_merges_catalog"


def run(*args: str) -> tuple[float, int, int, str]:
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-profile=ci",
                   f"--airbyte-fuzz-db={Path(tmp) / 'examples'}", "--airbyte-progress=off", *args]
        start = time.perf_counter()
        result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
    last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    return elapsed, result.returncode, len(result.stdout.splitlines()), last.strip("= ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faults", default=FAULTS, help=f"comma-separated faults (default {FAULTS})")
    parser.add_argument("--rounds", type=int, default=1, help="green runs to average (default 1)")
    args = parser.parse_args()
    greens = [run() for _ in range(args.rounds)]
    green = sum(g[0] for g in greens) / len(greens)
    print(f"{'fault':36s} {'seconds':>8s} {'x green':>8s} {'exit':>5s} {'lines':>6s}  result")
    for seconds, code, lines, last in greens:
        print(f"{'(none: green)':36s} {seconds:8.1f} {seconds / green:8.2f} {code:5d} {lines:6d}  {last}")
    for fault in args.faults.split(","):
        seconds, code, lines, last = run(f"--reference-server-faults={fault}")
        print(f"{fault:36s} {seconds:8.1f} {seconds / green:8.2f} {code:5d} {lines:6d}  {last}")


if __name__ == "__main__":
    main()
