"""The fixture around a client's own test suite: its findings fail a run whose tests all pass."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reference_server import running

ROOT = Path(__file__).resolve().parents[2]
CLIENT_TESTS = '''
import httpx

def test_client_lists_geographies(contract_proxy):
    assert httpx.post(contract_proxy.url + "/v1/web_backend/geographies/list").status_code == 200

def test_client_asks_for_workspace_state(contract_proxy):
    body = {BODY}
    assert httpx.post(contract_proxy.url + "/v1/web_backend/workspace/state", json=body).status_code == 200
'''


@pytest.fixture(scope="module")
def server():
    with running() as srv:
        yield srv


def _client_run(tmp_path, server, body: str, *options):
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["contract_proxy.pytest_plugin"]\n')
    (tmp_path / "test_client.py").write_text(CLIENT_TESTS.replace("{BODY}", body))
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                           f"--contract-proxy-upstream={server.url}", *options], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_a_client_mistake_fails_a_green_test_run(tmp_path, server):
    done = _client_run(tmp_path, server, '{"workspaceID": "00000000-0000-0000-0000-000000000000"}',
                       f"--contract-proxy-report={tmp_path / 'out'}")
    assert "2 passed" in done.stdout
    assert "unknown property 'workspaceID': did you mean 'workspaceId'?" in done.stdout
    assert done.returncode == 1, done.stdout + done.stderr
    assert (tmp_path / "out" / "junit.xml").read_text().count("<failure") == 2  # unknown, and required missing


def test_a_clean_client_passes(tmp_path, server):
    done = _client_run(tmp_path, server, '{"workspaceId": "00000000-0000-0000-0000-000000000000"}')
    assert done.returncode == 0, done.stdout + done.stderr
    assert "findings: 0 info, 0 warning, 0 error" in done.stdout
