"""The routing table: path under /api -> (method, handler). Request and response models come from contracts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import contracts
from reference_server import (
    actors,
    connection_reads,
    connection_writes,
    connections,
    instance,
    jobs,
    operations,
    state,
    workspaces,
)


@dataclass(frozen=True)
class Route:
    path: str
    method: str
    handler: Callable
    request: str | None  # request model, None when the body is ignored
    response: str | None  # model of the 200 answer, None for 204


_HANDLERS = {
    "/v1/web_backend/check_updates": instance.check_updates,
    "/v1/web_backend/connections/list": connection_reads.web_list,
    "/v1/web_backend/connections/get": connection_reads.web_get,
    "/v1/web_backend/connections/create": connection_writes.create,
    "/v1/web_backend/connections/update": connection_writes.update,
    "/v1/web_backend/state/get_type": state.get_type,
    "/v1/web_backend/workspace/state": workspaces.state,
    "/v1/web_backend/geographies/list": instance.geographies,
    "/v1/health": instance.health,
    "/v1/workspaces/create": workspaces.create,
    "/v1/workspaces/get": workspaces.get,
    "/v1/workspaces/delete": workspaces.delete,
    "/v1/workspaces/list": workspaces.list_all,
    "/v1/source_definitions/list": actors.list_source_definitions,
    "/v1/destination_definitions/list": actors.list_destination_definitions,
    "/v1/source_definition_specifications/get": actors.source_specification,
    "/v1/destination_definition_specifications/get": actors.destination_specification,
    "/v1/sources/create": actors.create_source,
    "/v1/sources/get": actors.get_source,
    "/v1/sources/delete": actors.delete_source,
    "/v1/sources/list": actors.list_sources,
    "/v1/sources/update": actors.update_source,
    "/v1/destinations/list": actors.list_destinations,
    "/v1/destinations/update": actors.update_destination,
    "/v1/connections/sync": jobs.sync,
    "/v1/connections/reset": jobs.reset,
    "/v1/jobs/list": jobs.list_for,
    "/v1/jobs/get": jobs.get,
    "/v1/sources/discover_schema": actors.discover_schema,
    "/v1/destinations/create": actors.create_destination,
    "/v1/destinations/get": actors.get_destination,
    "/v1/destinations/delete": actors.delete_destination,
    "/v1/connections/get": connections.get,
    "/v1/connections/delete": connections.delete,
    "/v1/connections/list": connections.list_for_workspace,
    "/v1/operations/create": operations.create,
    "/v1/operations/get": operations.get,
    "/v1/operations/list": operations.list_for_connection,
    "/v1/operations/delete": operations.delete,
    "/v1/state/get": state.get,
    "/v1/state/create_or_update": state.create_or_update,
}


def table() -> dict[str, Route]:
    """Every served route, keyed by its path under /api; fails loudly if contracts and handlers disagree."""
    ops = contracts.operations()
    missing = set(ops) ^ set(_HANDLERS)
    if missing:
        raise RuntimeError(f"operations without a handler or handlers without a contract: {sorted(missing)}")
    routes = {}
    for path, op in ops.items():
        response = op["responses"].get("200")
        routes[path] = Route(path, op["method"], _HANDLERS[path], op["request"], response)
    return routes
