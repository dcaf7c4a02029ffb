"""The schemathesis layer is part of the suite like any other test: one test id per operation, its
requests through the suite's client (credentials, rate limit, recording, the redacted replay), and
nothing written into the user's tree."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import test_schemathesis

REPO = Path(__file__).resolve().parents[2]
LAYER = str(REPO / "tests" / "test_schemathesis.py")


@pytest.fixture
def server(start_server):
    return start_server("--token", "layer-token", "--fault", "not_found_as_500")


def run(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("AIRBYTE_", "HYPOTHESIS_"))}
    return subprocess.run([sys.executable, "-m", "pytest", "-c", str(REPO / "tox.ini"), "--rootdir", str(REPO),
                           "-p", "no:cacheprovider", "--hypothesis-profile=ci", "--airbyte-progress=off", *args],
                          cwd=cwd, env={**base, **(env or {})}, capture_output=True, text=True, timeout=600)


def test_one_test_id_per_operation(tmp_path):
    result = run(tmp_path, "--collect-only", "-q", LAYER)
    ids = [line for line in result.stdout.splitlines() if "::test_generic_checks[" in line]
    assert len(ids) == len(set(ids)) == len(test_schemathesis.READ_ONLY), result.stdout
    assert all(any(path in i for i in ids) for path in test_schemathesis.READ_ONLY)


def test_the_layer_goes_through_the_suites_client(tmp_path, server):
    work = tmp_path / "cwd"
    work.mkdir()
    cache_before = (REPO / ".schemathesis").exists()
    result = run(work, LAYER, "--airbyte-rate-limit=25", "--airbyte-fuzz-db=none",
                 env={"AIRBYTE_API_URL": server, "AIRBYTE_API_TOKEN": "layer-token"})
    # the token reached the server (else: exit 20), the fault was found, and shown with our redacted replay
    assert result.returncode == 1, result.stdout[-3000:]
    assert any(line.startswith("FAILED") and "::test_generic_checks[/v1/web_backend/connections/get]" in line
               for line in result.stdout.splitlines()), result.stdout[-3000:]
    assert "Authorization: Bearer ***" in result.stdout and "layer-token" not in result.stdout
    # its requests are counted and within the rate limit like every other request of the run
    summary = next(line for line in result.stdout.splitlines() if "requests:" in line and "/s)" in line)
    assert "/v1/web_backend/geographies/list" in result.stdout
    rate = float(summary.rsplit("(", 1)[1].split("/s")[0])
    assert 0 < rate <= 25 * 1.05, summary
    # nothing written where it ran, nor schemathesis' .schemathesis/ cache into the project
    assert list(work.iterdir()) == []
    assert (REPO / ".schemathesis").exists() == cache_before
