"""Sync and reset jobs, the job fields of the webBackend reads, sources/destinations list and update, unknown
paths, workspace slugs (BEHAVIOUR.md, "Jobs" and "Setup endpoints")."""

from __future__ import annotations

import re
import time

import pytest

from reference_server import running
from reference_server.definitions import DEV_NULL, E2E_SOURCE
from selftests.reference_server.client import Api, World

MOCK = {"type": "SINGLE_STREAM", "stream_name": "s", "stream_schema": '{"type": "object", "properties": {}}'}


@pytest.fixture(scope="module")
def fast():
    with running(sync_ms=100) as srv:
        client = Api(srv.url)
        yield client
        client.close()


def _e2e(api, world, **config):
    body = {"workspaceId": world.workspace_id, "name": "e2e", "sourceDefinitionId": E2E_SOURCE,
            "connectionConfiguration": {"max_messages": 1, "mock_catalog": MOCK, **config}}
    return api.call("/v1/sources/create", body)


def _wait(api, job_id):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        job = api.call("/v1/jobs/get", {"id": job_id})["job"]
        if job["status"] in ("succeeded", "failed"):
            return job
        time.sleep(0.02)
    raise AssertionError("job did not end")


def test_a_sync_runs_then_ends_and_the_reads_follow(fast):
    world = World(fast)
    cid = fast.connection(world)["connectionId"]
    assert {k for k in fast.get(cid) if k.startswith("latestSync")} == set()
    started = fast.call("/v1/connections/sync", {"connectionId": cid})
    assert started["job"]["status"] == "running" and started["job"]["configType"] == "sync"
    assert fast.get(cid)["isSyncing"] is True
    assert fast.refused("/v1/connections/sync", {"connectionId": cid}, expect=409)["message"].startswith(
        "A sync is already running for: ")
    job = _wait(fast, started["job"]["id"])
    read = fast.get(cid)
    assert (read["isSyncing"], read["latestSyncJobStatus"], read["latestSyncJobCreatedAt"]) == (
        False, "succeeded", job["createdAt"])
    assert abs(job["createdAt"] - time.time()) < 60  # seconds, not milliseconds
    item = fast.call("/v1/web_backend/connections/list", {"workspaceId": world.workspace_id})["connections"][0]
    assert (item["latestSyncJobStatus"], item["latestSyncJobCreatedAt"]) == ("succeeded", job["createdAt"])


def test_a_source_told_to_fail_fails_its_syncs_and_resets_do_not_count(fast):
    world = World(fast)
    source = _e2e(fast, world, type="EXCEPTION_AFTER_N", throw_after_n_records=1)
    cid = fast.call("/v1/web_backend/connections/create", {"sourceId": source["sourceId"], "status": "active",
                                                           "destinationId": world.destination_id})["connectionId"]
    failed = _wait(fast, fast.call("/v1/connections/sync", {"connectionId": cid})["job"]["id"])
    assert failed["status"] == "failed"
    info = fast.call("/v1/jobs/get", {"id": failed["id"]})
    assert info["attempts"][0]["attempt"]["failureSummary"]["failures"][0]["failureOrigin"] == "source"
    reset = fast.call("/v1/connections/reset", {"connectionId": cid})["job"]
    assert reset["configType"] == "reset_connection" and reset["resetConfig"] == {"streamsToReset": []}
    read = fast.get(cid)
    assert (read["isSyncing"], read["latestSyncJobStatus"]) == (False, "failed")
    listed = fast.call("/v1/jobs/list", {"configTypes": ["sync", "reset_connection"], "configId": cid})
    assert [j["job"]["configType"] for j in listed["jobs"]] == ["reset_connection", "sync"]
    assert listed["totalJobCount"] == 2
    assert fast.call("/v1/jobs/list", {"configTypes": ["sync"], "configId": cid,
                                       "pagination": {"pageSize": 0}})["jobs"] == []


def test_unknown_jobs_and_deleted_connections(api, world):
    assert api.refused("/v1/jobs/get", {"id": 987654})["message"] == (
        "Internal Server Error: Could not find job with id: 987654")
    cid = api.connection(world)["connectionId"]
    api.call("/v1/connections/delete", {"connectionId": cid}, expect=204)
    api.refused("/v1/connections/sync", {"connectionId": cid}, expect=409)
    api.refused("/v1/jobs/list", {"configTypes": [], "configId": cid}, expect=500)


def test_sources_and_destinations_list_and_update(api, world):
    other = api.workspace()["workspaceId"]
    api.source(other)
    listed = api.call("/v1/sources/list", {"workspaceId": world.workspace_id})["sources"]
    assert [s["sourceId"] for s in listed] == [world.source_id]
    updated = api.call("/v1/sources/update", {"sourceId": world.source_id, "name": "renamed",
                                              "connectionConfiguration": {"count": 3}})
    assert (updated["name"], updated["connectionConfiguration"]) == ("renamed", {"count": 3})
    assert api.call("/v1/sources/get", {"sourceId": world.source_id}) == updated
    api.refused("/v1/sources/update", {"sourceId": world.source_id, "name": "x",
                                       "connectionConfiguration": {"count": 0}}, expect=422)
    dest = api.call("/v1/destinations/update", {"destinationId": world.destination_id, "name": "d2",
                                                "connectionConfiguration": {"type": "SILENT"}})
    assert dest["name"] == "d2"
    assert api.call("/v1/destinations/list", {"workspaceId": world.workspace_id})["destinations"] == [dest]
    api.call("/v1/sources/delete", {"sourceId": world.source_id}, expect=204)
    assert api.call("/v1/sources/list", {"workspaceId": world.workspace_id})["sources"] == []


def test_unknown_paths_are_answered_like_airbyte(api):
    response = api.raw("/v1/sources/nothing", {})
    assert response.status_code == 404 and response.text == "Object not found."
    assert response.headers["content-type"] == "application/json"


def test_workspace_slugs_are_unique_and_flags_false(api):
    first = api.workspace(name="Same Name")
    second = api.workspace(name="Same Name")
    assert first["slug"] == "same-name" and re.fullmatch(r"same-name-[A-Za-z]{8}", second["slug"])
    assert (first["anonymousDataCollection"], first["news"], first["securityUpdates"]) == (False, False, False)


def test_check_updates_counts_definitions_the_remote_catalog_tags_otherwise():
    remote = {"sourceDefinitions": [{"sourceDefinitionId": E2E_SOURCE, "dockerImageTag": "9.9.9"},
                                    {"sourceDefinitionId": "00000000-0000-0000-0000-000000000001",
                                     "dockerImageTag": "1.0.0"}],
              "destinationDefinitions": [{"destinationDefinitionId": DEV_NULL, "dockerImageTag": "0.1.1"}]}
    with running(remote_catalog=remote) as srv:
        client = Api(srv.url)
        assert client.call("/v1/web_backend/check_updates") == {"sourceDefinitions": 1, "destinationDefinitions": 0}
        client.close()


def test_check_updates_without_a_remote_catalog_is_zero(api):
    assert api.call("/v1/web_backend/check_updates") == {"sourceDefinitions": 0, "destinationDefinitions": 0}
