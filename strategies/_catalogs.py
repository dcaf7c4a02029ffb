"""Catalogs: streams and their configurations, consistent with each other the way Airbyte needs them.

Rules (Airbyte at commit 0f4f4a9331):
- airbyte-commons-server/.../handlers/helpers/CatalogConverter.java (toConfiguredProtocol): every entry
  needs both `stream` and `config`, and `config.selected` is unboxed (a missing one is a
  NullPointerException), so valid entries always carry them. With `fieldSelectionEnabled` true the stream's
  jsonSchema needs a "properties" object (found with Jackson's findValue, so it comes first), every
  selectedFields[].fieldPath has exactly one segment naming one of those properties (a longer path raises
  "Nested field selection not supported": such payloads belong to the refused family), an incremental
  cursor's first segment is selected, and in append_dedup every primary key's first segment is selected.
  The cursor (incremental) and primary key (append_dedup) are then read without null checks, so both are
  always sent there.
- Stream configs follow the stream: syncMode is one of supportedSyncModes; incremental needs a cursor
  unless the source defines it (sourceDefinedCursor, then defaultCursorField is the cursor); append_dedup
  needs a primary key (the source-defined one when there is one). Destination sync modes pair as Airbyte
  documents them (full refresh: overwrite or append; incremental: append or append_dedup); the server does
  not check the pairing at this commit.
- Streams are identified by (namespace, name) (CatalogConverter.streamDescriptorToStringForFieldSelection,
  WebBackendConnectionsHandler's catalog merge): a valid catalog never repeats one.

Edge streams keep all of that and push the shapes: deep paths (10+ segments) in primary keys, cursors and
default cursors, many and duplicate keys, awkward strings, many streams, one name in several namespaces.
Deep selectedFields paths appear only with field selection off, where the server ignores them.
"""

from __future__ import annotations

import functools

from hypothesis import strategies as st

from strategies import _newer, _text
from strategies._contract import enum, member

SYNC_MODES = enum("SyncMode")
DESTINATION_SYNC_MODES = enum("DestinationSyncMode")
FULL_REFRESH = member("full_refresh", "SyncMode")
INCREMENTAL = member("incremental", "SyncMode")
OVERWRITE = member("overwrite", "DestinationSyncMode")
APPEND_DEDUP = member("append_dedup", "DestinationSyncMode")
# modes that deduplicate on the primary key: append_dedup, and from v1 on overwrite_dedup, which
# CatalogConverter checks alike (airbyte-commons-server/.../handlers/helpers/CatalogConverter.kt:218-219 at v2.0.0)
DEDUP_MODES = tuple(m for m in DESTINATION_SYNC_MODES if m.endswith("_dedup"))


def destination_modes(sync_mode: str) -> tuple[str, ...]:
    """Destination sync modes that make sense with `sync_mode` (overwrite is for full refreshes, dedup
    for incremental ones; any new mode in the contract is allowed with both)."""
    if sync_mode == INCREMENTAL:
        return tuple(m for m in DESTINATION_SYNC_MODES if m != OVERWRITE)
    return tuple(m for m in DESTINATION_SYNC_MODES if m != APPEND_DEDUP)


_FIELD_TYPES = ("string", "integer", "number", "boolean", "object", "array")


def descriptor(entry: dict) -> tuple:
    stream = entry["stream"]
    return (stream.get("namespace"), stream["name"])


def _has_key(node, key: str) -> bool:
    if isinstance(node, dict):
        return key in node or any(_has_key(v, key) for v in node.values())
    if isinstance(node, list):
        return any(_has_key(v, key) for v in node)
    return False


def fields_of(stream: dict) -> list[str]:
    """Top-level property names of a stream's jsonSchema, when Airbyte's field selection finds exactly
    them: it takes Jackson's findValue("properties"), which (depending on the Jackson version) may return
    a nested "properties" met before the top-level one; such schemas get no field selection."""
    schema = stream.get("jsonSchema")
    if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict):
        return []
    for key, value in schema.items():
        if key == "properties":
            return list(value)
        if _has_key(value, "properties"):
            return []
    return []


# ------------------------------------------------------------------------------------------- paths


# Everything below draws through plain functions and strategies built once (or cached per size):
# building a strategy object inside a draw costs more than the draw itself.


@functools.cache
def _below(n: int):
    return st.integers(0, n - 1)


@functools.cache
def _between(low: int, high: int):
    return st.integers(low, high)


@functools.cache
def _segments(n: int):
    """Exactly n awkward path segments."""
    return st.lists(_text.edge_segments, min_size=n, max_size=n)


_BOOL = st.booleans()


def _pick(draw, seq):
    return seq[draw(_below(len(seq)))]


def _subset(draw, seq, min_size: int = 0) -> list:
    """A sub-list of `seq`, in order, drawn as one bit mask (shrinks towards the empty or first item)."""
    if not seq:
        return []
    if len(seq) > 60:
        chosen = [x for x in seq if draw(_BOOL)]
    else:
        mask = draw(_below(2 ** len(seq)))
        chosen = [x for i, x in enumerate(seq) if mask >> i & 1]
    return chosen or (list(seq[:1]) if min_size else [])


_DEPTH = {False: st.integers(1, 2), True: st.one_of(st.integers(1, 3), st.integers(10, 16))}


def _split_names(text: str) -> list[str]:
    names = list(dict.fromkeys(part for part in text.split(",") if part))
    return names[:6] or ["id"]


# valid field names come from one drawn string split on commas: one choice instead of a dozen
_FIELDS = {
    False: st.text(_text.NAME_ALPHABET + ",,", min_size=1, max_size=48).map(_split_names),
    True: st.lists(_text.edge_segments, min_size=1, max_size=8, unique=True),
}
_FLAGS = _below(2**12)


def _edge_path(draw, n_fields: int) -> list:
    """An edge field path: 1-3 or 10-16 awkward segments; the first may instead be one of `n_fields` known
    fields, drawn as its index (so that the strategies below depend on the number of fields only)."""
    first = draw(_below(n_fields)) if n_fields and draw(_BOOL) else draw(_text.edge_segments)
    depth = draw(_DEPTH[True])
    return [first, *draw(_segments(depth - 1))]


def _named(path: list, fields: list[str]) -> list[str]:
    """`path` from _edge_path with a field index replaced by the field's name."""
    first = path[0]
    return [fields[first] if isinstance(first, int) else first, *path[1:]]


@functools.cache
def _edge_keys(n_fields: int, min_size: int):
    # lists (not a drawn count) so that the shrinker can delete single keys
    path = st.composite(lambda draw: _edge_path(draw, n_fields))()
    return st.lists(path, min_size=min_size, max_size=12)


def _field_path(draw, fields: list[str], edge: bool) -> list[str]:
    """A field path. Valid: one known top-level field. Edge: 1-3 or 10-16 awkward segments."""
    if not edge:
        return [_pick(draw, fields)] if fields else [draw(_text.names)]
    return _named(_edge_path(draw, len(fields)), fields)


def _key_list(draw, fields: list[str], edge: bool, min_size: int = 1) -> list[list[str]]:
    """A primary key: a list of field paths. Valid keys are distinct known fields; edge keys are many,
    deep, and may repeat."""
    if not edge:
        if not fields:
            return [[draw(_text.names)]] if min_size else []
        return [[f] for f in _subset(draw, fields, min_size)]
    keys = [_named(path, fields) for path in draw(_edge_keys(len(fields), min_size))]
    if keys and draw(_BOOL):
        keys = keys + keys[: draw(_between(1, len(keys)))]  # duplicates
    return keys


# ----------------------------------------------------------------------------------------- streams


def _stream(draw, edge: bool) -> dict:
    """A discovered stream (AirbyteStream) with a jsonSchema, supported sync modes and source keys."""
    fields = draw(_FIELDS[edge])
    kinds = draw(_below(len(_FIELD_TYPES) ** len(fields)))
    props = {
        f: {"type": _FIELD_TYPES[kinds // len(_FIELD_TYPES) ** i % len(_FIELD_TYPES)]} for i, f in enumerate(fields)
    }
    flags = draw(_FLAGS)
    out = {
        "name": draw(_text.edge_segments if edge else _text.names),
        "jsonSchema": {"type": "object", "properties": props},
        "supportedSyncModes": _subset(draw, SYNC_MODES, min_size=1),
    }
    source_cursor = bool(flags & 1)
    if source_cursor or flags & 2:
        out["sourceDefinedCursor"] = source_cursor
    if source_cursor:
        out["defaultCursorField"] = _field_path(draw, fields, edge)
    elif flags & 4:
        out["defaultCursorField"] = _field_path(draw, fields, edge) if flags & 8 else []
    if flags & 16:
        out["sourceDefinedPrimaryKey"] = _key_list(draw, fields, edge, min_size=0)
    if flags & 32:
        out["namespace"] = draw(_text.edge_segments if edge else _text.names)
    return out


def stream(edge: bool = False):
    return st.composite(lambda draw: _stream(draw, edge))()


# ---------------------------------------------------------------------------------------- configs


def _cursor(draw, stream: dict, fields: list[str], edge: bool, prefer_default: bool) -> list[str]:
    if stream.get("sourceDefinedCursor"):
        return list(stream.get("defaultCursorField") or [])
    default = stream.get("defaultCursorField")
    if default and prefer_default:
        return list(default)
    return _field_path(draw, fields, edge)


def _config(draw, stream: dict, edge: bool) -> dict:
    """A configuration (AirbyteStreamConfiguration) consistent with `stream`."""
    fields = fields_of(stream)
    sync_mode = _pick(draw, stream.get("supportedSyncModes") or SYNC_MODES)
    dest_mode = _pick(draw, destination_modes(sync_mode))
    flags = draw(_FLAGS)
    out = {"syncMode": sync_mode, "destinationSyncMode": dest_mode, "selected": bool(flags & 1)}

    if sync_mode == INCREMENTAL:
        out["cursorField"] = _cursor(draw, stream, fields, edge, prefer_default=bool(flags & 2))
    elif flags & 4:
        out["cursorField"] = list(stream.get("defaultCursorField") or [])

    source_key = stream.get("sourceDefinedPrimaryKey") or []
    if dest_mode in DEDUP_MODES:
        out["primaryKey"] = [list(k) for k in source_key] or _key_list(draw, fields, edge)
    elif flags & 8:
        out["primaryKey"] = [list(k) for k in source_key]

    if flags & 16:
        out["aliasName"] = draw(_text.edge_segments if edge else _text.names)
    if flags & 32:
        out["suggested"] = bool(flags & 64)
    out.update(_newer.release_config(draw, edge))

    # field selection needs top-level fields; everything the modes read must stay selected
    if fields and not edge and flags & 128:
        must = set()
        if sync_mode == INCREMENTAL and out["cursorField"]:
            must.add(out["cursorField"][0])
        if dest_mode in DEDUP_MODES:
            must.update(k[0] for k in out["primaryKey"])
        if must <= set(fields):
            chosen = set(_subset(draw, fields, min_size=1))
            out["fieldSelectionEnabled"] = True
            out["selectedFields"] = [{"fieldPath": [f]} for f in fields if f in must or f in chosen]
            return out
    if flags & 256 or edge:
        if flags & 256:
            out["fieldSelectionEnabled"] = False
        if flags & 512:  # ignored by the server while field selection is off (false or absent)
            out["selectedFields"] = [{"fieldPath": p} for p in _key_list(draw, fields, edge, min_size=0)]
    return out


def config(stream: dict, edge: bool = False):
    return st.composite(lambda draw: _config(draw, stream, edge))()


def _entry(draw, edge: bool) -> dict:
    s = _stream(draw, edge)
    return {"stream": s, "config": _config(draw, s, edge)}


_ENTRY = {e: st.composite(lambda draw, e=e: _entry(draw, e))() for e in (False, True)}


def entry(edge: bool = False):
    """One AirbyteStreamAndConfiguration: a synthetic stream with a consistent configuration."""
    return _ENTRY[edge]


# --------------------------------------------------------------------------------------- catalogs


def selection_key(entry: dict) -> str:
    """The key of a stream's field-selection flag: "<namespace>/<name>", a missing namespace written "null"
    (CatalogConverter.java:330-332, getFieldSelectionData :312-325 at 0f4f4a9331). Streams sharing it share
    one flag, the later stream's: a valid catalog never has two streams with one key."""
    namespace = entry["stream"].get("namespace")
    return f"{'null' if namespace is None else namespace}/{entry['stream']['name']}"


def _unique(entries: list[dict]) -> list[dict]:
    """Make (namespace, name) and the field-selection key unique by suffixing repeats (instead of drawing
    again)."""
    seen: set = set()
    out = []
    for i, e in enumerate(entries):
        while descriptor(e) in seen or selection_key(e) in seen:
            e = {"stream": {**e["stream"], "name": f"{e['stream']['name']}_{i}"}, "config": e["config"]}
        seen.add(descriptor(e))
        seen.add(selection_key(e))
        out.append(e)
    return out


@functools.cache
def catalog(max_streams: int = 20, min_streams: int = 0):
    """Synthetic valid catalogs of min_streams..max_streams streams, (namespace, name) unique; a list, so
    that a failing catalog shrinks stream by stream."""
    streams = st.lists(_ENTRY[False], min_size=min_streams, max_size=max_streams)
    return streams.map(lambda entries: {"streams": _unique(entries)})


@st.composite
def catalog_from(draw, discovered: dict, edge: bool = False, min_streams: int = 0):
    """A catalog built on discovered streams: a subset of them, in discovery order, each configured."""
    streams = [e["stream"] for e in discovered.get("streams", []) if isinstance(e, dict) and "stream" in e]
    chosen = _subset(draw, list(range(len(streams))), min_size=min_streams)
    return {"streams": [{"stream": dict(streams[i]), "config": _config(draw, streams[i], edge)} for i in chosen]}


def _renamed(e: dict, name: str | None = None, namespace: str | None = None) -> dict:
    s = dict(e["stream"])
    if name is not None:
        s["name"] = name
    if namespace is not None:
        s["namespace"] = namespace
    return {"stream": s, "config": e["config"]}


_MANY_COUNT = st.integers(50, 150)
_NAMESPACES = st.lists(_text.edge_segments, min_size=1, max_size=4, unique=True)
_EDGE_STREAMS = st.lists(_ENTRY[True], min_size=1, max_size=6, unique_by=descriptor)
_ONE_IN_SIX = st.integers(0, 5)


@st.composite
def _many(draw):
    """Many streams (50..150) from one template: few choices, so the example stays cheap to draw."""
    template = draw(_ENTRY[False])
    count = draw(_MANY_COUNT)
    base = template["stream"]["name"]
    return [_renamed(template, name=f"{base}_{i}") for i in range(count)]


_MANY = _many()


def _same_name(draw, template: dict) -> list[dict]:
    """The template stream's name again in other namespaces (and without one)."""
    namespaces = draw(_NAMESPACES)
    out = [_renamed(template, namespace=ns) for ns in namespaces]
    if "namespace" in template["stream"]:
        bare = dict(template["stream"])
        bare.pop("namespace")
        out.append({"stream": bare, "config": template["config"]})
    return out


@st.composite
def edge_catalog(draw):
    """Valid catalogs at the edges: awkward streams; at times the first one's name again in other
    namespaces; now and then (one in six) 50-150 more streams, which every request then carries at a
    cost. The extras are switched on by draws that shrink to "off" and are built from what is already
    drawn, so a failing catalog shrinks to the one awkward stream that matters."""
    streams = draw(_EDGE_STREAMS)
    if draw(_BOOL):
        streams += _same_name(draw, streams[0])
    if draw(_ONE_IN_SIX) == 5:
        streams += draw(_MANY)
    return {"streams": _unique(streams)}
