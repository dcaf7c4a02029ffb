"""The suite's rules about what a real Airbyte answers (suite.policy, suite.airbyte, suite.checks), one group
per fact of issue 11. Each test fails when its rule is reverted: a 500 Airbyte gives is a noted quirk and
nothing else is; what Airbyte leaves open is not insisted on; what it decides is."""

import json

import pytest

from strategies._invalid import Invalid
from suite import checks, policy, quirks
from suite.airbyte import connection_reads, stored_catalogs
from suite.client import Exchange

UUID = "3f2c8d4e-1b7a-4c9e-8f00-0a1b2c3d4e5f"
OTHER = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d"
GET, CREATE, LIST = ("/v1/web_backend/connections/get", "/v1/web_backend/connections/create",
                     "/v1/web_backend/connections/list")


def exchange(path: str, status: int, body: dict, sent=None) -> Exchange:
    text = json.dumps(body)
    return Exchange("POST", "http://127.0.0.1:1/api" + path, path, sent, False, status,
                    {"content-type": "application/json"}, text, 0.01)


SERVER_ERROR = {"message": "Internal Server Error: null", "exceptionClassName": "java.lang.NullPointerException"}


@pytest.fixture
def met(monkeypatch):
    fresh = quirks.Quirks()
    monkeypatch.setattr(quirks, "MET", fresh)
    return fresh


def bad_uuid(payload: dict, field: str) -> Invalid:
    return Invalid(payload, "bad_uuid", (field,), "format", f"$.{field} = {payload[field]!r} is not a uuid")


# --- fact 3: null, "" and blank ids read as absent ------------------------------------------------------


@pytest.mark.parametrize("value", [None, "", " ", "\t", "\u0020\n"])
def test_jackson_reads_null_empty_and_blank_ids_as_absent(value):
    assert policy.reads_as_absent(value, {"format": "uuid"})


@pytest.mark.parametrize("value", [UUID, " " + UUID, "x", "\u00a0"])
def test_other_ids_are_read_as_given(value):
    assert not policy.reads_as_absent(value, {"format": "uuid"})


@pytest.mark.parametrize("ident", ["", " "])
def test_a_500_for_an_absent_connection_id_is_a_noted_quirk(met, ident):
    bad = bad_uuid({"connectionId": ident}, "connectionId")
    checks.invalid_body_refusal(exchange(GET, 500, SERVER_ERROR, bad.payload), "WebBackendConnectionRequestBody", bad)
    [(rule, count)] = met.counts.items()
    assert count == 1 and "StandardSyncPersistence.java:68" in rule


def test_a_500_for_a_missing_source_id_is_a_noted_quirk(met):
    bad = Invalid({"destinationId": UUID}, "missing_required", (), "required", "sourceId missing", "sourceId")
    checks.invalid_body_refusal(exchange(CREATE, 500, SERVER_ERROR, bad.payload), "WebBackendConnectionCreate", bad)
    assert any("ConfigRepository.java:851" in rule for rule in met.counts)


@pytest.mark.parametrize("operation, predicted", [({}, True), ({"name": "x"}, True)])
def test_an_object_for_the_operations_list_is_one_operation_whose_absent_fields_give_500(met, operation, predicted):
    """Micronaut reads {...} where a list is expected as a one-element list; its operation lacks
    operatorConfiguration, which OperationsConverter dereferences: Airbyte's 500, a noted quirk."""
    payload = {"sourceId": UUID, "destinationId": OTHER, "operations": operation}
    bad = Invalid(payload, "wrong_type", ("operations",), "type", "$.operations is an object")
    checks.invalid_body_refusal(exchange(CREATE, 500, SERVER_ERROR, payload), "WebBackendConnectionCreate", bad)
    assert any("inside operations" in rule for rule in met.counts) is predicted


def test_a_whole_operation_for_the_operations_list_is_not_a_predicted_500(met):
    operation = {"workspaceId": UUID, "name": "x",
                 "operatorConfiguration": {"operatorType": "normalization", "normalization": {"option": "basic"}}}
    payload = {"sourceId": UUID, "destinationId": OTHER, "operations": operation}
    bad = Invalid(payload, "wrong_type", ("operations",), "type", "$.operations is an object")
    assert policy.absent_but_dereferenced("WebBackendConnectionCreate", bad) is None


def test_a_500_where_airbyte_answers_200_is_a_failure(met):
    """connections/list with no workspace answers 200 with no connections: no rule predicts a 500."""
    bad = bad_uuid({"workspaceId": ""}, "workspaceId")
    with pytest.raises(checks.CheckFailure, match="server error"):
        checks.invalid_body_refusal(exchange(LIST, 500, SERVER_ERROR, bad.payload),
                                    "WebBackendConnectionListRequestBody", bad)
    assert not met.counts


def test_a_500_for_a_well_formed_id_is_a_failure(met):
    bad = Invalid({"connectionId": UUID, "extra": 1}, "unknown_field", (), "additionalProperties", "extra")
    with pytest.raises(checks.CheckFailure):
        checks.invalid_body_refusal(exchange(GET, 500, SERVER_ERROR, bad.payload), "WebBackendConnectionRequestBody",
                                    bad)
    assert not met.counts


def test_a_blank_id_must_not_be_looked_up():
    bad = bad_uuid({"connectionId": ""}, "connectionId")
    answer = {"message": "Internal Server Error: Could not find configuration for STANDARD_SYNC: ."}
    with pytest.raises(checks.CheckFailure, match="looked up"):
        checks.invalid_body_refusal(exchange(GET, 404, answer, bad.payload), "WebBackendConnectionRequestBody", bad)


def test_a_404_about_another_id_of_the_body_is_fine():
    """create looks the source up first: an unknown source is a 404 even when the destination id is blank."""
    bad = bad_uuid({"sourceId": UUID, "destinationId": ""}, "destinationId")
    answer = {"message": f"Internal Server Error: Could not find configuration for SOURCE_CONNECTION: {UUID}."}
    checks.invalid_body_refusal(exchange(CREATE, 404, answer, bad.payload), "WebBackendConnectionCreate", bad)


def test_deep_nulls_in_a_catalog_are_a_noted_quirk(met):
    payload = {"sourceId": UUID, "destinationId": UUID, "syncCatalog": {"streams": [
        {"stream": {"name": "s"}, "config": {"syncMode": "full_refresh", "destinationSyncMode": "append",
                                             "selected": None}}]}}
    bad = Invalid(payload, "wrong_type", ("syncCatalog", "streams", 0, "config", "selected"), "type", "null")
    checks.invalid_body_refusal(exchange(CREATE, 500, SERVER_ERROR, payload), "WebBackendConnectionCreate", bad)
    assert any("CatalogConverter.java" in rule for rule in met.counts)


def test_the_schemathesis_layer_notes_a_500_for_a_body_without_a_connection_id(met):
    checks.explained_server_error(exchange(GET, 500, SERVER_ERROR, {}), "WebBackendConnectionRequestBody", {})
    with pytest.raises(checks.explained_server_error.error):
        checks.explained_server_error(exchange(GET, 500, SERVER_ERROR, {"connectionId": UUID}),
                                      "WebBackendConnectionRequestBody", {"connectionId": UUID})
    with pytest.raises(checks.explained_server_error.error):
        checks.explained_server_error(exchange(GET, 503, SERVER_ERROR, {}), "WebBackendConnectionRequestBody", {})
    assert sum(met.counts.values()) == 1


# --- fact 8: an operation in an unknown workspace --------------------------------------------------------


def test_an_operation_in_an_unknown_workspace_predicts_a_500():
    payload = {"sourceId": UUID, "destinationId": UUID, "operations": [{"workspaceId": OTHER, "name": "n"}]}
    assert "operation_workspace_id_fkey" in policy.operation_in_unknown_workspace(
        "WebBackendConnectionCreate", payload)
    assert policy.operation_in_unknown_workspace("WebBackendConnectionCreate", payload, [OTHER.upper()]) is None
    assert policy.operation_in_unknown_workspace("WebBackendConnectionUpdate", payload) is None  # 404 first


# --- fact 2: varchar(256) --------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["name", "prefix", "namespaceFormat"])
def test_over_256_characters_is_a_noted_quirk_and_256_is_not(met, field):
    over = {field: "\U0001f600" * 257}
    assert checks.varchar_limit(exchange(CREATE, 500, SERVER_ERROR, over), over) is None
    assert len(met.counts) == 1
    at_limit = {field: "\U0001f600" * 256}
    with pytest.raises(checks.CheckFailure):
        checks.varchar_limit(exchange(CREATE, 500, SERVER_ERROR, at_limit), at_limit)


def test_operation_names_over_256_characters_are_seen():
    assert policy.over_varchar_limit({"operations": [{"name": "x" * 257}]}) == ["operations[].name"]
    assert policy.over_varchar_limit({"operations": [{"name": "x" * 256}], "name": "y" * 256}) == []


# --- fact 1: selectedFields order is open ----------------------------------------------------------------


def _read(order: list[str]) -> dict:
    return {"streams": [{"stream": {"name": "s"}, "config": {"fieldSelectionEnabled": True,
                                                            "selectedFields": [{"fieldPath": [f]} for f in order]}}]}


def test_selected_fields_are_compared_as_a_set():
    expected = {"syncCatalog": _read(["id", "a", "zz"])}
    body = {"syncCatalog": _read(["a", "id", "zz"])}  # jsonb order: shorter keys first
    checks.stored_connection(None, expected, body, "create")
    with pytest.raises(checks.CheckFailure):
        checks.stored_connection(None, expected, {"syncCatalog": _read(["a", "id"])}, "create")


# --- fact 12: isSyncing ----------------------------------------------------------------------------------


SOURCE, DESTINATION = {"name": "s"}, {"name": "d"}


@pytest.mark.parametrize("sent, insisted", [
    ({"status": "active"}, True),  # manual by default: no sync starts
    ({"status": "inactive", "scheduleType": "basic",
      "scheduleData": {"basicSchedule": {"timeUnit": "hours", "units": 1}}}, True),
    ({"status": "active", "scheduleType": "basic",
      "scheduleData": {"basicSchedule": {"timeUnit": "hours", "units": 1}}}, False),
    ({"status": "active", "scheduleType": "cron",
      "scheduleData": {"cron": {"cronExpression": "0 0 * * * ?", "cronTimeZone": "UTC"}}}, False),
])
def test_is_syncing_is_insisted_on_only_where_no_sync_can_start(sent, insisted):
    body = {"sourceId": UUID, "destinationId": OTHER, **sent}
    expected = connection_reads.connection_after_create(body, SOURCE, DESTINATION, "auto")
    assert ("isSyncing" in expected) is insisted
    if insisted:
        assert expected["isSyncing"] is False


# --- fact 7: 404 bodies ----------------------------------------------------------------------------------


def test_a_404_must_say_what_airbyte_says():
    airbyte_body = {"message": f"Internal Server Error: Could not find configuration for STANDARD_SYNC: {UUID}.",
                    "exceptionClassName": "io.airbyte.commons.server.errors.IdNotFoundKnownException"}
    checks.airbyte_not_found_message(exchange(GET, 404, airbyte_body), "connection", UUID.upper())
    with pytest.raises(checks.CheckFailure, match="what Airbyte says"):
        checks.airbyte_not_found_message(
            exchange(GET, 404, {"message": f"Could not find configuration for STANDARD_SYNC: {UUID}.", "id": UUID}),
            "connection", UUID)


# --- fact 14: field-selection keys collide ---------------------------------------------------------------


def _entry(name, namespace, selecting):
    stream = {"name": name, "jsonSchema": {"type": "object", "properties": {"id": {}, "x": {}}}}
    if namespace is not None:
        stream["namespace"] = namespace
    config = {"syncMode": "full_refresh", "destinationSyncMode": "append", "selected": True,
              "fieldSelectionEnabled": selecting}
    if selecting:
        config["selectedFields"] = [{"fieldPath": ["id"]}]
    return {"stream": stream, "config": config}


def test_streams_sharing_a_field_selection_key_read_back_with_the_later_flag():
    assert stored_catalogs.selection_key({"name": "a"}) == stored_catalogs.selection_key(
        {"name": "a", "namespace": "null"})
    assert stored_catalogs.selection_key({"name": "b/c", "namespace": "a"}) == stored_catalogs.selection_key(
        {"name": "c", "namespace": "a/b"})
    read = stored_catalogs.catalog_as_stored({"streams": [_entry("a", None, True), _entry("a", "null", False)]})
    first, second = read["streams"]
    assert first["config"]["fieldSelectionEnabled"] is False and "selectedFields" not in first["config"]
    assert list(first["stream"]["jsonSchema"]["properties"]) == ["id"]  # pruned when written
    read = stored_catalogs.catalog_as_stored({"streams": [_entry("a", None, False), _entry("a", "null", True)]})
    first, second = read["streams"]
    assert first["config"]["fieldSelectionEnabled"] is True
    assert first["config"]["selectedFields"] == [{"fieldPath": ["id"]}, {"fieldPath": ["x"]}]  # not pruned


def test_find_value_stops_at_the_first_key_even_when_its_value_is_null():
    """Jackson's ObjectNode.findValue answers a NullNode for `"properties": null` and looks no further."""
    schema = {"a": {"properties": None}, "properties": {"x": {}}}
    assert stored_catalogs.find_value(schema, "properties") is None
    nested = {"a": [{"properties": {"y": {}}}], "properties": {"x": {}}}
    assert stored_catalogs.find_value(nested, "properties") == {"y": {}}


@pytest.mark.parametrize("name, alias", [("a b\t c", "a_b_c"), ("x\u0301 \u0301 y", "x_y"), ("\U0001f600a-b", "_a_b"),
                                         ("\u00c5ngstr\u00f6m", "Angstrom"), ("\u3000", "_")])
def test_alias_names_are_java_s_to_alphanumeric_and_underscore(name, alias):
    assert stored_catalogs.alias_name(name) == alias
