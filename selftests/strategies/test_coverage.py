"""Enum coverage: the counter itself, and a default-size run of valid bodies covering every enum value, for
every supported release's contract set (each release's strategies imported under its set)."""

from __future__ import annotations

import pytest

import contracts
import strategies
from contracts import releases
from selftests.strategies._draw import draw_many
from selftests.strategies._release import serving
from strategies.coverage import EnumCoverage, reachable_enums

RELEASES = releases.available()


def test_reachable_enums_follow_refs_and_inline_enums():
    enums = reachable_enums("WebBackendConnectionCreate")
    assert enums["SyncMode"] == tuple(contracts.schema("SyncMode")["enum"])
    inline = contracts.schema("ConnectionScheduleData")["properties"]["basicSchedule"]["properties"]["timeUnit"]
    assert enums["ConnectionScheduleData.basicSchedule.timeUnit"] == tuple(inline["enum"])
    assert "NotificationType" not in enums  # not reachable from a connection create


def test_record_counts_values_where_the_contract_puts_enums():
    sync_modes = contracts.schema("SyncMode")["enum"]
    cov = EnumCoverage()
    stream = {"name": "s", "supportedSyncModes": list(sync_modes)}
    cov.record("AirbyteStream", stream)
    cov.record("AirbyteStream", {"name": sync_modes[0]})  # an enum value outside an enum field is not counted
    assert cov.seen["SyncMode"] == {v: 1 for v in sync_modes}
    assert cov.missing(["AirbyteStream"]) == {}
    assert cov.missing(["AirbyteStreamConfiguration"]) == {
        "DestinationSyncMode": list(contracts.schema("DestinationSyncMode")["enum"])
    }
    assert "MISS DestinationSyncMode" in cov.report(["AirbyteStreamConfiguration"])


def _run(families, world=None, models=("WebBackendConnectionCreate", "WebBackendConnectionUpdate")) -> EnumCoverage:
    cov = EnumCoverage()
    for model in models:
        for family in families:
            label = f"{model}/{family.__name__}/{'world' if world else 'no world'}"
            for body in draw_many(family(model, world), 100, label=label):
                cov.record(model, body)
    return cov


@pytest.mark.parametrize("release", RELEASES)
def test_a_default_run_of_valid_and_edge_bodies_covers_every_enum_value(release):
    """100 valid and 100 edge bodies of every webBackend request model of the release (the families a suite
    run sends) send every value of every enum reachable from those models, in that release's set."""
    with serving(release) as fresh:
        cov = _run((fresh.valid, fresh.edge), models=fresh.REQUEST_MODELS)
        assert cov.missing(fresh.REQUEST_MODELS) == SENT_BY_THEIR_OWN_TEST.get(release, {}), \
            cov.report(fresh.REQUEST_MODELS)


# Values valid bodies must not carry because the release answers them with a 500 (a known quirk), sent instead by
# a test of their own: v2.0.0's status filter `paused` (deviation unmapped-enum-values;
# tests/test_operations.py::test_enum_values_airbyte_cannot_map_break_nothing_else, from suite.rules unmapped_values).
SENT_BY_THEIR_OWN_TEST = {"v2.0.0": {"WebBackendConnectionListFilters.statuses.[]": ["paused"]}}


@pytest.mark.parametrize("release", RELEASES)
def test_each_release_covers_the_enums_of_its_own_set(release):
    """The enums a release's run must cover are that release's: v2.0.0's request models reach enums the
    pinned set has not (and the other way round)."""
    with serving(release) as fresh:
        enums = reachable_enums(*fresh.REQUEST_MODELS)
        assert enums["SyncMode"] == tuple(contracts.schema("SyncMode")["enum"])
        assert ("ConfiguredStreamMapper.type" in enums or "StreamMapperType" in enums) == (release != "v0.42.1")
        assert ("Geography" in enums) == (release == "v0.42.1")


def test_a_default_run_of_valid_bodies_alone_misses_at_most_a_time_unit():
    """Valid bodies alone cover every enum, except that a run may miss one value of a schedule's
    timeUnit: each sits in one optional branch of one field, and Hypothesis derives most examples of
    a run from a few fresh ones (see the README's note on coverage)."""
    cov = _run((strategies.valid,))
    missing = cov.missing(strategies.REQUEST_MODELS)
    time_units = {"ConnectionSchedule.timeUnit", "ConnectionScheduleData.basicSchedule.timeUnit"}
    assert set(missing) <= time_units and all(len(v) <= 1 for v in missing.values()), cov.report(
        strategies.REQUEST_MODELS
    )


@pytest.mark.parametrize("release", RELEASES)
def test_a_default_run_with_a_world_covers_every_enum_value_too(release):
    """With a world, create and update bodies cover every enum the world leaves free (its discovered streams
    fix which sync modes can be chosen), except that a run may miss one time unit of one schedule form, as
    valid bodies alone may (see above: which example a seed reaches moves with any change to the strategies)."""
    with serving(release) as fresh:
        world = draw_many(fresh.worlds(), 5, label="world")[-1]
        cov = _run((fresh.valid, fresh.edge), world)
        time_units = {"ConnectionSchedule.timeUnit", "ConnectionScheduleData.basicSchedule.timeUnit"}
        missing = {k: v for k, v in cov.missing(fresh.REQUEST_MODELS).items()
                   if k not in ("SyncMode", "DestinationSyncMode") and k.split(".")[0] not in _NOT_IN_CREATE_OR_UPDATE}
        assert set(missing) <= time_units and sum(map(len, missing.values())) <= 1, cov.report(fresh.REQUEST_MODELS)


# enums create and update bodies never send: those of the other operations' request models (a world run
# draws only create and update), and mapper types (valid bodies send mappers empty: strategies/_catalogs.py)
_NOT_IN_CREATE_OR_UPDATE = ("WebBackendConnectionListSortKey", "WebBackendConnectionListFilters", "ActorStatus",
                            "StreamMapperType", "ConfiguredStreamMapper", "WebBackendConnectionListRequestBody",
                            "WebBackendValidateMappersRequestBody")
