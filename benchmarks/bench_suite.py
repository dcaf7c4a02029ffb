"""Wall time of the suite in the ci profile, and the request rate it sustains in the nightly profile.

    python benchmarks/bench_suite.py [--nightly-tests EXPR]

Both runs use the embedded reference server, as plain `pytest` does. The request rate is the number of
requests the run's summary reports (tests/ only, schemathesis included) over the run's wall time.
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
        summary = Path(tmp) / "summary.json"
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-profile", profile,
                   "--airbyte-report", str(summary), *args]
        start = time.perf_counter()
        result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        data = json.loads(summary.read_text()) if summary.exists() else {}
    if result.returncode != 0:
        print(result.stdout[-3000:], file=sys.stderr)
    return elapsed, data, result.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nightly-tests", default="tests/test_operations.py::test_valid_requests_are_accepted",
                        help="the tests the nightly figure runs (default: valid requests of every operation)")
    args = parser.parse_args()

    seconds, data, code = run("ci")
    print(f"ci profile, whole suite: {seconds:.1f} s wall, {data.get('requests', 0)} requests, "
          f"{data.get('examples', 0)} examples, exit {code}")
    seconds, data, code = run("nightly", args.nightly_tests)
    requests = data.get("requests", 0)
    print(f"nightly profile, {args.nightly_tests}: {seconds:.1f} s wall, {requests} requests, "
          f"{data.get('examples', 0)} examples, {requests / seconds:.0f} requests/s, exit {code}")


if __name__ == "__main__":
    main()
