"""Fixtures shared by the suite's tests: a connection that exists on the target, and a world that knows it."""

import dataclasses

import pytest
from hypothesis import HealthCheck, find, settings

import strategies
from suite import checks


@pytest.fixture(scope="session")
def connection(api, world) -> dict:
    """One connection created for the session (valid create payload, minimal shape)."""
    payload = find(strategies.valid("WebBackendConnectionCreate", world), lambda _: True,
                   settings=settings(database=None, derandomize=True,
                                     suppress_health_check=[HealthCheck.too_slow]))
    return checks.accepted_answer(api.create(payload))


@pytest.fixture(scope="session")
def world_with_connection(world, connection) -> strategies.World:
    """The run's world plus the session connection and its operations."""
    return dataclasses.replace(world, connection_ids=(connection["connectionId"],),
                               operation_ids=tuple(connection.get("operationIds") or ()))
