"""Schema refresh as properties: change a source's schema on purpose, refresh, and compare the merged catalog,
the catalog diff, schemaChange, breakingChange and the status of the refreshed and of another live connection of
the source with the suite's model (suite/refresh.py, written from Airbyte's Java), for each
nonBreakingChangesPreference.

The source is an E2E Testing source of the run's own, whose mock catalog decides the streams and columns (as on a
real Airbyte); refresh writes to every connection of a source, so no other test uses it.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from suite import checks, e2e
from suite import refresh as model

pytestmark = pytest.mark.writes

TYPES = ("string", "integer", "number", "boolean")
COLUMNS = ("a", "b", "c", "d")
NEW_COLUMNS = ("e", "f")
STREAMS = ("s0", "s1", "s2")
# a column's type: a JSON type, or an object column given as its sorted (sub-column, JSON type) pairs
KINDS = st.sampled_from(TYPES) | st.lists(st.tuples(st.sampled_from(("x", "y")), st.sampled_from(TYPES)), min_size=1,
                                          max_size=2, unique_by=lambda p: p[0]).map(lambda p: tuple(sorted(p)))


_post = e2e.post


@pytest.fixture(scope="module")
def e2e_source(api, suite_settings, prerequisites):
    source, config = e2e.create_source(api, prerequisites, f"webbackend-contracts {suite_settings.run_id} refresh",
                                       "the refresh checks need: its mock catalog decides the streams")
    return {"source": source, "config": config, "destination": prerequisites.destination_id}


@st.composite
def _schemas(draw):
    before = {}
    for stream in draw(st.lists(st.sampled_from(STREAMS), min_size=1, max_size=3, unique=True)):
        names = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=4, unique=True))
        before[stream] = {c: draw(KINDS) for c in names}
    configured = {}
    for stream, columns in before.items():
        if not draw(st.booleans()):
            continue
        sync_mode = draw(st.sampled_from(("full_refresh", "incremental")))
        cursor = (draw(st.sampled_from(sorted(columns))),) if sync_mode == "incremental" else ()
        destination = draw(st.sampled_from(("append", "overwrite", "append_dedup")))
        key = ((draw(st.sampled_from(sorted(columns))),),) if destination == "append_dedup" else ()
        configured[stream] = model.StreamConfig(sync_mode, cursor, destination, key)
    after = {}
    for stream, columns in before.items():
        if draw(st.integers(0, 4)) == 0:
            continue  # the stream is gone
        kept = {c: t for c, t in columns.items() if draw(st.integers(0, 3)) > 0}
        kept = {c: (draw(KINDS) if draw(st.integers(0, 3)) == 0 else t) for c, t in kept.items()}
        kept.update({c: draw(KINDS) for c in NEW_COLUMNS if draw(st.integers(0, 3)) == 0})
        after[stream] = kept or {"e": "string"}
    if draw(st.booleans()):
        after.setdefault("s3", {"a": "string"})
    return before, configured, after


def _column_schema(kind) -> dict:
    if isinstance(kind, tuple):
        return {"type": "object", "properties": {sub: {"type": sub_kind} for sub, sub_kind in kind}}
    return {"type": kind}


def _mock(base: dict, streams: dict) -> dict:
    schemas = {name: {"type": "object", "properties": {c: _column_schema(k) for c, k in columns.items()}}
               for name, columns in streams.items()}
    return dict(base, mock_catalog={"type": "MULTI_STREAM", "stream_schemas": json.dumps(schemas)})


def _set_schema(api, source: dict, config: dict, streams: dict) -> None:
    _post(api, "/v1/sources/update", {"sourceId": source["sourceId"], "name": source["name"],
                                      "connectionConfiguration": _mock(config, streams)})


def _discover(api, source_id: str) -> dict:
    exchange = e2e.slow_post(api, "/v1/sources/discover_schema", {"sourceId": source_id, "disable_cache": True})
    found = checks.accepted_answer(exchange)
    checks.discovery(exchange, found)
    return found


def _sync_catalog(discovered: dict, configured: dict) -> dict:
    streams = []
    for entry in discovered["catalog"]["streams"]:
        config = dict(entry["config"], selected=entry["stream"]["name"] in configured)
        chosen = configured.get(entry["stream"]["name"])
        if chosen is not None:
            config.update(syncMode=chosen.sync_mode, cursorField=list(chosen.cursor),
                          destinationSyncMode=chosen.destination_sync_mode,
                          primaryKey=[list(p) for p in chosen.primary_key])
        streams.append({"stream": entry["stream"], "config": config})
    return {"streams": streams}


PREFERENCES = ("ignore", "disable")


@given(case=_schemas(), preference=st.sampled_from(PREFERENCES), via=st.sampled_from(("get", "discover")))
def test_refresh_follows_the_model(api, e2e_source, case, preference, via):
    """via get: connections/get withRefreshedCatalog; via discover: sources/discover_schema with the connection's
    id, which runs the same diff and disabling (SchedulerHandler.java:304-307) and answers catalogDiff,
    breakingChange and connectionStatus."""
    before, configured, after = case
    source, config = e2e_source["source"], e2e_source["config"]
    _set_schema(api, source, config, before)
    original = _discover(api, source["sourceId"])
    made = []
    try:
        for pref in (preference, PREFERENCES[1 - PREFERENCES.index(preference)]):
            created = checks.accepted_answer(api.create({
                "sourceId": source["sourceId"], "destinationId": e2e_source["destination"], "status": "active",
                "scheduleType": "manual", "nonBreakingChangesPreference": pref,
                "sourceCatalogId": original["catalogId"], "syncCatalog": _sync_catalog(original, configured)}))
            made.append(created["connectionId"])
        _set_schema(api, source, config, after)
        discovered = _discover(api, source["sourceId"])
        transforms = model.expected_transforms(before, after, configured)
        if via == "get":
            exchange = e2e.slow_post(api, "/v1/web_backend/connections/get",
                                     {"connectionId": made[0], "withRefreshedCatalog": True})
            read = checks.accepted_answer(exchange)
            _check_read(read, exchange, before, configured, after, preference, discovered,
                        discovered["catalogId"] != original["catalogId"])
        else:
            exchange = e2e.slow_post(api, "/v1/sources/discover_schema", {
                "sourceId": source["sourceId"], "connectionId": made[0], "disable_cache": True})
            answer = checks.accepted_answer(exchange)
            checks.catalog_diff(exchange, [sorted(map(repr, transforms)), model.is_breaking(transforms),
                                           model.status_after(transforms, preference, "active")],
                                [sorted(map(repr, model.observed_transforms(answer.get("catalogDiff") or {}))),
                                 answer.get("breakingChange"), answer.get("connectionStatus")],
                                "discover_schema with a connection id: diff, breakingChange, connectionStatus")
        changed = discovered["catalogId"] != original["catalogId"]
        _check_other(api, made[0], transforms, preference, changed)
        _check_other(api, made[1], transforms, PREFERENCES[1 - PREFERENCES.index(preference)], changed)
    finally:
        for connection_id in made:
            api.delete(connection_id)


def _check_read(read, exchange, before, configured, after, preference, discovered, changed) -> None:
    expected = model.expected_transforms(before, after, configured)
    checks.catalog_diff(exchange, sorted(map(repr, expected)),
                        sorted(map(repr, model.observed_transforms(read.get("catalogDiff") or {}))),
                        "catalogDiff of the refresh (as sets of stream and column transforms)")
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


def _check_other(api, connection_id, transforms, preference, changed) -> None:
    """What the refresh wrote to a connection, and the schemaChange a later plain read derives from it (its
    sourceCatalogId still names the catalog it was made from)."""
    exchange = api.client.post("/v1/connections/get", {"connectionId": connection_id})
    other = checks.accepted_answer(exchange)
    checks.refreshed_status(exchange, {"breakingChange": model.is_breaking(transforms),
                                       "status": model.status_after(transforms, preference, "active")},
                            {"breakingChange": other.get("breakingChange"), "status": other.get("status")},
                            "a live connection of the source after the refresh, as stored (breakingChange, status)")
    exchange = api.get(connection_id)
    checks.schema_change(exchange, model.schema_change(transforms, changed),
                         checks.accepted_answer(exchange).get("schemaChange"),
                         "schemaChange of a connection read after the refresh")
