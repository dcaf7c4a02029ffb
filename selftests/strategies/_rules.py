"""An oracle for Airbyte's semantic rules, written independently of the strategies they test.

`problems(model, payload, world)` names every rule a contract-valid body breaks (the names are the
`kind`s of strategies.Refused, plus a few that only valid generation must avoid). Valid and edge bodies
must have none; each refused body must break the rule it is labelled with.

Sources (Airbyte at 0f4f4a9331): ConnectionsHandler (schedule vs scheduleType, patch rules),
ConnectionScheduleHelper (scheduleData branches, cron, time zones), CatalogConverter (selected,
supportedSyncModes, field selection), OperationsConverter (operator branches, dbt Cloud URLs),
ConnectionHelper (one workspace). Cron syntax is checked with quartz-cron-checker, the library the
reference server uses; zones with the IANA database.
"""

from __future__ import annotations

import json
import re
import zoneinfo

from quartz_cron_checker import validate_cron_string

CONNECTION_MODELS = ("WebBackendConnectionCreate", "WebBackendConnectionUpdate")
_DBT_URL = re.compile(r"^https://cloud\.getdbt\.com/api/v2/accounts/(\d+)/jobs/(\d+)/run/$")


def _same(a: str, b: str) -> bool:
    return a is not None and b is not None and a.lower() == b.lower()


def schedule_problems(model: str, p: dict) -> set[str]:
    out = set()
    schedule, stype, data = p.get("schedule"), p.get("scheduleType"), p.get("scheduleData")
    update = model == "WebBackendConnectionUpdate"
    if update and schedule is not None:
        out.add("schedule_in_update")
    if not update and schedule is not None and stype is not None:
        out.add("schedule_and_schedule_type")
    if stype is None and data is not None:
        out.add("schedule_data_without_type" if update else "stray_schedule_data")
    if stype == "manual" and data is not None:
        out.add("manual_with_schedule_data" if update else "stray_schedule_data")
    if stype in ("basic", "cron") and data is None:
        out.add("missing_schedule_data")
    if stype == "basic" and data is not None and data.get("basicSchedule") is None:
        out.add("schedule_data_branch_mismatch")
    if stype in ("basic", "cron") and data is not None and len(data) != 1:
        out.add("stray_schedule_data")  # valid bodies send only the branch their type reads
    if stype == "cron" and data is not None:
        cron = data.get("cron")
        if cron is None:
            out.add("schedule_data_branch_mismatch")
        else:
            zone = cron["cronTimeZone"]
            if zone.lower().startswith("etc"):
                out.add("etc_time_zone")
            elif zone not in zoneinfo.available_timezones():
                out.add("unknown_time_zone")
            try:
                validate_cron_string(cron["cronExpression"].upper())
            except Exception:  # the library raises one of several error types for "not a Quartz expression"
                out.add("invalid_cron")
    return out


def _find_properties(node):
    """Jackson's findValue("properties"), the older (depth-first, field order) way."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties":
                return value
            found = _find_properties(value)
            if found is not None:
                return found
    if isinstance(node, list):
        for value in node:
            found = _find_properties(value)
            if found is not None:
                return found
    return None


def entry_problems(entry: dict) -> set[str]:
    out = set()
    stream, config = entry.get("stream"), entry.get("config")
    if stream is None or config is None:
        return {"entry_incomplete"}
    if "selected" not in config:
        out.add("selected_missing")
    if "supportedSyncModes" not in stream:
        out.add("supported_sync_modes_missing")
    modes = stream.get("supportedSyncModes") or []
    sync, dest = config["syncMode"], config["destinationSyncMode"]
    if modes and sync not in modes:
        out.add("sync_mode_unsupported")
    if (sync, dest) in (("incremental", "overwrite"), ("full_refresh", "append_dedup")):
        out.add("sync_mode_pairing")
    if sync == "incremental" and not stream.get("sourceDefinedCursor") and not config.get("cursorField"):
        out.add("cursor_missing")
    if sync == "incremental" and "cursorField" not in config:
        out.add("cursor_missing")
    if dest == "append_dedup" and (not config.get("primaryKey") or any(not k for k in config["primaryKey"])):
        out.add("primary_key_missing")
    if (
        stream.get("sourceDefinedCursor")
        and sync == "incremental"
        and config.get("cursorField") != (stream.get("defaultCursorField") or [])
    ):
        out.add("cursor_not_source_defined")
    if config.get("fieldSelectionEnabled"):
        out |= _field_selection_problems(stream, config)
    return out


def _field_selection_problems(stream: dict, config: dict) -> set[str]:
    selected = config.get("selectedFields")
    if selected is None:
        return {"field_selection_without_fields"}
    props = _find_properties(stream.get("jsonSchema"))
    if not isinstance(props, dict):
        return {"no_properties"}
    out = set()
    paths = [s.get("fieldPath") for s in selected]
    if any(not p for p in paths):
        out.add("empty_field_path")
    if any(p and len(p) > 1 for p in paths):
        out.add("nested_field_selection")
    names = {p[0] for p in paths if p}
    cursor = config.get("cursorField") or []
    if config["syncMode"] == "incremental" and cursor and cursor[0] not in names:
        out.add("cursor_deselected")
    if config["destinationSyncMode"] == "append_dedup" and any(k and k[0] not in names for k in config["primaryKey"]):
        out.add("primary_key_deselected")
    if names - set(props):
        out.add("selected_field_not_in_schema")
    return out


def catalog_problems(catalog: dict, world) -> set[str]:
    out = set()
    seen = set()
    for entry in catalog["streams"]:
        out |= entry_problems(entry)
        if entry.get("stream") is not None:
            key = (entry["stream"].get("namespace"), entry["stream"]["name"])
            if key in seen:
                out.add("duplicate_stream")
            seen.add(key)
            # field-selection flags are keyed "<namespace>/<name>" (CatalogConverter.java:330-332)
            flag_key = f"{'null' if key[0] is None else key[0]}/{key[1]}"
            if ("flag", flag_key) in seen:
                out.add("field_selection_key_collision")
            seen.add(("flag", flag_key))
    return out


VARCHAR_256 = ("name", "prefix", "namespaceFormat")  # schema_dump.txt:118,119,122 (and 176: operation.name)


def varchar_problems(p: dict) -> set[str]:
    """Strings Postgres cannot store: over 256 code points in a varchar(256) column, or U+0000 anywhere."""
    out = set()
    for key in VARCHAR_256:
        if isinstance(p.get(key), str) and len(p[key]) > 256:
            out.add("varchar_too_long")
    for op in p.get("operations") or []:
        if isinstance(op.get("name"), str) and len(op["name"]) > 256:
            out.add("varchar_too_long")
    if "\\u0000" in json.dumps(p):
        out.add("nul_character")
    return out


def operation_problems(op: dict, world, existing=None) -> set[str]:
    out = set()
    config = op["operatorConfiguration"]
    t = config["operatorType"]
    if config.get(t) is None:
        return {"operator_branch_missing"}
    if set(config) - {"operatorType", t}:
        out.add("stray_operator_branch")
    if world is not None and not _same(op["workspaceId"], world.workspace_id):
        out.add("foreign_workspace")
    if existing is not None and "operationId" in op and op["operationId"] not in existing:
        out.add("unknown_operation_id")
    if t == "webhook":
        hook = config["webhook"]
        if hook.get("webhookType") == "dbtCloud":
            if hook.get("dbtCloud") is None:
                out.add("webhook_without_dbt_cloud")
            elif min(hook["dbtCloud"]["accountId"], hook["dbtCloud"]["jobId"]) < 0:
                out.add("webhook_url_unreadable")
        elif not _DBT_URL.match(hook.get("executionUrl") or ""):
            out.add("webhook_url_unreadable")
    return out


def id_problems(model: str, p: dict, world) -> set[str]:
    if world is None:
        return set()
    out = set()
    pairs = [
        ("sourceId", world.source_id),
        ("destinationId", world.destination_id),
        ("workspaceId", world.workspace_id),
    ]
    for key, expected in pairs:
        if isinstance(p.get(key), str) and not _same(p[key], expected):
            out.add("unknown_id")
        if isinstance(p.get(key), list) and not all(_same(v, expected) for v in p[key]):
            out.add("unknown_id")
    if "connectionId" in p and not any(_same(p["connectionId"], c) for c in world.connection_ids):
        out.add("unknown_id")
    if p.get("sourceCatalogId") is not None and not _same(p["sourceCatalogId"], world.catalog_id):
        out.add("unknown_catalog_id")
    if p.get("operationIds") and not set(p["operationIds"]) <= set(world.operation_ids):
        out.add("unknown_id")
    return out


def problems(model: str, p: dict, world=None) -> set[str]:
    """Every semantic rule `p` breaks (empty for a body Airbyte would accept)."""
    out = id_problems(model, p, world)
    if model in CONNECTION_MODELS or model == "OperationCreate":
        out |= varchar_problems(p)
    if model in CONNECTION_MODELS:
        out |= schedule_problems(model, p)
        if p.get("namespaceDefinition") == "customformat" and p.get("namespaceFormat") is None:
            out.add("custom_format_missing")
        if p.get("syncCatalog") is not None:
            out |= catalog_problems(p["syncCatalog"], world)
        existing = tuple(world.operation_ids) if world is not None else None
        for op in p.get("operations") or []:
            out |= operation_problems(op, world, existing if model == "WebBackendConnectionUpdate" else None)
    if model == "OperationCreate":
        out |= operation_problems(p, world)
    return out
