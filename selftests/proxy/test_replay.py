"""A session recorded through the proxy replays against another server: the same answers (ids mapped)
from a server that behaves the same, and each difference named from one that does not. Also: the proxy
reports an answer that breaks its response contract."""

from __future__ import annotations

import pytest

from contract_proxy import replay
from contract_proxy.server import running as proxy
from contract_proxy.session import Session
from reference_server import running
from selftests.reference_server.client import Api, World


def _record(path, faults=()):
    with running(faults=faults) as server:
        origin = server.url.removesuffix("/api")
        with proxy(origin, Session(origin, live=None, record=path), root="/api") as front:
            api = Api(front.url, check_contracts=not faults)
            world = World(api)
            made = api.connection(world, syncCatalog=world.catalog)
            api.get(made["connectionId"])
            api.update(made["connectionId"], name="renamed")
            api.close()
            return front.session


@pytest.fixture(scope="module")
def recording(tmp_path_factory):
    path = tmp_path_factory.mktemp("recording") / "session.jsonl"
    _record(path)
    return replay.load(path)


def test_a_replay_against_a_server_that_behaves_the_same_finds_no_difference(recording):
    with running() as other:
        assert replay.replay(recording, other.url.removesuffix("/api")) == []


def test_a_replay_names_each_answer_that_changed(recording):
    with running(faults=["wrong_default_namespace_definition"]) as other:
        found = replay.replay(recording, other.url.removesuffix("/api"))
    where = {(d.operation, d.where, d.recorded, d.replayed) for d in found}
    assert ("/api/v1/web_backend/connections/create", "$.namespaceDefinition", "source", "destination") in where


def test_an_answer_breaking_its_contract_is_a_response_finding(tmp_path):
    session = _record(tmp_path / "faulty.jsonl", faults=["missing_required_response_field"])
    found = {(f.direction, f.operation, f.message) for f in session.findings}
    assert ("response", "/v1/web_backend/connections/get", "'schemaChange' is a required property") in found


def test_the_replay_command_names_differences_and_exits_1(tmp_path):
    import subprocess
    import sys
    _record(tmp_path / "s.jsonl")
    with running(faults=["wrong_default_namespace_definition"]) as other:
        done = subprocess.run([sys.executable, "-m", "contract_proxy", "replay", str(tmp_path / "s.jsonl"),
                               "--upstream", other.url], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    assert "$.namespaceDefinition: recorded \"source\", now \"destination\"" in done.stdout
