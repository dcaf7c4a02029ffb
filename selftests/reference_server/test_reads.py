"""List filters, deletion, state and its type, workspace state, geographies, check_updates, setup reads."""

from __future__ import annotations

import uuid

import pytest

from reference_server.definitions import DESTINATIONS, SOURCES


def _ids(listed) -> list:
    return [c["connectionId"] for c in listed["connections"]]


def _list(api, workspace_id, **filters):
    return api.call("/v1/web_backend/connections/list", {"workspaceId": workspace_id, **filters})


def test_list_filters_by_workspace_source_and_destination(api, world):
    ws = world.workspace_id
    other_source = api.source(ws, "second")["sourceId"]
    other_destination = api.destination(ws, "second")["destinationId"]
    a = api.connection(world)["connectionId"]
    b = api.call("/v1/web_backend/connections/create", {"sourceId": other_source, "destinationId": world.destination_id,
                                                        "status": "active"})["connectionId"]
    c = api.call("/v1/web_backend/connections/create", {"sourceId": other_source, "destinationId": other_destination,
                                                        "status": "active"})["connectionId"]
    assert _ids(_list(api, ws)) == [a, b, c]
    assert _ids(_list(api, ws, sourceId=[other_source])) == [b, c]
    assert _ids(_list(api, ws, sourceId=[world.source_id, other_source])) == [a, b, c]
    assert _ids(_list(api, ws, destinationId=[world.destination_id])) == [a, b]
    assert _ids(_list(api, ws, sourceId=[other_source], destinationId=[world.destination_id])) == [b]
    assert _ids(_list(api, ws, sourceId=[], destinationId=None)) == [a, b, c]
    assert _ids(_list(api, api.workspace()["workspaceId"])) == []


def test_list_item_shape(api, world):
    created = api.connection(world, scheduleType="basic", scheduleData={"basicSchedule": {"timeUnit": "days",
                                                                                          "units": 1}})
    item = _list(api, world.workspace_id)["connections"][0]
    assert item["source"]["sourceName"] == SOURCES[item["source"]["sourceDefinitionId"]].name
    assert item["destination"]["destinationId"] == world.destination_id
    assert item["scheduleType"] == "basic" and item["schemaChange"] == "no_change"
    assert item["connectionId"] == created["connectionId"]


def test_deleted_connections_leave_lists_but_stay_readable(api, world):
    created = api.connection(world)
    api.call("/v1/connections/delete", {"connectionId": created["connectionId"]}, expect=204)
    assert _list(api, world.workspace_id)["connections"] == []
    assert api.call("/v1/connections/list", {"workspaceId": world.workspace_id})["connections"] == []
    assert api.get(created["connectionId"])["status"] == "deprecated"
    state = api.call("/v1/web_backend/workspace/state", {"workspaceId": world.workspace_id})
    assert state == {"hasConnections": False, "hasSources": True, "hasDestinations": True}


def test_deleting_a_source_deletes_its_connections(api, world):
    api.connection(world)
    api.call("/v1/sources/delete", {"sourceId": world.source_id}, expect=204)
    assert _list(api, world.workspace_id)["connections"] == []
    state = api.call("/v1/web_backend/workspace/state", {"workspaceId": world.workspace_id})
    assert state == {"hasConnections": False, "hasSources": False, "hasDestinations": True}


def test_workspace_state(api, world):
    empty = api.workspace()["workspaceId"]
    assert api.call("/v1/web_backend/workspace/state", {"workspaceId": empty}) == {
        "hasConnections": False, "hasSources": False, "hasDestinations": False}
    api.connection(world)
    assert api.call("/v1/web_backend/workspace/state", {"workspaceId": world.workspace_id}) == {
        "hasConnections": True, "hasSources": True, "hasDestinations": True}


@pytest.mark.parametrize(("state_type", "part", "value"), [
    ("legacy", "state", {"cursor": 1}),
    ("stream", "streamState", [{"streamDescriptor": {"name": "users"}, "streamState": {"cursor": "x"}}]),
    ("global", "globalState", {"shared_state": {"lsn": 5}, "streamStates": []}),
])
def test_state_type_follows_the_stored_state(api, world, state_type, part, value):
    cid = api.connection(world)["connectionId"]
    assert api.call("/v1/web_backend/state/get_type", {"connectionId": cid}) == "not_set"
    sent = {"connectionId": cid, "connectionState": {"connectionId": cid, "stateType": state_type, part: value}}
    stored = api.call("/v1/state/create_or_update", sent)
    assert stored == {"connectionId": cid, "stateType": state_type, part: value}
    assert api.call("/v1/state/get", {"connectionId": cid}) == stored
    assert api.call("/v1/web_backend/state/get_type", {"connectionId": cid}) == state_type
    cleared = {"connectionId": cid, "connectionState": {"connectionId": cid, "stateType": "not_set"}}
    api.call("/v1/state/create_or_update", cleared)
    assert api.call("/v1/web_backend/state/get_type", {"connectionId": cid}) == "not_set"


def test_state_needs_its_part_and_a_known_connection(api, world, friendly_api, friendly_world):
    for client, w, status in ((api, world, 500), (friendly_api, friendly_world, 422)):
        cid = client.connection(w)["connectionId"]
        sent = {"connectionId": cid, "connectionState": {"connectionId": cid, "stateType": "legacy"}}
        client.refused("/v1/state/create_or_update", sent, expect=status)
    missing = str(uuid.uuid4())
    sent = {"connectionId": missing, "connectionState": {"connectionId": missing, "stateType": "not_set"}}
    api.call("/v1/state/create_or_update", sent, expect=404)


def test_geographies_and_check_updates(api):
    assert api.call("/v1/web_backend/geographies/list") == {"geographies": ["auto"]}
    assert api.call("/v1/web_backend/check_updates") == {"destinationDefinitions": 0, "sourceDefinitions": 0}
    assert api.call("/v1/health") == {"available": True}


def test_definitions_and_specifications(api, world):
    listed = api.call("/v1/source_definitions/list")
    assert {d["sourceDefinitionId"] for d in listed["sourceDefinitions"]} == set(SOURCES)
    listed = api.call("/v1/destination_definitions/list")
    assert {d["destinationDefinitionId"] for d in listed["destinationDefinitions"]} == set(DESTINATIONS)
    for definition_id, definition in SOURCES.items():
        spec = api.call("/v1/source_definition_specifications/get",
                        {"sourceDefinitionId": definition_id, "workspaceId": world.workspace_id})
        assert spec["connectionSpecification"] == definition.spec
    for definition_id in DESTINATIONS:
        api.call("/v1/destination_definition_specifications/get",
                 {"destinationDefinitionId": definition_id, "workspaceId": world.workspace_id})
    api.call("/v1/source_definition_specifications/get",
             {"sourceDefinitionId": str(uuid.uuid4()), "workspaceId": world.workspace_id}, expect=404)


@pytest.mark.parametrize("config", [{}, {"count": 0}, {"count": "ten"}, {"count": 1, "extra": True}])
def test_source_configuration_is_checked_against_the_spec(api, world, config):
    from reference_server.definitions import FAKER

    error = api.call("/v1/sources/create", {"workspaceId": world.workspace_id, "name": "x",
                                            "sourceDefinitionId": FAKER, "connectionConfiguration": config},
                     expect=422)
    assert error["validationErrors"][0]["propertyPath"].startswith("$.connectionConfiguration")


def test_destination_configuration_is_checked_against_the_spec(api, world):
    from reference_server.definitions import E2E_DESTINATION

    body = {"workspaceId": world.workspace_id, "name": "x", "destinationDefinitionId": E2E_DESTINATION,
            "connectionConfiguration": {"test_destination": {"test_destination_type": "NOPE"}}}
    api.call("/v1/destinations/create", body, expect=422)
    body["connectionConfiguration"] = {"test_destination": {"test_destination_type": "SILENT"}}
    api.call("/v1/destinations/create", body)


def test_setup_reads_and_deletes(api, world):
    assert api.call("/v1/sources/get", {"sourceId": world.source_id})["name"] == "faker"
    assert api.call("/v1/destinations/get", {"destinationId": world.destination_id})["name"] == "null"
    assert api.call("/v1/workspaces/get", {"workspaceId": world.workspace_id})["name"] == "selftest"
    listed = api.call("/v1/workspaces/list")
    assert world.workspace_id in [w["workspaceId"] for w in listed["workspaces"]]
    created = api.connection(world)
    plain = api.call("/v1/connections/get", {"connectionId": created["connectionId"]})
    assert plain["breakingChange"] is False and plain["name"] == created["name"]
    spare = api.destination(world.workspace_id, "spare")["destinationId"]
    api.call("/v1/destinations/delete", {"destinationId": spare}, expect=204)
    assert api.call("/v1/destinations/get", {"destinationId": spare})["name"] == "spare"  # tombstoned, readable
    api.call("/v1/destinations/delete", {"destinationId": str(uuid.uuid4())}, expect=404)
    api.call("/v1/workspaces/delete", {"workspaceId": world.workspace_id}, expect=204)
    api.call("/v1/workspaces/get", {"workspaceId": world.workspace_id}, expect=404)
    assert api.get(created["connectionId"])["status"] == "deprecated"


def test_operation_endpoints(api, world):
    body = {"workspaceId": world.workspace_id, "name": "n",
            "operatorConfiguration": {
                "operatorType": "webhook",
                "webhook": {"webhookType": "dbtCloud", "dbtCloud": {"accountId": 12, "jobId": 34}},
                "normalization": {"option": "basic"}}}
    op = api.call("/v1/operations/create", body)
    assert op["operatorConfiguration"] == {"operatorType": "webhook", "webhook": {
        "webhookType": "dbtCloud", "dbtCloud": {"accountId": 12, "jobId": 34},
        "executionUrl": "https://cloud.getdbt.com/api/v2/accounts/12/jobs/34/run/",
        "executionBody": '{"cause": "airbyte"}'}}
    assert api.call("/v1/operations/get", {"operationId": op["operationId"]}) == op
    created = api.connection(world, operations=[{k: body[k] for k in ("workspaceId", "name")} | {
        "operatorConfiguration": {"operatorType": "normalization", "normalization": {"option": "basic"}}}])
    api.call("/v1/operations/delete", {"operationId": created["operationIds"][0]}, expect=204)
    assert api.get(created["connectionId"])["operationIds"] == []
    api.call("/v1/operations/get", {"operationId": str(uuid.uuid4())}, expect=404)


@pytest.mark.parametrize("webhook", [
    {"webhookType": "dbtCloud"},  # Airbyte: 500 storing it
    {"executionUrl": "https://x.invalid"},  # Airbyte: stored, then 500 on every read
])
def test_webhooks_airbyte_cannot_read_back_are_refused(api, world, friendly_api, friendly_world, webhook):
    for client, w, status in ((api, world, 500), (friendly_api, friendly_world, 422)):
        body = {"workspaceId": w.workspace_id, "name": "n",
                "operatorConfiguration": {"operatorType": "webhook", "webhook": webhook}}
        client.refused("/v1/operations/create", body, expect=status)


def test_a_selected_stream_needs_its_sync_modes_and_field_selection_its_fields(api, world):
    stream = {"name": "users", "jsonSchema": {"type": "object", "properties": {"id": {"type": "integer"}}}}
    config = {"syncMode": "full_refresh", "destinationSyncMode": "append", "selected": True}
    for entry, status, text in (
        ({"stream": stream, "config": config}, 500, "Internal Server Error: null"),
        ({"stream": {**stream, "supportedSyncModes": ["full_refresh"]},
          "config": {**config, "fieldSelectionEnabled": True}},
         422, "Requested field selection but no selected fields provided"),
    ):
        body = {"sourceId": world.source_id, "destinationId": world.destination_id, "status": "active",
                "syncCatalog": {"streams": [entry]}}
        assert text in api.refused("/v1/web_backend/connections/create", body, expect=status)["message"]
