"""connections/create: defaults, validation, operations created first, workspace consistency."""

from __future__ import annotations

import uuid

import pytest

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


CREATE = "/v1/web_backend/connections/create"


def test_unknown_source_or_destination_is_404(api, world):
    missing = str(uuid.uuid4())
    body = {"sourceId": missing, "destinationId": world.destination_id, "status": "active"}
    error = api.refused(CREATE, body, expect=404)
    assert error["message"] == f"Internal Server Error: Could not find configuration for SOURCE_CONNECTION: {missing}."
    assert error["exceptionClassName"] == "io.airbyte.commons.server.errors.IdNotFoundKnownException"
    body = {"sourceId": world.source_id, "destinationId": missing.upper(), "status": "active"}
    error = api.refused(CREATE, body, expect=404)
    assert error["message"].endswith(f"DESTINATION_CONNECTION: {missing}.")


def _other_workspace_destination(api) -> str:
    return api.destination(api.workspace()["workspaceId"])["destinationId"]


def test_source_and_destination_must_share_a_workspace(api, world):
    body = {"sourceId": world.source_id, "destinationId": _other_workspace_destination(api), "status": "active"}
    error = api.refused(CREATE, body, expect=500)
    assert error["exceptionClassName"] == "java.lang.IllegalArgumentException"
    assert "do not belong to the same workspace" in error["message"]


def test_source_and_destination_must_share_a_workspace_friendly(friendly_api, friendly_world):
    body = {"sourceId": friendly_world.source_id, "destinationId": _other_workspace_destination(friendly_api),
            "status": "active"}
    error = friendly_api.refused(CREATE, body, expect=422)
    assert "same workspace" in error["validationErrors"][0]["message"]


def test_operation_from_another_workspace_is_refused_and_nothing_is_kept(api, world):
    other = api.workspace()["workspaceId"]
    body = {"sourceId": world.source_id, "destinationId": world.destination_id, "status": "active",
            "operations": [{**OPERATION, "workspaceId": other}]}
    assert "same workspace" in api.refused(CREATE, body, expect=500)["message"]
    listed = api.call("/v1/web_backend/connections/list", {"workspaceId": world.workspace_id})
    assert listed["connections"] == []


def test_operation_in_an_unknown_workspace_breaks_the_foreign_key(api, world, friendly_api, friendly_world):
    """OperationsHandler.createOperation never looks the workspace up: the insert fails (500), not a 404."""
    for client, w, status in ((api, world, 500), (friendly_api, friendly_world, 404)):
        body = {"sourceId": w.source_id, "destinationId": w.destination_id, "status": "active",
                "operations": [{**OPERATION, "workspaceId": str(uuid.uuid4())}]}
        error = client.refused(CREATE, body, expect=status)
        if status == 500:
            assert error["exceptionClassName"] == "java.lang.RuntimeException"
            assert "operation_workspace_id_fkey" in error["message"]
        else:
            assert "STANDARD_WORKSPACE" in error["message"]


def test_operation_in_a_deleted_workspace_is_created(api, world):
    """The foreign key only needs the workspace row, which a deleted (tombstoned) workspace keeps."""
    gone = api.workspace()["workspaceId"]
    api.call("/v1/workspaces/delete", {"workspaceId": gone}, expect=204)
    read = api.call("/v1/operations/create", {**OPERATION, "workspaceId": gone})
    assert read["workspaceId"] == gone


@pytest.mark.parametrize(("config", "exception"), [
    ({"operatorType": "dbt"}, "java.lang.IllegalArgumentException"),
    ({"normalization": {"option": "basic"}}, "java.lang.NullPointerException"),
    (None, "java.lang.NullPointerException"),
])
def test_operator_without_its_branch_or_type_is_a_500(api, world, friendly_api, friendly_world, config, exception):
    op = {"name": "dbt", "workspaceId": world.workspace_id, "operatorConfiguration": config}
    body = {"sourceId": world.source_id, "destinationId": world.destination_id, "status": "active",
            "operations": [op]}
    assert api.refused(CREATE, body, expect=500)["exceptionClassName"] == exception
    body.update(sourceId=friendly_world.source_id, destinationId=friendly_world.destination_id)
    op["workspaceId"] = friendly_world.workspace_id
    error = friendly_api.refused(CREATE, body, expect=422)
    assert error["validationErrors"][0]["propertyPath"].startswith("$.operations[0].operatorConfiguration")


def test_unknown_source_catalog_id_breaks_the_foreign_key(api, world, friendly_api, friendly_world):
    body = {"sourceId": world.source_id, "destinationId": world.destination_id, "status": "active",
            "sourceCatalogId": str(uuid.uuid4())}
    assert "connection_actor_catalog_id_fk" in api.refused(CREATE, body, expect=500)["message"]
    body.update(sourceId=friendly_world.source_id, destinationId=friendly_world.destination_id)
    assert "ACTOR_CATALOG" in friendly_api.refused(CREATE, body, expect=404)["message"]


@pytest.mark.parametrize("body", [
    {"sourceId": "not-a-uuid"},
    {"status": "paused"},
    {"name": {"a": 1}},
    {"sourceId": 5},
    {"syncCatalog": "streams"},
    {"syncCatalog": {"streams": [{"config": {"syncMode": "sometimes"}}]}},
    {"operations": [{"operatorConfiguration": {"operatorType": "dbt", "dbt": {"gitRepoUrl": ["a", "b"]}}}]},
    {"resourceRequirements": []},
    {"scheduleData": {"basicSchedule": {"units": "ten"}}},
])
def test_bodies_jackson_cannot_convert_get_micronauts_400(api, world, friendly_api, body):
    """Wrong types, bad enum values and bad UUIDs: the argument is not satisfied (same answer in both modes)."""
    full = {"sourceId": world.source_id, "destinationId": world.destination_id, "status": "active", **body}
    for client in (api, friendly_api):
        error = client.refused(CREATE, full, expect=400)
        assert error == {
            "message": "Required argument [WebBackendConnectionCreate webBackendConnectionCreate] not specified",
            "path": "/webBackendConnectionCreate",
            "_links": {"self": {"href": "/api/v1/web_backend/connections/create", "templated": False}},
        }


def test_jackson_coercions_are_accepted(api, world):
    """What Jackson converts: numbers to strings, one-element arrays to their element, a single value to a
    one-element list, integer strings to numbers, integers to booleans, unknown fields ignored, ids in any case."""
    body = {"sourceId": [world.source_id.upper()], "destinationId": world.destination_id, "status": ["active"],
            "name": 12.5, "prefix": True, "unknown": {"x": 1}, "operationIds": world.source_id,
            "scheduleType": "basic", "scheduleData": {"basicSchedule": {"timeUnit": "hours", "units": "3"}},
            "syncCatalog": {"streams": {"stream": world.stream("users")["stream"],
                                        "config": {**world.stream("users")["config"], "selected": 1,
                                                   "cursorField": "updated_at"}}}}
    read = api.call(CREATE, body)
    assert (read["name"], read["prefix"], read["status"]) == ("12.5", "true", "active")
    assert read["scheduleData"] == {"basicSchedule": {"timeUnit": "hours", "units": 3}}
    assert read["syncCatalog"]["streams"][0]["config"]["cursorField"] == ["updated_at"]
    assert read["operationIds"] == []


@pytest.mark.parametrize("missing", ["sourceId", "destinationId"])
@pytest.mark.parametrize("spelling", ["absent", None, "", "   "])
def test_a_required_id_jackson_reads_as_null_is_a_500(api, world, friendly_api, friendly_world, missing, spelling):
    """Jackson reads "" (and blank) as a null UUID; ConfigRepository.getSourceConnection(null) fails in Optional.of."""
    for client, w, status in ((api, world, 500), (friendly_api, friendly_world, 422)):
        body = {"sourceId": w.source_id, "destinationId": w.destination_id, "status": "active"}
        if spelling == "absent":
            del body[missing]
        else:
            body[missing] = spelling
        error = client.refused(CREATE, body, expect=status)
        if status == 500:
            assert error["exceptionClassName"] == "java.lang.NullPointerException"
            assert error["message"] == "Internal Server Error: null"
        else:
            assert error["validationErrors"][0]["propertyPath"] == f"$.{missing}"


def test_a_connection_created_without_status_is_stored_but_never_listed_nor_counted(api, world):
    read = api.call(CREATE, {"sourceId": world.source_id, "destinationId": world.destination_id})
    assert "status" not in read
    assert "status" not in api.get(read["connectionId"])
    listed = api.call("/v1/web_backend/connections/list", {"workspaceId": world.workspace_id})
    assert listed["connections"] == []
    state = api.call("/v1/web_backend/workspace/state", {"workspaceId": world.workspace_id})
    assert state["hasConnections"] is False
    patched = api.update(read["connectionId"], status="active")
    assert patched["status"] == "active"
    listed = api.call("/v1/web_backend/connections/list", {"workspaceId": world.workspace_id})
    assert [c["connectionId"] for c in listed["connections"]] == [read["connectionId"]]
