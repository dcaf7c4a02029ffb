"""Contract tests per operation: valid inputs are accepted with a conforming answer, invalid inputs are
refused cleanly, unreadable bodies get a 4xx, unknown ids a 404. Every answer is checked against its
contract (status documented, JSON, body valid)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

import contracts
import strategies
from suite import checks

# The webBackend operations with a body that this suite draws bodies for, and those among them that change
# nothing on the target (the operation table does not say which do). Request models come from the table;
# a path it does not have (renamed, removed) fails the collection, naming the release.
BODY_PATHS = ("/v1/web_backend/connections/get", "/v1/web_backend/connections/list",
              "/v1/web_backend/connections/create", "/v1/web_backend/connections/update",
              "/v1/web_backend/state/get_type", "/v1/web_backend/workspace/state")
READ_ONLY_PATHS = {"/v1/web_backend/connections/get", "/v1/web_backend/connections/list",
                   "/v1/web_backend/state/get_type", "/v1/web_backend/workspace/state"}
BODY_OPERATIONS = {contracts.operation(path)["request"]: path for path in BODY_PATHS}
READ_ONLY = {model for model, path in BODY_OPERATIONS.items() if path in READ_ONLY_PATHS}
assert len(BODY_OPERATIONS) == len(BODY_PATHS), "two operations take the same request model"


def marks(model):
    return [pytest.mark.read_only if model in READ_ONLY else pytest.mark.writes]


MODELS = [pytest.param(m, marks=marks(m), id=m) for m in BODY_OPERATIONS]


def send(api, model, payload):
    exchange = api.client.post(BODY_OPERATIONS[model], payload)
    if model not in READ_ONLY:  # create and update
        api._track_connection(exchange)
    return exchange


@pytest.mark.parametrize("model", MODELS)
@given(data=st.data())
def test_valid_requests_are_accepted(api, world_with_connection, model, data):
    payload = data.draw(strategies.valid(model, world_with_connection), label="payload")
    checks.accepted_answer(send(api, model, payload))


@pytest.mark.parametrize("model", MODELS)
@given(data=st.data())
def test_edge_cases_are_accepted(api, world_with_connection, model, data):
    payload = data.draw(strategies.edge(model, world_with_connection), label="payload")
    checks.accepted_answer(send(api, model, payload))


@pytest.mark.parametrize("model", MODELS)
@given(data=st.data())
def test_invalid_requests_are_refused_cleanly(api, model, data):
    bad = data.draw(strategies.invalid(model), label="invalid")
    exchange = api.client.post(BODY_OPERATIONS[model], bad.payload)
    checks.invalid_body_refusal(exchange, model, bad)


@pytest.mark.writes
@pytest.mark.parametrize("model", ["WebBackendConnectionCreate", "WebBackendConnectionUpdate"])
@given(data=st.data())
def test_requests_airbyte_refuses_are_refused_cleanly(api, world_with_connection, model, data):
    refused = data.draw(strategies.refused(model, world_with_connection), label="refused")
    exchange = send(api, model, refused.payload)
    checks.rule_refusal(exchange, refused)


UNREADABLE = {
    "malformed JSON": ('{"workspaceId": ', "application/json"),
    "JSON array": ("[1, 2]", "application/json"),
    "JSON number": ("42", "application/json"),
    "JSON string": ('"text"', "application/json"),
    "form body": ("workspaceId=1", "application/x-www-form-urlencoded"),
    "plain text": ("hello", "text/plain"),
}


@pytest.mark.read_only
@pytest.mark.parametrize("path", sorted(set(BODY_OPERATIONS.values())))
@pytest.mark.parametrize("what", sorted(UNREADABLE))
def test_unreadable_bodies_get_a_client_error(client, path, what):
    raw, content_type = UNREADABLE[what]
    exchange = client.post(path, raw=raw, content_type=content_type)
    checks.clean_refusal(exchange, what)


@pytest.mark.read_only
def test_geographies_are_well_formed_and_include_auto(api):
    checks.geographies_answer(api.geographies())


@pytest.mark.read_only
def test_check_updates_is_well_formed(api):
    checks.update_counts(api.check_updates())


@pytest.mark.read_only
@given(unknown=st.uuids().map(str))
def test_unknown_connections_are_not_found(api, unknown):
    checks.airbyte_not_found_message(api.get(unknown), "STANDARD_SYNC", unknown)


@pytest.mark.writes
@given(unknown=st.uuids().map(str))
def test_updating_an_unknown_connection_is_not_found(api, unknown):
    checks.airbyte_not_found_message(api.update({"connectionId": unknown, "name": "nobody"}), "STANDARD_SYNC",
                                         unknown)


@pytest.mark.writes
@given(unknown=st.uuids().map(str), which=st.sampled_from(["sourceId", "destinationId"]))
def test_creating_with_an_unknown_source_or_destination_is_not_found(api, world, unknown, which):
    payload = {"sourceId": world.source_id, "destinationId": world.destination_id, "status": "active",
               which: unknown}
    # ConfigRepository.java:853,965 at 0f4f4a9331
    kind = {"sourceId": "SOURCE_CONNECTION", "destinationId": "DESTINATION_CONNECTION"}[which]
    checks.airbyte_not_found_message(api.create(payload), kind, unknown)


@pytest.mark.read_only
@given(unknown=st.uuids().map(str))
def test_state_type_of_an_unknown_connection_is_not_set(api, unknown):
    """Airbyte does not look the connection up (deviation unknown-ids-answer-200): 200 "not_set".
    A 404 is a reasonable answer too; anything else is not."""
    checks.unlooked_up_answer(api.state_type(unknown), "not_set", "state/get_type of an unknown connection")


@pytest.mark.read_only
@given(unknown=st.uuids().map(str))
def test_workspace_state_of_an_unknown_workspace_is_empty(api, unknown):
    """Airbyte does not look the workspace up (deviation unknown-ids-answer-200): all flags false.
    A 404 is a reasonable answer too; anything else is not."""
    checks.unlooked_up_answer(api.workspace_state(unknown),
                              {"hasConnections": False, "hasSources": False, "hasDestinations": False},
                              "workspace/state of an unknown workspace")


# ids Jackson reads as absent (suite.policy.reads_as_absent): null, "" and blank strings
ABSENT_IDS = [None, "", " ", "\t"]
ANSWER_WITHOUT_ID = {
    # ConfigRepository.java:1217 (no actor has a null workspace): no connections
    "/v1/web_backend/connections/list": ("workspaceId", {"connections": []}),
    # WebBackendConnectionsHandler.java:121-125: counts for a null workspace are 0
    "/v1/web_backend/workspace/state": ("workspaceId", {"hasConnections": False, "hasSources": False,
                                                        "hasDestinations": False}),
    # WebBackendConnectionsHandler.java:133-134, StatePersistence.java:60-65: no state for a null connection
    "/v1/web_backend/state/get_type": ("connectionId", "not_set"),
}


@pytest.mark.read_only
@pytest.mark.parametrize("path", sorted(ANSWER_WITHOUT_ID))
@pytest.mark.parametrize("ident", ABSENT_IDS, ids=["null", "empty", "blank", "tab"])
def test_ids_read_as_absent_name_nothing(client, path, ident):
    """Airbyte reads a null, "" or blank id as no id at all and answers as for a missing one (200); a
    server may refuse the body instead (400/422), but must not look such an id up (404) or break (5xx)."""
    field, answer = ANSWER_WITHOUT_ID[path]
    checks.absent_id_answer(client.post(path, {field: ident}), answer, f"{field} = {ident!r}")


@pytest.mark.read_only
@pytest.mark.parametrize("path", sorted(set(BODY_OPERATIONS.values())))
def test_malformed_json_gets_airbyte_s_422(client, path):
    """A body that is not JSON at all gets Airbyte's 422 (suite.checks.malformed_json_answer)."""
    checks.malformed_json_answer(client.post(path, raw='{"workspaceId": ', content_type="application/json"))
