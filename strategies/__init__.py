"""Hypothesis strategies for the request bodies of the webBackend API, derived from `contracts`.

Public surface:
    World                         ids that exist on the target (workspace, source, destination, catalog, ...)
    worlds()                      synthetic Worlds, for testing offline
    valid(model, world=None)      contract-valid and semantically valid bodies (Airbyte would accept them)
    edge(model, world=None)       still valid, at the edges: deep paths, awkward strings, boundaries, ...
    invalid(model)                Invalid(payload, kind, path, keyword, reason): breaks the contract
    refused(model, world=None)    Refused(payload, kind, reason, source, status): contract-valid, refused
    patch(world, connection=None) connections/update bodies: each field absent, null or set
    EnumCoverage                  which enum values a run sent (strategies.coverage)
    REQUEST_MODELS                request models of the eight webBackend operations

Without a world, ids are random UUIDs: contract-valid, but naming nothing on a target.
"""

from __future__ import annotations

import contracts
from hypothesis import strategies as st

from strategies import _connections, _generic, _invalid, _refused
from strategies._invalid import KINDS as INVALID_KINDS
from strategies._invalid import Invalid
from strategies._refused import Refused
from strategies._world import World, ids, worlds
from strategies.coverage import EnumCoverage

REQUEST_MODELS = tuple(sorted({op["request"] for op in contracts.operations().values()
                               if op.get("webBackend") and op.get("request")}))

__all__ = ["EnumCoverage", "INVALID_KINDS", "Invalid", "REQUEST_MODELS", "Refused", "World", "edge", "invalid",
           "patch", "refused", "valid", "worlds"]


def _builder(model: str):
    contracts.schema(model)  # a clear KeyError for unknown names
    return _connections.BUILDERS.get(model) or (lambda world=None, edge=False, mode="mixed":
                                                _generic.generic(model, world, edge, mode))


def valid(model: str, world: World | None = None) -> st.SearchStrategy[dict]:
    """Bodies for `model` that pass its contract and Airbyte's semantic rules, using `world`'s ids."""
    return _builder(model)(world, edge=False, mode="mixed")


def edge(model: str, world: World | None = None) -> st.SearchStrategy[dict]:
    """Still-valid bodies at the edges: every optional field absent, every one present, or a mix, with
    deep paths, many keys and streams, awkward strings and the contract's integer boundaries."""
    build = _builder(model)
    return st.one_of(build(world, edge=True, mode="minimal"), build(world, edge=True, mode="maximal"),
                     build(world, edge=True, mode="mixed"))


def invalid(model: str) -> st.SearchStrategy[Invalid]:
    """Labelled bodies that break the contract of `model` in one place (see INVALID_KINDS)."""
    build = _builder(model)
    base = st.one_of(build(None, edge=False, mode="maximal"), build(None, edge=False, mode="mixed"))
    return _invalid.invalid(base, model)


def refused(model: str, world: World | None = None) -> st.SearchStrategy[Refused]:
    """Contract-valid bodies that Airbyte refuses (schedules, cron, time zones, field selection,
    operations), labelled with the rule and the status Airbyte gives."""
    workspace = ids(world, "workspace_id")
    if model == "WebBackendConnectionCreate":
        return _refused.refused_connection(_connections.create(world), update=False, workspace=workspace)
    if model == "WebBackendConnectionUpdate":
        return _refused.refused_connection(_connections.update(world), update=True, workspace=workspace)
    if model == "OperationCreate":
        return _refused.refused_operation(workspace)
    raise KeyError(f"no refused family for {model!r}; there is one for WebBackendConnectionCreate, "
                   "WebBackendConnectionUpdate and OperationCreate")


def patch(world: World | None, connection: dict | None = None) -> st.SearchStrategy[dict]:
    """WebBackendConnectionUpdate bodies for `connection` (a ConnectionRead or WebBackendConnectionRead,
    else one of the world's connections): each field absent, explicitly null or set to a valid value;
    the catalog is built on the connection's own streams when given."""
    return _connections.update(world, edge=False, mode="mixed", connection=connection)
