"""Loading the schema files and the operation table; building the referencing registry."""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path

from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from contracts.navigation import ref_target

HERE = Path(__file__).parent
SCHEMA_DIR = HERE / "schemas"
BASE_URI = "https://webbackend-contracts.invalid/schemas/"


@functools.cache
def names() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in SCHEMA_DIR.glob("*.json")))


@functools.cache
def _raw(name: str) -> dict:
    path = SCHEMA_DIR / f"{name}.json"
    if not path.is_file():
        raise KeyError(f"no contract named {name!r}; known models: {', '.join(names())}")
    return json.loads(path.read_text(encoding="utf-8"))


def schema(name: str) -> dict:
    """The stored schema of one model (a copy: callers may change it freely)."""
    return copy.deepcopy(_raw(name))


def uri(name: str) -> str:
    """The `$id` of a model's schema."""
    return BASE_URI + name + ".json"


@functools.cache
def registry() -> Registry:
    resources = [(uri(n), Resource.from_contents(_raw(n), default_specification=DRAFT7)) for n in names()]
    return Registry().with_resources(resources)


def map_refs(node, replace):
    """Copy `node`, replacing each {"$ref": ...} object by replace(model_name)."""
    if isinstance(node, dict):
        if "$ref" in node:
            return replace(ref_target(node["$ref"]))
        return {k: map_refs(v, replace) for k, v in node.items()}
    if isinstance(node, list):
        return [map_refs(v, replace) for v in node]
    return node


def references(name: str) -> set[str]:
    """The models the stored schema of `name` refers to, wherever a `$ref` stands in it."""
    found: set[str] = set()

    def note(target: str) -> dict:
        found.add(target)
        return {}

    map_refs(_raw(name), note)
    return found


def body(name: str) -> dict:
    """The schema without its file-level keywords ($schema, $id)."""
    return {k: v for k, v in _raw(name).items() if k not in ("$schema", "$id")}


@functools.cache
def _resolved(name: str) -> dict:
    return map_refs(body(name), lambda target: _resolved(target))


def resolved(name: str) -> dict:
    """The model's schema with every reference inlined: self-contained, no $id, draft-07."""
    return {"$schema": "http://json-schema.org/draft-07/schema#", **copy.deepcopy(_resolved(name))}


@functools.cache
def _operations() -> dict:
    return json.loads((SCHEMA_DIR.parent / "operations.json").read_text(encoding="utf-8"))  # see contracts.releases


def operations() -> dict:
    """{path: {"method", "request", "responses": {status: model}}}: which contract applies where."""
    return copy.deepcopy(_operations())


def operation(path: str) -> dict:
    """One operation of operations(): a KeyError names the release when its contracts have no such path
    (an operation renamed or removed)."""
    if path not in _operations():
        from contracts import releases

        raise KeyError(f"the contracts of {releases.active()} have no operation {path}")
    return copy.deepcopy(_operations()[path])
