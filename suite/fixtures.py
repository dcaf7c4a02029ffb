"""The suite's fixtures: the target (embedded or AIRBYTE_API_URL), the client, the run's prerequisites
(created and deleted here), the API and the world of ids that payloads refer to. Tests never know which
target they talk to: only `target_url` does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import strategies
from suite import budget as budget_module
from suite import checks, outcomes, parallel, release, run
from suite import settings as settings_module
from suite import world as world_module
from suite.api import Api
from suite.client import Client, NoAnswer
from suite.target import TargetError, embedded_server, probe, unsupported_release


@pytest.fixture(scope="session")
def suite_settings(pytestconfig) -> settings_module.Settings:
    return run.of(pytestconfig).settings


@pytest.fixture(scope="session")
def target_url(suite_settings):
    """The API root; the run ends at once, with one line, if the target cannot be used."""
    try:
        if suite_settings.shared_server_url:
            yield suite_settings.shared_server_url
        elif suite_settings.embedded:
            with embedded_server(suite_settings) as url:
                yield url
        else:
            yield suite_settings.api_url
    except TargetError as exc:
        outcomes.end_run(str(exc), outcomes.TARGET_UNUSABLE)


@pytest.fixture(scope="session")
def client(target_url, suite_settings, pytestconfig) -> Iterator[Client]:
    api = Client(target_url, suite_settings)
    try:
        unsupported_release(run.of(pytestconfig))  # it answered its version: no need to probe further
        with release.target_side():
            probe(api.http, suite_settings, target_url)
    except TargetError as exc:
        api.close()
        outcomes.end_run(str(exc), outcomes.TARGET_UNUSABLE)
    state = run.of(pytestconfig)
    state.record.attach(api)
    state.client = api
    yield api
    api.close()


@pytest.fixture(scope="session")
def prerequisites(client, suite_settings, pytestconfig) -> Iterator[world_module.Prerequisites]:
    state = run.of(pytestconfig)
    try:
        with release.target_side():
            made = world_module.create(client, suite_settings)
    except (world_module.SetupError, checks.CheckFailure, NoAnswer) as exc:
        if parallel.is_worker(pytestconfig):  # the controller checked setup; this is an error of each test
            raise world_module.SetupError(world_module.setup_failure(exc)) from None
        outcomes.end_run(world_module.setup_failure(exc), outcomes.SETUP_REFUSED)
    yield made
    state.interrupts.shield()  # from here on no interrupt cuts the cleanup short
    with release.target_side():
        state.record.cleanup_problems.extend(world_module.cleanup(client, made.created))


@pytest.fixture(scope="session")
def api(client, prerequisites) -> Api:
    return Api(client, prerequisites)


@pytest.fixture(scope="session")
def world(prerequisites) -> strategies.World:
    """The ids valid payloads refer to: the run's workspace, source, destination and discovered catalog."""
    return strategies.World(
        workspace_id=prerequisites.workspace_id, source_id=prerequisites.source_id,
        destination_id=prerequisites.destination_id, catalog=prerequisites.catalog,
        catalog_id=prerequisites.catalog_id,
    )


@pytest.fixture(scope="session")
def time_budget(pytestconfig) -> budget_module.Budget:
    """Tests that drive Hypothesis themselves (state machines) call .check() between steps."""
    return run.of(pytestconfig).budget
