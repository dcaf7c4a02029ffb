"""Operations (normalization, dbt, webhook): OperationsHandler and OperationsConverter rules."""

from __future__ import annotations

import json
import re

from reference_server import columns
from reference_server.context import Context, new_id, same_id
from reference_server.errors import AirbyteFailure, NotFound, database_error, null_pointer, precondition

_BRANCH = {"normalization": "normalization", "dbt": "dbt", "webhook": "webhook"}
_DBT_CLOUD_URL = re.compile(r"https://cloud\.getdbt\.com/api/v2/accounts/(?P<account>\d+)/jobs/(?P<job>\d+)/run/")
_DBT_CLOUD_BODY = json.dumps({"cause": "airbyte"})


def webhook(branch: dict, where: str, readable: re.Pattern[str] = _DBT_CLOUD_URL) -> dict:
    """OperationsConverter: a dbtCloud webhook is stored as the job's run URL and a fixed body, and read back
    by parsing that URL (`readable`, with groups account and job: the release's pattern); Airbyte fails (500) to
    read any other URL: refused here when storing, with the same 500."""
    if branch.get("webhookType") == "dbtCloud":
        cloud = branch.get("dbtCloud")
        if cloud is None:
            raise null_pointer("webhookType dbtCloud needs webhook.dbtCloud", f"{where}.webhook")
        url = f"https://cloud.getdbt.com/api/v2/accounts/{cloud['accountId']}/jobs/{cloud['jobId']}/run/"
        body = _DBT_CLOUD_BODY
    else:
        url, body = branch.get("executionUrl"), branch.get("executionBody")
    if url is None:  # OperationsConverter.java:143 matches the stored URL: null fails
        raise null_pointer("a webhook operation needs executionUrl", f"{where}.webhook.executionUrl")
    match = readable.fullmatch(url)
    if match is None:  # stored, then every read fails (OperationsConverter.java:120-132)
        raise AirbyteFailure("java.lang.IllegalArgumentException", "Unexpected webhook operator config",
                             "a webhook operation must run a dbt Cloud job", f"{where}.webhook")
    out = {"webhookType": "dbtCloud", "dbtCloud": {"accountId": int(match["account"]), "jobId": int(match["job"])},
           "executionUrl": url}
    if body is not None:
        out["executionBody"] = body
    if branch.get("webhookConfigId") is not None:
        out["webhookConfigId"] = branch["webhookConfigId"]
    return out


def _operator(ctx: Context, config, where: str) -> dict:
    """OperationsConverter.populateOperatorConfigFromApi (OperationsConverter.java:30-62): a switch on
    operatorType (null: NullPointerException) and Preconditions.checkArgument on its branch (500).
    v2.0.0 keeps only a webhook's branch (releases/v2_0_0/operators.py)."""
    if ctx.release == "v2.0.0":
        from reference_server.releases.v2_0_0 import operators
        return operators.operator(config, where)
    if config is None:
        raise null_pointer("an operation needs operatorConfiguration", f"{where}.operatorConfiguration")
    kind = config.get("operatorType")
    if kind is None:
        raise null_pointer("operatorConfiguration needs operatorType", f"{where}.operatorConfiguration.operatorType")
    branch = config.get(_BRANCH[kind])
    if branch is None:
        raise precondition(f"operatorType {kind} needs operatorConfiguration.{kind}", f"{where}.operatorConfiguration",
                           with_message=False)  # Preconditions.checkArgument(x != null), no message
    if kind == "webhook":
        branch = webhook(branch, f"{where}.operatorConfiguration")
    return {"operatorType": kind, kind: branch}


def _read(doc: dict) -> dict:
    return {k: doc[k] for k in ("workspaceId", "operationId", "name", "operatorConfiguration")}


def require(ctx: Context, operation_id) -> dict:
    if operation_id is None:
        raise null_pointer("operationId is required", "$.operationId")
    doc = ctx.store.get("operations", same_id(operation_id))
    if doc is None:
        raise NotFound("STANDARD_SYNC_OPERATION", operation_id)
    return doc


def _write(ctx: Context, doc: dict, where: str) -> None:
    """ConfigRepository.writeStandardSyncOperation (ConfigRepository.java:1319-1356) against the operation table."""
    doc["name"] = columns.varchar(ctx, "operation.name", doc["name"], f"{where}.name")
    columns.not_null("operation.name", doc["name"], f"{where}.name")
    columns.not_null("operation.workspace_id", doc["workspaceId"], f"{where}.workspaceId")
    columns.jsonb(doc["operatorConfiguration"], f"{where}.operatorConfiguration")
    if ctx.store.get("workspaces", doc["workspaceId"]) is None:  # a tombstoned workspace still has its row
        raise database_error('ERROR: insert or update on table "operation" violates foreign key constraint '
                             '"operation_workspace_id_fkey"', NotFound("STANDARD_WORKSPACE", doc["workspaceId"]),
                             f"{where}.workspaceId")
    ctx.store.put("operations", doc["operationId"], doc, workspace_id=doc["workspaceId"],
                  tombstone=1 if doc.get("tombstone") else 0)


def create_one(ctx: Context, body, where: str = "$") -> dict:
    """OperationsHandler.createOperation (OperationsHandler.java:68-84): the workspace is never looked up; the
    insert's foreign key refuses an unknown one (500)."""
    if body is None:
        raise null_pointer("an operation entry is null", where)
    if ctx.release == "v2.0.0":
        from reference_server.releases.v2_0_0 import operators
        operators.require_workspace(ctx, body.get("workspaceId"), where)
    doc = {
        "operationId": new_id(),
        "workspaceId": same_id(body["workspaceId"]) if body.get("workspaceId") is not None else None,
        "name": body.get("name"),
        "operatorConfiguration": _operator(ctx, body.get("operatorConfiguration"), where),
        "tombstone": False,
    }
    _write(ctx, doc, where)
    return doc


def update_one(ctx: Context, body: dict, where: str) -> dict:
    """OperationsHandler.updateOperation (OperationsHandler.java:98-109): name and operator change; the
    workspace does not."""
    doc = require(ctx, body["operationId"])
    if ctx.release == "v2.0.0":
        from reference_server.releases.v2_0_0 import operators
        operators.require_workspace(ctx, doc["workspaceId"], where)
    doc["name"] = body.get("name")
    doc["operatorConfiguration"] = _operator(ctx, body.get("operatorConfiguration"), where)
    doc["tombstone"] = bool(doc.get("tombstone"))
    _write(ctx, doc, where)
    return doc


def tombstone(ctx: Context, operation_id: str) -> None:
    doc = require(ctx, operation_id)
    doc["tombstone"] = True
    ctx.store.put("operations", doc["operationId"], doc, workspace_id=doc["workspaceId"], tombstone=1)


def live_reads(ctx: Context, operation_ids: list) -> list:
    """The reads of a connection's operations, skipping tombstoned ones (listOperationsForConnection)."""
    docs = (ctx.store.get("operations", op) for op in operation_ids)
    return [_read(d) for d in docs if d is not None and not d.get("tombstone")]


def create(ctx: Context, body: dict) -> dict:
    return _read(create_one(ctx, body))


def get(ctx: Context, body: dict) -> dict:
    return _read(require(ctx, body["operationId"]))


def delete(ctx: Context, body: dict) -> None:
    """Tombstones the operation and removes it from every connection that lists it."""
    doc = require(ctx, body["operationId"])
    tombstone(ctx, doc["operationId"])
    from reference_server import connections

    connections.forget_operation(ctx, doc["operationId"])


def list_for_connection(ctx: Context, body: dict) -> dict:
    from reference_server import connections

    connection = connections.require(ctx, body["connectionId"])
    return {"operations": live_reads(ctx, connection["operationIds"])}
