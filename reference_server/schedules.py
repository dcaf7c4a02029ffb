"""Schedule rules of ConnectionsHandler and ConnectionScheduleHelper, and the read-side conversion.

A stored connection carries scheduleType (manual | basic | cron), scheduleData (the branch for its type)
and the legacy `schedule` (only for basic schedules, as Airbyte still fills it).
"""

from __future__ import annotations

import functools
import zoneinfo

from quartz_cron_checker import validate_cron_string

from reference_server.errors import BadObjectSchema, precondition


@functools.cache
def _zones() -> frozenset:
    return frozenset(zoneinfo.available_timezones())


def cron_problem(expression: str, zone: str) -> str | None:
    """Why a cron schedule is refused (Quartz syntax, a known non-Etc time zone), or None."""
    if zone.lower().startswith("etc"):
        return "Etc/ timezones are unsupported"
    if zone not in _zones():
        return "invalid cron timezone"
    try:
        # Quartz upper-cases the expression before parsing: names are case-insensitive.
        validate_cron_string(expression.upper())
    except Exception:  # the library raises several error types; each means "not a Quartz expression"
        return "invalid cron expression"
    return None


def _basic(data: dict) -> dict:
    """A null timeUnit or units is kept as null (Enums.convertTo(null) is null, ApiPojoConverters.java:213-223)."""
    basic = data["basicSchedule"]
    kept = {k: basic[k] for k in ("timeUnit", "units") if basic.get(k) is not None}
    return {"scheduleType": "basic", "scheduleData": {"basicSchedule": dict(kept)}, "schedule": dict(kept)}


def from_type_and_data(schedule_type: str, data: dict | None, faults) -> dict:
    """ConnectionScheduleHelper.populateSyncFromScheduleTypeAndData (ConnectionScheduleHelper.java:36-93): the
    stored schedule fields; each refusal is a JsonValidationException (422)."""
    if schedule_type != "manual" and data is None:
        raise BadObjectSchema("schedule data must be populated if schedule type is populated")
    if schedule_type == "manual":
        return {"scheduleType": "manual", "scheduleData": None, "schedule": None}
    if schedule_type == "basic":
        if data.get("basicSchedule") is None:
            raise BadObjectSchema("if schedule type is basic, then scheduleData.basic must be populated")
        return _basic(data)
    cron = data.get("cron")
    if cron is None:
        raise BadObjectSchema("if schedule type is cron, then scheduleData.cron must be populated")
    if cron.get("cronExpression") is None or cron.get("cronTimeZone") is None:
        raise BadObjectSchema("Cron expression and timezone are required")
    problem = cron_problem(cron["cronExpression"], cron["cronTimeZone"])
    if faults.on("accept_invalid_cron"):  # FAULT: accept_invalid_cron
        problem = None
    if problem:
        raise BadObjectSchema(problem)
    return {
        "scheduleType": "cron",
        "scheduleData": {"cron": {"cronExpression": cron["cronExpression"], "cronTimeZone": cron["cronTimeZone"]}},
        "schedule": None,
    }


def for_create(body: dict, faults) -> dict:
    """ConnectionsHandler.createConnection, ConnectionsHandler.java:180-189 and :230-250."""
    schedule, schedule_type = body.get("schedule"), body.get("scheduleType")
    both = schedule is not None and schedule_type is not None
    if both and not faults.on("accept_schedule_with_schedule_type"):  # FAULT: accept_schedule_with_schedule_type
        raise BadObjectSchema("supply old or new schedule schema but not both")
    if schedule_type is not None:
        return from_type_and_data(schedule_type, body.get("scheduleData"), faults)
    if schedule is not None:
        return _basic({"basicSchedule": schedule})
    return {"scheduleType": "manual", "scheduleData": None, "schedule": None}


def check_patch(patch: dict) -> None:
    """ConnectionsHandler.validateConnectionPatch's schedule rules (ConnectionsHandler.java:399-421):
    Preconditions.checkArgument, so Airbyte answers each with a 500 (IllegalArgumentException)."""
    if patch.get("schedule") is not None:
        raise precondition("ConnectionUpdate should only make changes to the schedule by setting scheduleType and "
                           "scheduleData. 'schedule' is no longer supported.", "$.schedule")
    schedule_type, data = patch.get("scheduleType"), patch.get("scheduleData")
    if schedule_type is None and data is not None:
        raise precondition("ConnectionUpdate should not include any scheduleData without also specifying a valid "
                           "scheduleType.", "$.scheduleData")
    if schedule_type == "manual" and data is not None:
        raise precondition("ConnectionUpdate should not include any scheduleData when setting the Connection "
                           "scheduleType to MANUAL.", "$.scheduleData")
    if schedule_type in ("basic", "cron") and data is None:
        raise precondition(f"ConnectionUpdate should include scheduleData when setting the Connection scheduleType "
                           f"to {schedule_type.upper()}.", "$.scheduleData")
