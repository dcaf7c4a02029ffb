"""Snapshots of what people read when a run is red: the failure block on the terminal and report.md.

One small red run (one fault of the reference server, one test that meets it, the derandomized triage
profile) is compared with the files in snapshots/, after what varies from run to run (ports, UUIDs, the
run id, timestamps, durations, rates, seeds, paths) is replaced by a placeholder. A change to the output
shows as a unified diff; when the change is meant, rewrite the snapshots and commit them:

    UPDATE_SNAPSHOTS=1 pytest selftests/suite/test_snapshots.py
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pytest

from selftests.suite.runs import REPO, run_suite

SNAPSHOTS = Path(__file__).parent / "snapshots"
FAULT = "--reference-server-faults=not_found_as_500"  # every unknown id gets a 500, not Airbyte's 404
TEST = "tests/test_operations.py::test_unknown_connections_are_not_found"
UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
VARYING = [  # (what varies, its placeholder), applied in this order
    (re.compile(r"\b(127\.0\.0\.1|localhost):\d+"), r"\1:<port>"),
    (re.compile(r"(contract run )[0-9a-f]{8}\b"), r"\1<run id>"),
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"), "<timestamp>"),
    (re.compile(r"\b\d+(\.\d+)? ?s\b"), "<seconds> s"),
    (re.compile(r"\b\d+(\.\d+)?/s\b"), "<rate>/s"),
    (re.compile(r"(--hypothesis-seed=|hypothesis seed: ?)\d+"), r"\1<seed>"),
    # where the check was made: the line moves whenever the test file is edited above it
    (re.compile(r"(\bat tests/\w+\.py):\d+"), r"\1:<line>"),
]


# Hypothesis adds this line only where it detects CI (the CI variable): the snapshots hold what every run prints
REPRODUCE_BLOB = re.compile(r"\n*You can reproduce this test case by temporarily adding @reproduce_failure\(.*\) as a "
                            r"decorator on your test function")


def normalise(text: str, tmp: Path) -> str:
    text = text.replace(str(tmp), "<tmp>").replace(str(REPO), "<repo>")
    text = REPRODUCE_BLOB.sub("", text)
    uuids: dict[str, str] = {}
    text = UUID.sub(lambda m: uuids.setdefault(m[0], f"<uuid {len(uuids) + 1}>"), text)  # same id, same name
    for pattern, placeholder in VARYING:
        text = pattern.sub(placeholder, text)
    return "\n".join(line.rstrip() for line in text.strip().splitlines()) + "\n"


def failure_block(stdout: str) -> str:
    """From the failing test's header line to the end of its sections (the run's summary follows)."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if re.fullmatch(r"_+ test_\w+ _+", line))
    end = next(i for i, line in enumerate(lines[start:], start)
               if line.startswith(("webBackend contract suite:", "=====")))
    return "\n".join(lines[start:end])


def assert_matches_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS"):
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"no snapshot {path.relative_to(REPO)}: write it with UPDATE_SNAPSHOTS=1 pytest {__file__}")
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = difflib.unified_diff(expected.splitlines(keepends=True), text.splitlines(keepends=True),
                                    f"snapshots/{name} (committed)", f"{name} (this run)")
        pytest.fail(f"{name} differs from its snapshot (UPDATE_SNAPSHOTS=1 rewrites it if the change is meant):\n"
                    + "".join(diff), pytrace=False)


@pytest.fixture(scope="module")
def red_run(tmp_path_factory) -> tuple[str, str, Path]:
    reports = tmp_path_factory.mktemp("reports")
    result = run_suite(FAULT, TEST, f"--airbyte-report={reports}", env={"COLUMNS": "100"}, timeout=300)
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-2000:]
    return result.stdout, (reports / "report.md").read_text(encoding="utf-8"), reports


def test_the_terminal_failure_block_matches_its_snapshot(red_run):
    stdout, _, reports = red_run
    assert_matches_snapshot("failure_block.txt", normalise(failure_block(stdout), reports))


def test_report_md_matches_its_snapshot(red_run):
    _, markdown, reports = red_run
    assert_matches_snapshot("report.md", normalise(markdown, reports))


def test_what_varies_is_replaced_and_nothing_else():
    text = ("contract run 1a2b3c4d: FAILED\nstarted 2026-12-01T04:09:30Z, 2.1 s\nPOST http://127.0.0.1:34293/api "
            "e3e70682-c209-4cac-629f-6fbed82c07cd e3e70682-c209-4cac-629f-6fbed82c07cd "
            "00000000-0000-0000-0000-000000000001\n13 requests (6.3/s) in 2s --hypothesis-seed=123 at /tmp/x/r")
    assert normalise(text, Path("/tmp/x")) == (
        "contract run <run id>: FAILED\nstarted <timestamp>, <seconds> s\nPOST http://127.0.0.1:<port>/api "
        "<uuid 1> <uuid 1> <uuid 2>\n13 requests (<rate>/s) in <seconds> s --hypothesis-seed=<seed> at <tmp>/r\n")


def test_the_failing_example_is_printed_with_its_values():
    """schemathesis' plugin silences Hypothesis' printer (`api=, unknown=,`); the suite's plugin, loaded here
    by conftest.py as in a user's run, puts it back (the snapshot above shows the values it prints)."""
    from hypothesis import core

    from suite import example_printer

    assert example_printer.restored()
    printer = core.RepresentationPrinter(context=None)
    printer.pretty({"connectionId": "x"})
    assert printer.getvalue() == "{'connectionId': 'x'}"
