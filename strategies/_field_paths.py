"""Field names, field paths and primary keys of synthetic streams, and the small draw helpers the catalog
strategies share.

Everything here draws through plain functions and strategies built once (or cached per size): building a
strategy object inside a draw costs more than the draw itself.
"""

from __future__ import annotations

import functools

from hypothesis import strategies as st

from strategies import _text


@functools.cache
def below(n: int):
    return st.integers(0, n - 1)


@functools.cache
def _between(low: int, high: int):
    return st.integers(low, high)


@functools.cache
def _segments(n: int):
    """Exactly n awkward path segments."""
    return st.lists(_text.edge_segments, min_size=n, max_size=n)


BOOL = st.booleans()


def pick(draw, seq):
    return seq[draw(below(len(seq)))]


def subset(draw, seq, min_size: int = 0) -> list:
    """A sub-list of `seq`, in order, drawn as one bit mask (shrinks towards the empty or first item)."""
    if not seq:
        return []
    if len(seq) > 60:
        chosen = [x for x in seq if draw(BOOL)]
    else:
        mask = draw(below(2 ** len(seq)))
        chosen = [x for i, x in enumerate(seq) if mask >> i & 1]
    return chosen or (list(seq[:1]) if min_size else [])


_DEPTH = {False: st.integers(1, 2), True: st.one_of(st.integers(1, 3), st.integers(10, 16))}


def _split_names(text: str) -> list[str]:
    names = list(dict.fromkeys(part for part in text.split(",") if part))
    return names[:6] or ["id"]


# valid field names come from one drawn string split on commas: one choice instead of a dozen
FIELDS = {
    False: st.text(_text.NAME_ALPHABET + ",,", min_size=1, max_size=48).map(_split_names),
    True: st.lists(_text.edge_segments, min_size=1, max_size=8, unique=True),
}
FLAGS = below(2**12)


def _edge_path(draw, n_fields: int) -> list:
    """An edge field path: 1-3 or 10-16 awkward segments; the first may instead be one of `n_fields` known
    fields, drawn as its index (so that the strategies below depend on the number of fields only)."""
    first = draw(below(n_fields)) if n_fields and draw(BOOL) else draw(_text.edge_segments)
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


def field_path(draw, fields: list[str], edge: bool) -> list[str]:
    """A field path. Valid: one known top-level field. Edge: 1-3 or 10-16 awkward segments."""
    if not edge:
        return [pick(draw, fields)] if fields else [draw(_text.names)]
    return _named(_edge_path(draw, len(fields)), fields)


def key_list(draw, fields: list[str], edge: bool, min_size: int = 1) -> list[list[str]]:
    """A primary key: a list of field paths. Valid keys are distinct known fields; edge keys are many,
    deep, and may repeat."""
    if not edge:
        if not fields:
            return [[draw(_text.names)]] if min_size else []
        return [[f] for f in subset(draw, fields, min_size)]
    keys = [_named(path, fields) for path in draw(_edge_keys(len(fields), min_size))]
    if keys and draw(BOOL):
        keys = keys + keys[: draw(_between(1, len(keys)))]  # duplicates
    return keys
