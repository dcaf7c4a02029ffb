"""Any other request model: hypothesis-jsonschema on each property of the inlined contract, with the
ids of the World injected by field name. Contract-valid; semantically valid only as far as ids go (a
SourceCreate's connectionConfiguration, for instance, is not checked against its connector's spec)."""

from __future__ import annotations

import functools

from hypothesis import strategies as st

import contracts
from strategies._connections import assemble
from strategies._contract import required
from strategies._world import World, ids

# property name -> World attribute, for uuid properties that must name something that exists
ID_FIELDS = {
    "workspaceId": "workspace_id",
    "sourceId": "source_id",
    "destinationId": "destination_id",
    "connectionId": "connection_ids",
    "operationId": "operation_ids",
    "sourceCatalogId": "catalog_id",
}


# draft-07 has no "uuid" format; the contracts use it (Jackson's UUID), so hypothesis-jsonschema is told
_FORMATS = {"uuid": st.uuids().map(str)}


def from_schema(schema: dict):
    # imported here: hypothesis-jsonschema builds unicode tables at import, which Hypothesis refuses
    # while pytest loads plugins (and the suite's plugin imports strategies)
    from hypothesis_jsonschema import from_schema as build

    return build(schema, custom_formats=_FORMATS)


@functools.cache
def _property(model: str, name: str):
    return from_schema(contracts.resolved(model)["properties"][name])


def _is_id(model: str, name: str) -> bool:
    prop = contracts.resolved(model)["properties"][name]
    return name in ID_FIELDS and prop.get("format") == "uuid"


def generic(model: str, world: World | None = None, edge: bool = False, mode: str = "mixed"):
    schema = contracts.resolved(model)
    if schema.get("type") != "object" or "properties" not in schema:
        return from_schema(schema)
    strategies = {}
    for name in schema["properties"]:
        strategies[name] = ids(world, ID_FIELDS[name]) if _is_id(model, name) else _property(model, name)
        if edge and _is_id(model, name):
            strategies[name] = st.one_of(strategies[name], strategies[name].map(str.upper))
    req = {k: v for k, v in strategies.items() if k in required(model)}
    opt = {k: v for k, v in strategies.items() if k not in required(model)}
    return assemble(model, req, opt, (), set(), mode)
