"""What a red run shows: each failure as the check's title, where, expected and received, the exchange
and its replay, and Hypothesis' notes, bounded in lines and line length; a shared fixture's error in
full once and in one line for every other test that met it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from suite import checks, outcomes
from suite.client import Exchange

REPO = Path(__file__).resolve().parents[2]


def huge_failure() -> checks.CheckFailure:
    body = {"streams": [{"name": f"s{n}", "jsonSchema": {"properties": {f"c{i}": {} for i in range(30)}}}
                        for n in range(200)]}
    exchange = Exchange("POST", "http://127.0.0.1:1/api/v1/web_backend/connections/create",
                        "/v1/web_backend/connections/create", body, False, 500, {"content-type": "application/json"},
                        "x" * 50_000, 0.1, "Bearer", b"{}", (("content-type", "application/json"),))
    try:
        checks.stored_connection.equal("create: syncCatalog differs", body, {}, exchange)
    except checks.CheckFailure as failure:
        failure.add_note("Falsifying example:\n" + "\n".join(f"    line {n}" for n in range(500)))
        return failure
    raise AssertionError("the check did not fail")


def test_a_huge_failure_is_bounded():
    failure = huge_failure()
    shown = outcomes.failure_repr(pytest.ExceptionInfo.from_exception(failure), [failure], REPO)
    text = str(shown)
    lines = text.splitlines()
    assert lines[0] == "create: syncCatalog differs"
    assert shown.reprcrash.message == "create: syncCatalog differs"  # the short summary and JUnit's message
    assert len(lines) <= outcomes.FAILURE_LINES + 1 and max(map(len, lines)) < outcomes.LINE_CHARACTERS + 80
    assert "more lines of Hypothesis' notes" in text and "expected:" in text and "replay:   curl" in text


def test_distinct_failures_are_each_shown():
    first = huge_failure()
    try:
        checks.documented_status.fail("get: status differs", "200", "500")
    except checks.CheckFailure as raised:
        second = raised
    try:
        raise ExceptionGroup("two", [first, second])
    except ExceptionGroup as raised:
        group = raised
    text = str(outcomes.failure_repr(pytest.ExceptionInfo.from_exception(group), [first, second], REPO))
    assert text.startswith("2 distinct failures; [1] create: syncCatalog differs")
    assert "[2] get: status differs" in text


def test_a_failed_shared_fixture_is_reported_in_full_once():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRBYTE_", "HYPOTHESIS_"))}
    result = subprocess.run([sys.executable, "-m", "pytest", "tests/test_operations.py", "-p", "no:cacheprovider",
                             "--hypothesis-profile=triage", "--airbyte-progress=off",
                             "--reference-server-faults=missing_required_response_field", "-k", "valid or edge"],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1, result.stdout[-3000:]
    out = result.stdout
    assert out.count("'schemaChange' is a required property") == 1, out[-5000:]
    assert out.count("the same error as in the setup of") >= 5
