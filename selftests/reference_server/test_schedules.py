"""Schedule rules: legacy schedule vs scheduleType, the scheduleData branch, Quartz cron, time zones."""

from __future__ import annotations

import pytest

from reference_server.schedules import cron_problem

BASIC = {"basicSchedule": {"timeUnit": "hours", "units": 24}}


def _cron(expression, zone="Europe/Berlin"):
    return {"cron": {"cronExpression": expression, "cronTimeZone": zone}}


def _create(api, world, expect=200, **fields):
    body = {"sourceId": world.source_id, "destinationId": world.destination_id, "status": "active", **fields}
    if expect != 200:
        return api.refused("/v1/web_backend/connections/create", body, expect=expect)
    return api.call("/v1/web_backend/connections/create", body, expect=expect)


def test_legacy_schedule_becomes_basic(api, world):
    read = _create(api, world, schedule={"timeUnit": "minutes", "units": 30})
    assert read["scheduleType"] == "basic"
    assert read["scheduleData"] == {"basicSchedule": {"timeUnit": "minutes", "units": 30}}
    assert read["schedule"] == {"timeUnit": "minutes", "units": 30}


def test_schedule_with_schedule_type_is_refused(api, world):
    error = _create(api, world, 422, schedule={"timeUnit": "minutes", "units": 30}, scheduleType="manual")
    assert error["message"] == ("The provided configuration does not fulfill the specification. Errors: supply old or "
                                "new schedule schema but not both")


@pytest.mark.parametrize(("schedule_type", "data"), [("basic", None), ("cron", None), ("basic", _cron("0 0 * * * ?")),
                                                     ("cron", BASIC)])
def test_schedule_type_needs_its_branch(api, world, schedule_type, data):
    _create(api, world, 422, scheduleType=schedule_type, scheduleData=data)


def test_manual_drops_schedule_data_on_create(api, world):
    read = _create(api, world, scheduleType="manual", scheduleData=BASIC)
    assert read["scheduleType"] == "manual" and "scheduleData" not in read


def test_cron_is_stored(api, world):
    read = _create(api, world, scheduleType="cron", scheduleData=_cron("0 0/15 * ? * MON-FRI", "America/New_York"))
    assert read["scheduleData"] == _cron("0 0/15 * ? * MON-FRI", "America/New_York")
    assert "schedule" not in read


@pytest.mark.parametrize(("expression", "zone", "problem"), [
    ("0 0 12 * * ?", "Etc/UTC", "Etc/"),
    ("0 0 12 * * ?", "etc/GMT+1", "Etc/"),
    ("0 0 12 * * ?", "Mars/Olympus", "timezone"),
    ("0 0 12 * * ?", "", "timezone"),
    ("0 0 12 * *", "UTC", "expression"),
    ("0 0 12 * * *", "UTC", "expression"),
    ("0 0 25 ? * *", "UTC", "expression"),
    ("", "UTC", "expression"),
])
def test_bad_cron_is_refused(api, world, expression, zone, problem):
    error = _create(api, world, 422, scheduleType="cron", scheduleData=_cron(expression, zone))
    assert problem in error["message"]


@pytest.mark.parametrize("expression", [
    "0 0 12 * * ?", "0 15 10 ? * MON-FRI", "0 15 10 L * ?", "0 15 10 ? * 6L", "0 15 10 ? * 6#3",
    "0 0 12 1W * ?", "0 0 12 * * ? 2030", "0 0/5 14,18 * * ?", "0 0 12 ? jan,feb mon", "0 0 12 LW * ?",
])
def test_quartz_expressions_are_accepted(expression):
    assert cron_problem(expression, "UTC") is None


@pytest.mark.parametrize("expression", ["* * * * *", "0 0 12 ? * ?", "0 60 * * * ?", "0 0 12 ? * SUN#6",
                                        "0 0 12 0 * ?", "0 0 12 * * ? * *", "0 0 12 ? * 8"])
def test_non_quartz_expressions_are_refused(expression):
    assert cron_problem(expression, "UTC") == "invalid cron expression"


def test_update_changes_the_schedule(api, world):
    created = _create(api, world)
    read = api.update(created["connectionId"], scheduleType="basic", scheduleData=BASIC)
    assert read["scheduleType"] == "basic" and read["schedule"] == {"timeUnit": "hours", "units": 24}
    read = api.update(created["connectionId"], scheduleType="manual")
    assert read["scheduleType"] == "manual" and "schedule" not in read and "scheduleData" not in read


@pytest.mark.parametrize(("patch", "status"), [
    ({"schedule": {"timeUnit": "hours", "units": 1}}, 500),
    ({"scheduleData": BASIC}, 500),
    ({"scheduleType": "manual", "scheduleData": BASIC}, 500),
    ({"scheduleType": "basic"}, 500),
    ({"scheduleType": "cron", "scheduleData": _cron("bad")}, 422),
])
def test_update_schedule_rules(api, world, friendly_api, friendly_world, patch, status):
    """validateConnectionPatch's Preconditions (ConnectionsHandler.java:399-421) are 500s; the cron check in
    populateSyncFromScheduleTypeAndData is a JsonValidationException (422)."""
    for client, w, expected in ((api, world, status), (friendly_api, friendly_world, 422)):
        created = _create(client, w)
        error = client.refused("/v1/web_backend/connections/update", {"connectionId": created["connectionId"], **patch},
                               expect=expected)
        if expected == 500:
            assert error["exceptionClassName"] == "java.lang.IllegalArgumentException"
        assert client.get(created["connectionId"])["scheduleType"] == "manual"
