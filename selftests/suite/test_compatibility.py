"""Compatibility mode (--airbyte-client-version): the run judges a target by an older client's release, sets
up the target's way, reports fields new to the client as additive and every other difference as a failure;
`python -m suite.upgrade` puts that run beside the documents' comparison."""

from __future__ import annotations

import json
import subprocess
import sys

import hypothesis.errors
import pytest

from contracts import Violation, releases
from selftests.suite.test_targets import REPO, suite
from suite import checks, each_test, quirks, release
from suite import upgrade as upgrade_module
from suite.checks import conformance
from suite.client import Exchange

STATE = "/v1/web_backend/workspace/state"
V2_SERVER = {"AIRBYTE_VERSION": "v2.0.0", "AIRBYTE_CLIENT_VERSION": "v0.42.1"}


def exchange(path: str, status: int, body) -> Exchange:
    return Exchange("POST", "http://127.0.0.1:1/api" + path, path, {}, False, status,
                    {"content-type": "application/json"}, json.dumps(body), 0.01)


@pytest.fixture
def compatibility(monkeypatch):
    """A v0.42.1 client's view of a v2.0.0 target, and a fresh record of the additive fields met."""
    fresh = quirks.Quirks()
    monkeypatch.setattr(quirks, "ADDITIVE", fresh)
    releases.use("v0.42.1")
    release.set_target("v2.0.0")
    yield fresh
    release.set_target(None)
    releases.use(releases.DEFAULT)


NEW_FIELDS = Violation("$.syncCatalog.streams[0].config", "Additional properties are not allowed ('hashedFields', "
                                                         "'mappers' were unexpected)", "additionalProperties")
WRONG_TYPE = Violation("$.catalogDiff.transforms[0].updateStream", "{} is not of type 'array'", "type")
GET = "/v1/web_backend/connections/get"


def test_a_field_new_to_the_client_is_additive(compatibility):
    assert conformance._only_new_fields(exchange(GET, 200, {}), "WebBackendConnectionRead", [NEW_FIELDS])
    assert [row["rule"] for row in compatibility.rows()] == [
        f"{GET} WebBackendConnectionRead $.syncCatalog.streams[].config: hashedFields, mappers (new in v2.0.0; "
        "unknown to v0.42.1)"]


def test_a_new_field_beside_another_violation_still_fails(compatibility):
    assert not conformance._only_new_fields(exchange(GET, 200, {}), "WebBackendConnectionRead",
                                            [NEW_FIELDS, WRONG_TYPE])
    assert compatibility.rows() == []


def test_outside_compatibility_mode_a_new_field_fails(monkeypatch):
    monkeypatch.setattr(quirks, "ADDITIVE", quirks.Quirks())
    assert release.compatibility() is None
    assert not conformance._only_new_fields(exchange(GET, 200, {}), "WebBackendConnectionRead", [NEW_FIELDS])
    assert quirks.ADDITIVE.rows() == []


def test_new_fields_are_removed_where_the_violation_points():
    body = {"streams": [{"config": {"selected": True, "mappers": [], "hashedFields": []}}, {"config": {}}]}
    found = [Violation("$.streams[0].config", "Additional properties are not allowed ('hashedFields', 'mappers' "
                                              "were unexpected)", "additionalProperties")]
    assert conformance._as_the_client_reads(body, found) == {"streams": [{"config": {"selected": True}},
                                                                         {"config": {}}]}
    assert body["streams"][0]["config"]["mappers"] == []  # the exchange's body is left as it came


def test_a_failure_hypothesis_could_not_replay_is_reported_as_the_check_that_failed():
    try:
        try:
            checks.accepted_answer(exchange(STATE, 404, {"message": "gone"}))
        except checks.CheckFailure:
            raise hypothesis.errors.FlakyStrategyDefinition("Inconsistent data generation!") from None
    except hypothesis.errors.Flaky as flaky:
        found = each_test._check_behind_flaky(flaky.with_traceback(None))
    assert isinstance(found, checks.CheckFailure) and found.failure.check == "accepted_answer"
    assert each_test._check_behind_flaky(ValueError("x")).__class__ is ValueError


def test_setup_is_the_target_s_and_the_header_names_both_releases():
    """A v0.42.1 client cannot create a workspace on v2.0.0 (it needs an organization): the run does, the
    v2.0.0 way, and judges the answers by v0.42.1."""
    result = suite(V2_SERVER, "-v", tests="tests/test_state.py")
    assert ("airbyte contracts: v0.42.1, compatibility mode: what a v0.42.1 client meets on a target running "
            "v2.0.0 (from --airbyte-version / AIRBYTE_VERSION); setup done the v2.0.0 way") in result.stdout
    assert result.returncode == 0, result.stdout[-3000:]


def test_a_client_of_v0_42_1_meets_the_removal_of_geographies():
    result = suite(V2_SERVER, "-k", "geographies_are_well_formed", tests="tests/test_operations.py")
    assert result.returncode == 1, result.stdout[-3000:]
    assert "/v1/web_backend/geographies/list: a valid request was refused" in result.stdout
    assert "received: 404" in result.stdout


def test_the_same_release_on_both_sides_is_a_plain_run():
    result = suite({"AIRBYTE_VERSION": "v2.0.0", "AIRBYTE_CLIENT_VERSION": "2.0.4"}, "--collect-only", "-v",
                   tests="tests/test_state.py")
    assert "airbyte contracts: v2.0.0 (from --airbyte-version / AIRBYTE_VERSION)" in result.stdout
    assert "compatibility mode" not in result.stdout


def test_a_client_version_without_a_set_is_a_usage_error():
    result = suite({"AIRBYTE_CLIENT_VERSION": "1.8"}, tests="tests/test_state.py")
    assert result.returncode == 4
    assert "--airbyte-client-version / AIRBYTE_CLIENT_VERSION: no contract set for '1.8'" in result.stderr


def test_findings_group_by_check_and_title_whatever_the_ids_and_values():
    failures = [
        {"test": "t1", "check": "patched_fields", "title": "update: geography is wrong after a patch where it was "
                                                          "sent 'eu'", "expected": "'eu'", "received": "(absent)"},
        {"test": "t2", "check": "patched_fields", "title": "update: geography is wrong after a patch where it was "
                                                          "sent 'us'", "expected": "'us'", "received": "(absent)"},
        {"test": "t3", "check": "documented_status", "title": "x: undocumented status 409", "expected": "",
         "received": "409"},
        {"test": "t4", "phase": "setup", "same_as": "t1"},
        {"test": "t5", "check": "schema_conformance", "title": "/v1/x: 422 response violates contract E"},
        {"test": "t6", "check": "schema_conformance", "title": "/v1/x: 500 response violates contract E"},
    ]
    found = upgrade_module.group(failures)
    assert sorted((f["check"], len(f["tests"]), upgrade_module.level(f)) for f in found) == [
        ("documented_status", 1, "warning"), ("patched_fields", 2, "error"), ("schema_conformance", 1, "error"),
        ("schema_conformance", 1, "error")]


def test_the_upgrade_command_reports_what_a_v0_42_1_client_meets_on_v2(tmp_path):
    result = subprocess.run([sys.executable, "-m", "suite.upgrade", "v0.42.1", "v2.0.0", "--profile", "triage",
                             "--output-dir", str(tmp_path)], cwd=REPO, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-2000:]
    documents = (tmp_path / "upgrade-v0.42.1-to-v2.0.0.md").read_text()
    behaviour = (tmp_path / "upgrade-v0.42.1-to-v2.0.0-behaviour.md").read_text()
    assert "`/v1/web_backend/geographies/list` | api-path-removed-without-deprecation" in documents
    assert "### /v1/web_backend/geographies/list: a valid request was refused" in behaviour
    assert "'message' is a required property" in behaviour  # the error bodies v2.0.0 answers with errorId only
    assert "hashedFields, includeFiles, mappers (new in v2.0.0; unknown to v0.42.1)" in behaviour
    assert (tmp_path / "compatibility-run" / "summary.json").is_file()


def test_the_upgrade_command_names_a_release_without_a_set_in_one_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "suite.upgrade", "v0.42.1", "v1.8.0", "--output-dir",
                             str(tmp_path)], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith("upgrade: no contract set for release 'v1.8.0'")
    assert "Traceback" not in result.stderr
