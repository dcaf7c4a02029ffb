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
from selftests.reference_server.client import Api

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
                                 b"[" * 100000])
def test_malformed_json_is_400_with_a_message(api, raw):
    response = api.http.post(GET, content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 400 and response.json()["message"].startswith("Invalid json")


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_non_json_content_type_is_415(api, content_type):
    headers = {"content-type": content_type} if content_type else {}
    response = api.http.post(GET, content=b'{"connectionId": "x"}', headers=headers)
    assert response.status_code == 415 and "application/json" in response.json()["message"]


def test_json_with_charset_is_fine(api):
    response = api.http.post(GET, content=b'{"connectionId": "00000000-0000-0000-0000-000000000000"}',
                             headers={"content-type": "application/json; charset=utf-8"})
    assert response.status_code == 404


@pytest.mark.parametrize("raw", [b"", b"  ", b"null", b"[]", b"3", b'"s"'])
def test_missing_or_non_object_bodies_are_422(api, raw):
    response = api.http.post(GET, content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422
    contracts.validator("InvalidInputExceptionInfo").check(response.json())


def test_unknown_path_and_wrong_method(api):
    assert api.http.post("/v1/nope", json={}).status_code == 404
    assert api.http.get(GET).status_code == 405
    assert api.http.post("/v1/health").status_code == 405


def test_not_found_body(api):
    body = api.call(GET, {"connectionId": "00000000-0000-0000-0000-00000000abcd"}, expect=404)
    assert body["id"] == "00000000-0000-0000-0000-00000000abcd" and "StandardSync" in body["message"]


def test_upper_case_ids_find_the_same_record(api, world):
    created = api.connection(world)
    assert api.get(created["connectionId"].upper())["connectionId"] == created["connectionId"]


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
def test_no_5xx_for_any_body(api, world, path, body):
    for key in ("sourceId", "destinationId", "workspaceId"):
        if body.get(key) == "":
            body[key] = getattr(world, {"sourceId": "source_id", "destinationId": "destination_id",
                                        "workspaceId": "workspace_id"}[key])
    response = api.http.post(path, content=json.dumps(body), headers={"content-type": "application/json"})
    assert response.status_code < 500, response.text


def test_no_5xx_for_bad_catalog_shapes(api, world):
    streams = [{"stream": {"name": "s", "jsonSchema": {"properties": []}},
                "config": {"syncMode": "incremental", "destinationSyncMode": "append_dedup", "selected": True,
                           "fieldSelectionEnabled": True, "selectedFields": [{}], "primaryKey": [[]]}}]
    body = {"sourceId": world.source_id, "destinationId": world.destination_id, "status": "active",
            "syncCatalog": {"streams": streams}}
    assert Api.raw(api, "/v1/web_backend/connections/create", body).status_code == 422
    streams[0]["stream"]["jsonSchema"] = "DEEP"
    streams[0]["config"].update(selectedFields=[{"fieldPath": ["a"]}], primaryKey=[], syncMode="full_refresh")
    deep = '{"x": ' * 5000 + '{"properties": {"a": {}}}' + "}" * 5000  # too deep for Python's json module
    raw = json.dumps(body).replace('"DEEP"', deep)
    response = api.http.post("/v1/web_backend/connections/create", content=raw,
                             headers={"content-type": "application/json"})
    assert response.status_code < 500, response.text
