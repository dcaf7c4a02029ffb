"""Streams (AirbyteStream) and their configurations (AirbyteStreamConfiguration), consistent with each other
the way Airbyte needs them.

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

Edge streams keep all of that and push the shapes: deep paths (10+ segments) in primary keys, cursors and
default cursors, many and duplicate keys, awkward strings. Deep selectedFields paths appear only with field
selection off, where the server ignores them.
"""

from __future__ import annotations

from hypothesis import strategies as st

from strategies import _newer, _text
from strategies._contract import enum, member
from strategies._field_paths import FIELDS, FLAGS, below, field_path, key_list, pick, subset

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


# ----------------------------------------------------------------------------------------- streams


def draw_stream(draw, edge: bool) -> dict:
    """A discovered stream (AirbyteStream) with a jsonSchema, supported sync modes and source keys."""
    fields = draw(FIELDS[edge])
    kinds = draw(below(len(_FIELD_TYPES) ** len(fields)))
    props = {
        f: {"type": _FIELD_TYPES[kinds // len(_FIELD_TYPES) ** i % len(_FIELD_TYPES)]} for i, f in enumerate(fields)
    }
    flags = draw(FLAGS)
    out = {
        "name": draw(_text.edge_segments if edge else _text.names),
        "jsonSchema": {"type": "object", "properties": props},
        "supportedSyncModes": subset(draw, SYNC_MODES, min_size=1),
    }
    source_cursor = bool(flags & 1)
    if source_cursor or flags & 2:
        out["sourceDefinedCursor"] = source_cursor
    if source_cursor:
        out["defaultCursorField"] = field_path(draw, fields, edge)
    elif flags & 4:
        out["defaultCursorField"] = field_path(draw, fields, edge) if flags & 8 else []
    if flags & 16:
        out["sourceDefinedPrimaryKey"] = key_list(draw, fields, edge, min_size=0)
    if flags & 32:
        out["namespace"] = draw(_text.edge_segments if edge else _text.names)
    return out


def stream(edge: bool = False):
    return st.composite(lambda draw: draw_stream(draw, edge))()


# ---------------------------------------------------------------------------------------- configs


def _cursor(draw, stream: dict, fields: list[str], edge: bool, prefer_default: bool) -> list[str]:
    if stream.get("sourceDefinedCursor"):
        return list(stream.get("defaultCursorField") or [])
    default = stream.get("defaultCursorField")
    if default and prefer_default:
        return list(default)
    return field_path(draw, fields, edge)


def draw_config(draw, stream: dict, edge: bool) -> dict:
    """A configuration (AirbyteStreamConfiguration) consistent with `stream`."""
    fields = fields_of(stream)
    sync_mode = pick(draw, stream.get("supportedSyncModes") or SYNC_MODES)
    dest_mode = pick(draw, destination_modes(sync_mode))
    flags = draw(FLAGS)
    out = {"syncMode": sync_mode, "destinationSyncMode": dest_mode, "selected": bool(flags & 1)}

    if sync_mode == INCREMENTAL:
        out["cursorField"] = _cursor(draw, stream, fields, edge, prefer_default=bool(flags & 2))
    elif flags & 4:
        out["cursorField"] = list(stream.get("defaultCursorField") or [])

    source_key = stream.get("sourceDefinedPrimaryKey") or []
    if dest_mode in DEDUP_MODES:
        out["primaryKey"] = [list(k) for k in source_key] or key_list(draw, fields, edge)
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
            chosen = set(subset(draw, fields, min_size=1))
            out["fieldSelectionEnabled"] = True
            out["selectedFields"] = [{"fieldPath": [f]} for f in fields if f in must or f in chosen]
            return out
    if flags & 256 or edge:
        if flags & 256:
            out["fieldSelectionEnabled"] = False
        if flags & 512:  # ignored by the server while field selection is off (false or absent)
            out["selectedFields"] = [{"fieldPath": p} for p in key_list(draw, fields, edge, min_size=0)]
    return out


def config(stream: dict, edge: bool = False):
    return st.composite(lambda draw: draw_config(draw, stream, edge))()
