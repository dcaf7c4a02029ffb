"""One v2.0.0 reference server (its own process) per module; a fresh workspace per test."""

from __future__ import annotations

import pytest

from selftests.reference_server.v2_0_0.harness import Api, server


@pytest.fixture(scope="module")
def v2_url():
    with server() as url:
        yield url


@pytest.fixture
def v2(v2_url) -> Api:
    api = Api(v2_url)
    yield api
    api.http.close()


@pytest.fixture
def workspace_id(v2) -> str:
    return v2.workspace()["workspaceId"]
