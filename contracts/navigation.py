"""Finding one's way in the contracts: `$ref` targets, "X or null", JSON paths as parts.

A JSON path is kept as a tuple of parts (property names and array indexes) and only formatted for
people, with `format_path`, in the form the validator reports: $.syncCatalog.streams[0].config.
"""

from __future__ import annotations

import re
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
