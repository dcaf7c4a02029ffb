"""Enum coverage: the counter itself, and a default-size run of valid bodies covering every enum value."""

from __future__ import annotations

import contracts
import strategies
from selftests.strategies._draw import draw_many
from strategies.coverage import EnumCoverage, reachable_enums


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


def _run(families, world=None) -> EnumCoverage:
    cov = EnumCoverage()
    for model in ("WebBackendConnectionCreate", "WebBackendConnectionUpdate"):
        for family in families:
            label = f"{model}/{family.__name__}/{'world' if world else 'no world'}"
            for body in draw_many(family(model, world), 100, label=label):
                cov.record(model, body)
    return cov


def test_a_default_run_of_valid_and_edge_bodies_covers_every_enum_value():
    """100 valid and 100 edge bodies each of create and update (the families a suite run sends) send
    every value of every enum reachable from the webBackend request models."""
    cov = _run((strategies.valid, strategies.edge))
    assert cov.missing(strategies.REQUEST_MODELS) == {}, cov.report(strategies.REQUEST_MODELS)


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


def test_a_default_run_with_a_world_covers_every_enum_value_too():
    world = draw_many(strategies.worlds(), 5, label="world")[-1]
    cov = _run((strategies.valid, strategies.edge), world)
    # the world's discovered streams fix which sync modes can be chosen; every other enum must be covered
    missing = {
        k: v for k, v in cov.missing(strategies.REQUEST_MODELS).items() if k not in ("SyncMode", "DestinationSyncMode")
    }
    assert missing == {}, cov.report(strategies.REQUEST_MODELS)
