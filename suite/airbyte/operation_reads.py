"""What reads of a connection's operations show for the operations sent (OperationsConverter).

Each rule cites the Airbyte file that decides it (airbytehq/airbyte-platform at 0f4f4a9331); see suite.airbyte.
What changed at v2.0.0 is in suite.rules (operator_branches_read, dbt_cloud_url).
"""

from __future__ import annotations

import json
import re

from suite import rules
from suite.airbyte.connection_reads import canonical_id

_WEBHOOK_KEYS = ("webhookConfigId", "webhookType", "dbtCloud", "executionUrl")


def _webhook_as_read(branch: dict) -> dict:
    """OperationsConverter: a dbtCloud webhook is stored as its job's run URL; a read parses that URL back
    into webhookType dbtCloud and the account and job ids (the legacy form, an executionUrl, reads the same)."""
    if branch.get("webhookType") == "dbtCloud":
        cloud = branch["dbtCloud"]
        url = f"https://cloud.getdbt.com/api/v2/accounts/{cloud['accountId']}/jobs/{cloud['jobId']}/run/"
    else:
        url = branch.get("executionUrl") or ""
    out: dict[str, object] = {"executionUrl": url}
    match = re.fullmatch(rules.active().dbt_cloud_url, url)
    if match:
        out.update(webhookType="dbtCloud",
                   dbtCloud={"accountId": int(match["account"]), "jobId": int(match["job"])})
    if branch.get("webhookConfigId") is not None:
        out["webhookConfigId"] = canonical_id(branch["webhookConfigId"])
    return out


def operation_as_read(sent: dict) -> dict:
    """OperationsConverter: the name and the branch of the operator configuration for its type
    (the other branches are dropped; from v2.0.0 only a webhook's branch is read back: suite.rules)."""
    config = sent["operatorConfiguration"]
    kind = config["operatorType"]
    if kind not in rules.active().operator_branches_read:
        return {"name": sent["name"], "operatorType": kind}
    branch = {k: v for k, v in (config.get(kind) or {}).items() if v is not None}
    if kind == "webhook":
        branch = _webhook_as_read(branch)
    return {"name": sent["name"], "operatorType": kind, kind: branch}


def operation_essentials(read: dict) -> dict:
    """The parts of an OperationRead that operation_as_read predicts (not the execution body, whose exact
    text this suite does not pin)."""
    config = read["operatorConfiguration"]
    kind = config["operatorType"]
    if kind not in rules.active().operator_branches_read:
        branch = config.get(kind)  # never set by Airbyte: a branch that comes back differs from the prediction
        return {"name": read["name"], "operatorType": kind, **({kind: branch} if branch is not None else {})}
    branch = dict(config.get(kind) or {})
    if kind == "webhook":
        branch = {k: branch[k] for k in _WEBHOOK_KEYS if k in branch}
    return {"name": read["name"], "operatorType": kind, kind: branch}


def _operation_key(operation: dict) -> str:
    return json.dumps(operation, sort_keys=True)


def same_operations(expected: list[dict], read: list[dict]) -> bool:
    """Operations compared as a multiset: Airbyte lists a connection's operations in no set order
    (the query aggregating operationIds has no ORDER BY)."""
    return sorted(map(_operation_key, expected)) == sorted(_operation_key(operation_essentials(op)) for op in read)
