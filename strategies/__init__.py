"""Hypothesis strategies for the request bodies of the webBackend API, derived from `contracts`.

Public surface:
    World                         ids that exist on the target (workspace, source, destination, catalog, ...)
    worlds()                      synthetic Worlds, for testing offline
    valid(model, world=None)      contract-valid and semantically valid bodies (Airbyte would accept them)
    edge(model, world=None)       still valid, at the edges: deep paths, awkward strings, boundaries, ...
    invalid(model)                Invalid(payload, kind, parts, keyword, reason): breaks the contract
    invalid_kinds(model)          the kinds invalid(model) produces; invalid(model, kinds=...) picks some
    refused(model, world=None)    Refused(payload, kind, reason, source, status): contract-valid, refused
    refusal_kinds(model)          the kinds refused(model) produces; refused(model, world, kinds=...)
    patch(world, connection=None) connections/update bodies: each field absent, null or set
    EnumCoverage                  which enum values a run sent (strategies.coverage)
    stream_schemas()              a source's streams as {name: JSON schema} (an E2E Testing mock catalog)
    changed(before)               those streams after a schema change (columns, arrays, oneOf, streams)
    configs(schemas)              the configuration of the streams a connection syncs (API field names)
    schema_changes()              (before, configs of the synced streams, after), for the refresh checks
    BREAKING_CHANGES              named schema_changes() examples: a cursor gone, a primary key gone
    REQUEST_MODELS                request models of the eight webBackend operations

Without a world, ids are random UUIDs: contract-valid, but naming nothing on a target.
"""

from __future__ import annotations

from collections import OrderedDict

from hypothesis import strategies as st

import contracts
from strategies import _connections, _generic, _invalid, _refused
from strategies._invalid import KINDS as INVALID_KINDS
from strategies._invalid import Invalid
from strategies._refused import Refused
from strategies._schema_changes import BREAKING_CHANGES, changed, configs, schema_changes, stream_schemas
from strategies._world import World, ids, worlds
from strategies.coverage import EnumCoverage

REQUEST_MODELS = tuple(
    sorted({op["request"] for op in contracts.operations().values() if op.get("webBackend") and op.get("request")})
)

__all__ = [
    "BREAKING_CHANGES",
    "EnumCoverage",
    "INVALID_KINDS",
    "Invalid",
    "REQUEST_MODELS",
    "Refused",
    "World",
    "changed",
    "configs",
    "edge",
    "invalid",
    "invalid_kinds",
    "patch",
    "refusal_kinds",
    "refused",
    "schema_changes",
    "stream_schemas",
    "valid",
    "worlds",
]


# Built strategies, kept per arguments. Tests call valid(model, world) and the like inside each example;
# building the tree of strategies again, and Hypothesis validating it again on its first draw, cost more
# than drawing from it (3 to 4 times more for a WebBackendConnectionCreate). A strategy is immutable, so
# the same arguments get the same object back. A World holds a dict and is not hashable: it is keyed by
# identity, and kept in the entry so that its id cannot be reused while the entry lives.
_BUILT: OrderedDict = OrderedDict()
_BUILT_MAX = 256


def _cached(key: tuple, world, make):
    key = (*key, id(world))
    hit = _BUILT.get(key)
    if hit is not None and hit[0] is world:
        _BUILT.move_to_end(key)
        return hit[1]
    made = make()
    _BUILT[key] = (world, made)
    if len(_BUILT) > _BUILT_MAX:
        _BUILT.popitem(last=False)
    return made


def _builder(model: str):
    contracts.schema(model)  # a clear KeyError for unknown names
    return _connections.BUILDERS.get(model) or (
        lambda world=None, edge=False, mode="mixed": _generic.generic(model, world, edge, mode)
    )


def valid(model: str, world: World | None = None) -> st.SearchStrategy[dict]:
    """Bodies for `model` that pass its contract and Airbyte's semantic rules, using `world`'s ids."""
    return _cached(("valid", model), world, lambda: _builder(model)(world, edge=False, mode="mixed"))


def edge(model: str, world: World | None = None) -> st.SearchStrategy[dict]:
    """Still-valid bodies at the edges: every optional field absent, every one present, or a mix, with
    deep paths, many keys and streams, awkward strings and the contract's integer boundaries."""
    return _cached(("edge", model), world, lambda: _edge(model, world))


def _edge(model: str, world: World | None):
    build = _builder(model)
    return st.one_of(
        build(world, edge=True, mode="minimal"),
        build(world, edge=True, mode="maximal"),
        build(world, edge=True, mode="mixed"),
    )


def invalid_kinds(model: str) -> tuple[str, ...]:
    """The kinds of breakage the contract of `model` allows (those `invalid(model)` produces)."""
    found = _invalid.reachable_kinds(model)
    return tuple(k for k in INVALID_KINDS if k in found)


def invalid(model: str, kinds=None) -> st.SearchStrategy[Invalid]:
    """Labelled bodies that break the contract of `model` in one place (see INVALID_KINDS); only
    `kinds` (a kind or a list of them) if given."""
    key = kinds if kinds is None or isinstance(kinds, str) else tuple(kinds)
    return _cached(("invalid", model, key), None, lambda: _invalid_bodies(model, kinds))


def _invalid_bodies(model: str, kinds):
    offered = invalid_kinds(model)
    chosen = tuple(offered if kinds is None else ([kinds] if isinstance(kinds, str) else kinds))
    if set(chosen) - set(offered) or not chosen:
        raise ValueError(f"invalid({model!r}) offers kinds {offered}; got {chosen}")
    build = _builder(model)
    maximal = build(None, edge=False, mode="maximal")
    base = maximal if kinds is not None else st.one_of(maximal, build(None, edge=False, mode="mixed"))
    return _invalid.invalid(base, model, chosen)


def refusal_kinds(model: str) -> tuple[str, ...]:
    """The kinds `refused(model)` produces (empty: no refused family for that model)."""
    return _refused.kinds(model)


def refused(model: str, world: World | None = None, kinds=None) -> st.SearchStrategy[Refused]:
    """Contract-valid bodies that Airbyte refuses (schedules, cron, time zones, field selection,
    operations), labelled with the rule and the status Airbyte gives; only `kinds` if given."""
    key = kinds if kinds is None or isinstance(kinds, str) else tuple(kinds)
    return _cached(("refused", model, key), world, lambda: _refused_bodies(model, world, kinds))


def _refused_bodies(model: str, world: World | None, kinds):
    offered = refusal_kinds(model)
    if not offered:
        raise KeyError(
            f"no refused family for {model!r}; there is one for WebBackendConnectionCreate, "
            "WebBackendConnectionUpdate and OperationCreate"
        )
    chosen = tuple(offered if kinds is None else ([kinds] if isinstance(kinds, str) else kinds))
    unknown = set(chosen) - set(offered)
    if unknown or not chosen:
        raise ValueError(f"refused({model!r}) offers kinds {offered}; got {chosen}")
    workspace = ids(world, "workspace_id")
    if model == "OperationCreate":
        return _refused.refused_operation(workspace, chosen)
    update = model == "WebBackendConnectionUpdate"
    base = _connections.update(world) if update else _connections.create(world)
    return _refused.refused_connection(base, update, workspace, chosen)


def patch(world: World | None, connection: dict | None = None) -> st.SearchStrategy[dict]:
    """WebBackendConnectionUpdate bodies for `connection` (a ConnectionRead or WebBackendConnectionRead,
    else one of the world's connections): each field absent, explicitly null or set to a valid value;
    the catalog is built on the connection's own streams when given."""
    if connection is None:
        return _cached(("patch",), world, lambda: _connections.update(world, edge=False, mode="mixed"))
    return _connections.update(world, edge=False, mode="mixed", connection=connection)
