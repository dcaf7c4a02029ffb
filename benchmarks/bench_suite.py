"""Wall time of the suite in the ci profile, and the request rate of the nightly profile with 1 and
with 2 pytest-xdist workers.

    python benchmarks/bench_suite.py [--budget 60s] [--workers 1,2]

Every run uses the embedded reference server, as plain `pytest` does. The nightly runs fuzz the whole
suite for the time budget; the rate is the requests the run's summary reports (tests/ only,
schemathesis included, setup and cleanup included) over the run's own wall time.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run(profile: str, *args: str) -> tuple[float, dict, int]:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report"
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-profile", profile,
                   f"--airbyte-report={report}", f"--airbyte-fuzz-db={Path(tmp) / 'examples'}",
                   "--airbyte-progress=off", *args]
        start = time.perf_counter()
        result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        summary = report / "summary.json"
        data = json.loads(summary.read_text()) if summary.exists() else {}
    if result.returncode != 0:
        print(result.stdout[-3000:], file=sys.stderr)
    return elapsed, data, result.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", default="60s", help="time budget of each nightly run (default 60s)")
    parser.add_argument("--workers", default="1,2", help="worker counts to measure (default 1,2)")
    args = parser.parse_args()

    seconds, data, code = run("ci")
    print(f"ci profile, whole suite: {seconds:.1f} s wall, {data.get('requests', 0)} requests, "
          f"{data.get('examples', 0)} examples, exit {code}")
    for workers in (int(n) for n in args.workers.split(",")):
        parallel = ["-n", str(workers)] if workers > 1 else []
        seconds, data, code = run("nightly", f"--airbyte-time-budget={args.budget}", *parallel)
        print(f"nightly profile, {workers} worker(s), budget {args.budget}: {seconds:.1f} s wall "
              f"({data.get('seconds', 0)} s in tests), {data.get('requests', 0)} requests "
              f"({data.get('requests_per_second', 0):.0f}/s), {data.get('examples', 0)} examples "
              f"({data.get('examples', 0) / max(data.get('seconds', 1), 1e-9):.0f}/s), exit {code}")


if __name__ == "__main__":
    main()
