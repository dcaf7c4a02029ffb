"""Probes of the faults in jobs, refresh and workspaces (selftests/reference_server/test_faults.py runs them):
each returns True when it sees the misbehaviour."""

from __future__ import annotations

import copy
import json
import time

from reference_server.definitions import E2E_SOURCE
from selftests.reference_server.client import Api, World

CREATE, UPDATE, GET, LIST = ("/v1/web_backend/connections/create", "/v1/web_backend/connections/update",
                             "/v1/web_backend/connections/get", "/v1/web_backend/connections/list")


def create_connection(api: Api, world: World, **fields):
    """An active connection of the world's source and destination (the raw answer)."""
    body = {"sourceId": world.source_id, "destinationId": world.destination_id, "status": "active", **fields}
    return api.raw(CREATE, body)


def _synced(api, world, *paths) -> dict:
    """A connection that ran these jobs one after the other (each waited for); its webBackend read."""
    cid = create_connection(api, world).json()["connectionId"]
    for path in paths:
        api.raw(path, {"connectionId": cid})
        time.sleep(0.35)  # the server's default job run time is 300 ms
    return api.raw(GET, {"connectionId": cid}).json()


def is_syncing_always_false(api, world):
    cid = create_connection(api, world).json()["connectionId"]
    api.raw("/v1/connections/sync", {"connectionId": cid})
    return api.raw(GET, {"connectionId": cid}).json()["isSyncing"] is False


def latest_job_includes_resets(api, world):
    cid = create_connection(api, world).json()["connectionId"]
    api.raw("/v1/connections/sync", {"connectionId": cid})
    time.sleep(0.35)
    api.raw("/v1/connections/reset", {"connectionId": cid})
    return api.raw(GET, {"connectionId": cid}).json()["latestSyncJobStatus"] == "running"


def latest_job_oldest(api, world):
    cid = create_connection(api, world).json()["connectionId"]
    api.raw("/v1/connections/sync", {"connectionId": cid})
    time.sleep(0.35)
    api.raw("/v1/connections/sync", {"connectionId": cid})  # the newest sync runs; the oldest has ended
    return api.raw(GET, {"connectionId": cid}).json()["latestSyncJobStatus"] == "succeeded"


def job_created_at_in_ms(api, world):
    return _synced(api, world, "/v1/connections/sync")["latestSyncJobCreatedAt"] > 10**11


def list_without_job_fields(api, world):
    _synced(api, world, "/v1/connections/sync")
    item = api.raw(LIST, {"workspaceId": world.workspace_id}).json()["connections"][0]
    return "latestSyncJobStatus" not in item


def duplicate_workspace_slugs(api, world):
    return api.workspace(name="twin")["slug"] == api.workspace(name="twin")["slug"]


def workspace_flags_omitted(api, world):
    return "news" not in api.workspace()


def _e2e_refresh(api, world, preference: str, primary_key: list, after: dict, before: dict | None = None) -> dict:
    def config(streams):
        return {"max_messages": 1, "mock_catalog": {"type": "MULTI_STREAM", "stream_schemas": json.dumps(streams)}}

    before = before or {"s": {"properties": {"k": {"type": "string"}}}}
    source = api.raw("/v1/sources/create", {"workspaceId": world.workspace_id, "name": "e2e", "sourceDefinitionId":
                                            E2E_SOURCE, "connectionConfiguration": config(before)}).json()
    found = api.discover(source["sourceId"])
    entry = found["catalog"]["streams"][0]
    stream_config = dict(entry["config"], destinationSyncMode="append_dedup" if primary_key else "append",
                         primaryKey=primary_key)
    cid = api.raw(CREATE, {"sourceId": source["sourceId"], "destinationId": world.destination_id, "status": "active",
                           "nonBreakingChangesPreference": preference, "sourceCatalogId": found["catalogId"],
                           "syncCatalog": {"streams": [{"stream": entry["stream"], "config": stream_config}]}}
                  ).json()["connectionId"]
    api.raw("/v1/sources/update", {"sourceId": source["sourceId"], "name": "e2e",
                                   "connectionConfiguration": config(after)})
    return api.raw(GET, {"connectionId": cid, "withRefreshedCatalog": True}).json()


def removed_key_not_breaking(api, world):
    return _e2e_refresh(api, world, "ignore", [["k"]], {"s": {"properties": {}}})["status"] == "active"


def disable_preference_ignored(api, world):
    after = {"s": {"properties": {"k": {"type": "string"}, "n": {"type": "string"}}}}
    return _e2e_refresh(api, world, "disable", [], after)["status"] == "active"


def schema_change_ignores_breaking(api, world):
    return _e2e_refresh(api, world, "ignore", [["k"]], {"s": {"properties": {}}})["schemaChange"] != "breaking"


def _field_names(read: dict) -> list:
    return [f["fieldName"] for t in read["catalogDiff"]["transforms"] for f in t.get("updateStream", [])]


def diff_skips_array_items(api, world):
    def schema(item):
        return {"s": {"properties": {"k": {"type": "string"}, "a": {"type": "array", "items": item}}}}

    read = _e2e_refresh(api, world, "ignore", [], schema({"type": "string"}), schema({"type": "integer"}))
    return ["a", "items"] not in _field_names(read)


def diff_skips_oneof(api, world):
    def schema(branch):
        return {"s": {"properties": {"k": {"type": "string"}, "u": {"type": "object", "oneOf": [
            {"type": "object", "properties": branch}]}}}}

    read = _e2e_refresh(api, world, "ignore", [], schema({}), schema({"x": {"type": "string"}}))
    return ["u", "x"] not in _field_names(read)


def update_keeps_breaking_change(api, world):
    source = api.raw("/v1/sources/create", {"workspaceId": world.workspace_id, "name": "e2e", "sourceDefinitionId":
                                            E2E_SOURCE, "connectionConfiguration": {"max_messages": 1, "mock_catalog": {
                                                "type": "SINGLE_STREAM", "stream_name": "s",
                                                "stream_schema": '{"properties": {"k": {"type": "string"}}}'}}}).json()
    found = api.discover(source["sourceId"])
    entry = found["catalog"]["streams"][0]
    cid = api.raw(CREATE, {"sourceId": source["sourceId"], "destinationId": world.destination_id, "status": "active",
                           "sourceCatalogId": found["catalogId"], "syncCatalog": found["catalog"]}
                  ).json()["connectionId"]
    gone = copy.deepcopy(entry["stream"])
    gone["jsonSchema"]["properties"]["gone"] = {"type": "string"}  # the key is a column discovery does not have
    api.raw(UPDATE, {"connectionId": cid, "syncCatalog": {"streams": [{"stream": gone, "config": dict(
        entry["config"], destinationSyncMode="append_dedup", primaryKey=[["gone"]])}]}})
    return api.raw("/v1/connections/get", {"connectionId": cid}).json()["breakingChange"] is False
