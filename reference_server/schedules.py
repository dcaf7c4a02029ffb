"""Schedule rules of ConnectionsHandler and ConnectionScheduleHelper, and the read-side conversion.

A stored connection carries scheduleType (manual | basic | cron), scheduleData (the branch for its type)
and the legacy `schedule` (only for basic schedules, as Airbyte still fills it).
"""

from __future__ import annotations

import functools
import zoneinfo

from quartz_cron_checker import validate_cron_string

from reference_server.errors import InvalidInput


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
    basic = data["basicSchedule"]
    return {
        "scheduleType": "basic",
        "scheduleData": {"basicSchedule": {"timeUnit": basic["timeUnit"], "units": basic["units"]}},
        "schedule": {"timeUnit": basic["timeUnit"], "units": basic["units"]},
    }


def from_type_and_data(schedule_type: str, data: dict | None, faults) -> dict:
    """ConnectionScheduleHelper.populateSyncFromScheduleTypeAndData: the stored schedule fields."""
    if schedule_type != "manual" and data is None:
        raise InvalidInput("schedule data must be populated if schedule type is populated", "$.scheduleData")
    if schedule_type == "manual":
        return {"scheduleType": "manual", "scheduleData": None, "schedule": None}
    if schedule_type == "basic":
        if data.get("basicSchedule") is None:
            raise InvalidInput("if schedule type is basic, then scheduleData.basic must be populated",
                               "$.scheduleData", data)
        return _basic(data)
    cron = data.get("cron")
    if cron is None:
        raise InvalidInput("if schedule type is cron, then scheduleData.cron must be populated", "$.scheduleData",
                           data)
    problem = cron_problem(cron["cronExpression"], cron["cronTimeZone"])
    if faults.on("accept_invalid_cron"):  # FAULT: accept_invalid_cron
        problem = None
    if problem:
        raise InvalidInput(problem, "$.scheduleData.cron", cron)
    return {
        "scheduleType": "cron",
        "scheduleData": {"cron": {"cronExpression": cron["cronExpression"], "cronTimeZone": cron["cronTimeZone"]}},
        "schedule": None,
    }


def for_create(body: dict, faults) -> dict:
    schedule, schedule_type = body.get("schedule"), body.get("scheduleType")
    both = schedule is not None and schedule_type is not None
    if both and not faults.on("accept_schedule_with_schedule_type"):  # FAULT: accept_schedule_with_schedule_type
        raise InvalidInput("supply old or new schedule schema but not both", "$.schedule", schedule)
    if schedule_type is not None:
        return from_type_and_data(schedule_type, body.get("scheduleData"), faults)
    if schedule is not None:
        return _basic({"basicSchedule": schedule})
    return {"scheduleType": "manual", "scheduleData": None, "schedule": None}


def check_patch(patch: dict) -> None:
    """ConnectionsHandler.validateConnectionPatch's schedule rules (Airbyte answers these with a 500)."""
    if patch.get("schedule") is not None:
        raise InvalidInput("ConnectionUpdate should only make changes to the schedule by setting scheduleType and "
                           "scheduleData. 'schedule' is no longer supported.", "$.schedule", patch["schedule"])
    schedule_type, data = patch.get("scheduleType"), patch.get("scheduleData")
    if schedule_type is None and data is not None:
        raise InvalidInput("scheduleData needs a scheduleType", "$.scheduleData", data)
    if schedule_type == "manual" and data is not None:
        raise InvalidInput("scheduleData is not allowed with scheduleType manual", "$.scheduleData", data)
    if schedule_type in ("basic", "cron") and data is None:
        raise InvalidInput(f"scheduleType {schedule_type} needs scheduleData", "$.scheduleData")
