"""The edge cases the issue names really occur within a default-size run (100 bodies), and shrink well."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import find, settings

import contracts
import strategies
from selftests.strategies._draw import draw_many
from strategies import _catalogs
from strategies._contract import int_bounds


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield k
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)


def _streams(body):
    return (body.get("syncCatalog") or {"streams": []})["streams"]


def _paths(body):
    """(name, path) for every path-shaped value in the body's catalog."""
    for e in _streams(body):
        s, c = e["stream"], e["config"]
        yield from (("primaryKey", p) for p in c.get("primaryKey", []))
        yield from (("sourceDefinedPrimaryKey", p) for p in s.get("sourceDefinedPrimaryKey", []))
        yield "cursorField", c.get("cursorField", [])
        yield "defaultCursorField", s.get("defaultCursorField", [])
        if not c.get("fieldSelectionEnabled"):
            yield from (("selectedFields", f["fieldPath"]) for f in c.get("selectedFields", []))


def _features(model, body) -> set[str]:
    found = set()
    for name, path in _paths(body):
        if len(path) >= 10:
            found.add(f"{name} of depth >= 10")
    for e in _streams(body):
        keys = [tuple(k) for k in e["config"].get("primaryKey", [])]
        if len(keys) != len(set(keys)):
            found.add("duplicate primary keys")
        if len(keys) >= 5:
            found.add("many primary keys")
    streams = _streams(body)
    if len(streams) >= 50:
        found.add("50+ streams")
    names = {}
    for e in streams:
        names.setdefault(e["stream"]["name"], set()).add(e["stream"].get("namespace"))
    if any(len(ns) >= 2 for ns in names.values()):
        found.add("one name in several namespaces")
    for text in _strings(body):
        if text == "":
            found.add("empty string")
        if any(ch in text for ch in "./\"'"):
            found.add("dots, slashes or quotes")
        if any(unicodedata.category(ch) == "Mn" for ch in text):
            found.add("combining mark")
        if any(ord(ch) > 0xFFFF for ch in text):
            found.add("astral plane")
        if any(unicodedata.bidirectional(ch) in ("R", "AL", "RLO") for ch in text):
            found.add("right-to-left")
        if any(ch in text for ch in "\u200b\u200c\u200d\ufeff"):
            found.add("zero-width")
        if len(text) >= 1000:
            found.add("very long string")
    varchar = [body.get(k) for k in ("name", "prefix", "namespaceFormat")]
    varchar += [op.get("name") for op in body.get("operations") or []]
    if any(isinstance(v, str) and len(v) == 256 for v in varchar):
        found.add("exactly 256 characters in a varchar(256) field")
    properties = set(contracts.schema(model)["properties"])
    if set(body) == set(contracts.schema(model)["required"]):
        found.add("every optional field absent")
    if set(body) >= properties - {"schedule", "sourceCatalogId"} and all(v is not None for v in body.values()):
        found.add("every optional field present")
    low, high = int_bounds("ConnectionScheduleData", "basicSchedule", "units")
    units = [
        (body.get("scheduleData") or {}).get("basicSchedule", {}).get("units"),
        (body.get("schedule") or {}).get("units"),
    ]
    if low in units or high in units:
        found.add("int64 boundary")
    if any(isinstance(v, str) and v != v.lower() and len(v) == 36 and v.count("-") == 4 for v in body.values()):
        found.add("upper-case uuid")
    return found


EXPECTED = {
    "primaryKey of depth >= 10",
    "sourceDefinedPrimaryKey of depth >= 10",
    "cursorField of depth >= 10",
    "defaultCursorField of depth >= 10",
    "selectedFields of depth >= 10",
    "duplicate primary keys",
    "many primary keys",
    "50+ streams",
    "one name in several namespaces",
    "empty string",
    "dots, slashes or quotes",
    "combining mark",
    "astral plane",
    "right-to-left",
    "zero-width",
    "very long string",
    "exactly 256 characters in a varchar(256) field",
    "every optional field absent",
    "every optional field present",
    "int64 boundary",
    "upper-case uuid",
}


@pytest.mark.parametrize("model", ["WebBackendConnectionCreate", "WebBackendConnectionUpdate"])
def test_every_named_edge_case_occurs_in_a_default_run(model):
    seen = set()
    for body in draw_many(strategies.edge(model), 100, label=f"{model}/edge"):
        seen |= _features(model, body)
    assert EXPECTED - seen == set(), sorted(seen)


def test_the_feature_detector_is_not_vacuous():
    assert _features("WebBackendConnectionCreate", {"sourceId": "a", "destinationId": "b", "status": "x"}) == {
        "every optional field absent"
    }


def test_a_deep_primary_key_shrinks_to_one_stream_with_a_ten_segment_path():
    """Shrinking stays useful: the smallest edge catalog with a primary key 10+ deep carries exactly one
    path of exactly ten segments, in at most two streams, with nothing else deep or long. The shrinker
    may stop at a local minimum with one trivial stream or one one-segment key beside the deep one;
    which one it reaches depends on the derandomized seed. Searched on the catalog builder itself, to
    keep the test quick."""

    def deep(catalog):
        return any(len(p) >= 10 for e in catalog["streams"] for p in e["config"].get("primaryKey", []))

    smallest = find(
        _catalogs.edge_catalog(),
        deep,
        settings=settings(max_examples=1000, database=None, deadline=None, derandomize=True),
    )
    streams = smallest["streams"]
    paths = [len(p) for e in streams for p in e["config"].get("primaryKey", [])]
    assert len(streams) <= 2, smallest
    assert sorted(paths)[-1] == 10 and all(n <= 1 for n in sorted(paths)[:-1]), smallest
    assert all(len(e["config"].get("cursorField") or []) <= 1 for e in streams), smallest


@pytest.mark.parametrize("model", ["WebBackendConnectionCreate", "WebBackendConnectionUpdate"])
def test_varchar_fields_never_exceed_256_characters(model):
    """name, prefix, namespaceFormat and operation names are varchar(256) (schema_dump.txt:118,119,122,176):
    a longer value is Airbyte's 500, never a valid or edge body."""
    for body in draw_many(strategies.edge(model), 100, label=f"{model}/edge"):
        varchar = [body.get(k) for k in ("name", "prefix", "namespaceFormat")]
        varchar += [op.get("name") for op in body.get("operations") or []]
        assert all(len(v) <= 256 for v in varchar if isinstance(v, str)), body


def test_get_bodies_never_ask_for_a_refresh():
    """withRefreshedCatalog true writes (SchedulerHandler.java:300-313, 455-475): never in a get body."""
    for kind in (strategies.valid, strategies.edge):
        for body in draw_many(kind("WebBackendConnectionRequestBody"), 100, label="get"):
            assert body.get("withRefreshedCatalog") in (None, False), body


def test_no_two_streams_share_a_field_selection_key():
    """CatalogConverter.java:330-332 keys flags "<namespace>/<name>": (None, "a") and ("null", "a") collide."""
    entry = {"stream": {"name": "a"}, "config": {}}
    same = {"stream": {"name": "a", "namespace": "null"}, "config": {}}
    slashes = [{"stream": {"name": "b/c", "namespace": "a"}, "config": {}},
               {"stream": {"name": "c", "namespace": "a/b"}, "config": {}}]
    for streams in ([entry, same], slashes):
        keys = [_catalogs.selection_key(e) for e in _catalogs._unique(streams)]
        assert len(keys) == len(set(keys)), keys
