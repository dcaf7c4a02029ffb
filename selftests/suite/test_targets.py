"""The suite against a target it did not start: it passes, leaves nothing behind, and ends with one
clear line when the target is unreachable, refuses the credentials, or an option is malformed."""

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def server(tmp_path, start_server):
    """A reference server started separately, with basic auth on."""
    return start_server("--db", str(tmp_path / "db.sqlite"), "--basic-auth", "airbyte:password")


def suite(env: dict, *args: str, tests: str = "tests") -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("AIRBYTE_")}
    return subprocess.run([sys.executable, "-m", "pytest", tests, "-q", "-p", "no:cacheprovider",
                           "--hypothesis-profile", "triage", *args],
                          cwd=REPO, env={**base, **env}, capture_output=True, text=True, timeout=600)


def live(url: str) -> dict:
    auth = ("airbyte", "password")
    workspaces = httpx.post(f"{url}/v1/workspaces/list", auth=auth).json()["workspaces"]
    connections = []
    for workspace in workspaces:
        connections += httpx.post(f"{url}/v1/web_backend/connections/list", auth=auth,
                                  json={"workspaceId": workspace["workspaceId"]}).json()["connections"]
    return {"workspaces": workspaces, "connections": connections}


def test_a_separately_started_server_passes_and_keeps_nothing(server):
    result = suite({"AIRBYTE_API_URL": server, "AIRBYTE_USERNAME": "airbyte", "AIRBYTE_PASSWORD": "password"})
    assert result.returncode == 0, result.stdout[-4000:]
    assert "/v1/web_backend/connections/create" in result.stdout  # the summary: the target was exercised
    assert live(server) == {"workspaces": [], "connections": []}


def test_the_report_header_names_target_auth_and_profile(server):
    result = suite({"AIRBYTE_API_URL": server, "AIRBYTE_API_TOKEN": "secret"}, "--collect-only", "-v",
                   tests="tests/test_state.py")
    assert f"airbyte target: {server}; auth: bearer token; run id: " in result.stdout
    assert "hypothesis profile: triage" in result.stdout
    assert "secret" not in result.stdout


def one_line_exit(result: subprocess.CompletedProcess, message: str) -> None:
    """The run ended with our status for an unusable target, our line once, and nothing of pytest's
    internals (no traceback, no "_pytest.outcomes.Exit", not pytest's internal-error status)."""
    assert result.returncode == 20, result.stdout[-2000:]
    output = result.stdout + result.stderr
    assert output.count(message) == 1, output[-2000:]
    assert result.stdout.splitlines()[-3].startswith("airbyte: ")  # then a blank line and "no tests ran"
    assert "Traceback" not in output and "_pytest" not in output and "INTERNALERROR" not in output
    assert " passed" not in result.stdout and " failed" not in result.stdout


def test_missing_credentials_end_the_run_with_one_line(server):
    result = suite({"AIRBYTE_API_URL": server})
    one_line_exit(result, "it needs credentials; set AIRBYTE_API_TOKEN or AIRBYTE_USERNAME/AIRBYTE_PASSWORD")


def test_wrong_credentials_end_the_run_with_one_line(server):
    result = suite({"AIRBYTE_API_URL": server, "AIRBYTE_USERNAME": "airbyte", "AIRBYTE_PASSWORD": "nope"})
    one_line_exit(result, "rejected the credentials (basic (airbyte)): answered 401")


@pytest.mark.parametrize("parallel", [(), ("-n", "2")], ids=["one process", "two workers"])
def test_an_unreachable_target_ends_the_run_with_one_line(parallel):
    result = suite({"AIRBYTE_API_URL": "http://127.0.0.1:9/api"}, *parallel)
    one_line_exit(result, "cannot reach the target at http://127.0.0.1:9/api")


@pytest.mark.parametrize("parallel", [(), ("-n", "2")], ids=["one process", "two workers"])
def test_a_refused_setup_ends_the_run_with_the_targets_reason(server, parallel):
    result = suite({"AIRBYTE_API_URL": server, "AIRBYTE_USERNAME": "airbyte", "AIRBYTE_PASSWORD": "password",
                    "AIRBYTE_SOURCE_CONFIG": '{"count": "many"}'}, *parallel)
    assert result.returncode == 21, result.stdout[-3000:]
    assert "/v1/sources/create answered 422: Some properties contained invalid input." in result.stdout
    assert "INTERNALERROR" not in result.stdout + result.stderr and "Traceback" not in result.stdout
    assert live(server) == {"workspaces": [], "connections": []}


@pytest.mark.parametrize(("env", "message"), [
    ({"AIRBYTE_API_URL": "localhost:8000/api"}, "must be an http(s) URL of the API root"),
    ({"AIRBYTE_TIMEOUT": "soon"}, "--airbyte-timeout / AIRBYTE_TIMEOUT (from environment) must be a number"),
    ({"AIRBYTE_SOURCE_CONFIG": "{oops"}, "AIRBYTE_SOURCE_CONFIG (from environment) is not valid JSON"),
    ({"AIRBYTE_API_TOKEN": "t", "AIRBYTE_USERNAME": "u"}, "either AIRBYTE_API_TOKEN or AIRBYTE_USERNAME"),
    ({"AIRBYTE_TIME_BUDGET": "soon"}, "AIRBYTE_TIME_BUDGET (from environment) must be a duration like 900, 45m or 8h"),
    ({"AIRBYTE_PROGRESS": "loud"}, "AIRBYTE_PROGRESS (from environment) must be one of auto, live, lines, off"),
    ({"AIRBYTE_FUZZ_DB": "redis://127.0.0.1:9/0"}, "cannot reach the Redis example database at redis://127.0.0.1:9/0"),
    ({"AIRBYTE_FUZZ_DB_GITHUB": "just-a-name"}, "AIRBYTE_FUZZ_DB_GITHUB must be owner/repo or owner/repo/artifact"),
    ({"AIRBYTE_API_URL": "http://u:p@localhost:8000/api"}, "must not carry credentials (user:pass@)"),
    ({"AIRBYTE_VERIFY_TLS": "maybe"}, "AIRBYTE_VERIFY_TLS (from environment) must be true or false, got 'maybe'"),
    ({"AIRBYTE_RATE_LIMIT": "-1"}, "AIRBYTE_RATE_LIMIT (from environment) must not be negative"),
])
def test_malformed_settings_give_a_clear_error(env, message):
    result = suite(env)
    assert result.returncode == 4  # pytest's usage error
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout and "INTERNALERROR" not in result.stderr + result.stdout


@pytest.mark.parametrize(("env", "args", "message"), [
    ({}, ["--hypothesis-profile=bogus"], "--hypothesis-profile: unknown Hypothesis profile 'bogus'; the profiles "
                                         "are ci, dev, triage, nightly"),
    ({"HYPOTHESIS_PROFILE": "bogus"}, [], "HYPOTHESIS_PROFILE: unknown Hypothesis profile 'bogus'; the profiles are "
                                          "ci, dev, triage, nightly"),
    ({}, ["--airbyte-timeout=soon"], "--airbyte-timeout / AIRBYTE_TIMEOUT (from option) must be a number"),
    ({}, ["--airbyte-progress=loud"], "must be one of auto, live, lines, off, got 'loud'"),
    ({}, ["-o", "airbyte_timeout=soon"], "--airbyte-timeout / AIRBYTE_TIMEOUT (from ini) must be a number"),
])
def test_malformed_options_give_a_clear_error(env, args, message):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("AIRBYTE_", "HYPOTHESIS_"))}
    result = subprocess.run([sys.executable, "-m", "pytest", "tests", "-q", "-p", "no:cacheprovider", *args],
                            cwd=REPO, env={**base, **env}, capture_output=True, text=True, timeout=300)
    assert result.returncode == 4
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout and "INTERNALERROR" not in result.stderr + result.stdout


def test_ini_keys_are_namespaced():
    """`timeout` belongs to pytest-timeout: every ini key of ours starts with airbyte_ or reference_server_."""
    from suite.settings import OPTIONS

    assert all(o.key.startswith(("airbyte_", "reference_server_")) for o in OPTIONS)
    assert len({o.key for o in OPTIONS}) == len(OPTIONS)


@pytest.mark.parametrize("parallel", [(), ("-n", "2")], ids=["one process", "two workers"])
def test_an_unknown_fault_name_is_reported(parallel):
    result = suite({}, "--reference-server-faults", "no_such_fault", *parallel)
    assert result.returncode == 20
    assert "embedded reference server exited" in result.stdout and "no_such_fault" in result.stdout


def test_the_former_fault_option_spelling_still_works_and_is_not_documented():
    """--reference-server-fault (singular) was the flag before it matched REFERENCE_SERVER_FAULTS."""
    result = suite({}, "--reference-server-fault", "no_such_fault")
    assert result.returncode == 20 and "no_such_fault" in result.stdout
    usage = subprocess.run([sys.executable, "-m", "pytest", "--help", "-p", "no:cacheprovider"], cwd=REPO,
                           capture_output=True, text=True, timeout=120).stdout
    assert "--reference-server-faults" in usage and not re.search(r"--reference-server-fault\b(?!s)", usage)
