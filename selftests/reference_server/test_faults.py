"""Each fault changes what a client observes over HTTP; with no fault the same probe sees Airbyte's behaviour."""

from __future__ import annotations

import copy
import re
import uuid
from pathlib import Path

import pytest

import contracts
from reference_server import running
from reference_server.faults import REGISTRY, Faults, UnknownFault
from selftests.reference_server import fault_probes_jobs
from selftests.reference_server.client import Api, World

CREATE, UPDATE, GET, LIST = ("/v1/web_backend/connections/create", "/v1/web_backend/connections/update",
                             "/v1/web_backend/connections/get", "/v1/web_backend/connections/list")


_create = fault_probes_jobs.create_connection


def _users(world: World, **config) -> dict:
    users = copy.deepcopy(world.stream("users"))
    users["config"].update(config)
    return {"streams": [users]}


def _listed(api, world, **filters) -> set:
    body = {"workspaceId": world.workspace_id, **filters}
    return {c["connectionId"] for c in api.raw(LIST, body).json()["connections"]}


# Each probe returns True when it sees the misbehaviour.


def update_resets_absent_fields(api, world):
    cid = _create(api, world, prefix="p_").json()["connectionId"]
    return api.raw(UPDATE, {"connectionId": cid, "name": "x"}).json().get("prefix") != "p_"


def update_merges_catalog(api, world):
    cid = _create(api, world, syncCatalog=world.catalog).json()["connectionId"]
    read = api.raw(UPDATE, {"connectionId": cid, "syncCatalog": _users(world)}).json()
    return len(read["syncCatalog"]["streams"]) != 1


def truncate_nested_primary_key(api, world):
    read = _create(api, world, syncCatalog=_users(world, primaryKey=[["address", "city"]])).json()
    return read["syncCatalog"]["streams"][0]["config"]["primaryKey"] != [["address", "city"]]


def list_includes_deleted(api, world):
    cid = _create(api, world).json()["connectionId"]
    api.raw("/v1/connections/delete", {"connectionId": cid})
    return cid in _listed(api, world)


def list_ignores_source_filter(api, world):
    _create(api, world)
    other = api.source(world.workspace_id, "other")["sourceId"]
    return bool(_listed(api, world, sourceId=[other]))


def list_first_page_only(api, world):
    made = {_create(api, world).json()["connectionId"] for _ in range(21)}
    return not made <= _listed(api, world)


def enum_500(api, world):
    return _create(api, world, syncCatalog=_users(world, destinationSyncMode="append_dedup")).status_code >= 500


def drop_cursor_field(api, world):
    read = _create(api, world, syncCatalog=_users(world, syncMode="incremental", cursorField=["created_at"])).json()
    return read["syncCatalog"]["streams"][0]["config"]["cursorField"] != ["created_at"]


def wrong_default_namespace_definition(api, world):
    return _create(api, world).json()["namespaceDefinition"] != "source"


def operations_not_deleted_on_update(api, world):
    op = {"name": "n", "workspaceId": world.workspace_id,
          "operatorConfiguration": {"operatorType": "normalization", "normalization": {"option": "basic"}}}
    cid = _create(api, world, operations=[op]).json()["connectionId"]
    return api.raw(UPDATE, {"connectionId": cid, "operations": []}).json()["operationIds"] != []


def state_type_always_not_set(api, world):
    cid = _create(api, world).json()["connectionId"]
    api.raw("/v1/state/create_or_update", {"connectionId": cid, "connectionState": {
        "connectionId": cid, "stateType": "legacy", "state": {"cursor": 1}}})
    return api.raw("/v1/web_backend/state/get_type", {"connectionId": cid}).json() != "legacy"


def workspace_state_counts_deleted(api, world):
    cid = _create(api, world).json()["connectionId"]
    api.raw("/v1/connections/delete", {"connectionId": cid})
    return api.raw("/v1/web_backend/workspace/state", {"workspaceId": world.workspace_id}).json()["hasConnections"]


def missing_required_response_field(api, world):
    cid = _create(api, world).json()["connectionId"]
    return not contracts.validator("WebBackendConnectionRead").is_valid(api.raw(GET, {"connectionId": cid}).json())


def accept_schedule_with_schedule_type(api, world):
    return _create(api, world, schedule={"timeUnit": "hours", "units": 1}, scheduleType="manual").status_code == 200


def accept_invalid_cron(api, world):
    data = {"cron": {"cronExpression": "every day", "cronTimeZone": "Etc/UTC"}}
    return _create(api, world, scheduleType="cron", scheduleData=data).status_code == 200


def not_found_as_500(api, world):
    return api.raw(GET, {"connectionId": str(uuid.uuid4())}).status_code != 404


def geographies_without_auto(api, world):
    return "auto" not in api.raw("/v1/web_backend/geographies/list").json()["geographies"]


def nulls_in_responses(api, world):
    read = api.raw(GET, {"connectionId": _create(api, world).json()["connectionId"]}).json()
    return None in read.values()


def truncate_at_255(api, world):
    read = _create(api, world, name="n" * 256).json()
    return read.get("name") != "n" * 256


def lists_statusless_connections(api, world):
    cid = api.raw(CREATE, {"sourceId": world.source_id, "destinationId": world.destination_id}).json()["connectionId"]
    return cid in _listed(api, world)


def counts_statusless_connections(api, world):
    api.raw(CREATE, {"sourceId": world.source_id, "destinationId": world.destination_id})
    return api.raw("/v1/web_backend/workspace/state", {"workspaceId": world.workspace_id}).json()["hasConnections"]


def selected_fields_in_sent_order(api, world):
    users = copy.deepcopy(world.stream("users"))
    users["stream"]["jsonSchema"] = {"type": "object", "properties": {"bb": {}, "a": {}, "ccc": {}}}
    users["config"].update(fieldSelectionEnabled=True, syncMode="full_refresh", destinationSyncMode="append",
                           selectedFields=[{"fieldPath": ["ccc"]}, {"fieldPath": ["a"]}, {"fieldPath": ["bb"]}])
    read = _create(api, world, syncCatalog={"streams": [users]}).json()
    answered = [f["fieldPath"][0] for f in read["syncCatalog"]["streams"][0]["config"]["selectedFields"]]
    return answered != ["a", "bb", "ccc"]


def field_selection_keys_distinct(api, world):
    first, second = copy.deepcopy(world.stream("users")), copy.deepcopy(world.stream("users"))
    first["stream"].update(name="b/c", namespace="a")
    second["stream"].update(name="c", namespace="a/b")
    first["config"].update(fieldSelectionEnabled=False, syncMode="full_refresh", destinationSyncMode="append")
    second["config"].update(fieldSelectionEnabled=True, syncMode="full_refresh", destinationSyncMode="append",
                            selectedFields=[{"fieldPath": ["id"]}])
    read = _create(api, world, syncCatalog={"streams": [first, second]}).json()
    return read["syncCatalog"]["streams"][0]["config"]["fieldSelectionEnabled"] is False


def json_errors_reversed(api, world):
    malformed = api.http.post(GET, content=b"{", headers={"content-type": "application/json"})
    unbindable = api.raw(GET, {"connectionId": "not-a-uuid"})
    return (malformed.status_code, unbindable.status_code) != (422, 400)


def blank_ids_looked_up(api, world):
    return api.raw(GET, {"connectionId": ""}).status_code == 404


def not_found_with_id(api, world):
    body = api.raw(GET, {"connectionId": str(uuid.uuid4())}).json()
    return "id" in body or not body["message"].startswith("Internal Server Error: ")


PROBES = {name: globals().get(name) or getattr(fault_probes_jobs, name) for name in REGISTRY}


def test_every_fault_has_a_probe_and_one_marked_place():
    package = Path(__file__).resolve().parents[2] / "reference_server"
    source = "\n".join(p.read_text() for p in package.glob("*.py"))
    marks = re.findall(r"# FAULT: ([a-z0-9_]+)", source)
    assert sorted(marks) == sorted(REGISTRY), "each fault is applied at exactly one `# FAULT: NAME` place"
    assert all(fault.breaks for fault in REGISTRY.values())


def test_unknown_fault_names_are_refused():
    with pytest.raises(UnknownFault, match="nope"):
        Faults(["nope"])


@pytest.fixture(scope="module")
def default_world():
    with running() as srv:
        api = Api(srv.url)
        yield api
        api.close()


@pytest.mark.parametrize("name", list(REGISTRY))
def test_default_behaviour_is_not_the_fault(default_world, name):
    assert PROBES[name](default_world, World(default_world)) is False


@pytest.mark.parametrize("name", list(REGISTRY))
def test_fault_is_observable(name):
    with running(faults=[name]) as srv:
        api = Api(srv.url, check_contracts=False)
        try:
            assert PROBES[name](api, World(api)) is True
        finally:
            api.close()
