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
