"""Schema refresh as properties: change a source's schema on purpose, refresh, and compare the merged catalog,
the catalog diff, schemaChange, breakingChange and the status of the refreshed and of another live connection of
the source with the suite's model (suite/refresh.py, written from Airbyte's Java), for each
nonBreakingChangesPreference of the release (at v2.0.0 propagate_columns and propagate_fully too: a refresh stores
no propagated catalog, suite/propagation.py).

The source is an E2E Testing source of the run's own, whose mock catalog decides the streams and columns (as on a
real Airbyte); refresh writes to every connection of a source, so no other test uses it. The schemas change at the
top and deep inside columns: sub-columns, array items, oneOf/anyOf options (strategies.schema_changes).
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import strategies
from suite import checks, e2e, propagation, rules
from suite import refresh as model

pytestmark = pytest.mark.writes


@pytest.fixture(scope="module")
def e2e_source(api, suite_settings, prerequisites):
    return e2e.own_source(api, prerequisites, suite_settings.run_id, "refresh",
                          "the refresh checks need: its mock catalog decides the streams")


PREFERENCES = rules.active().refresh_preferences
PROPAGATING = [p for p in PREFERENCES if p in propagation.PROPAGATING]


def _other(preference: str) -> str:
    """The preference of the second connection: the next of the release's."""
    return PREFERENCES[(PREFERENCES.index(preference) + 1) % len(PREFERENCES)]


def _stream(**columns) -> dict:
    return {"type": "object", "properties": {c: {"type": t} for c, t in columns.items()}}


_FULL = {"syncMode": "full_refresh", "cursorField": [], "destinationSyncMode": "append", "primaryKey": []}
# a non-breaking change auto-propagation would apply: a column of a synced stream gone, one added, a stream gone
# and a new one (the first for propagate_columns, all for propagate_fully)
NON_BREAKING = ({"s0": _stream(a="integer", b="string"), "s1": _stream(a="string")}, {"s0": _FULL, "s1": _FULL},
                {"s0": _stream(b="string", e="string"), "s3": _stream(a="string")})


@given(case=strategies.schema_changes(), preference=st.sampled_from(PREFERENCES),
       via=st.sampled_from(("get", "discover")))
@example(case=strategies.BREAKING_CHANGES["cursor gone"], preference="ignore", via="get")
@example(case=strategies.BREAKING_CHANGES["primary key gone"], preference="disable", via="discover")
def test_refresh_follows_the_model(api, e2e_source, case, preference, via):
    """via get: connections/get withRefreshedCatalog; via discover: sources/discover_schema with the connection's
    id, which runs the same diff and disabling (SchedulerHandler.java:304-307) and answers catalogDiff,
    breakingChange and connectionStatus."""
    _refresh(api, e2e_source, case, preference, via)


@pytest.mark.skipif(not PROPAGATING, reason="the release has no propagating nonBreakingChangesPreference")
@pytest.mark.parametrize("via", ("get", "discover"))
@pytest.mark.parametrize("preference", PROPAGATING or ["none"])
def test_a_refresh_stores_no_propagated_catalog(api, e2e_source, preference, via):
    """The change auto-propagation would apply in full, refreshed on a connection that asks for it."""
    _refresh(api, e2e_source, NON_BREAKING, preference, via)


def _refresh(api, e2e_source, case, preference, via) -> None:
    before, chosen, after = case
    configured = {stream: model.StreamConfig.of(config) for stream, config in chosen.items()}
    source, config = e2e_source["source"], e2e_source["config"]
    e2e.set_schema(api, source, config, before)
    original = e2e.discover(api, source["sourceId"])
    made = []
    try:
        stored = []
        for pref in (preference, _other(preference)):
            created = checks.accepted_answer(api.create({
                "sourceId": source["sourceId"], "destinationId": e2e_source["destination"], "status": "active",
                "scheduleType": "manual", "nonBreakingChangesPreference": pref,
                "sourceCatalogId": original["catalogId"], "syncCatalog": e2e.sync_catalog(original, chosen)}))
            made.append(created["connectionId"])
            stored.append(_stored(api, created["connectionId"]))
        e2e.set_schema(api, source, config, after)
        discovered = e2e.discover(api, source["sourceId"])
        transforms = model.expected_transforms(before, after, configured)
        prefs = (preference, _other(preference))
        if via == "get":
            exchange = e2e.slow_post(api, "/v1/web_backend/connections/get",
                                     {"connectionId": made[0], "withRefreshedCatalog": True})
            read = checks.accepted_answer(exchange)
            _check_stored_catalogs(api, made, stored, discovered, transforms, prefs)
            _check_read(read, exchange, before, configured, after, preference, discovered,
                        discovered["catalogId"] != original["catalogId"])
        else:
            exchange = e2e.slow_post(api, "/v1/sources/discover_schema", {
                "sourceId": source["sourceId"], "connectionId": made[0], "disable_cache": True})
            answer = checks.accepted_answer(exchange)
            _check_stored_catalogs(api, made, stored, discovered, transforms, prefs)
            checks.refresh_diff(exchange, [sorted(map(repr, transforms)), model.is_breaking(transforms),
                                           model.status_after(transforms, preference, "active")],
                                [sorted(map(repr, model.observed_transforms(answer.get("catalogDiff") or {}))),
                                 answer.get("breakingChange"), answer.get("connectionStatus")],
                                "discover_schema with a connection id: diff, breakingChange, connectionStatus")
        changed = discovered["catalogId"] != original["catalogId"]
        for named, (connection_id, pref, was) in enumerate(zip(made, prefs, stored, strict=True)):
            _check_other(api, connection_id, was, transforms, pref, changed, named == 0)
    finally:
        for connection_id in made:
            api.delete(connection_id)


def _check_stored_catalogs(api, made, stored, discovered, transforms, prefs) -> None:
    """First what the refresh stored (before what its answer and later reads derive from it)."""
    for connection_id, pref, was in zip(made, prefs, stored, strict=True):
        _check_stored_catalog(api, connection_id, was, discovered, transforms, pref)


def _check_read(read, exchange, before, configured, after, preference, discovered, changed) -> None:
    expected = model.expected_transforms(before, after, configured)
    checks.refresh_diff(exchange, sorted(map(repr, expected)),
                        sorted(map(repr, model.observed_transforms(read.get("catalogDiff") or {}))),
                        "catalogDiff of the refresh (as sets of stream and field transforms)")
    checks.refreshed_status(exchange, model.status_after(expected, preference, "active"), read.get("status"),
                            "status of the refreshed connection")
    checks.schema_change(exchange, model.schema_change(expected, changed), read.get("schemaChange"),
                         "schemaChange of the refreshed connection")
    want = model.merged_configs(discovered["catalog"], configured)
    got = {}
    for entry in read["syncCatalog"]["streams"]:
        keys = want.get(entry["stream"]["name"], {"selected": None})
        got[entry["stream"]["name"]] = {k: entry["config"].get(k) for k in keys}
    checks.merged_catalog(exchange, want, got)


def _stored(api, connection_id: str) -> dict:
    """connections/get: the stored connection (breakingChange, status and the propagation.stored_shape parts)."""
    exchange = api.client.post("/v1/connections/get", {"connectionId": connection_id})
    read = checks.accepted_answer(exchange)
    return {"breakingChange": read.get("breakingChange"), "status": read.get("status"),
            "shape": propagation.stored_shape(read), "exchange": exchange}


def _check_other(api, connection_id, was, transforms, preference, changed, named) -> None:
    """What the refresh wrote to a connection (`named`: the one in the request), and the schemaChange a later plain
    read derives from it (its sourceCatalogId still names the catalog it was made from)."""
    stored = _stored(api, connection_id)
    expected = model.written({"breakingChange": was["breakingChange"], "status": was["status"]}, transforms,
                             preference, named)
    checks.refreshed_status(stored["exchange"], expected,
                            {"breakingChange": stored["breakingChange"], "status": stored["status"]},
                            f"{'the refreshed' if named else 'another'} live connection of the source after the "
                            "refresh, as stored (breakingChange, status)")
    exchange = api.get(connection_id)
    checks.schema_change(exchange, model.stored_schema_change(expected["breakingChange"], changed),
                         checks.accepted_answer(exchange).get("schemaChange"),
                         "schemaChange of a connection read after the refresh")


def _check_stored_catalog(api, connection_id, was, discovered, transforms, preference) -> None:
    """The stored catalog and sourceCatalogId after the refresh: as before it, for every preference."""
    now = _stored(api, connection_id)
    checks.propagated_catalog(now["exchange"], propagation.after_refresh(was["shape"]), now["shape"],
                              propagation.propagated(was["shape"], discovered, transforms, preference),
                              f"connections/get after a refresh, nonBreakingChangesPreference {preference}")
