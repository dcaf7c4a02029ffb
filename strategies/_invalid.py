"""Invalid payloads, each labelled with what is wrong and where, derived from the contracts.

A valid payload is drawn, the places where it can be broken are listed by walking it together with its
inlined contract, one kind of breakage is chosen among those the payload offers, then one place of that
kind: no example is thrown away, and a failing case shrinks to a small payload and an early place.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

import contracts
from contracts.navigation import ITEMS, Parts, Schema, format_path, non_null, value_at, walk

KINDS = ("missing_required", "wrong_type", "deep_wrong_type", "bad_enum", "bad_uuid", "unknown_field", "not_an_object")
_PREFERENCE = (
    "unknown_field",
    "deep_wrong_type",
    "bad_uuid",
    "bad_enum",
    "wrong_type",
    "missing_required",
    "not_an_object",
)
_KEYWORD = {
    "missing_required": "required",
    "wrong_type": "type",
    "deep_wrong_type": "type",
    "bad_enum": "enum",
    "bad_uuid": "format",
    "unknown_field": "additionalProperties",
    "not_an_object": "type",
}

# one sample per JSON type; a wrong value is one whose type the schema does not allow
_SAMPLES = {"object": {}, "array": [], "string": "text", "integer": 7, "number": 1.5, "boolean": True, "null": None}
_BAD_UUIDS = (
    "",
    "not-a-uuid",
    "1234",
    "00000000000000000000000000000000",
    "00000000-0000-0000-0000-00000000000g",
    "{00000000-0000-0000-0000-000000000000}",
    "00000000-0000-0000-0000-0000000000000",
    " 00000000-0000-0000-0000-000000000000",
)
UNKNOWN_FIELD = "notInTheContract"


@dataclass(frozen=True)
class Invalid:
    """A payload that breaks its contract: `kind` of breakage at `parts` (a JSON path as parts), detected
    by the schema keyword `keyword`; `reason` in words; `missing`: the field left out, for
    missing_required (its parent is at `parts`)."""

    payload: object
    kind: str
    parts: Parts
    keyword: str
    reason: str
    missing: str | None = None

    @property
    def path(self) -> str:
        """The place as the validator reports it, e.g. $.syncCatalog.streams[0].config."""
        return format_path(self.parts)


def _allowed(schema: dict) -> set[str] | None:
    """JSON types a schema allows, or None when it does not constrain the type."""
    for key in ("anyOf", "oneOf"):
        if key in schema:
            found: set[str] = set()
            for branch in schema[key]:
                sub = _allowed(branch)
                if sub is None:
                    return None
                found |= sub
            return found
    t = schema.get("type")
    if t is None:
        return None
    types = {t} if isinstance(t, str) else set(t)
    if "number" in types:
        types.add("integer")
    return types


@dataclass(frozen=True)
class _Site:
    kind: str
    parts: Parts
    schema: Schema
    key: str | None = None  # the missing field, for missing_required


def sites(payload: Any, schema: Schema) -> list[_Site]:
    """Every place where `payload` can be broken, walking it with its (inlined) schema."""
    found: list[_Site] = []
    # "X or null" is gone into as X: a null payload offers nothing below
    for step in walk(schema, instance=payload, into=("properties", "items"), unwrap_null=True):
        parts, value, node = step.parts, step.value, non_null(step.schema)
        allowed = _allowed(step.schema)
        if parts and allowed is not None and set(_SAMPLES) - allowed:
            deep = len(parts) >= 3 and any(isinstance(p, int) for p in parts)
            found.append(_Site("deep_wrong_type" if deep else "wrong_type", parts, step.schema))
        if isinstance(value, str):
            if "enum" in node:
                found.append(_Site("bad_enum", parts, node))
            if node.get("format") == "uuid":
                found.append(_Site("bad_uuid", parts, node))
        elif isinstance(value, dict):
            for key in node.get("required", ()):
                if key in value:
                    found.append(_Site("missing_required", parts, node, key))
            if node.get("additionalProperties") is False:
                found.append(_Site("unknown_field", parts, node))
    return found


def _set(payload, parts: tuple, value):
    target = payload
    for part in parts[:-1]:
        target = target[part]
    target[parts[-1]] = value


def _copied_along(payload, parts: tuple):
    """`payload` with the containers from the root down to `parts` (included) copied, so that they can be
    changed in place; everything else is shared with the drawn payload (which may share parts itself)."""
    root = copy.copy(payload)
    node = root
    for part in parts:
        node[part] = copy.copy(node[part])
        node = node[part]
    return root


_NOT_OBJECTS = tuple(v for t, v in _SAMPLES.items() if t != "object")

# read-only here: one inlined copy per model instead of a fresh deep copy per draw
_resolved = functools.cache(contracts.resolved)


def _break(draw, payload, model: str, offered: tuple[str, ...]):
    schema = _resolved(model)
    found = sites(payload, schema)
    if schema.get("type") == "object":
        found.append(_Site("not_an_object", (), schema))
    found = [s for s in found if s.kind in offered]
    if not found:
        raise ValueError(f"a {model} body offers no place for {offered}: {payload!r}")
    # the kinds that need a deep or rare place come first: Hypothesis favours early choices, and shrinks
    # towards them
    kind = draw(st.sampled_from(sorted({s.kind for s in found}, key=_PREFERENCE.index)))
    site = draw(st.sampled_from([s for s in found if s.kind == kind]))
    where = format_path(site.parts)
    if kind == "not_an_object":
        body = draw(st.sampled_from(_NOT_OBJECTS))
        return Invalid(body, kind, (), "type", f"the body is {type(body).__name__}, not an object")
    if kind == "missing_required":
        payload = _copied_along(payload, site.parts)
        del value_at(payload, site.parts)[site.key]
        return Invalid(payload, kind, site.parts, "required", f"required field {site.key!r} is missing at {where}",
                       site.key)
    if kind in ("wrong_type", "deep_wrong_type"):
        allowed = _allowed(site.schema)
        assert allowed is not None  # sites() offers a wrong type only where the schema constrains the type
        wrong = draw(st.sampled_from([t for t in _SAMPLES if t not in allowed]))
        payload = _copied_along(payload, site.parts[:-1])
        _set(payload, site.parts, copy.deepcopy(_SAMPLES[wrong]))
        return Invalid(payload, kind, site.parts, "type", f"{where} is {wrong}, the contract allows {sorted(allowed)}")
    if kind == "bad_enum":
        value = draw(st.sampled_from(("", "NOT_AN_ENUM_VALUE", str(site.schema["enum"][0]).upper() + "_")))
        value = value if value not in site.schema["enum"] else value + "_x"
        payload = _copied_along(payload, site.parts[:-1])
        _set(payload, site.parts, value)
        return Invalid(payload, kind, site.parts, "enum", f"{where} = {value!r} is not one of {site.schema['enum']}")
    if kind == "bad_uuid":
        value = draw(st.sampled_from(_BAD_UUIDS))
        payload = _copied_along(payload, site.parts[:-1])
        _set(payload, site.parts, value)
        return Invalid(payload, kind, site.parts, "format", f"{where} = {value!r} is not a uuid")
    # unknown_field
    payload = _copied_along(payload, site.parts)
    obj = value_at(payload, site.parts)
    obj[UNKNOWN_FIELD] = draw(st.sampled_from(list(_SAMPLES.values())))
    return Invalid(
        payload,
        kind,
        site.parts,
        "additionalProperties",
        f"{where} has {UNKNOWN_FIELD!r}, which the contract forbids (additionalProperties: false)",
    )


def invalid(valid_payloads, model: str, offered: tuple[str, ...] = KINDS):
    # a composite, not flatmap: flatmap builds a new strategy (validated on its first draw) per payload
    return st.composite(lambda draw: _break(draw, draw(valid_payloads), model, offered))()


def reachable_kinds(model: str) -> set[str]:
    """The kinds of breakage the contract of `model` allows at all (a static walk of the schema)."""
    kinds: set[str] = set()
    schema = _resolved(model)
    for step in walk(schema, into=("anyOf", "oneOf", "properties", "items")):
        node, depth = step.schema, len(step.parts)
        allowed = _allowed(node)
        if depth and allowed is not None and set(_SAMPLES) - allowed:
            kinds.add("deep_wrong_type" if depth >= 3 and ITEMS in step.parts else "wrong_type")
        if "enum" in node:
            kinds.add("bad_enum")
        if node.get("format") == "uuid":
            kinds.add("bad_uuid")
        if node.get("required"):
            kinds.add("missing_required")
        if node.get("additionalProperties") is False:
            kinds.add("unknown_field")
    if schema.get("type") == "object":
        kinds.add("not_an_object")
    return kinds
