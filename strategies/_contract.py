"""Reading facts out of the contracts: enum values, integer bounds, required and nullable fields.

Every enum value and integer bound a strategy uses comes from here, so a contract change flows into the
strategies without anyone restating a value by hand. Paths walk the stored schemas, following `$ref`
between files and the non-null branch of `X or null`; "[]" steps into array items.
"""

from __future__ import annotations

import functools

from hypothesis import strategies as st

import contracts
from contracts import navigation
from contracts.navigation import non_null, ref_target


def _deref(node: dict) -> tuple[str | None, dict]:
    """Follow one `$ref` (and the non-null branch around it); return (model name or None, schema)."""
    node = non_null(node)
    if "$ref" in node:
        name = ref_target(node["$ref"])
        return name, contracts.schema(name)
    return None, node


@functools.cache
def node(model: str, *path: str) -> dict:
    """The schema found at `path` inside `model`, with references followed."""
    current = contracts.schema(model)
    for step in path:
        _, current = _deref(current)
        if step == "[]":
            current = current["items"]
        else:
            try:
                current = current["properties"][step]
            except KeyError:
                raise KeyError(f"contract {model} has no property path {'.'.join(path)!r}") from None
    return _deref(current)[1]


@functools.cache
def enum(model: str, *path: str) -> tuple:
    """The enum values at `path` inside `model`, in contract order."""
    found = node(model, *path)
    if "enum" not in found:
        raise KeyError(f"{model} {'.'.join(path) or '(root)'} is not an enum in the contracts")
    return tuple(found["enum"])


def member(value: str, model: str, *path: str) -> str:
    """`value`, after checking the contract still lists it (for rules that name one enum value)."""
    if value not in enum(model, *path):
        raise LookupError(
            f"the strategies rely on {value!r} in {model} {'.'.join(path)}; the contract "
            f"now lists {enum(model, *path)}: update the rule that uses it"
        )
    return value


@functools.cache
def int_bounds(model: str, *path: str) -> tuple[int, int]:
    """(minimum, maximum) of an integer field; the contracts carry Java int32/int64 bounds."""
    found = node(model, *path)
    return int(found["minimum"]), int(found["maximum"])


def boundaries(model: str, *path: str) -> tuple[int, ...]:
    """The interesting integers an integer field allows: its limits, their neighbours, -1, 0, 1."""
    low, high = int_bounds(model, *path)
    wanted = {low, low + 1, -1, 0, 1, high - 1, high}
    return tuple(sorted(v for v in wanted if low <= v <= high))


@functools.cache
def required(model: str) -> tuple[str, ...]:
    return tuple(contracts.schema(model).get("required", ()))


@functools.cache
def properties(model: str) -> tuple[str, ...]:
    return tuple(contracts.schema(model).get("properties", {}))


@functools.cache
def nullable(model: str, field: str) -> bool:
    """Whether the contract lets `field` of `model` be null (request models: Jackson reads null as absent)."""
    return navigation.nullable(contracts.schema(model)["properties"][field])


def _spread(i: int, n: int) -> int:
    """Map 0..2**16-1 onto 0..n-1 evenly, small numbers included (Fibonacci hashing; 0 stays 0)."""
    return ((i * 0x9E3779B1) % 2**32) * n >> 32


def choice(values):
    """One of `values`, evenly spread over a run.

    Hypothesis builds most examples by mutating earlier ones and favours small integers, so a plain
    sampled_from over a few values deep inside a big body comes out in long runs of the first values,
    and a 100-example run can miss one entirely. A wide integer, hashed onto the values, spreads them
    (small integers included); it still shrinks to the first value."""
    values = tuple(values)
    return st.integers(0, 2**16 - 1).map(lambda i: values[_spread(i, len(values))])
