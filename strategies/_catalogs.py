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

from hypothesis import strategies as st

from strategies import _text
from strategies._contract import enum, member

SYNC_MODES = enum("SyncMode")
DESTINATION_SYNC_MODES = enum("DestinationSyncMode")
FULL_REFRESH = member("full_refresh", "SyncMode")
INCREMENTAL = member("incremental", "SyncMode")
OVERWRITE = member("overwrite", "DestinationSyncMode")
APPEND_DEDUP = member("append_dedup", "DestinationSyncMode")


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


def _depth(edge: bool):
    # shallow paths and deep ones (10+ segments), drawn by construction; shrinks to the shallowest
    return st.one_of(st.integers(1, 3), st.integers(10, 40)) if edge else st.integers(1, 2)


@st.composite
def field_path(draw, fields: list[str], edge: bool):
    """A field path. Valid: one known top-level field. Edge: 1-3 or 10-40 awkward segments."""
    if not edge:
        return [draw(st.sampled_from(fields))] if fields else [draw(_text.names)]
    first = draw(st.sampled_from(fields)) if fields and draw(st.booleans()) else draw(_text.edge_segments)
    depth = draw(_depth(edge))
    return [first, *draw(st.lists(_text.edge_segments, min_size=depth - 1, max_size=depth - 1))]


@st.composite
def key_list(draw, fields: list[str], edge: bool, min_size: int = 1):
    """A primary key: a list of field paths. Valid keys are distinct known fields; edge keys are many,
    deep, and may repeat."""
    if not edge:
        if not fields:
            return [[n] for n in draw(st.lists(_text.names, min_size=min_size, max_size=3, unique=True))]
        return [[f] for f in draw(st.lists(st.sampled_from(fields), min_size=min_size, max_size=3, unique=True))]
    keys = draw(st.lists(field_path(fields, edge), min_size=min_size, max_size=8))
    if keys and draw(st.booleans()):
        keys = keys + keys[: draw(st.integers(1, len(keys)))]  # duplicates
    return keys


# ----------------------------------------------------------------------------------------- streams


@st.composite
def stream(draw, edge: bool = False):
    """A discovered stream (AirbyteStream) with a jsonSchema, supported sync modes and source keys."""
    name_s = _text.edge_segments if edge else _text.names
    fields = draw(st.lists(name_s, min_size=1, max_size=8 if edge else 5, unique=True))
    props = {f: {"type": draw(st.sampled_from(_FIELD_TYPES))} for f in fields}
    modes = draw(st.lists(st.sampled_from(SYNC_MODES), min_size=1, max_size=len(SYNC_MODES), unique=True))
    out = {
        "name": draw(name_s),
        "jsonSchema": {"type": "object", "properties": props},
        "supportedSyncModes": modes,
    }
    source_cursor = draw(st.booleans())
    if source_cursor or draw(st.booleans()):
        out["sourceDefinedCursor"] = source_cursor
    if source_cursor:
        out["defaultCursorField"] = draw(field_path(fields, edge))
    elif draw(st.booleans()):
        out["defaultCursorField"] = draw(st.one_of(st.just([]), field_path(fields, edge)))
    if draw(st.booleans()):
        out["sourceDefinedPrimaryKey"] = draw(key_list(fields, edge, min_size=0))
    if draw(st.booleans()):
        out["namespace"] = draw(name_s)
    return out


# ---------------------------------------------------------------------------------------- configs


def _cursor(draw, stream: dict, fields: list[str], edge: bool) -> list[str]:
    if stream.get("sourceDefinedCursor"):
        return list(stream.get("defaultCursorField") or [])
    default = stream.get("defaultCursorField")
    if default and draw(st.booleans()):
        return list(default)
    return draw(field_path(fields, edge))


@st.composite
def config(draw, stream: dict, edge: bool = False):
    """A configuration (AirbyteStreamConfiguration) consistent with `stream`."""
    fields = fields_of(stream)
    sync_mode = draw(st.sampled_from(stream.get("supportedSyncModes") or SYNC_MODES))
    dest_mode = draw(st.sampled_from(destination_modes(sync_mode)))
    out = {"syncMode": sync_mode, "destinationSyncMode": dest_mode, "selected": draw(st.booleans())}

    if sync_mode == INCREMENTAL:
        out["cursorField"] = _cursor(draw, stream, fields, edge)
    elif draw(st.booleans()):
        out["cursorField"] = list(stream.get("defaultCursorField") or [])

    source_key = stream.get("sourceDefinedPrimaryKey") or []
    if dest_mode == APPEND_DEDUP:
        out["primaryKey"] = [list(k) for k in source_key] or draw(key_list(fields, edge))
    elif draw(st.booleans()):
        out["primaryKey"] = [list(k) for k in source_key]

    if draw(st.booleans()):
        out["aliasName"] = draw(_text.edge_segments if edge else _text.names)
    if draw(st.booleans()):
        out["suggested"] = draw(st.booleans())

    # field selection needs top-level fields; everything the modes read must stay selected
    if fields and not edge and draw(st.booleans()):
        must = set()
        if sync_mode == INCREMENTAL and out["cursorField"]:
            must.add(out["cursorField"][0])
        if dest_mode == APPEND_DEDUP:
            must.update(k[0] for k in out["primaryKey"])
        if must <= set(fields):
            chosen = draw(st.lists(st.sampled_from(fields), min_size=1, unique=True))
            selected = [f for f in fields if f in must or f in chosen]
            out["fieldSelectionEnabled"] = True
            out["selectedFields"] = [{"fieldPath": [f]} for f in selected]
            return out
    if draw(st.booleans()):
        out["fieldSelectionEnabled"] = False
        if draw(st.booleans()):  # ignored by the server while field selection is off
            out["selectedFields"] = [{"fieldPath": p} for p in draw(key_list(fields, edge, min_size=0))]
    return out


@st.composite
def entry(draw, edge: bool = False):
    """One AirbyteStreamAndConfiguration: a synthetic stream with a consistent configuration."""
    s = draw(stream(edge))
    return {"stream": s, "config": draw(config(s, edge))}


# --------------------------------------------------------------------------------------- catalogs


def catalog(max_streams: int = 20, min_streams: int = 0):
    """Synthetic valid catalogs of min_streams..max_streams streams, (namespace, name) unique."""
    return st.lists(entry(), min_size=min_streams, max_size=max_streams, unique_by=descriptor).map(
        lambda s: {"streams": s}
    )


@st.composite
def catalog_from(draw, discovered: dict, edge: bool = False, min_streams: int = 0):
    """A catalog built on discovered streams: a subset of them, in discovery order, each configured."""
    streams = [e["stream"] for e in discovered.get("streams", []) if isinstance(e, dict) and "stream" in e]
    low = min(min_streams, len(streams))
    indexes = st.lists(st.integers(0, len(streams) - 1), unique=True, min_size=low, max_size=len(streams))
    chosen = sorted(draw(indexes)) if streams else []
    return {"streams": [{"stream": dict(streams[i]), "config": draw(config(streams[i], edge))} for i in chosen]}


def _renamed(e: dict, name: str | None = None, namespace: str | None = None) -> dict:
    s = dict(e["stream"])
    if name is not None:
        s["name"] = name
    if namespace is not None:
        s["namespace"] = namespace
    return {"stream": s, "config": e["config"]}


@st.composite
def _many(draw):
    """Many streams (50..300) from one template: few choices, so the example stays cheap to draw."""
    template = draw(entry(edge=False))
    count = draw(st.integers(50, 300))
    base = template["stream"]["name"]
    return [_renamed(template, name=f"{base}_{i}") for i in range(count)]


@st.composite
def _same_name(draw):
    """One stream name in several namespaces (and once without a namespace)."""
    template = draw(entry(edge=True))
    namespaces = draw(st.lists(_text.edge_segments, min_size=2, max_size=5, unique=True))
    out = [_renamed(template, namespace=ns) for ns in namespaces]
    bare = dict(template["stream"])
    bare.pop("namespace", None)
    return [*out, {"stream": bare, "config": template["config"]}]


@st.composite
def edge_catalog(draw):
    """Valid catalogs at the edges: awkward streams, many streams, one name in several namespaces."""
    shape = draw(st.sampled_from(("awkward", "same_name", "many")))
    if shape == "many":
        streams = draw(_many())
    elif shape == "same_name":
        streams = draw(_same_name())
    else:
        streams = draw(st.lists(entry(edge=True), min_size=1, max_size=6, unique_by=descriptor))
    return {"streams": streams}
