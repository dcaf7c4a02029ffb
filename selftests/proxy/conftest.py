"""One reference server and one proxy in front of it per module; each test reads only its own findings."""

from __future__ import annotations

import pytest

from contract_proxy.server import running as proxy
from contract_proxy.session import Session
from reference_server import running
from selftests.reference_server.client import Api, World


@pytest.fixture(scope="module")
def proxied():
    with running() as server:
        origin = server.url.removesuffix("/api")
        with proxy(origin, Session(origin, live=None), root="/api") as front:
            yield front


@pytest.fixture
def api(proxied):
    client = Api(proxied.url)
    yield client
    client.close()


@pytest.fixture
def world(api, proxied) -> World:
    made = World(api)
    del proxied.session.findings[:]
    return made


@pytest.fixture
def findings(proxied):
    """The findings made from here on, as (rule, path, severity, message, airbyte, citation)."""
    start = len(proxied.session.findings)

    def new():
        made = proxied.session.findings[start:]
        return [(f.rule, f.path, f.severity, f.message, f.airbyte, f.citation) for f in made]
    return new
