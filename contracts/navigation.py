"""Finding one's way in the contracts: `$ref` targets, "X or null", JSON paths as parts, walking a schema.

A JSON path is kept as a tuple of parts (property names and array indexes) and only formatted for
people, with `format_path`, in the form the validator reports: $.syncCatalog.streams[0].config.

`walk` visits the nodes of a schema, alone or together with an instance, following the keywords that
give structure (properties, items, additionalProperties, allOf/anyOf/oneOf) and, when asked, `$ref`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Set
from dataclasses import dataclass
from typing import Any

Schema = dict[str, Any]
Part = str | int
Parts = tuple[Part, ...]

NULL: Schema = {"type": "null"}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def ref_target(ref: str) -> str:
    """The model a `$ref` between contract files points at ("AirbyteCatalog.json" -> "AirbyteCatalog")."""
    if not ref.endswith(".json") or "#" in ref or "/" in ref:
        raise ValueError(f"unexpected $ref {ref!r}: contracts refer to whole files, e.g. 'AirbyteCatalog.json'")
    return ref[: -len(".json")]


def non_null(schema: Schema) -> Schema:
    """The schema of a non-null value: anyOf/oneOf [X, {"type": "null"}] gives X (merged with the node's
    other keywords); any other schema is returned as it is."""
    for key in ("anyOf", "oneOf"):
        options = schema.get(key) or ()
        rest = [option for option in options if option != NULL]
        if NULL in options and len(rest) == 1:
            return non_null({**{k: v for k, v in schema.items() if k != key}, **rest[0]})
    return schema


def nullable(schema: Schema) -> bool:
    """Whether the schema allows null: a null type, a null branch, or OpenAPI 3.0's `nullable: true`."""
    types = schema.get("type")
    if types == "null" or (isinstance(types, list) and "null" in types):
        return True
    return bool(schema.get("nullable")) or any(
        option == NULL for option in [*schema.get("anyOf", ()), *schema.get("oneOf", ())]
    )


def format_path(parts: Parts) -> str:
    """$ followed by .name, ['odd name'] or [index] per part."""
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _NAME.fullmatch(part):
            out += f".{part}"
        else:
            out += "[" + repr(part) + "]"
    return out


def value_at(instance: Any, parts: Parts) -> Any:
    """The value at `parts` inside `instance` (KeyError, IndexError or TypeError when there is none)."""
    for part in parts:
        instance = instance[part]
    return instance


# ---- walking a schema ------------------------------------------------------------------------

ITEMS = "[]"  # in a walk without an instance: any element of an array
ANY = "*"  # in a walk without an instance: any property that additionalProperties describes
BRANCHES = ("anyOf", "oneOf", "allOf")
EVERYWHERE = (*BRANCHES, "properties", "items", "additionalProperties")


class _Absent:
    """No instance: the walk visits the whole schema."""


ABSENT: Any = _Absent()


@dataclass(frozen=True, slots=True)
class Step:
    """One node a walk reaches.

    parts   where in an instance: property names and array indexes (ITEMS and ANY in a walk without one)
    model   the model whose file holds the node: the last `$ref` followed, else the walk's `model`
    local   where inside that model's own schema: property names, ITEMS and ANY
    value   the part of the instance at `parts` (ABSENT in a walk without an instance)
    """

    schema: Schema
    parts: Parts
    model: str | None
    local: tuple[str, ...]
    value: Any = ABSENT


@dataclass(frozen=True, slots=True)
class _How:
    into: Collection[str]
    follow: Callable[[str], Schema] | None
    unwrap_null: bool
    skip: frozenset[str]


def walk(
    schema: Schema,
    *,
    instance: Any = ABSENT,
    into: Collection[str] = EVERYWHERE,
    follow: Callable[[str], Schema] | None = None,
    model: str | None = None,
    skip: Collection[str] = (),
    unwrap_null: bool = False,
) -> Iterator[Step]:
    """Every node of `schema`, parents before children, in the order of BRANCHES, then properties,
    items, additionalProperties (an instance's own key order, with an instance).

    into         the keywords to go into (all of EVERYWHERE by default)
    instance     walk along this value: only the properties it has, each of its elements (parts name
                 them), every branch with the same value
    follow       `follow(model)` gives the schema a `$ref` points at; without it a `$ref` node is a leaf.
                 Keywords beside a `$ref` are never gone into (draft-07 ignores them).
                 Without an instance each model is entered once per walk (a later `$ref` to it is a leaf:
                 this also ends cycles); with one a `$ref` is followed each time, except back into a
                 model already entered at the same place of the instance (a cycle).
    model        the name of `schema`, if it is a model: it counts as entered, and names the root's nodes
    skip         models never to enter (for instance walked on their own)
    unwrap_null  go into "X or null" as into X (non_null), instead of into its branches
    """
    how = _How(into, follow, unwrap_null, frozenset(skip))
    entered = {*skip, *([model] if model else [])}
    if instance is ABSENT:
        return _schema_steps(Step(schema, (), model, ()), how, entered)
    return _instance_steps(Step(schema, (), model, (), instance), how, frozenset(entered))


def _node(step: Step, how: _How) -> Schema | None:
    """The node to go into from `step`, or None for a leaf."""
    if not isinstance(step.schema, dict):
        return None
    return non_null(step.schema) if how.unwrap_null else step.schema


def _schema_steps(step: Step, how: _How, entered: set[str]) -> Iterator[Step]:
    yield step
    node = _node(step, how)
    if node is None:
        return
    if "$ref" in node:
        if how.follow is not None:
            target = ref_target(node["$ref"])
            if target not in entered:
                entered.add(target)
                yield from _schema_steps(Step(how.follow(target), step.parts, target, ()), how, entered)
        return
    for key in BRANCHES:
        if key in how.into:
            for branch in node.get(key, ()):
                yield from _schema_steps(Step(branch, step.parts, step.model, step.local), how, entered)
    children: list[tuple[str, Any]] = []
    if "properties" in how.into:
        children.extend(node.get("properties", {}).items())
    if "items" in how.into and isinstance(node.get("items"), dict):
        children.append((ITEMS, node["items"]))
    if "additionalProperties" in how.into and isinstance(node.get("additionalProperties"), dict):
        children.append((ANY, node["additionalProperties"]))
    for part, sub in children:
        yield from _schema_steps(Step(sub, (*step.parts, part), step.model, (*step.local, part)), how, entered)


def _instance_steps(step: Step, how: _How, entered: Set[str]) -> Iterator[Step]:
    yield step
    node = _node(step, how)
    if node is None:
        return
    if "$ref" in node:
        if how.follow is not None:
            target = ref_target(node["$ref"])
            if target not in entered:
                follow = Step(how.follow(target), step.parts, target, (), step.value)
                yield from _instance_steps(follow, how, entered | {target})
        return
    for key in BRANCHES:
        if key in how.into:
            for branch in node.get(key, ()):
                yield from _instance_steps(Step(branch, step.parts, step.model, step.local, step.value), how, entered)
    for part, local, sub, value in _instance_children(step.value, node, how.into):
        child = Step(sub, (*step.parts, part), step.model, (*step.local, local), value)
        yield from _instance_steps(child, how, how.skip)


def _instance_children(value: Any, node: Schema, into: Collection[str]) -> Iterator[tuple[Part, str, Any, Any]]:
    """(part, local part, schema, value) for each element or property of `value` that `node` describes."""
    if isinstance(value, dict):
        properties = node.get("properties", {})
        extra = node.get("additionalProperties") if "additionalProperties" in into else None
        for key, sub in value.items():
            if key in properties:
                if "properties" in into:
                    yield key, key, properties[key], sub
            elif isinstance(extra, dict):
                yield key, ANY, extra, sub
    elif isinstance(value, list) and "items" in into and isinstance(node.get("items"), dict):
        for index, sub in enumerate(value):
            yield index, ITEMS, node["items"], sub
