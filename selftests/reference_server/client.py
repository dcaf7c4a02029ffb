"""A small HTTP client for the selftests: every answer is checked against its contract."""

from __future__ import annotations

import httpx

import contracts
from reference_server.definitions import DEV_NULL, FAKER

OPERATIONS = contracts.operations()


class Api:
    def __init__(self, url: str, check_contracts: bool = True, **client_kwargs):
        self.http = httpx.Client(base_url=url, timeout=30, **client_kwargs)
        self.check_contracts = check_contracts  # off only to build prerequisites on a faulty server

    def close(self) -> None:
        self.http.close()

    def raw(self, path: str, body=None, **kwargs) -> httpx.Response:
        method = OPERATIONS.get(path, {}).get("method", "POST")
        if method == "GET":
            return self.http.get(path, **kwargs)
        return self.http.post(path, json=body, **kwargs)

    def call(self, path: str, body=None, expect: int = 200):
        """POST (or GET) the body; assert the status and that the answer matches its contract."""
        response = self.raw(path, body)
        assert response.status_code == expect, (
            f"{path}: expected {expect}, got {response.status_code}: {response.text[:2000]}"
        )
        model = OPERATIONS[path]["responses"].get(str(expect))
        if model is None:
            assert response.content == b"", response.text
            return None
        data = response.json()
        if self.check_contracts:
            contracts.validator(model).check(data)
        return data

    def refused(self, path: str, body=None, expect: int = 500, **kwargs) -> dict:
        """POST a body the server must refuse with `expect`; check the body's shape and return it.

        Airbyte's own answers (404, 422, 500) are KnownExceptionInfo; Micronaut's (400, 415) a JsonError with
        message and _links; our friendly 422s (airbyte_500s off) an InvalidInputExceptionInfo.
        """
        response = self.http.post(path, json=body, **kwargs) if "content" not in kwargs else self.http.post(
            path, **kwargs)
        assert response.status_code == expect, (
            f"{path}: expected {expect}, got {response.status_code}: {response.text[:2000]}")
        assert response.headers["content-type"] == "application/json"
        data = response.json()
        if "_links" in data:
            assert set(data) <= {"message", "path", "_links"} and data["_links"]["self"]["templated"] is False
        elif "validationErrors" in data:
            contracts.validator("InvalidInputExceptionInfo").check(data)
        else:
            contracts.validator("KnownExceptionInfo").check(data)
            assert "id" not in data and data["exceptionStack"][0].startswith(data["exceptionClassName"])
        return data

    # building blocks

    def workspace(self, **extra) -> dict:
        return self.call("/v1/workspaces/create", {"name": "selftest", **extra})

    def source(self, workspace_id: str, name: str = "faker", config=None) -> dict:
        return self.call("/v1/sources/create", {"workspaceId": workspace_id, "name": name,
                                                "sourceDefinitionId": FAKER,
                                                "connectionConfiguration": config or {"count": 10}})

    def destination(self, workspace_id: str, name: str = "null") -> dict:
        return self.call("/v1/destinations/create", {"workspaceId": workspace_id, "name": name,
                                                     "destinationDefinitionId": DEV_NULL,
                                                     "connectionConfiguration": {"type": "SILENT"}})

    def discover(self, source_id: str) -> dict:
        return self.call("/v1/sources/discover_schema", {"sourceId": source_id})

    def connection(self, world: World, **fields) -> dict:
        body = {"sourceId": world.source_id, "destinationId": world.destination_id, "status": "active", **fields}
        return self.call("/v1/web_backend/connections/create", body)

    def get(self, connection_id: str, **extra) -> dict:
        return self.call("/v1/web_backend/connections/get", {"connectionId": connection_id, **extra})

    def update(self, connection_id: str, **patch) -> dict:
        return self.call("/v1/web_backend/connections/update", {"connectionId": connection_id, **patch})


class World:
    """A workspace with a Faker source, a /dev/null destination and the source's discovered catalog."""

    def __init__(self, api: Api):
        self.api = api
        self.workspace_id = api.workspace()["workspaceId"]
        self.source_id = api.source(self.workspace_id)["sourceId"]
        self.destination_id = api.destination(self.workspace_id)["destinationId"]
        discovered = api.discover(self.source_id)
        self.catalog = discovered["catalog"]
        self.catalog_id = discovered["catalogId"]

    def stream(self, name: str) -> dict:
        return next(s for s in self.catalog["streams"] if s["stream"]["name"] == name)
