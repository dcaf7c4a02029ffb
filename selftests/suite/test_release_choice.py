"""The suite checks a target against the contract set of the release it runs: told, reported, or matched by
its served document; a release without a set ends the run with one line; setup speaks that release."""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from contracts import releases
from selftests.suite.test_targets import one_line_exit, suite

ORGANIZATION = "11111111-2222-3333-4444-555555555555"


def v2_document() -> dict:
    """A document whose models are exactly the v2.0.0 contracts (as a v2.0.0 server's would match them)."""
    root = releases.directory("v2.0.0") / "schemas"
    schemas = {}
    for path in root.glob("*.json"):
        text = path.read_text().replace('"$ref": "', '"$ref": "#/components/schemas/').replace('.json"', '"')
        schemas[path.stem] = {k: v for k, v in json.loads(text).items() if k not in ("$schema", "$id")}
    return {"openapi": "3.0.0", "info": {"version": "1.0.0"}, "paths": {}, "components": {"schemas": schemas}}


@pytest.fixture
def fake_target():
    """A stand-in for a newer Airbyte: health, instance_configuration and openapi as configured; records the
    bodies it was sent; answers 404 to any other path (as Airbyte 2.0 does to geographies/list)."""
    answers, received = {}, []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            received.append((self.path, self.rfile.read(length).decode() if length else ""))
            status, body = answers.get(self.path, (404, {"message": "no such path"}))
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _answer

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    answers["/api/v1/health"] = (200, {"available": True})
    answers["/api/v1/web_backend/check_updates"] = (200, {"destinationDefinitions": 0, "sourceDefinitions": 0})
    yield f"http://127.0.0.1:{server.server_address[1]}/api", answers, received
    server.shutdown()
    server.server_close()


def instance(version: str) -> tuple[int, dict]:
    """As an open-source 2.0.0 answers: no defaultWorkspaceId nor licenseStatus (instance-configuration-partial)."""
    return 200, {"version": version, "defaultOrganizationId": ORGANIZATION, "edition": "community",
                 "auth": {"mode": "none"}, "airbyteUrl": "http://localhost:8000", "initialSetupComplete": True,
                 "defaultUserId": ORGANIZATION, "defaultOrganizationEmail": "a@b.c", "trackingStrategy": "logging"}


def header(env: dict) -> str:
    return suite(env, "--collect-only", "-v", tests="tests/test_state.py").stdout


def test_a_version_without_a_contract_set_ends_the_run_with_one_line(fake_target):
    url, answers, _ = fake_target
    answers["/api/v1/instance_configuration"] = instance("1.8.0")
    result = suite({"AIRBYTE_API_URL": url}, "-v", tests="tests/test_state.py")
    assert "airbyte contracts: none (the target's release has no contract set)" in result.stdout
    one_line_exit(result, "the target runs Airbyte 1.8.0, which has no contract set (supported: v0.42.1, v2.0.0; "
                          f"nearest: v0.42.1, v2.0.0); see how far it is from one with `python -m contracts.drift "
                          f"{url}/v1/openapi --release v2.0.0`")


def test_the_reported_version_picks_its_set_and_the_header_names_it(fake_target):
    url, answers, _ = fake_target
    answers["/api/v1/instance_configuration"] = instance("2.0.0")
    assert "airbyte contracts: v2.0.0 (the target reports version 2.0.0)" in header({"AIRBYTE_API_URL": url})


def test_the_served_document_picks_the_set_it_matches(fake_target):
    url, answers, _ = fake_target
    answers["/api/v1/openapi"] = (200, v2_document())
    out = header({"AIRBYTE_API_URL": url})
    assert "airbyte contracts: v2.0.0 (its served document matches these contracts)" in out


def test_a_build_without_a_release_version_is_recognised_by_its_served_document(fake_target):
    url, answers, _ = fake_target
    answers["/api/v1/instance_configuration"] = instance("dev")
    answers["/api/v1/openapi"] = (200, v2_document())
    out = header({"AIRBYTE_API_URL": url})
    assert "airbyte contracts: v2.0.0 (its served document matches these contracts)" in out


def test_a_pinned_airbyte_is_recognised_by_its_served_document(fake_target, pinned_document):
    url, answers, _ = fake_target  # Airbyte 0.42 has no instance_configuration: the fake answers it 500
    answers["/api/v1/openapi"] = (200, pinned_document)
    out = header({"AIRBYTE_API_URL": url})
    assert "airbyte contracts: v0.42.1 (its served document matches these contracts)" in out


def test_the_option_overrides_what_the_target_reports(fake_target):
    url, answers, _ = fake_target
    answers["/api/v1/instance_configuration"] = instance("2.0.0")
    out = header({"AIRBYTE_API_URL": url, "AIRBYTE_VERSION": "v0.42.1"})
    assert "airbyte contracts: v0.42.1 (from --airbyte-version / AIRBYTE_VERSION)" in out


def test_the_embedded_server_is_checked_against_the_default_set():
    assert "airbyte contracts: v0.42.1 (the embedded reference server's release)" in header({})


@pytest.mark.parametrize("env, message", [
    ({"AIRBYTE_VERSION": "1.8"}, "no contract set for '1.8'; supported: v0.42.1, v2.0.0 (or auto)"),
])
def test_a_version_option_without_a_set_is_a_usage_error(env, message):
    result = suite(env, tests="tests/test_state.py")
    assert result.returncode == 4, result.stdout[-2000:]
    assert message in result.stderr


def test_setup_on_v2_creates_the_workspace_in_the_default_organization(fake_target):
    url, answers, received = fake_target  # the probe takes check_updates: geographies/list is gone in 2.0
    answers["/api/v1/instance_configuration"] = instance("2.0.0")
    answers["/api/v1/workspaces/create"] = (500, {"message": "not emulated"})
    result = suite({"AIRBYTE_API_URL": url}, tests="tests/test_state.py")
    assert result.returncode == 21, result.stdout[-2000:]  # the fake refuses the workspace: setup refused
    creates = [json.loads(body) for path, body in received if path == "/api/v1/workspaces/create"]
    assert creates and creates[0]["organizationId"] == ORGANIZATION
    assert "/v1/workspaces/create answered 500: not emulated" in result.stdout


def test_the_embedded_server_emulates_the_release_asked_for():
    """--airbyte-version picks the contracts and the release the embedded server emulates: web_backend/config
    exists only at v2.0.0 (a v0.42.1 server answers it 404)."""
    result = suite({"AIRBYTE_VERSION": "v2.0.0"}, "-v", "-k", "webapp_config", tests="tests/test_operations.py")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "airbyte contracts: v2.0.0 (from --airbyte-version / AIRBYTE_VERSION)" in result.stdout
    assert "1 passed" in result.stdout
    assert re.search(r"/v1/web_backend/config +200x1", result.stdout)


def test_a_separately_started_v2_server_is_checked_as_v2_without_options(start_server):
    """No option: the suite reads the version the server reports (2.0.0), picks the v2.0.0 set, and the whole
    suite passes against the reference server emulating v2.0.0."""
    url = start_server("--airbyte-version", "v2.0.0")
    result = suite({"AIRBYTE_API_URL": url}, "-v")
    assert "airbyte contracts: v2.0.0 (the target reports version 2.0.0)" in result.stdout, result.stdout[-3000:]
    assert result.returncode == 0, result.stdout[-4000:]
