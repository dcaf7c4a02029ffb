"""Release v2.0.0 (platform tag v2.0.0, c46502e96e): the handlers of its contract set (contracts/releases/v2.0.0).

What v2.0.0 does differently lives in this package, one module per area; the operations that behave as at
v0.42.1 reuse those handlers (BEHAVIOUR.md, "Release v2.0.0", says which were re-read). Paths in the modules
are at tag v2.0.0.
"""

from __future__ import annotations

from reference_server import actors as v0_actors
from reference_server import connections as v0_connections
from reference_server import instance as v0_instance
from reference_server import operations, state
from reference_server import workspaces as v0_workspaces
from reference_server.releases.v2_0_0 import (
    absent_ids,
    actors,
    connection_list,
    connections,
    instance,
    jobs,
    web,
    workspaces,
)
from reference_server.releases.v2_0_0.errors import database_error, error_body

# A body that is not JSON or does not bind answers 422 with only an errorId (InvalidJsonExceptionHandler.kt:28,45
# and InvalidJsonInputExceptionHandler.kt:28,45 under airbyte-commons-server/.../errors/handlers/, tag v2.0.0).
ERROR_IDS = True
__all__ = ["ERROR_IDS", "HANDLERS", "database_error", "error_body"]

HANDLERS = {
    "/v1/web_backend/check_updates": v0_instance.check_updates,
    "/v1/web_backend/config": instance.webapp_config,
    "/v1/web_backend/connections/list": connection_list.web_list,
    "/v1/web_backend/connections/get": connections.get,
    "/v1/web_backend/connections/create": connections.create,
    "/v1/web_backend/connections/update": connections.update,
    "/v1/web_backend/connections/status_counts": connections.status_counts,
    "/v1/web_backend/describe_cron_expression": web.describe_cron_expression,
    "/v1/web_backend/mappers/validate": web.validate_mappers,
    "/v1/web_backend/state/get_type": absent_ids.state_type,
    "/v1/web_backend/workspace/state": absent_ids.workspace_state,
    "/v1/health": v0_instance.health,
    "/v1/instance_configuration": instance.instance_configuration,
    "/v1/organizations/list_by_user_id": instance.organizations_by_user,
    "/v1/dataplane_group/list": instance.dataplane_groups,
    "/v1/workspaces/create": workspaces.create,
    "/v1/workspaces/get": workspaces.get,
    "/v1/workspaces/delete": v0_workspaces.delete,
    "/v1/workspaces/list_by_organization_id": workspaces.list_in_organization,
    "/v1/source_definitions/list": v0_actors.list_source_definitions,
    "/v1/destination_definitions/list": v0_actors.list_destination_definitions,
    "/v1/source_definition_specifications/get": v0_actors.source_specification,
    "/v1/destination_definition_specifications/get": v0_actors.destination_specification,
    "/v1/sources/create": actors.create_source,
    "/v1/sources/get": actors.get_source,
    "/v1/sources/delete": v0_actors.delete_source,
    "/v1/sources/discover_schema": v0_actors.discover_schema,
    "/v1/sources/update": jobs.update_source,
    "/v1/destinations/create": actors.create_destination,
    "/v1/destinations/get": actors.get_destination,
    "/v1/destinations/delete": v0_actors.delete_destination,
    "/v1/connections/get": v0_connections.get,
    "/v1/connections/delete": v0_connections.delete,
    "/v1/connections/list": v0_connections.list_for_workspace,
    "/v1/connections/sync": jobs.sync,
    "/v1/connections/reset": jobs.reset,
    "/v1/jobs/get": jobs.get,
    "/v1/jobs/list": jobs.list_for,
    "/v1/operations/create": operations.create,
    "/v1/operations/get": operations.get,
    "/v1/operations/list": operations.list_for_connection,
    "/v1/operations/delete": operations.delete,
    "/v1/state/get": state.get,
    "/v1/state/create_or_update": state.create_or_update,
}
