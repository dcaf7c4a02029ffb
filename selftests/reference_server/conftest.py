"""Fixtures: one embedded reference server per session, a fresh world (workspace, source, ...) per test."""

from __future__ import annotations

import pytest

from reference_server import running
from selftests.reference_server.client import Api, World


@pytest.fixture(scope="session")
def server():
    with running() as srv:
        yield srv


@pytest.fixture
def api(server):
    client = Api(server.url)
    yield client
    client.close()


@pytest.fixture
def world(api) -> World:
    return World(api)


@pytest.fixture(scope="session")
def friendly_server():
    """The same server without Airbyte's 500s (python -m reference_server --no-airbyte-500s)."""
    with running(airbyte_500s=False) as srv:
        yield srv


@pytest.fixture
def friendly_api(friendly_server):
    client = Api(friendly_server.url)
    yield client
    client.close()


@pytest.fixture
def friendly_world(friendly_api) -> World:
    return World(friendly_api)
