"""What a refresh writes, per release (suite.refresh.written), on hand-worked cases read from Airbyte's Kotlin at
v2.0.0. Each rule's test fails when the v2.0.0 rule is reverted to the v0.42.1 one."""

from __future__ import annotations

import pytest

from contracts import releases
from suite import refresh as model


@pytest.fixture(params=releases.available())
def release(request):
    releases.use(request.param)
    yield request.param
    releases.use(releases.DEFAULT)


def _schema(*columns: str) -> dict:
    return {"type": "object", "properties": {c: {"type": "string"} for c in columns}}


FULL = model.StreamConfig("full_refresh", (), "append", ())
BEFORE = {"s0": _schema("a", "b"), "s1": _schema("a")}
AFTER = {"s0": _schema("b", "e"), "s3": _schema("a")}  # a column gone and one new, a stream gone and one new
NON_BREAKING = model.expected_transforms(BEFORE, AFTER, {"s0": FULL, "s1": FULL})
BREAKING = model.expected_transforms(BEFORE, AFTER, {"s0": model.StreamConfig("incremental", ("a",), "append", ())})
WAS = {"breakingChange": False, "status": "active"}


@pytest.mark.parametrize("preference", ("ignore", "disable", "propagate_columns", "propagate_fully"))
def test_the_named_connection_is_written_by_its_preference_only_disable_pausing_a_non_breaking_change(preference):
    written = model.written(WAS, NON_BREAKING, preference, named=True)
    assert written == {"breakingChange": False, "status": "inactive" if preference == "disable" else "active"}
    assert model.written(WAS, BREAKING, preference, named=True) == {"breakingChange": True, "status": "inactive"}


def test_another_connection_of_the_source_is_written_only_at_v0_42_1(release):
    other = model.written(WAS, BREAKING, "disable", named=False)
    if release == "v0.42.1":  # SchedulerHandler.java:485-505 loops over every connection of the source
        assert other == {"breakingChange": True, "status": "inactive"}
    else:  # SchedulerHandler.kt:313-325, 407-411: the named connection alone
        assert other == WAS
        assert model.stored_schema_change(other["breakingChange"], True) == "non_breaking"
