"""Error answers: auth, size limit, malformed bodies, unknown paths, and no 5xx for any client input."""

from __future__ import annotations

import base64
import json

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import contracts
from reference_server import running

GET = "/v1/web_backend/connections/get"


@pytest.fixture(scope="module")
def basic_server():
    with running(auth="user:secret") as srv:
        yield srv


@pytest.fixture(scope="module")
def token_server():
    with running(auth={"token": "t0ken"}) as srv:
        yield srv


def test_auth_is_off_by_default(api):
    assert api.raw("/v1/web_backend/geographies/list").status_code == 200


@pytest.mark.parametrize("header", [None, "Basic " + base64.b64encode(b"user:wrong").decode(), "Bearer secret"])
def test_basic_auth_refuses_missing_or_wrong_credentials(basic_server, header):
    headers = {"authorization": header} if header else {}
    response = httpx.post(basic_server.url + "/v1/web_backend/geographies/list", headers=headers)
    assert response.status_code == 401 and "credentials" in response.json()["message"]


def test_basic_auth_accepts_the_right_credentials(basic_server):
    response = httpx.post(basic_server.url + "/v1/web_backend/geographies/list", auth=("user", "secret"))
    assert response.status_code == 200


def test_token_auth(token_server):
    url = token_server.url + "/v1/health"
    assert httpx.get(url).status_code == 401
    assert httpx.get(url, headers={"authorization": "Bearer t0ken"}).status_code == 200


def test_too_large_bodies_get_413():
    with running(max_body_bytes=1000) as srv:
        body = {"connectionId": "00000000-0000-0000-0000-000000000000", "pad": "x" * 2000}
        response = httpx.post(srv.url + GET, json=body)
        assert response.status_code == 413 and "1000" in response.json()["message"]

        def chunks():  # no Content-Length: the limit holds while reading
            yield b'{"connectionId": "00000000-0000-0000-0000-000000000000", "pad": "'
            for _ in range(20):
                yield b"x" * 100
            yield b'"}'

        streamed = httpx.post(srv.url + GET, content=chunks(), headers={"content-type": "application/json"})
        assert streamed.status_code == 413


@pytest.mark.parametrize("raw", [b"{", b"[1,", b"nul", b"{'a': 1}", b"NaN", b'{"a": Infinity}', b"\xff\xfe",
                                 b'{"connectionId": "x"} trailing'])
def test_malformed_json_is_422_invalid_json(api, raw):
    """Airbyte's InvalidJsonExceptionHandler (JsonParseException -> 422 KnownExceptionInfo)."""
    error = api.refused(GET, expect=422, content=raw, headers={"content-type": "application/json"})
    assert error["message"].startswith("Invalid json. ")
    assert error["exceptionClassName"] == "com.fasterxml.jackson.core.JsonParseException"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "application/vnd.api+json"])
def test_non_json_content_type_is_415(api, content_type):
    error = api.refused(GET, expect=415, content=b'{"connectionId": "x"}', headers={"content-type": content_type})
    assert error["message"] == f"Content Type [{content_type}] not allowed. Allowed types: [application/json]"
    assert error["_links"]["self"]["href"] == "/api" + GET


def test_no_content_type_is_not_415(api, world):
    """A route that consumes JSON matches a request without Content-Type; the body is then not read as JSON."""
    created = api.connection(world)
    raw = json.dumps({"connectionId": created["connectionId"]}).encode()
    request = api.http.build_request("POST", GET, content=raw)
    assert "content-type" not in request.headers
    error = api.http.send(request)
    assert error.status_code == 400 and error.json()["path"] == "/webBackendConnectionRequestBody"


def test_json_with_charset_is_fine(api):
    response = api.http.post(GET, content=b'{"connectionId": "00000000-0000-0000-0000-000000000000"}',
                             headers={"content-type": "application/json; charset=utf-8"})
    assert response.status_code == 404


@pytest.mark.parametrize("raw", [b"", b"  ", b"null", b"[]", b"3", b'"s"', b"[{}]"])
def test_missing_or_non_object_bodies_are_micronauts_400(api, friendly_api, raw):
    for client in (api, friendly_api):
        error = client.refused(GET, expect=400, content=raw, headers={"content-type": "application/json"})
        assert error == {"message": "Required argument [WebBackendConnectionRequestBody "
                                    "webBackendConnectionRequestBody] not specified",
                         "path": "/webBackendConnectionRequestBody",
                         "_links": {"self": {"href": "/api" + GET, "templated": False}}}


def test_workspace_state_without_body_is_400(api):
    error = api.refused("/v1/web_backend/workspace/state", expect=400, content=b"",
                        headers={"content-type": "application/json"})
    assert error["message"] == "Required argument [WebBackendWorkspaceState webBackendWorkspaceState] not specified"


def test_not_found_body(api):
    error = api.refused(GET, {"connectionId": "00000000-0000-0000-0000-00000000ABCD"}, expect=404)
    assert error == {
        "message": "Internal Server Error: Could not find configuration for STANDARD_SYNC: "
                   "00000000-0000-0000-0000-00000000abcd.",
        "exceptionClassName": "io.airbyte.commons.server.errors.IdNotFoundKnownException",
        "exceptionStack": ["io.airbyte.commons.server.errors.IdNotFoundKnownException: Could not find configuration "
                           "for STANDARD_SYNC: 00000000-0000-0000-0000-00000000abcd."],
        "rootCauseExceptionClassName": "java.lang.Class",
        "rootCauseExceptionStack": ["io.airbyte.config.persistence.ConfigNotFoundException: config type: "
                                    "STANDARD_SYNC id: 00000000-0000-0000-0000-00000000abcd"],
    }


def test_upper_case_ids_find_the_same_record(api, world):
    created = api.connection(world)
    assert api.get(created["connectionId"].upper())["connectionId"] == created["connectionId"]


@pytest.mark.parametrize(("path", "body", "status"), [
    ("/v1/web_backend/connections/get", {}, 500),
    ("/v1/web_backend/connections/get", {"connectionId": ""}, 500),
    ("/v1/web_backend/connections/update", {"connectionId": None, "name": "x"}, 500),
    ("/v1/web_backend/connections/list", {}, 200),
    ("/v1/web_backend/connections/list", {"workspaceId": ""}, 200),
    ("/v1/web_backend/workspace/state", {"workspaceId": None}, 200),
    ("/v1/web_backend/state/get_type", {"connectionId": ""}, 200),
])
def test_ids_jackson_reads_as_null(api, friendly_api, path, body, status):
    """Where Airbyte dereferences a null id it fails (500); the list, workspace state and state queries
    just match nothing."""
    if status == 500:
        assert api.refused(path, body, expect=500)["exceptionClassName"] == "java.lang.NullPointerException"
        assert friendly_api.refused(path, body, expect=422)["validationErrors"][0]["propertyPath"] == "$.connectionId"
        return
    for client in (api, friendly_api):
        response = client.raw(path, body)
        assert response.status_code == 200
    assert api.raw("/v1/web_backend/connections/list", {}).json() in ({"connections": []},)


def test_unknown_path_and_wrong_method(api):
    assert api.http.post("/v1/nope", json={}).status_code == 404
    assert api.http.get(GET).status_code == 405
    assert api.http.post("/v1/health").status_code == 405


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
_FIELDS = ["connectionId", "sourceId", "destinationId", "status", "syncCatalog", "scheduleType", "scheduleData",
           "schedule", "operations", "name", "workspaceId", "withRefreshedCatalog"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(sorted(p for p, op in contracts.operations().items() if op["method"] == "POST")),
       body=st.dictionaries(st.sampled_from(_FIELDS), _JSON, max_size=4))
def test_no_5xx_for_any_body_without_airbyte_500s(friendly_api, friendly_world, path, body):
    """With --no-airbyte-500s, no input gets a 5xx; a 500 by default is always Airbyte's KnownExceptionInfo."""
    world = friendly_world
    for key in ("sourceId", "destinationId", "workspaceId"):
        if body.get(key) == "":
            body[key] = getattr(world, {"sourceId": "source_id", "destinationId": "destination_id",
                                        "workspaceId": "workspace_id"}[key])
    response = friendly_api.http.post(path, content=json.dumps(body), headers={"content-type": "application/json"})
    assert response.status_code < 500, response.text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(sorted(p for p, op in contracts.operations().items() if op["method"] == "POST")),
       body=st.dictionaries(st.sampled_from(_FIELDS), _JSON, max_size=4))
def test_every_500_is_an_airbyte_failure(api, world, path, body):
    response = api.http.post(path, content=json.dumps(body), headers={"content-type": "application/json"})
    if response.status_code >= 500:
        data = response.json()
        contracts.validator("KnownExceptionInfo").check(data)
        assert data["message"].startswith("Internal Server Error: ") and data["exceptionClassName"].startswith("java.")


def test_bad_catalog_shapes(api, world, friendly_api, friendly_world):
    streams = [{"stream": {"name": "s", "jsonSchema": {"properties": []}},
                "config": {"syncMode": "incremental", "destinationSyncMode": "append_dedup", "selected": True,
                           "fieldSelectionEnabled": True, "selectedFields": [{}], "primaryKey": [[]]}}]
    body = {"sourceId": world.source_id, "destinationId": world.destination_id, "status": "active",
            "syncCatalog": {"streams": streams}}
    assert "no properties node" in api.refused("/v1/web_backend/connections/create", body, expect=422)["message"]
    streams[0]["stream"]["jsonSchema"] = "DEEP"
    streams[0]["config"].update(selectedFields=[{"fieldPath": ["a"]}], primaryKey=[], syncMode="full_refresh")
    deep = '{"x": ' * 5000 + '{"properties": {"a": {}}}' + "}" * 5000  # too deep for Python's json module
    raw = json.dumps(body).replace('"DEEP"', deep)
    response = api.http.post("/v1/web_backend/connections/create", content=raw,
                             headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
