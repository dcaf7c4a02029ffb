"""PATCH bodies: connectionId always set; every other field absent, null or set within a default run."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import contracts
import strategies
from selftests.strategies._draw import draw_many
from selftests.strategies._rules import problems

MODEL = "WebBackendConnectionUpdate"


def test_each_field_is_absent_null_and_set_within_a_default_run():
    world = draw_many(strategies.worlds(), 3, label="patch world")[-1]
    states = {k: set() for k in contracts.schema(MODEL)["properties"]}
    for body in draw_many(strategies.patch(world), 100, label="patch"):
        assert body["connectionId"] in world.connection_ids
        for key, seen in states.items():
            seen.add("absent" if key not in body else "null" if body[key] is None else "set")
    expected = {k: {"absent", "null", "set"} for k in states}
    expected["connectionId"] = {"set"}
    expected["schedule"] = {"absent", "null"}  # an update never sets the legacy schedule (refused)
    assert states == expected


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_a_patch_for_a_given_connection_stays_on_its_streams_and_operations(data):
    world = data.draw(strategies.worlds())
    connection = {
        "connectionId": world.connection_ids[0],
        "syncCatalog": world.catalog,
        "operationIds": list(world.operation_ids),
    }
    body = data.draw(strategies.patch(world, connection))
    contracts.validator(MODEL).check(body)
    assert problems(MODEL, body, world) == set()
    assert body["connectionId"] == connection["connectionId"]
    known = {(e["stream"].get("namespace"), e["stream"]["name"]) for e in world.catalog["streams"]}
    for e in (body.get("syncCatalog") or {"streams": []})["streams"]:
        assert (e["stream"].get("namespace"), e["stream"]["name"]) in known
    for op in body.get("operations") or []:
        assert op.get("operationId", world.operation_ids[0] if world.operation_ids else None) in (
            *world.operation_ids,
            None,
        )
