"""What a refresh writes, per release (suite.refresh.written, suite.propagation), and the propagated_catalog check,
on hand-worked cases read from Airbyte's Kotlin at v2.0.0. Each rule's test fails when the v2.0.0 rule is reverted
to the v0.42.1 one (or propagation is modelled as happening on a refresh)."""

from __future__ import annotations

import json

import pytest

from contracts import releases
from suite import checks, propagation, rules
from suite import refresh as model
from suite.client import Exchange


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


def _config(selected: bool = True, sync: str = "full_refresh", destination: str = "append") -> dict:
    return {"selected": selected, "syncMode": sync, "destinationSyncMode": destination, "cursorField": [],
            "primaryKey": []}


def _read(streams: dict, catalog_id: str = "c1") -> dict:
    """A connections/get answer holding `streams` ({name: schema}), each selected full_refresh | append."""
    return {"sourceCatalogId": catalog_id, "syncCatalog": {"streams": [
        {"stream": {"name": n, "jsonSchema": s, "supportedSyncModes": ["full_refresh"]}, "config": _config()}
        for n, s in streams.items()]}}


DISCOVERED = {"catalogId": "c2", "catalog": {"streams": [
    {"stream": {"name": n, "jsonSchema": s, "supportedSyncModes": ["full_refresh"], "sourceDefinedCursor": False,
                "sourceDefinedPrimaryKey": []},
     "config": _config(selected=False, destination="overwrite")} for n, s in AFTER.items()]}}


def test_the_release_s_preferences_include_the_propagating_ones_only_at_v2(release):
    propagating = {"propagate_columns", "propagate_fully"} & set(rules.active().refresh_preferences)
    assert propagating == (set() if release == "v0.42.1" else {"propagate_columns", "propagate_fully"})
    assert {"ignore", "disable"} <= set(rules.active().refresh_preferences)


@pytest.mark.parametrize("preference", ("ignore", "disable", "propagate_columns", "propagate_fully"))
def test_the_named_connection_is_written_by_its_preference_only_disable_pausing_a_non_breaking_change(preference):
    written = model.written(WAS, NON_BREAKING, preference, named=True)
    assert written == {"breakingChange": False, "status": "inactive" if preference == "disable" else "active"}
    assert model.written(WAS, BREAKING, preference, named=True) == {"breakingChange": True, "status": "inactive"}


def test_another_connection_of_the_source_is_written_only_at_v0_42_1(release):
    other = model.written(WAS, BREAKING, "disable", named=False)
    if release == "v0.42.1":  # SchedulerHandler.java:452-483 (0f4f4a9331) loops over every connection of the source
        assert other == {"breakingChange": True, "status": "inactive"}
    else:  # SchedulerHandler.kt:313-325, 407-411: the named connection alone
        assert other == WAS
        assert model.stored_schema_change(other["breakingChange"], True) == "non_breaking"


@pytest.mark.parametrize("preference", ("ignore", "disable", "propagate_columns", "propagate_fully"))
def test_a_refresh_leaves_the_stored_catalog_whatever_the_preference(preference):
    shape = propagation.stored_shape(_read(BEFORE))
    assert propagation.after_refresh(shape) == shape
    propagated = propagation.propagated(shape, DISCOVERED, NON_BREAKING, preference)
    if preference.startswith("propagate"):
        assert propagated != shape  # the check tells the two apart


def test_propagation_applies_columns_to_synced_streams_and_streams_only_when_fully():
    shape = propagation.stored_shape(_read(BEFORE))
    columns = propagation.propagated(shape, DISCOVERED, NON_BREAKING, "propagate_columns")
    assert columns["sourceCatalogId"] == "c2"
    assert set(columns["streams"]) == {"s0", "s1"}  # no stream added or removed
    assert columns["streams"]["s0"]["jsonSchema"] == AFTER["s0"]  # ApplySchemaChangeHelper.kt:137-140
    assert columns["streams"]["s0"]["destinationSyncMode"] == "append"  # the configuration kept
    fully = propagation.propagated(shape, DISCOVERED, NON_BREAKING, "propagate_fully")
    assert set(fully["streams"]) == {"s0", "s3"}  # :172-197
    assert fully["streams"]["s3"] == {"jsonSchema": AFTER["s3"], "selected": True, "syncMode": "full_refresh",
                                      "destinationSyncMode": "overwrite", "cursorField": [], "primaryKey": []}


def test_propagation_applies_nothing_of_a_breaking_diff_or_for_ignore_and_disable():
    shape = propagation.stored_shape(_read(BEFORE))
    assert propagation.propagated(shape, DISCOVERED, BREAKING, "propagate_fully") == shape
    assert propagation.propagated(shape, DISCOVERED, NON_BREAKING, "ignore") == shape
    # an empty diff is acknowledged whatever the preference: only the catalog id moves (:231-236)
    assert propagation.propagated(shape, DISCOVERED, set(), "disable") == dict(shape, sourceCatalogId="c2")


def _get(read: dict) -> Exchange:
    path = "/v1/connections/get"
    return Exchange("POST", "http://127.0.0.1:1/api" + path, path, {"connectionId": "x"}, False, 200,
                    {"content-type": "application/json"}, json.dumps(read), 0.01)


def test_the_check_fails_on_a_propagated_catalog_and_says_so():
    shape = propagation.stored_shape(_read(BEFORE))
    fully = propagation.propagated(shape, DISCOVERED, NON_BREAKING, "propagate_fully")
    checks.propagated_catalog(_get(_read(BEFORE)), shape, propagation.stored_shape(_read(BEFORE)), fully, "read")
    with pytest.raises(checks.propagated_catalog.error, match="as auto-propagation would store it"):
        checks.propagated_catalog(_get({}), shape, fully, fully, "read")
    moved = dict(shape, sourceCatalogId="c2")
    with pytest.raises(checks.propagated_catalog.error) as raised:
        checks.propagated_catalog(_get({}), shape, moved, fully, "read")
    assert raised.value.title == "read: the refresh changed the stored catalog"
    assert '"c2"' in raised.value.failure.received
