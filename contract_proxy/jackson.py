"""What Jackson, as Airbyte configures it, does with a JSON value where the contract expects a type.

Airbyte's request models are bound by Micronaut with Jackson 2.14 (contracts/DEVIATIONS.md: error-bodies,
scalar-coercion): unknown properties are ignored (MoreMappers.java:27, Micronaut's ObjectMapperFactory),
scalars are coerced (a number or boolean to its text, a numeric string to a number, a float truncated to
an integer, "true"/"false" and integers to booleans), and a value that cannot be converted leaves the
argument unbound: Micronaut's 400 before any handler runs.
"""

from __future__ import annotations

import re

from suite.policy import numeric_text

COERCION = "contracts/DEVIATIONS.md#scalar-coercion (jackson-databind 2.14 defaults, ALLOW_COERCION_OF_SCALARS)"
REFUSAL = "contracts/DEVIATIONS.md#error-bodies (Micronaut leaves the argument unbound: 400)"
_INTEGER = re.compile(r"^\s*[+-]?\d+\s*$")


def type_of(schema: dict) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    return kind


def json_kind(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else "null"


# the texts Jackson's boolean deserializer takes (StdDeserializer._parseBoolean: exact spellings only)
BOOLEAN_TEXTS = ("true", "True", "TRUE", "false", "False", "FALSE")


def scalar(value, expected: str) -> str | None:
    """'coerce' when Jackson converts `value` to `expected`, 'absent' when it reads it as null (an empty or
    "null" text for a number or boolean), '400' when it cannot convert it, None when it fits."""
    kind = json_kind(value)
    if kind == expected or (expected == "number" and kind == "integer"):
        return None
    if kind == "string" and expected in ("integer", "number", "boolean") and value.strip() in ("", "null"):
        return "absent"
    if kind == "object":
        return "400"
    if expected == "string":
        return "coerce" if kind in ("integer", "number", "boolean") else "400"
    if expected == "integer":
        if kind == "number":
            return "coerce"  # ACCEPT_FLOAT_AS_INT: truncated toward zero
        if kind == "string":
            return "coerce" if _INTEGER.match(value) else "400"
        return "400"
    if expected == "number":
        return "coerce" if kind == "string" and numeric_text(value.strip()) else "400"
    if expected == "boolean":
        if kind == "integer":
            return "coerce"  # 0 is false, any other integer true
        if kind == "string" and value.strip() in BOOLEAN_TEXTS:
            return "coerce"
        return "400"
    return None
