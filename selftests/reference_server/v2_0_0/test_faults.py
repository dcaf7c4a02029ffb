"""Each v2.0.0 fault changes what a client of a v2.0.0 server observes; without it the same probe sees v2.0.0's
behaviour. (The v0.42.1 faults and their probes are in ../test_faults.py.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reference_server.definitions import E2E_SOURCE
from reference_server.faults import REGISTRY, RELEASE_FAULTS, Faults, UnknownFault
from selftests.reference_server.v2_0_0.harness import Api, server

FAULTS = RELEASE_FAULTS["v2.0.0"]
LIST = "/v1/web_backend/connections/list"


def _two(api: Api) -> tuple[str, list]:
    workspace_id = api.workspace()["workspaceId"]
    destination = api.destination(workspace_id)
    made = [api.connection(api.source(workspace_id, f"s{i}", count=1), destination, name=name,
                           status="inactive" if i else "active") for i, name in enumerate(["a-one", "b-two"])]
    return workspace_id, made


# Each probe returns True when it sees the misbehaviour.
def v2_list_ignores_cursor(api):
    workspace_id, made = _two(api)
    page = api.call(LIST, {"workspaceId": workspace_id, "cursor": made[0]["connectionId"]})
    return [c["name"] for c in page["connections"]] != ["b-two"]


def v2_list_ignores_search(api):
    workspace_id, _ = _two(api)
    page = api.call(LIST, {"workspaceId": workspace_id, "filters": {"searchTerm": "TWO"}})
    return [c["name"] for c in page["connections"]] != ["b-two"]


def v2_paused_counted_by_job(api):
    workspace_id, _ = _two(api)
    return api.call("/v1/web_backend/connections/status_counts", {"workspaceId": workspace_id})["paused"] != 1


def v2_status_counts_include_deleted(api):
    workspace_id, made = _two(api)
    api.call("/v1/connections/delete", {"connectionId": made[0]["connectionId"]}, expect=204)
    counts = api.call("/v1/web_backend/connections/status_counts", {"workspaceId": workspace_id})
    return sum(counts.values()) != 1


def v2_page_size_not_echoed(api):
    workspace_id, _ = _two(api)
    return api.call(LIST, {"workspaceId": workspace_id, "pageSize": 5})["page_size"] != 5


def v2_num_connections_ignores_filters(api):
    workspace_id, made = _two(api)
    page = api.call(LIST, {"workspaceId": workspace_id, "sourceId": [made[1]["sourceId"]]})
    return page["num_connections"] != 1 or [c["name"] for c in page["connections"]] != ["b-two"]


def v2_mappers_dropped(api):
    workspace_id = api.workspace()["workspaceId"]
    source = api.source(workspace_id)
    found = api.call("/v1/sources/discover_schema", {"sourceId": source["sourceId"]})
    stream = found["catalog"]["streams"][0]
    stream["config"].update(selected=True, hashedFields=[{"fieldPath": ["name"]}])
    made = api.connection(source, api.destination(workspace_id), syncCatalog={"streams": [stream]})
    return not any(s["config"].get("mappers") for s in made["syncCatalog"]["streams"])


def v2_version_reported_old(api):
    return api.call("/v1/instance_configuration")["version"] != "2.0.0"


def v2_error_details_kept(api):
    response = api.raw("/v1/web_backend/connections/get", {"connectionId": "00000000-0000-0000-0000-0000000000e1"})
    return set(response.json()) != {"errorId"}



def v2_absent_id_answered(api):
    """v0.42.1's 200 for an id read as absent, where v2.0.0 passes null to a non-null Kotlin parameter (500)."""
    return any(api.raw(path, {field: " "}).status_code == 200
               for path, field in (("/v1/web_backend/connections/list", "workspaceId"),
                                   ("/v1/web_backend/workspace/state", "workspaceId"),
                                   ("/v1/web_backend/state/get_type", "connectionId"),
                                   ("/v1/web_backend/connections/status_counts", "workspaceId")))



def v2_cron_not_checked(api):
    """An expression Quartz cannot read is a 400 problem; with the fault it is answered 200, described as itself."""
    return api.raw("/v1/web_backend/describe_cron_expression", {"cronExpression": "not a cron"}).status_code != 400


def v2_backfill_kept_without_preference(api):
    workspace_id = api.workspace()["workspaceId"]
    made = api.connection(api.source(workspace_id), api.destination(workspace_id), backfillPreference="enabled")
    return made["backfillPreference"] != "disabled"


def v2_connection_dataplane_group_answered(api):
    workspace_id = api.workspace()["workspaceId"]
    return "dataplaneGroupId" in api.connection(api.source(workspace_id), api.destination(workspace_id))


def v2_email_notification_patched_plainly(api):
    workspace_id = api.workspace()["workspaceId"]
    made = api.connection(api.source(workspace_id), api.destination(workspace_id), notifySchemaChanges=True)
    api.call("/v1/web_backend/connections/update", {"connectionId": made["connectionId"],
                                                    "notifySchemaChangesByEmail": True})
    off = api.call("/v1/web_backend/connections/update", {"connectionId": made["connectionId"],
                                                          "notifySchemaChangesByEmail": False})
    return off["notifySchemaChangesByEmail"] is False


def v2_inactive_synced(api):
    """A sync of an inactive connection is Airbyte's 500; with the fault it runs, a new job."""
    workspace_id = api.workspace()["workspaceId"]
    made = api.connection(api.source(workspace_id), api.destination(workspace_id), status="inactive")
    return api.raw("/v1/connections/sync", {"connectionId": made["connectionId"]}).status_code != 500


def v2_operation_workspace_500(api):
    """An operation naming an unknown workspace is a 404 before anything is made; with the fault a 500."""
    workspace_id = api.workspace()["workspaceId"]
    operation = {"workspaceId": "00000000-0000-0000-0000-0000000000e3", "name": "n",
                 "operatorConfiguration": {"operatorType": "normalization"}}
    answer = api.raw("/v1/web_backend/connections/create", {
        "sourceId": api.source(workspace_id)["sourceId"],
        "destinationId": api.destination(workspace_id)["destinationId"], "operations": [operation]})
    return answer.status_code != 404


def v2_propagation_ignored(api):
    """A propagate_fully connection synced after its source gained a stream configures that stream; with the
    fault it keeps its old catalog."""
    workspace_id = api.workspace()["workspaceId"]

    def config(names):
        schemas = json.dumps({n: {"type": "object", "properties": {"id": {"type": "integer"}}} for n in names})
        return {"max_messages": 1, "mock_catalog": {"type": "MULTI_STREAM", "stream_schemas": schemas}}

    source = api.call("/v1/sources/create", {"workspaceId": workspace_id, "name": "e2e",
                                             "sourceDefinitionId": E2E_SOURCE, "connectionConfiguration": config("a")})
    made = api.connection(source, api.destination(workspace_id), nonBreakingChangesPreference="propagate_fully")
    api.call("/v1/sources/update", {"sourceId": source["sourceId"], "name": "e2e",
                                    "connectionConfiguration": config("ab")})
    api.call("/v1/connections/sync", {"connectionId": made["connectionId"]})
    stored = api.call("/v1/connections/get", {"connectionId": made["connectionId"]})
    return [e["stream"]["name"] for e in stored["syncCatalog"]["streams"]] != ["a", "b"]


def _mock_config(names: str, extra: bool = False) -> dict:
    fields = {"id": {"type": "integer"}, **({"extra": {"type": "string"}} if extra else {})}
    schemas = json.dumps({n: {"type": "object", "properties": fields} for n in names})
    return {"max_messages": 1, "mock_catalog": {"type": "MULTI_STREAM", "stream_schemas": schemas}}


def _refreshed(api, preference: str, count: int, after: dict) -> list:
    """`count` connections of one E2E source (stream a) with `preference`; the source changed to `after`; the
    first refreshed with web_backend/connections/get. Answers each connection's connections/get."""
    workspace_id = api.workspace()["workspaceId"]
    body = {"workspaceId": workspace_id, "name": "e2e", "sourceDefinitionId": E2E_SOURCE,
            "connectionConfiguration": _mock_config("a")}
    source = api.call("/v1/sources/create", body)
    destination = api.destination(workspace_id)
    made = [api.connection(source, destination, nonBreakingChangesPreference=preference) for _ in range(count)]
    api.call("/v1/sources/update", {"sourceId": source["sourceId"], "name": "e2e", "connectionConfiguration": after})
    api.call("/v1/web_backend/connections/get", {"connectionId": made[0]["connectionId"], "withRefreshedCatalog": True})
    return [api.call("/v1/connections/get", {"connectionId": m["connectionId"]}) for m in made]


def v2_refresh_rewrites_every_connection(api):
    """Refreshing one of two `disable` connections after a non-breaking change disables that one only; with the
    fault the other is disabled too."""
    named, other = _refreshed(api, "disable", 2, _mock_config("a", extra=True))
    assert named["status"] == "inactive"
    return other["status"] != "active"


def v2_refresh_propagates(api):
    """A refresh of a propagate_fully connection after its source gained a stream keeps the connection's catalog;
    with the fault the new stream is configured."""
    (stored,) = _refreshed(api, "propagate_fully", 1, _mock_config("ab"))
    return [e["stream"]["name"] for e in stored["syncCatalog"]["streams"]] != ["a"]


PROBES = {name: globals()[name] for name in FAULTS}


def test_every_v2_fault_has_a_probe_and_one_marked_place():
    package = Path(__file__).resolve().parents[3] / "reference_server" / "releases" / "v2_0_0"
    marks = re.findall(r"# FAULT: ([a-z0-9_]+)", "\n".join(p.read_text() for p in package.glob("*.py")))
    assert sorted(marks) == sorted(FAULTS)
    assert not set(FAULTS) & set(REGISTRY)


def test_a_v2_fault_is_refused_in_v0_42_1_mode():
    with pytest.raises(UnknownFault, match="v2_list_ignores_cursor for release v0.42.1"):
        Faults(["v2_list_ignores_cursor"])
    assert Faults(["v2_list_ignores_cursor", "not_found_as_500"], "v2.0.0").on("v2_list_ignores_cursor")


@pytest.mark.parametrize("name", list(FAULTS))
def test_default_behaviour_is_not_the_fault(v2, name):
    assert PROBES[name](v2) is False


@pytest.mark.parametrize("name", list(FAULTS))
def test_fault_is_observable(name):
    with server(name) as url:
        api = Api(url)
        try:
            assert PROBES[name](api) is True
        finally:
            api.http.close()


def test_a_v0_42_1_fault_works_in_v2_mode():
    with server("not_found_as_500") as url:
        api = Api(url)
        try:
            unknown = {"connectionId": "00000000-0000-0000-0000-0000000000e2"}
            response = api.raw("/v1/web_backend/connections/get", unknown)
            assert response.status_code == 500 and set(response.json()) == {"errorId"}
        finally:
            api.http.close()
