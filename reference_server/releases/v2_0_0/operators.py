"""v2.0.0: an operation's operator configuration as OperationsConverter (airbyte-commons-server/src/main/kotlin/
io/airbyte/commons/server/converters/OperationsConverter.kt at tag v2.0.0) stores and reads it.

- populateOperatorConfigFromApi (:30-53) keeps the operator type (a null one fails Objects.requireNonNull, 500)
  and, for a webhook only, the webhook (Preconditions.checkArgument that it is there, 500); the normalization
  and dbt branches are neither required nor stored.
- webhookOperatorFromConfig (:81-103): without webhookType the execution URL and body as sent; dbtCloud: the run
  URL of its account and job on cloud.getdbt.com (no workspace here has a custom dbt host, :39-50, :142-156)
  and the fixed body (:158-159).
- OperationsHandler.createOperation and updateOperation (handlers/OperationsHandler.kt:69-81,104-113) first read
  the operation's workspace, not tombstoned (WorkspaceServiceJooqImpl.kt:757-761, 82-93): an unknown one is
  ConfigNotFoundException WORKSPACE, 404 (airbyte-server/.../apis/ApiHelper.kt:37-38), a null one fails the
  Kotlin non-null parameter (500).
- operationReadFromPersistedOperation (:56-79): the type, and for a webhook the stored URL parsed back with
  `^https://(.*)/api/v2/accounts/(\\d+)/jobs/(\\d+)/run/$` (:124, :130-140); any other URL (or none) fails
  the read (IllegalArgumentException / NullPointerException, 500) after the write: refused here before storing,
  with the same 500.
"""

from __future__ import annotations

import re

from reference_server import operations
from reference_server.context import same_id
from reference_server.errors import AirbyteFailure, NotFound, null_pointer, precondition

# a read parses any host's run URL back as dbt Cloud (:124): the same storing rules, another readable pattern
_DBT_URL = re.compile(r"https://(?P<host>.*)/api/v2/accounts/(?P<account>\d+)/jobs/(?P<job>\d+)/run/")


def operator(config, where: str) -> dict:
    """The stored (and read) operator configuration of an operation sent with `config`."""
    if config is None:
        raise null_pointer("an operation needs operatorConfiguration", f"{where}.operatorConfiguration")
    kind = config.get("operatorType")
    if kind is None:
        raise null_pointer("operatorConfiguration needs operatorType", f"{where}.operatorConfiguration.operatorType")
    if kind != "webhook":
        return {"operatorType": kind}
    branch = config.get("webhook")
    if branch is None:
        raise precondition("operatorType webhook needs operatorConfiguration.webhook",
                           f"{where}.operatorConfiguration", with_message=False)
    return {"operatorType": kind, "webhook": operations.webhook(branch, f"{where}.operatorConfiguration", _DBT_URL)}


def require_workspace(ctx, workspace_id, where: str) -> None:
    """The operation's workspace as createOperation reads it before anything else."""
    if workspace_id is None:
        raise null_pointer("an operation needs workspaceId", f"{where}.workspaceId")
    workspace = ctx.store.get("workspaces", same_id(workspace_id))
    if workspace is None or workspace.get("tombstone"):
        if ctx.faults.on("v2_operation_workspace_500"):  # FAULT: v2_operation_workspace_500
            raise AirbyteFailure("java.lang.RuntimeException", "java.io.IOException: the insert violates foreign key "
                                 "constraint operation_workspace_id_fkey", NotFound("WORKSPACE", workspace_id),
                                 f"{where}.workspaceId")
        raise NotFound("WORKSPACE", workspace_id)
