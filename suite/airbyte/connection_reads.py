"""What reads of a connection show after create and after an update: defaults, ids, schedules.

Each rule cites the Airbyte file that decides it (airbytehq/airbyte-platform at 0f4f4a9331); see suite.airbyte.
"""

from __future__ import annotations

import copy
import uuid

from suite import rules
from suite.airbyte.stored_catalogs import catalog_as_stored


def schedule_as_read(sent: dict) -> dict:
    """ConnectionScheduleHelper / ConnectionsHandler.createConnection and ApiPojoConverters'
    populateConnectionReadSchedule: the schedule fields a read shows for what create was sent."""
    schedule_type, legacy = sent.get("scheduleType"), sent.get("schedule")
    data: dict = sent.get("scheduleData") or {}
    if schedule_type == "basic":
        basic = data["basicSchedule"]
        return {"scheduleType": "basic", "scheduleData": {"basicSchedule": dict(basic)},
                "schedule": {"units": basic["units"], "timeUnit": basic["timeUnit"]}}
    if schedule_type == "cron":
        return {"scheduleType": "cron", "scheduleData": {"cron": dict(data["cron"])}}
    if schedule_type == "manual":
        return {"scheduleType": "manual"}
    if legacy is not None:
        return {"scheduleType": "basic", "schedule": dict(legacy),
                "scheduleData": {"basicSchedule": {"timeUnit": legacy["timeUnit"], "units": legacy["units"]}}}
    return {"scheduleType": "manual"}


SCHEDULE_FIELDS = ("scheduleType", "scheduleData", "schedule")


def can_start_a_sync(status: str | None, schedule_type: str | None) -> bool:
    """Whether Airbyte's workers may start a sync on their own right after create: an active connection
    with a basic or cron schedule and no job yet gets its first sync at once; a manual or not active one
    waits (airbyte-workers/.../scheduling/activities/ConfigFetchActivityImpl.java:113-125). Where a sync may
    have started, `isSyncing` of the answers is open: the suite does not insist on false."""
    return status == "active" and schedule_type != "manual"


def canonical_id(value: str) -> str:
    """Ids are java.util.UUIDs on the server: any accepted spelling comes back lower-case and canonical."""
    return str(uuid.UUID(value))


def connection_after_create(sent: dict, source: dict, destination: dict, workspace_geography: str | None) -> dict:
    """The fields of the WebBackendConnectionRead that create must return, for what was sent.
    Defaults from ConnectionsHandler.createConnection; reads from WebBackendConnectionsHandler. What newer
    releases changed comes from suite.rules (geography only where the release has it)."""
    expected = {
        "name": sent["name"] if sent.get("name") is not None else f"{source['name']} <> {destination['name']}",
        "sourceId": canonical_id(sent["sourceId"]),
        "destinationId": canonical_id(sent["destinationId"]),
        "namespaceDefinition": sent.get("namespaceDefinition") or "source",
        "geography": sent.get("geography") or workspace_geography,
        "nonBreakingChangesPreference": sent.get("nonBreakingChangesPreference") or "ignore",
        "notifySchemaChanges": False,
        "schemaChange": "no_change",
        "syncCatalog": catalog_as_stored(sent.get("syncCatalog")),
        **schedule_as_read(sent),
    }
    if not can_start_a_sync(sent.get("status"), expected["scheduleType"]):
        expected["isSyncing"] = False
    for field in ("namespaceFormat", "prefix", "status", "resourceRequirements"):
        if sent.get(field) is not None:
            expected[field] = sent[field]
    if sent.get("sourceCatalogId") is not None:
        expected["catalogId"] = canonical_id(sent["sourceCatalogId"])
    release = rules.active()
    if "geography" not in release.patchable:
        del expected["geography"]
    for name, default in release.created_defaults.items():
        needed = release.created_only_with.get(name)
        kept = sent.get(name) is not None and (needed is None or sent.get(needed) is not None)
        expected[name] = sent[name] if kept else default
    return expected


def patchable() -> tuple[str, ...]:
    """The connection fields a patch replaces when present, in the release the run uses (suite.rules)."""
    return rules.active().patchable


EMAIL = "notifySchemaChangesByEmail"


def email_row_after_patch(row: bool | None, before: dict, patch: dict) -> bool | None:
    """The connection's email notification row after an update, given the one before (None: there is none; else
    its `enabled`): an update inserts an enabled row where there is none and the patched flag is true; an existing
    row takes the patched flag, except where the release rewrites it only when it differs from the patched
    notifySchemaChanges (suite.rules email_row_follows_webhook). A read answers the row's enabled, else false."""
    def patched(name: str):
        return patch[name] if patch.get(name) is not None else before.get(name)

    wanted = bool(patched(EMAIL))
    if row is None:
        return True if wanted else None
    if rules.active().email_row_follows_webhook and row == bool(patched("notifySchemaChanges")):
        return row
    return wanted


def connection_after_patch(before: dict, patch: dict, email_row: bool | None = None) -> dict:
    """ConnectionsHandler.applyPatchToStandardSync: null or absent leaves a field unchanged; a present
    field replaces it (resourceRequirements as a whole); scheduleType (with scheduleData) goes through
    the schedule rules; syncCatalog replaces the catalog (compared separately: see catalog_as_stored).
    notifySchemaChangesByEmail follows its notification row (email_row_after_patch; `email_row` is the row
    before, None for a connection no update has given one)."""
    fields = patchable()
    after = {k: copy.deepcopy(v) for k, v in before.items() if k in fields or k in SCHEDULE_FIELDS}
    for field in fields:
        if patch.get(field) is not None:
            after[field] = copy.deepcopy(patch[field])
    if EMAIL in fields:
        after[EMAIL] = bool(email_row_after_patch(email_row, before, patch))
    if patch.get("scheduleType") is not None:
        for field in SCHEDULE_FIELDS:
            after.pop(field, None)
        after.update(schedule_as_read(patch))
    return after
