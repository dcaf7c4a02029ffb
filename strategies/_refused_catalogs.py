"""Refused catalogs: one selected stream whose contract-valid configuration Airbyte refuses (CatalogConverter
at commit 0f4f4a9331), for the refused family (see _refused)."""

from __future__ import annotations

import functools

from hypothesis import strategies as st

from strategies import _catalogs, _streams
from strategies._streams import APPEND_DEDUP, INCREMENTAL

CC = "airbyte-commons-server/.../handlers/helpers/CatalogConverter.java"

CATALOG_KINDS = (
    "nested_field_selection",
    "empty_field_path",
    "field_selection_without_fields",
    "selected_field_not_in_schema",
    "cursor_deselected",
    "primary_key_deselected",
    "selected_missing",
    "supported_sync_modes_missing",
)


_NESTED_DEPTH = st.one_of(st.integers(2, 3), st.integers(10, 40))


@functools.cache
def _nested_segments(n: int):
    return st.lists(st.text(min_size=1, max_size=8), min_size=n, max_size=n)


@functools.cache
@st.composite
def catalog_fault(draw, kind: str):
    """(catalog, kind, reason, source, status): one selected stream whose configuration Airbyte refuses."""
    entry = draw(_catalogs.entry())
    stream, config = dict(entry["stream"]), dict(entry["config"])  # only their top-level keys change
    fields = _streams.fields_of(stream)
    config["selected"] = True
    status, reason, line = 422, "", ""
    for key in ("fieldSelectionEnabled", "selectedFields"):
        config.pop(key, None)
    if kind == "nested_field_selection":
        depth = draw(_NESTED_DEPTH)
        path = [draw(st.sampled_from(fields))] + draw(_nested_segments(depth - 1))
        config.update(
            fieldSelectionEnabled=True, selectedFields=[{"fieldPath": [f]} for f in fields] + [{"fieldPath": path}]
        )
        status, reason = 500, f"a selected field path of {depth} segments (nested field selection)"
        line = "143-144"
    elif kind == "empty_field_path":
        config.update(
            fieldSelectionEnabled=True, selectedFields=[{"fieldPath": [f]} for f in fields] + [{"fieldPath": []}]
        )
        reason = "an empty selected field path"
        line = "139-140"
    elif kind == "field_selection_without_fields":
        config["fieldSelectionEnabled"] = True
        reason = "field selection enabled without selectedFields"
        line = "131-132"
    elif kind == "selected_field_not_in_schema":
        config.update(
            fieldSelectionEnabled=True,
            selectedFields=[{"fieldPath": [f]} for f in fields] + [{"fieldPath": ["".join(fields) + "_missing"]}],
        )
        reason = "a selected field that the stream's jsonSchema does not have"
        line = "166-167"
    elif kind == "cursor_deselected":
        stream.update(supportedSyncModes=[INCREMENTAL], sourceDefinedCursor=False)
        cursor = draw(st.sampled_from(fields))
        config.update(
            syncMode=INCREMENTAL,
            cursorField=[cursor],
            destinationSyncMode=draw(st.sampled_from(_streams.destination_modes(INCREMENTAL))),
            primaryKey=[[cursor]],
            fieldSelectionEnabled=True,
            selectedFields=[{"fieldPath": [f]} for f in fields if f != cursor],
        )
        reason = "the incremental cursor is not among the selected fields"
        line = "155-156"
    elif kind == "primary_key_deselected":
        key = draw(st.sampled_from(fields))
        config.update(
            syncMode=INCREMENTAL,
            destinationSyncMode=APPEND_DEDUP,
            primaryKey=[[key]],
            cursorField=[],
            fieldSelectionEnabled=True,
            selectedFields=[{"fieldPath": [f]} for f in fields if f != key],
        )
        stream.update(supportedSyncModes=[INCREMENTAL], sourceDefinedCursor=True, sourceDefinedPrimaryKey=[[key]])
        reason = "a primary key field is not among the selected fields (append_dedup)"
        line = "160-161"
    elif kind == "selected_missing":
        del config["selected"]
        status, reason = 500, "a stream configuration without `selected` (unboxed without a null check)"
        line = "197"
    else:
        del stream["supportedSyncModes"]
        status, reason = 500, "a selected stream without supportedSyncModes (converted without a null check)"
        line = "175"
    return {"streams": [{"stream": stream, "config": config}]}, kind, reason, f"{CC}:{line}", status
