"""Operations (normalization, dbt, webhook): OperationsHandler and OperationsConverter rules."""

from __future__ import annotations

import json
import re

from reference_server import workspaces
from reference_server.context import Context, new_id, same_id
from reference_server.errors import InvalidInput, NotFound

_BRANCH = {"normalization": "normalization", "dbt": "dbt", "webhook": "webhook"}
_DBT_CLOUD_URL = re.compile(r"^https://cloud\.getdbt\.com/api/v2/accounts/(\d+)/jobs/(\d+)/run/$")
_DBT_CLOUD_BODY = json.dumps({"cause": "airbyte"})


def _webhook(branch: dict, where: str) -> dict:
    """OperationsConverter: a dbtCloud webhook is stored as the job's run URL and a fixed body, and read back
    by parsing that URL; Airbyte fails (500) to read any other URL, so it is refused here (422)."""
    if branch.get("webhookType") == "dbtCloud":
        cloud = branch.get("dbtCloud")
        if cloud is None:
            raise InvalidInput("webhookType dbtCloud needs webhook.dbtCloud", f"{where}.webhook", branch)
        url = f"https://cloud.getdbt.com/api/v2/accounts/{cloud['accountId']}/jobs/{cloud['jobId']}/run/"
        body = _DBT_CLOUD_BODY
    else:
        url, body = branch.get("executionUrl"), branch.get("executionBody")
    match = _DBT_CLOUD_URL.match(url or "")
    if match is None:
        raise InvalidInput("a webhook operation must run a dbt Cloud job", f"{where}.webhook", branch)
    out = {"webhookType": "dbtCloud", "dbtCloud": {"accountId": int(match[1]), "jobId": int(match[2])},
           "executionUrl": url}
    if body is not None:
        out["executionBody"] = body
    if branch.get("webhookConfigId") is not None:
        out["webhookConfigId"] = branch["webhookConfigId"]
    return out


def _operator(config: dict, where: str) -> dict:
    """Keep only the branch that matches operatorType; that branch must be present."""
    kind = config["operatorType"]
    branch = config.get(_BRANCH[kind])
    if branch is None:
        raise InvalidInput(f"operatorType {kind} needs operatorConfiguration.{kind}", f"{where}.operatorConfiguration",
                           config)
    if kind == "webhook":
        branch = _webhook(branch, f"{where}.operatorConfiguration")
    return {"operatorType": kind, kind: branch}


def _read(doc: dict) -> dict:
    return {k: doc[k] for k in ("workspaceId", "operationId", "name", "operatorConfiguration")}


def require(ctx: Context, operation_id) -> dict:
    doc = ctx.store.get("operations", same_id(operation_id))
    if doc is None:
        raise NotFound("StandardSyncOperation", operation_id)
    return doc


def create_one(ctx: Context, body: dict, where: str = "$") -> dict:
    workspace = workspaces.require(ctx, body["workspaceId"])
    doc = {
        "operationId": new_id(),
        "workspaceId": workspace["workspaceId"],
        "name": body["name"],
        "operatorConfiguration": _operator(body["operatorConfiguration"], where),
        "tombstone": False,
    }
    ctx.store.put("operations", doc["operationId"], doc, workspace_id=doc["workspaceId"], tombstone=0)
    return doc


def update_one(ctx: Context, body: dict, where: str) -> dict:
    """OperationsHandler.updateOperation: name and operator change; the workspace does not."""
    doc = require(ctx, body["operationId"])
    doc["name"] = body["name"]
    doc["operatorConfiguration"] = _operator(body["operatorConfiguration"], where)
    ctx.store.put("operations", doc["operationId"], doc, workspace_id=doc["workspaceId"], tombstone=0)
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
