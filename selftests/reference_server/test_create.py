"""connections/create: defaults, validation, operations created first, workspace consistency."""

from __future__ import annotations

import uuid

from selftests.reference_server.client import World

OPERATION = {"name": "normalize", "operatorConfiguration": {"operatorType": "normalization",
                                                            "normalization": {"option": "basic"}}}


def test_defaults_fill_what_the_request_leaves_out(api, world):
    read = api.connection(world)
    assert read["name"] == "faker <> null"
    assert read["namespaceDefinition"] == "source"
    assert read["geography"] == "auto"
    assert read["nonBreakingChangesPreference"] == "ignore"
    assert read["notifySchemaChanges"] is False
    assert read["syncCatalog"] == {"streams": []}
    assert read["scheduleType"] == "manual"
    assert "scheduleData" not in read and "schedule" not in read
    assert read["schemaChange"] == "no_change" and read["isSyncing"] is False
    assert read["operationIds"] == [] and read["operations"] == []


def test_geography_defaults_to_the_workspace_one(api):
    world = World.__new__(World)
    world.workspace_id = api.workspace(defaultGeography="eu")["workspaceId"]
    world.source_id = api.source(world.workspace_id)["sourceId"]
    world.destination_id = api.destination(world.workspace_id)["destinationId"]
    assert api.connection(world)["geography"] == "eu"
    assert api.connection(world, geography="us")["geography"] == "us"


def test_sent_fields_are_kept(api, world):
    read = api.connection(world, name="mine", namespaceDefinition="customformat",
                          namespaceFormat="${SOURCE_NAMESPACE}_x", prefix="p_", status="inactive",
                          nonBreakingChangesPreference="disable", resourceRequirements={"cpu_request": "1"})
    assert (read["name"], read["namespaceDefinition"], read["namespaceFormat"], read["prefix"]) == (
        "mine", "customformat", "${SOURCE_NAMESPACE}_x", "p_")
    assert read["nonBreakingChangesPreference"] == "disable" and read["status"] == "inactive"
    assert read["resourceRequirements"] == {"cpu_request": "1"}


def test_nulls_count_as_absent(api, world):
    read = api.connection(world, name=None, namespaceDefinition=None, geography=None, syncCatalog=None)
    assert read["name"] == "faker <> null" and read["namespaceDefinition"] == "source"


def test_operations_are_created_first_and_sent_operation_ids_ignored(api, world):
    stray = str(uuid.uuid4())
    read = api.connection(world, operationIds=[stray], operations=[{**OPERATION, "workspaceId": world.workspace_id}])
    assert len(read["operationIds"]) == 1 and read["operationIds"][0] != stray
    assert read["operations"][0]["operationId"] == read["operationIds"][0]
    assert read["operations"][0]["operatorConfiguration"] == OPERATION["operatorConfiguration"]
    listed = api.call("/v1/operations/list", {"connectionId": read["connectionId"]})
    assert [o["operationId"] for o in listed["operations"]] == read["operationIds"]


def test_unknown_source_or_destination_is_404(api, world):
    missing = str(uuid.uuid4())
    body = {"sourceId": missing, "destinationId": world.destination_id, "status": "active"}
    assert api.call("/v1/web_backend/connections/create", body, expect=404)["id"] == missing
    body = {"sourceId": world.source_id, "destinationId": missing, "status": "active"}
    api.call("/v1/web_backend/connections/create", body, expect=404)


def test_source_and_destination_must_share_a_workspace(api, world):
    other = api.workspace()["workspaceId"]
    destination = api.destination(other)["destinationId"]
    body = {"sourceId": world.source_id, "destinationId": destination, "status": "active"}
    error = api.call("/v1/web_backend/connections/create", body, expect=422)
    assert "same workspace" in error["validationErrors"][0]["message"]


def test_operation_from_another_workspace_is_refused_and_nothing_is_kept(api, world):
    other = api.workspace()["workspaceId"]
    body = {"sourceId": world.source_id, "destinationId": world.destination_id, "status": "active",
            "operations": [{**OPERATION, "workspaceId": other}]}
    api.call("/v1/web_backend/connections/create", body, expect=422)
    listed = api.call("/v1/web_backend/connections/list", {"workspaceId": world.workspace_id})
    assert listed["connections"] == []


def test_operator_without_its_branch_is_refused(api, world):
    op = {"name": "dbt", "workspaceId": world.workspace_id, "operatorConfiguration": {"operatorType": "dbt"}}
    body = {"sourceId": world.source_id, "destinationId": world.destination_id, "status": "active",
            "operations": [op]}
    error = api.call("/v1/web_backend/connections/create", body, expect=422)
    assert error["validationErrors"][0]["propertyPath"] == "$.operations[0].operatorConfiguration"


def test_unknown_source_catalog_id_is_404(api, world):
    api.call("/v1/web_backend/connections/create",
             {"sourceId": world.source_id, "destinationId": world.destination_id, "status": "active",
              "sourceCatalogId": str(uuid.uuid4())}, expect=404)


def test_contract_violations_are_each_reported(api, world):
    body = {"sourceId": "not-a-uuid", "destinationId": world.destination_id, "status": "paused", "name": 3}
    error = api.call("/v1/web_backend/connections/create", body, expect=422)
    paths = sorted(e["propertyPath"] for e in error["validationErrors"])
    assert paths == ["$.name", "$.sourceId", "$.status"]
    assert {e["invalidValue"] for e in error["validationErrors"]} == {"not-a-uuid", "paused", "3"}
