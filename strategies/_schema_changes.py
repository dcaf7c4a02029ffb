"""A source's streams and how they change, for the refresh checks: the JSON schemas an E2E Testing source's mock
catalog is given before and after a change, and the configuration of the streams a connection syncs.

Columns are primitives (a type, or a type list with "null"), objects with properties, arrays (their `items`
any column), or a bare oneOf/anyOf whose options are typed columns: the shapes Airbyte's field walk treats
differently (suite/schema_fields.py), and typed objects with a oneOf/anyOf: those put two schemas on one field,
and Airbyte's diff answers the text "Duplicated Schema" as that field's schema (`CatalogHelpers.java:432`; the
contracts' deviation duplicated-schema-text). A change drops, adds or replaces columns,
or changes something deep inside one (an array's items, a oneOf option, a sub-column), built by
construction rather than filtered. Names are single letters, so no field's dotted path is a string prefix of
another's but its own descendants' (Airbyte's oneOf filter compares such prefixes).
"""

from __future__ import annotations

from hypothesis import strategies as st

PRIMITIVES = ("string", "integer", "number", "boolean")
COLUMNS = ("a", "b", "c", "d")
NEW_COLUMNS = ("e", "f")
SUB_COLUMNS = ("x", "y", "z")
STREAMS = ("s0", "s1", "s2")
NEW_STREAM = "s3"


def _primitives() -> st.SearchStrategy[dict]:
    kinds = st.sampled_from(PRIMITIVES)
    return kinds.map(lambda t: {"type": t}) | kinds.map(lambda t: {"type": ["null", t]})


def _objects(inner: st.SearchStrategy[dict]) -> st.SearchStrategy[dict]:
    return st.dictionaries(st.sampled_from(SUB_COLUMNS), inner, min_size=1, max_size=2).map(
        lambda props: {"type": "object", "properties": props})


def _arrays(inner: st.SearchStrategy[dict]) -> st.SearchStrategy[dict]:
    kinds = st.sampled_from(("array", ("array", "null")))
    return st.tuples(kinds, inner).map(lambda k: {"type": k[0] if isinstance(k[0], str) else list(k[0]),
                                                  "items": k[1]})


def _composites(inner: st.SearchStrategy[dict]) -> st.SearchStrategy[dict]:
    typed = _primitives() | _objects(inner) | _arrays(inner)
    options = st.lists(typed, min_size=1, max_size=2)
    bare = st.tuples(st.sampled_from(("oneOf", "anyOf")), options).map(lambda k: {k[0]: k[1]})
    # a typed object whose options the walk visits at its own path: the field's schema is "Duplicated Schema"
    duplicated = st.tuples(st.sampled_from(("oneOf", "anyOf")), options).map(
        lambda k: {"type": "object", k[0]: k[1]})
    return bare | duplicated


def columns() -> st.SearchStrategy[dict]:
    """One column's JSON schema."""
    return st.recursive(_primitives(), lambda inner: _objects(inner) | _arrays(inner) | _composites(inner),
                        max_leaves=3)


def _stream(props: dict) -> dict:
    return {"type": "object", "properties": props}


@st.composite
def _changed_deep(draw, column: dict, typed: bool = False) -> dict:
    """The column with one thing changed at a drawn depth: a sub-column, the items, one option, or a type
    (`typed`: what replaces it has a type, as a oneOf option must here)."""
    if "properties" in column and draw(st.booleans()):
        props = dict(column["properties"])
        name = draw(st.sampled_from(SUB_COLUMNS))
        if name in props and draw(st.booleans()):
            if len(props) > 1 and draw(st.booleans()):
                del props[name]
            else:
                props[name] = draw(_changed_deep(props[name]))
        else:
            props[name] = draw(columns())
        return dict(column, properties=props)
    if isinstance(column.get("items"), dict) and draw(st.booleans()):
        return dict(column, items=draw(_changed_deep(column["items"])))
    keyword = next((k for k in ("oneOf", "anyOf") if k in column), None)
    if keyword and draw(st.booleans()):
        options = list(column[keyword])
        at = draw(st.integers(0, len(options)))
        if at == len(options):
            options.append(draw(_primitives()))
        else:
            options[at] = draw(_changed_deep(options[at], typed=True))
        return dict(column, **{keyword: options})
    fresh = (_primitives() | _objects(columns()) | _arrays(columns())) if typed else columns()
    return draw(fresh.filter(lambda new: new != column))


@st.composite
def configs(draw, schemas: dict[str, dict]) -> dict[str, dict]:
    """The configuration a connection gives the streams it syncs (a drawn subset of `schemas`): syncMode,
    cursorField (a column, when incremental), destinationSyncMode, primaryKey (a column, when append_dedup)."""
    out = {}
    for stream, schema in schemas.items():
        if not draw(st.booleans()):
            continue
        names = sorted(schema["properties"])
        sync_mode = draw(st.sampled_from(("full_refresh", "incremental")))
        destination = draw(st.sampled_from(("append", "overwrite", "append_dedup")))
        out[stream] = {
            "syncMode": sync_mode,
            "cursorField": [draw(st.sampled_from(names))] if sync_mode == "incremental" else [],
            "destinationSyncMode": destination,
            "primaryKey": [[draw(st.sampled_from(names))]] if destination == "append_dedup" else [],
        }
    return out


@st.composite
def stream_schemas(draw) -> dict[str, dict]:
    """{stream name: its JSON schema}: one to three streams of one to four columns."""
    out = {}
    for stream in draw(st.lists(st.sampled_from(STREAMS), min_size=1, max_size=3, unique=True)):
        names = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=4, unique=True))
        out[stream] = _stream({c: draw(columns()) for c in names})
    return out


@st.composite
def changed(draw, before: dict[str, dict]) -> dict[str, dict]:
    """The streams after a change: streams gone or new, columns dropped, added, replaced or changed deep."""
    after = {}
    for stream, schema in before.items():
        if draw(st.integers(0, 4)) == 0:
            continue  # the stream is gone
        props = {}
        for name, column in schema["properties"].items():
            fate = draw(st.sampled_from(("keep", "keep", "drop", "replace", "deep", "deep")))
            if fate == "keep":
                props[name] = column
            elif fate == "replace":
                props[name] = draw(columns())
            elif fate == "deep":
                props[name] = draw(_changed_deep(column))
        props.update({c: draw(columns()) for c in NEW_COLUMNS if draw(st.integers(0, 3)) == 0})
        after[stream] = _stream(props or {"e": {"type": "string"}})
    if draw(st.booleans()):
        after.setdefault(NEW_STREAM, _stream({"a": {"type": "string"}}))
    return after


def _breaking(config: dict) -> tuple[dict, dict, dict]:
    full = {"syncMode": "full_refresh", "cursorField": [], "destinationSyncMode": "append", "primaryKey": []}
    return ({"s0": _stream({"a": {"type": "integer"}, "b": {"type": "string"}})}, {"s0": dict(full, **config)},
            {"s0": _stream({"b": {"type": "string"}})})


# The two breaking changes, as schema_changes() gives them: the column that is an incremental stream's cursor, or an
# append_dedup stream's primary key, is gone. Tests run them as explicit examples, so every run sees both.
BREAKING_CHANGES = {
    "cursor gone": _breaking({"syncMode": "incremental", "cursorField": ["a"]}),
    "primary key gone": _breaking({"destinationSyncMode": "append_dedup", "primaryKey": [["a"]]}),
}


@st.composite
def schema_changes(draw) -> tuple[dict, dict, dict]:
    """(streams before, the configuration of the synced ones, streams after)."""
    before = draw(stream_schemas())
    return before, draw(configs(before)), draw(changed(before))
