"""A small client of our own makes each mistake through the proxy in front of the reference server: the
proxy names it (rule, JSON path, what Airbyte does), and the server shows that Airbyte really does that.
A client that speaks the contract exactly gets no finding."""

from __future__ import annotations

import json

import pytest

UPDATE = "/v1/web_backend/connections/update"
REQUIREMENTS = {"cpu_request": "0.5", "cpu_limit": "1", "memory_request": "1Gi", "memory_limit": "2Gi"}


def _rules(found):
    return [(rule, path) for rule, path, *_ in found]


def test_a_client_speaking_the_contract_exactly_gets_no_finding(api, world, findings):
    created = api.connection(world, syncCatalog=world.catalog, resourceRequirements=REQUIREMENTS,
                             namespaceDefinition="source", scheduleType="manual")
    got = api.get(created["connectionId"], withRefreshedCatalog=False)
    api.update(created["connectionId"], name="renamed", resourceRequirements=got["resourceRequirements"],
               syncCatalog=got["syncCatalog"])
    api.call("/v1/web_backend/connections/list", {"workspaceId": world.workspace_id})
    api.call("/v1/web_backend/state/get_type", {"connectionId": created["connectionId"]})
    assert findings() == []


def test_camel_case_resource_requirements_are_ignored_and_erase_what_was_stored(api, world, findings):
    created = api.connection(world, resourceRequirements=REQUIREMENTS)
    api.get(created["connectionId"])
    sdk_style = {"cpuRequest": "2", "memoryLimit": "4Gi"}
    answer = api.update(created["connectionId"], resourceRequirements=sdk_style)
    assert answer.get("resourceRequirements", {}) == {}  # what the proxy warns of really happens
    found = findings()
    assert ("unknown-property", "$.resourceRequirements.cpuRequest") in _rules(found)
    messages = {path: message for rule, path, _, message, *_ in found if rule == "unknown-property"}
    assert "did you mean 'cpu_request'" in messages["$.resourceRequirements.cpuRequest"]
    assert "did you mean 'memory_limit'" in messages["$.resourceRequirements.memoryLimit"]
    erased = [f for f in found if f[0] == "erases-stored-data"]
    assert erased and erased[0][1] == "$.resourceRequirements" and erased[0][4] == "erase"
    assert "erases cpu_limit, cpu_request, memory_limit, memory_request" in erased[0][3]


def test_partial_resource_requirements_erase_the_keys_not_sent(api, world, findings):
    created = api.connection(world, resourceRequirements=REQUIREMENTS)
    answer = api.update(created["connectionId"], resourceRequirements={"cpu_request": "1"})
    assert answer["resourceRequirements"] == {"cpu_request": "1"}
    erased = [f for f in findings() if f[0] == "erases-stored-data"]
    assert len(erased) == 1 and "erases cpu_limit, memory_limit, memory_request" in erased[0][3]


def test_snake_case_misspelling_of_discover_flag_is_named(api, world, findings):
    api.call("/v1/sources/discover_schema", {"sourceId": world.source_id, "disableCache": True})
    found = findings()
    assert _rules(found) == [("unknown-property", "$.disableCache")]
    assert "did you mean 'disable_cache'" in found[0][3] and found[0][4].startswith("ignore")


@pytest.mark.parametrize(("field", "value", "verdict"), [
    ("skipReset", "true", "coerce to boolean"),
    ("skipReset", 1, "coerce to boolean"),
    ("prefix", 5, "coerce to string"),
    ("skipReset", "TRUE", "coerce to boolean"),
    ("skipReset", "", "read as null (no value)"),
    ("notifySchemaChanges", "yes", "400 (the body is not bound)"),
    ("notifySchemaChanges", "tRuE", "400 (the body is not bound)"),
    ("notifySchemaChanges", {"value": True}, "400 (the body is not bound)"),
])
def test_values_jackson_coerces_or_refuses_are_named(api, world, findings, field, value, verdict):
    created = api.connection(world)
    response = api.raw(UPDATE, {"connectionId": created["connectionId"], field: value})
    found = [f for f in findings() if f[1] == f"$.{field}"]
    assert len(found) == 1 and found[0][4] == verdict
    assert (response.status_code == 400) == verdict.startswith("400")  # the server does what the proxy says


def test_enum_in_the_wrong_case_is_named_with_the_right_spelling(api, world, findings):
    created = api.connection(world)
    response = api.raw(UPDATE, {"connectionId": created["connectionId"], "status": "Inactive"})
    assert response.status_code == 400
    (found,) = [f for f in findings() if f[0] == "enum-value"]
    assert found[1] == "$.status" and "did you mean 'inactive'" in found[3]


def test_null_in_an_update_is_named_as_leaving_the_value_unchanged(api, world, findings):
    created = api.connection(world, prefix="kept_")
    answer = api.update(created["connectionId"], prefix=None)
    assert answer["prefix"] == "kept_"
    assert [f[:2] for f in findings()] == [("null-ignored", "$.prefix")]


def test_a_missing_required_id_is_named_with_airbytes_500(api, world, findings):
    response = api.raw("/v1/web_backend/connections/get", {"connectionid": world.source_id})
    assert response.status_code == 500
    found = {f[:2]: f for f in findings()}
    assert "did you mean 'connectionId'" in found[("unknown-property", "$.connectionid")][3]
    missing = found[("required-missing", "$.connectionId")]
    assert missing[4] == "500" and "StandardSyncPersistence.java:68" in str(missing)


def test_emptied_stream_schema_in_an_update_is_named(api, world, findings):
    created = api.connection(world, syncCatalog=world.catalog)
    catalog = json.loads(json.dumps(created["syncCatalog"]))
    for entry in catalog["streams"]:
        entry["stream"]["jsonSchema"] = {}
    api.update(created["connectionId"], syncCatalog=catalog)
    erased = [f for f in findings() if f[0] == "erases-stored-data"]
    assert len(erased) == len(catalog["streams"]) and erased[0][1].endswith(".stream.jsonSchema")


def test_unreadable_json_is_named(api, world, findings):
    response = api.http.post("/v1/web_backend/connections/list", content=b"{not json",
                             headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert [f[:2] for f in findings()] == [("unreadable-json", "$")]


def test_camel_case_shared_state_is_named(api, world, findings):
    created = api.connection(world)
    state = {"stateType": "global", "connectionId": created["connectionId"],
             "globalState": {"sharedState": {"cursor": 1}, "streamStates": []}}
    api.raw("/v1/state/create_or_update", {"connectionId": created["connectionId"], "connectionState": state})
    found = [f for f in findings() if f[0] == "unknown-property"]
    assert [f[1] for f in found] == ["$.connectionState.globalState.sharedState"]
    assert "did you mean 'shared_state'" in found[0][3]


def test_selected_streams_left_out_of_an_updated_catalog_are_named(api, world, findings):
    catalog = json.loads(json.dumps(world.catalog))
    for entry in catalog["streams"]:
        entry["config"]["selected"] = True
    created = api.connection(world, syncCatalog=catalog)
    kept, left_out = created["syncCatalog"]["streams"][:1], created["syncCatalog"]["streams"][1:]
    assert left_out, "the discovered catalog needs two streams"
    answer = api.update(created["connectionId"], syncCatalog={"streams": kept})
    after = {e["stream"]["name"]: e["config"]["selected"] for e in answer["syncCatalog"]["streams"]}
    assert not any(after.get(e["stream"]["name"]) for e in left_out)  # the server did drop them
    (found,) = [f for f in findings() if f[0] == "erases-stored-data"]
    assert found[1] == "$.syncCatalog.streams"
    assert all(e["stream"]["name"] in found[3] for e in left_out)
