"""v2.0.0: operations (releases/v2_0_0/operators.py), a refused statement (errors.database_error), syncs
(jobs.py), sourceDefinedCursor on reads (stream_fields.py) and the catalog diff (catalog_diff.py)."""

from __future__ import annotations

import pytest

from reference_server.releases.v2_0_0 import catalog_diff

CREATE = "/v1/web_backend/connections/create"


def _pair(v2, workspace_id):
    return v2.source(workspace_id), v2.destination(workspace_id)


def test_normalization_and_dbt_operations_keep_only_their_type(v2, workspace_id):
    source, destination = _pair(v2, workspace_id)
    operations = [{"workspaceId": workspace_id, "name": "n",
                   "operatorConfiguration": {"operatorType": "normalization"}},
                  {"workspaceId": workspace_id, "name": "d", "operatorConfiguration": {
                      "operatorType": "dbt", "dbt": {"gitRepoUrl": "https://example.invalid/r.git"}}}]
    made = v2.connection(source, destination, operations=operations)
    assert sorted((o["name"], o["operatorConfiguration"]) for o in made["operations"]) == [
        ("d", {"operatorType": "dbt"}), ("n", {"operatorType": "normalization"})]


def test_a_webhook_on_any_host_reads_as_dbt_cloud_and_one_without_branch_is_a_500(v2, workspace_id):
    source, destination = _pair(v2, workspace_id)
    url = "https://dbt.example.invalid/api/v2/accounts/3/jobs/4/run/"
    hook = {"workspaceId": workspace_id, "name": "w",
            "operatorConfiguration": {"operatorType": "webhook", "webhook": {"executionUrl": url}}}
    made = v2.connection(source, destination, operations=[hook])
    assert made["operations"][0]["operatorConfiguration"]["webhook"]["dbtCloud"] == {"accountId": 3, "jobId": 4}
    bare = {**hook, "operatorConfiguration": {"operatorType": "webhook"}}
    body = {"sourceId": source["sourceId"], "destinationId": destination["destinationId"], "operations": [bare]}
    assert v2.raw(CREATE, body).status_code == 500


def test_a_name_over_the_column_is_a_409(v2, workspace_id):
    source, destination = _pair(v2, workspace_id)
    refused = v2.raw(CREATE, {"sourceId": source["sourceId"], "destinationId": destination["destinationId"],
                              "name": "x" * 257})
    assert refused.status_code == 409 and refused.json()["message"].startswith("Failed to access database")


def test_reads_answer_source_defined_cursor_and_only_active_connections_sync(v2, workspace_id):
    source, destination = _pair(v2, workspace_id)
    made = v2.connection(source, destination)
    for entry in made["syncCatalog"]["streams"]:
        assert isinstance(entry["stream"]["sourceDefinedCursor"], bool)
    v2.call("/v1/web_backend/connections/update", {"connectionId": made["connectionId"], "status": "inactive"})
    assert v2.raw("/v1/connections/sync", {"connectionId": made["connectionId"]}).status_code == 500
    v2.call("/v1/web_backend/connections/update", {"connectionId": made["connectionId"], "status": "active"})
    job = v2.call("/v1/connections/sync", {"connectionId": made["connectionId"]})["job"]
    assert v2.call("/v1/jobs/get", {"id": job["id"]})["job"]["configType"] == "sync"


class _Faults:
    def on(self, name):
        return False


def _catalog(schema: dict, key=None) -> dict:
    stream = {"name": "s", "jsonSchema": schema, "sourceDefinedPrimaryKey": key or []}
    return {"streams": [{"stream": stream, "config": {}}]}


@pytest.mark.parametrize("configured", [False, True])
def test_the_diff_updates_configured_streams_only_with_the_v2_shape(configured):
    old = _catalog({"type": "object", "properties": {"a": {"type": "string"}}}, [["a"]])
    new = _catalog({"type": "object", "properties": {}}, [["b"]])
    config = [{"stream": old["streams"][0]["stream"], "syncMode": "full_refresh", "cursorField": [],
               "destinationSyncMode": "overwrite_dedup", "primaryKey": [["a"]]}] if configured else []
    found = catalog_diff.diff(old, new, config, _Faults())
    if not configured:
        assert found == {"transforms": []}
        return
    update = found["transforms"][0]["updateStream"]
    assert [f["breaking"] for f in update["fieldTransforms"]] == [True]
    assert update["streamAttributeTransforms"] == [{"transformType": "update_primary_key", "breaking": True,
                                                    "updatePrimaryKey": {"oldPrimaryKey": [["a"]],
                                                                         "newPrimaryKey": [["b"]]}}]
    assert catalog_diff.breaking(found)


def test_an_operation_in_an_unknown_workspace_is_a_404(v2, workspace_id):
    source, destination = _pair(v2, workspace_id)
    stray = {"workspaceId": "00000000-0000-0000-0000-0000000000aa", "name": "o",
             "operatorConfiguration": {"operatorType": "normalization"}}
    body = {"sourceId": source["sourceId"], "destinationId": destination["destinationId"], "operations": [stray]}
    assert v2.raw(CREATE, body).status_code == 404
