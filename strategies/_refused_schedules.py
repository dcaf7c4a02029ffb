"""Refused schedules: contract-valid schedule fields that Airbyte refuses (ConnectionScheduleHelper and
ConnectionsHandler at commit 0f4f4a9331), for the refused family (see _refused)."""

from __future__ import annotations

import functools

from hypothesis import strategies as st

from strategies import _schedules

CSH = "airbyte-commons-server/.../handlers/helpers/ConnectionScheduleHelper.java"
CH = "airbyte-commons-server/.../handlers/ConnectionsHandler.java"


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


@functools.cache
@st.composite
def schedule_fault(draw, update: bool, kind: str):
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
