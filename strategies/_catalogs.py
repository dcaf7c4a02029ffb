"""Catalogs: lists of streams with their configurations (see _streams for what makes each one valid).

Streams are identified by (namespace, name) (CatalogConverter.streamDescriptorToStringForFieldSelection,
WebBackendConnectionsHandler's catalog merge, Airbyte at commit 0f4f4a9331): a valid catalog never repeats
one.

Edge catalogs push the shapes: awkward streams (see _streams), many streams, one name in several namespaces.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from hypothesis import strategies as st

from strategies import _text
from strategies._field_paths import BOOL, subset
from strategies._streams import descriptor, draw_config, draw_stream


def _entry(draw, edge: bool) -> dict:
    s = draw_stream(draw, edge)
    return {"stream": s, "config": draw_config(draw, s, edge)}


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
def catalog_from(draw, discovered: Mapping, edge: bool = False, min_streams: int = 0):
    """A catalog built on discovered streams: a subset of them, in discovery order, each configured."""
    streams = [e["stream"] for e in discovered.get("streams", []) if isinstance(e, dict) and "stream" in e]
    chosen = subset(draw, list(range(len(streams))), min_size=min_streams)
    return {"streams": [{"stream": dict(streams[i]), "config": draw_config(draw, streams[i], edge)} for i in chosen]}


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
    if draw(BOOL):
        streams += _same_name(draw, streams[0])
    if draw(_ONE_IN_SIX) == 5:
        streams += draw(_MANY)
    return {"streams": _unique(streams)}
