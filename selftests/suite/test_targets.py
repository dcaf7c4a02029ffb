"""The suite against a target it did not start: it passes, leaves nothing behind, and ends with one
clear line when the target is unreachable, refuses the credentials, or an option is malformed."""

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def server(tmp_path):
    """A reference server started separately, with basic auth on."""
    port_file = tmp_path / "port"
    process = subprocess.Popen([sys.executable, "-m", "reference_server", "--port", "0", "--db",
                                str(tmp_path / "db.sqlite"), "--port-file", str(port_file),
                                "--basic-auth", "airbyte:password"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not (port_file.exists() and port_file.read_text().strip().isdigit()):
        assert time.monotonic() < deadline and process.poll() is None, "the reference server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port_file.read_text().strip()}/api"
    process.terminate()
    process.wait(timeout=10)


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


def test_missing_credentials_end_the_run_with_one_line(server):
    result = suite({"AIRBYTE_API_URL": server})
    assert result.returncode == 3
    assert "it needs credentials; set AIRBYTE_API_TOKEN or AIRBYTE_USERNAME/AIRBYTE_PASSWORD" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert " passed" not in result.stdout and " failed" not in result.stdout


def test_wrong_credentials_end_the_run_with_one_line(server):
    result = suite({"AIRBYTE_API_URL": server, "AIRBYTE_USERNAME": "airbyte", "AIRBYTE_PASSWORD": "nope"})
    assert result.returncode == 3
    assert "rejected the credentials (basic (airbyte)): answered 401" in result.stdout


def test_an_unreachable_target_ends_the_run_with_one_line():
    result = suite({"AIRBYTE_API_URL": "http://127.0.0.1:9/api"})
    assert result.returncode == 3
    assert "cannot reach the target at http://127.0.0.1:9/api" in result.stdout
    assert result.stdout.count("cannot reach") == 1


@pytest.mark.parametrize(("env", "message"), [
    ({"AIRBYTE_API_URL": "localhost:8000/api"}, "must be an http(s) URL of the API root"),
    ({"AIRBYTE_TIMEOUT": "soon"}, "--airbyte-timeout / AIRBYTE_TIMEOUT (from environment) must be a number"),
    ({"AIRBYTE_SOURCE_CONFIG": "{oops"}, "AIRBYTE_SOURCE_CONFIG (from environment) is not valid JSON"),
    ({"AIRBYTE_API_TOKEN": "t", "AIRBYTE_USERNAME": "u"}, "either AIRBYTE_API_TOKEN or AIRBYTE_USERNAME"),
    ({"AIRBYTE_TIME_BUDGET": "soon"}, "AIRBYTE_TIME_BUDGET (from environment) must be a duration like 900, 45m or 8h"),
    ({"AIRBYTE_PROGRESS": "loud"}, "AIRBYTE_PROGRESS (from environment) must be one of auto, live, lines, off"),
    ({"AIRBYTE_FUZZ_DB": "redis://127.0.0.1:9/0"}, "cannot reach the Redis example database at redis://127.0.0.1:9/0"),
    ({"AIRBYTE_FUZZ_DB_GITHUB": "just-a-name"}, "AIRBYTE_FUZZ_DB_GITHUB must be owner/repo or owner/repo/artifact"),
])
def test_malformed_settings_give_a_clear_error(env, message):
    result = suite(env)
    assert result.returncode == 4  # pytest's usage error
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("parallel", [(), ("-n", "2")], ids=["one process", "two workers"])
def test_an_unknown_fault_name_is_reported(parallel):
    result = suite({}, "--reference-server-fault", "no_such_fault", *parallel)
    assert result.returncode == 3
    assert "embedded reference server exited" in result.stdout and "no_such_fault" in result.stdout
