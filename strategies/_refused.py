"""Payloads that satisfy the contract but that Airbyte refuses: the "refused by the server" family.

Each is a valid payload with one semantic rule broken, labelled with the rule, the Airbyte source that
enforces it (at commit 0f4f4a9331), and the status Airbyte answers with there (422 for a
JsonValidationException; 500 for Guava Preconditions, NullPointerException and
UnsupportedOperationException, as ApiHelper and the exception mappers in airbyte-server/.../errors/ map
them). The suite decides what it expects of a target; these labels say what Airbyte did.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from hypothesis import strategies as st

from strategies import _catalogs, _schedules
from strategies._catalogs import APPEND_DEDUP, INCREMENTAL
from strategies._contract import enum, properties
from strategies._operations import DBT_CLOUD, WEBHOOK

CSH = "airbyte-commons-server/.../handlers/helpers/ConnectionScheduleHelper.java"
CH = "airbyte-commons-server/.../handlers/ConnectionsHandler.java"
CC = "airbyte-commons-server/.../handlers/helpers/CatalogConverter.java"
OC = "airbyte-commons-server/.../converters/OperationsConverter.java"


@dataclass(frozen=True)
class Refused:
    """A contract-valid payload that breaks rule `kind`; `status` is what Airbyte answered at 0f4f4a9331."""

    payload: dict
    kind: str
    reason: str
    source: str
    status: int


# ----------------------------------------------------------------------------------- cron and zones


_CRON_FAULTS = st.sampled_from(
    ("five_fields", "both_question", "neither_question", "out_of_range", "bad_name", "step_too_large", "empty")
)


@st.composite
def bad_cron(draw) -> tuple[str, str]:
    """(expression, what is wrong): a grammar-built expression with one rule of Quartz broken."""
    fields = draw(_schedules.cron_expressions).split(" ")[:6]
    how = draw(_CRON_FAULTS)
    if how == "five_fields":
        return " ".join(fields[1:]), "five fields (a Unix cron without seconds)"
    if how == "both_question":
        fields[3] = fields[5] = "?"
        return " ".join(fields), "'?' in both day-of-month and day-of-week"
    if how == "neither_question":
        fields[3], fields[5] = draw(st.sampled_from((("*", "*"), ("1", "MON"), ("L", "2"))))
        return " ".join(fields), "neither day-of-month nor day-of-week is '?'"
    if how == "out_of_range":
        index, value = draw(st.sampled_from(((0, "60"), (1, "60"), (2, "24"), (3, "32"), (4, "13"), (5, "8"))))
        fields[index] = value
        if index in (3, 5):  # keep the '?' rule satisfied so the range is the only fault
            fields[8 - index] = "?"
        return " ".join(fields), f"field {index + 1} = {value} is out of range"
    if how == "bad_name":
        fields[4] = "FOO"
        return " ".join(fields), "unknown month name FOO"
    if how == "step_too_large":
        fields[0] = "0/60"
        return " ".join(fields), "a seconds increment of 60"
    return "", "an empty expression"


_BAD_CRON = bad_cron()
bad_zones = st.sampled_from(("Etc/UTC", "Etc/GMT+5", "etc/utc", "ETC/GMT", "Etc/Unknown"))
unknown_zones = st.sampled_from(("Mars/Olympus_Mons", "America/Atlantis", "", "UTC+25", "Not a zone"))


def _cron_data(expression: str, zone: str) -> dict:
    return {
        "scheduleType": _schedules.CRON,
        "scheduleData": {"cron": {"cronExpression": expression, "cronTimeZone": zone}},
    }


SCHEDULE_KINDS = (
    "missing_schedule_data",
    "schedule_data_branch_mismatch",
    "invalid_cron",
    "etc_time_zone",
    "unknown_time_zone",
)
CREATE_SCHEDULE_KINDS = ("schedule_and_schedule_type",)
UPDATE_SCHEDULE_KINDS = ("schedule_in_update", "schedule_data_without_type", "manual_with_schedule_data")
CATALOG_KINDS = (
    "nested_field_selection",
    "empty_field_path",
    "field_selection_without_fields",
    "selected_field_not_in_schema",
    "cursor_deselected",
    "primary_key_deselected",
    "selected_missing",
    "supported_sync_modes_missing",
)
OPERATION_KINDS = ("operator_branch_missing", "webhook_without_dbt_cloud")


def kinds(model: str) -> tuple[str, ...]:
    """The refusal kinds offered for `model` (empty when there is no refused family for it)."""
    if model == "WebBackendConnectionCreate":
        return SCHEDULE_KINDS + CREATE_SCHEDULE_KINDS + CATALOG_KINDS + OPERATION_KINDS
    if model == "WebBackendConnectionUpdate":
        return SCHEDULE_KINDS + UPDATE_SCHEDULE_KINDS + CATALOG_KINDS + OPERATION_KINDS
    if model == "OperationCreate":
        return OPERATION_KINDS
    return ()


@functools.cache
@st.composite
def _schedule_fault(draw, update: bool, kind: str):
    """(fields to set, fields to drop, kind, reason, source, status)."""
    drop = ("schedule", "scheduleType", "scheduleData")
    basic = {"basicSchedule": draw(_schedules.basic_schedule())}
    cron = {"cron": draw(_schedules.cron)}
    if kind == "schedule_and_schedule_type":
        sets = {"schedule": draw(_schedules.legacy_schedule()), "scheduleType": _schedules.BASIC, "scheduleData": basic}
        return sets, drop, kind, "schedule and scheduleType are both set", f"{CH}:180-181", 422
    if kind == "schedule_in_update":
        sets = {"schedule": draw(_schedules.legacy_schedule())}
        return sets, drop, kind, "an update may not carry the legacy schedule", f"{CH}:399-401", 500
    if kind == "schedule_data_without_type":
        return {"scheduleData": basic}, drop, kind, "scheduleData without scheduleType", f"{CH}:403-406", 500
    if kind == "manual_with_schedule_data":
        sets = {"scheduleType": _schedules.MANUAL, "scheduleData": basic}
        return sets, drop, kind, "scheduleType manual with scheduleData", f"{CH}:409-411", 500
    if kind == "missing_schedule_data":
        sets = {"scheduleType": draw(st.sampled_from((_schedules.BASIC, _schedules.CRON)))}
        return (
            sets,
            drop,
            kind,
            f"scheduleType {sets['scheduleType']} without scheduleData",
            f"{CH}:412-417" if update else f"{CSH}:40-41",
            500 if update else 422,
        )
    if kind == "schedule_data_branch_mismatch":
        t = draw(st.sampled_from((_schedules.BASIC, _schedules.CRON)))
        sets = {"scheduleType": t, "scheduleData": cron if t == _schedules.BASIC else basic}
        return sets, drop, kind, f"scheduleType {t} with the other branch of scheduleData", f"{CSH}:52-53,71-72", 422
    if kind == "invalid_cron":
        expression, what = draw(_BAD_CRON)
        data = _cron_data(expression, draw(_schedules.time_zones))
        return data, drop, kind, f"invalid cron: {what}", f"{CSH}:85-88", 422
    if kind == "etc_time_zone":
        zone = draw(bad_zones)
        data = _cron_data(draw(_schedules.cron_expressions), zone)
        return data, drop, kind, f"Etc/ zone {zone!r}", f"{CSH}:80-81", 422
    zone = draw(unknown_zones)
    data = _cron_data(draw(_schedules.cron_expressions), zone)
    return data, drop, kind, f"unknown zone {zone!r}", f"{CSH}:84,89-90", 422


# ---------------------------------------------------------------------------------------- catalogs


_NESTED_DEPTH = st.one_of(st.integers(2, 3), st.integers(10, 40))


@functools.cache
def _nested_segments(n: int):
    return st.lists(st.text(min_size=1, max_size=8), min_size=n, max_size=n)


@functools.cache
@st.composite
def _catalog_fault(draw, kind: str):
    """(catalog, kind, reason, source, status): one selected stream whose configuration Airbyte refuses."""
    entry = draw(_catalogs.entry())
    stream, config = dict(entry["stream"]), dict(entry["config"])  # only their top-level keys change
    fields = _catalogs.fields_of(stream)
    config["selected"] = True
    status, reason, line = 422, "", ""
    for key in ("fieldSelectionEnabled", "selectedFields"):
        config.pop(key, None)
    if kind == "nested_field_selection":
        depth = draw(_NESTED_DEPTH)
        path = [draw(st.sampled_from(fields))] + draw(_nested_segments(depth - 1))
        config.update(
            fieldSelectionEnabled=True, selectedFields=[{"fieldPath": [f]} for f in fields] + [{"fieldPath": path}]
        )
        status, reason = 500, f"a selected field path of {depth} segments (nested field selection)"
        line = "143-144"
    elif kind == "empty_field_path":
        config.update(
            fieldSelectionEnabled=True, selectedFields=[{"fieldPath": [f]} for f in fields] + [{"fieldPath": []}]
        )
        reason = "an empty selected field path"
        line = "139-140"
    elif kind == "field_selection_without_fields":
        config["fieldSelectionEnabled"] = True
        reason = "field selection enabled without selectedFields"
        line = "131-132"
    elif kind == "selected_field_not_in_schema":
        config.update(
            fieldSelectionEnabled=True,
            selectedFields=[{"fieldPath": [f]} for f in fields] + [{"fieldPath": ["".join(fields) + "_missing"]}],
        )
        reason = "a selected field that the stream's jsonSchema does not have"
        line = "166-167"
    elif kind == "cursor_deselected":
        stream.update(supportedSyncModes=[INCREMENTAL], sourceDefinedCursor=False)
        cursor = draw(st.sampled_from(fields))
        config.update(
            syncMode=INCREMENTAL,
            cursorField=[cursor],
            destinationSyncMode=draw(st.sampled_from(_catalogs.destination_modes(INCREMENTAL))),
            primaryKey=[[cursor]],
            fieldSelectionEnabled=True,
            selectedFields=[{"fieldPath": [f]} for f in fields if f != cursor],
        )
        reason = "the incremental cursor is not among the selected fields"
        line = "155-156"
    elif kind == "primary_key_deselected":
        key = draw(st.sampled_from(fields))
        config.update(
            syncMode=INCREMENTAL,
            destinationSyncMode=APPEND_DEDUP,
            primaryKey=[[key]],
            cursorField=[],
            fieldSelectionEnabled=True,
            selectedFields=[{"fieldPath": [f]} for f in fields if f != key],
        )
        stream.update(supportedSyncModes=[INCREMENTAL], sourceDefinedCursor=True, sourceDefinedPrimaryKey=[[key]])
        reason = "a primary key field is not among the selected fields (append_dedup)"
        line = "160-161"
    elif kind == "selected_missing":
        del config["selected"]
        status, reason = 500, "a stream configuration without `selected` (unboxed without a null check)"
        line = "197"
    else:
        del stream["supportedSyncModes"]
        status, reason = 500, "a selected stream without supportedSyncModes (converted without a null check)"
        line = "175"
    return {"streams": [{"stream": stream, "config": config}]}, kind, reason, f"{CC}:{line}", status


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
        sets, drop, kind, reason, source, status = draw(_schedule_fault(update, kind))
        for key in drop:
            payload.pop(key, None)
        payload.update(sets)
        return Refused(payload, kind, reason, source, status)
    if kind in CATALOG_KINDS:
        payload["syncCatalog"], kind, reason, source, status = draw(_catalog_fault(kind))
        return Refused(payload, kind, reason, source, status)
    config, kind, reason = draw(operator_fault(kind))
    payload["operations"] = [{"workspaceId": draw(workspace), "name": "refused", "operatorConfiguration": config}]
    return Refused(payload, kind, reason, _operator_source(kind), 500)


def _operator_source(kind: str) -> str:
    # a missing branch fails its Preconditions; a dbtCloud webhook without dbtCloud fails when its URL is built
    return f"{OC}:101-112" if kind == "webhook_without_dbt_cloud" else f"{OC}:32-54"


@st.composite
def refused_operation(draw, workspace, offered: tuple[str, ...]):
    config, kind, reason = draw(operator_fault(draw(st.sampled_from(offered))))
    payload = {"workspaceId": draw(workspace), "name": "refused", "operatorConfiguration": config}
    return Refused(payload, kind, reason, _operator_source(kind), 500)
