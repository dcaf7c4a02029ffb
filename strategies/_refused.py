"""Payloads that satisfy the contract but that Airbyte refuses: the "refused by the server" family.

Each is a valid payload with one semantic rule broken, labelled with the rule, the Airbyte source that
enforces it (at commit 0f4f4a9331), and the status Airbyte answers with there (422 for a
JsonValidationException; 500 for Guava Preconditions, NullPointerException and
UnsupportedOperationException, as ApiHelper and the exception mappers in airbyte-server/.../errors/ map
them); at v2.0.0 the labels of _refused_v2 (the Kotlin). The suite decides what it expects of a target; these
labels say what Airbyte did.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from hypothesis import strategies as st

from strategies import _refused_v2
from strategies._contract import enum, properties
from strategies._operations import DBT_CLOUD, WEBHOOK
from strategies._refused_catalogs import CATALOG_KINDS, catalog_fault
from strategies._refused_schedules import (
    CREATE_SCHEDULE_KINDS,
    SCHEDULE_KINDS,
    UPDATE_SCHEDULE_KINDS,
    schedule_fault,
)

OC = "airbyte-commons-server/.../converters/OperationsConverter.java"


@dataclass(frozen=True)
class Refused:
    """A contract-valid payload that breaks rule `kind`; `status` is what Airbyte answered at 0f4f4a9331."""

    payload: dict
    kind: str
    reason: str
    source: str
    status: int


OPERATION_KINDS = ("operator_branch_missing", "webhook_without_dbt_cloud")


def kinds(model: str) -> tuple[str, ...]:
    """The refusal kinds offered for `model` in the release in use (empty when there is no refused family)."""
    found: tuple[str, ...] = ()
    if model == "WebBackendConnectionCreate":
        found = SCHEDULE_KINDS + CREATE_SCHEDULE_KINDS + CATALOG_KINDS + OPERATION_KINDS
    elif model == "WebBackendConnectionUpdate":
        found = SCHEDULE_KINDS + UPDATE_SCHEDULE_KINDS + CATALOG_KINDS + OPERATION_KINDS
    elif model == "OperationCreate":
        found = OPERATION_KINDS
    if _refused_v2.applies():
        return tuple(k for k in found if k not in _refused_v2.NOT_REFUSED)
    return found


def _labelled(payload: dict, kind: str, reason: str, source: str, status: int, update: bool) -> Refused:
    """The Refused, labelled with where the release in use refuses it (v0.42.1's labels are the defaults)."""
    if _refused_v2.applies():
        source, status = _refused_v2.label(kind, update, payload)
    return Refused(payload, kind, reason, source, status)


# -------------------------------------------------------------------------------------- operations


@functools.cache
@st.composite
def operator_fault(draw, kind: str):
    """(operatorConfiguration, kind, reason): the branch operatorType names is missing."""
    if kind == "webhook_without_dbt_cloud":
        return (
            {"operatorType": WEBHOOK, "webhook": {"webhookType": DBT_CLOUD}},
            "webhook_without_dbt_cloud",
            "webhookType dbtCloud without dbtCloud",
        )
    t = draw(st.sampled_from(_branched_types()))
    return {"operatorType": t}, "operator_branch_missing", f"operatorType {t} without its {t} object"


def _branched_types() -> tuple[str, ...]:
    """Operator types whose sub-object the contract has: only those are refused without it. From v1 on
    normalization and dbt have none and are stored with their type alone (OperationsConverter.kt:30-52 at
    v2.0.0); webhook without its object is still a 500 (Preconditions.checkArgument, OperationsConverter.kt:36)."""
    return tuple(t for t in enum("OperatorType") if t in properties("OperatorConfiguration"))


# ------------------------------------------------------------------------------------------ public


@st.composite
def refused_connection(draw, base, update: bool, workspace, offered: tuple[str, ...]):
    payload = dict(draw(base))
    # Airbyte makes the body's new operations before it validates the connection (create:
    # WebBackendConnectionsHandler.java:527; update: :574 before :581 at 0f4f4a9331), so a refused body's
    # operations stay behind, and no operation lists them (operations/list needs a connection): refused
    # bodies carry no operations but the refused one.
    payload.pop("operations", None)
    kind = draw(st.sampled_from(offered))
    if kind not in CATALOG_KINDS + OPERATION_KINDS:
        sets, drop, kind, reason, source, status = draw(schedule_fault(update, kind))
        for key in drop:
            payload.pop(key, None)
        payload.update(sets)
        return _labelled(payload, kind, reason, source, status, update)
    if kind in CATALOG_KINDS:
        payload["syncCatalog"], kind, reason, source, status = draw(catalog_fault(kind))
        return _labelled(payload, kind, reason, source, status, update)
    config, kind, reason = draw(operator_fault(kind))
    payload["operations"] = [{"workspaceId": draw(workspace), "name": "refused", "operatorConfiguration": config}]
    return _labelled(payload, kind, reason, _operator_source(kind), 500, update)


def _operator_source(kind: str) -> str:
    # a missing branch fails its Preconditions; a dbtCloud webhook without dbtCloud fails when its URL is built
    return f"{OC}:101-112" if kind == "webhook_without_dbt_cloud" else f"{OC}:32-54"


@st.composite
def refused_operation(draw, workspace, offered: tuple[str, ...]):
    config, kind, reason = draw(operator_fault(draw(st.sampled_from(offered))))
    payload = {"workspaceId": draw(workspace), "name": "refused", "operatorConfiguration": config}
    return _labelled(payload, kind, reason, _operator_source(kind), 500, False)
