"""What the suite may insist on when it sends something wrong, and what it only observes.

An Airbyte server reads JSON with Jackson, which coerces many wrong scalars and ignores unknown or
missing fields (contracts/DEVIATIONS.md: scalar-coercion, unknown-request-fields-ignored,
required-not-enforced), and answers 500 to some client mistakes (server-errors-on-client-input).
So: a mistake Airbyte certainly refuses must get a 4xx with an error body; any other mistake may be
accepted or refused but must not break the server. A 5xx that Airbyte itself gives for the mistake is
tolerated as a known quirk and counted in the run's summary, never passed silently.
"""

from __future__ import annotations

import ast
import re

import contracts
from suite import checks, quirks
from suite.client import Exchange

_PART = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\]")


def path_parts(path: str) -> list:
    parts, rest = [], path.removeprefix("$")
    while rest:
        match = _PART.match(rest)
        if not match:
            raise ValueError(f"cannot read JSON path {path!r}")
        name, index, quoted = match.groups()
        parts.append(name if name is not None else int(index) if index is not None else ast.literal_eval(quoted))
        rest = rest[match.end():]
    return parts


def _non_null(schema: dict) -> dict:
    for key in ("anyOf", "oneOf"):
        real = [b for b in schema.get(key, ()) if b != {"type": "null"}]
        if len(real) == 1:
            return _non_null({**{k: v for k, v in schema.items() if k != key}, **real[0]})
    return schema


def schema_at(model: str, parts: list) -> dict:
    node = _non_null(contracts.resolved(model))
    for part in parts:
        node = _non_null(node["items"] if isinstance(part, int) else node.get("properties", {}).get(part, {}))
    return node


def _types(schema: dict) -> set[str]:
    kind = schema.get("type")
    return set() if kind is None else ({kind} if isinstance(kind, str) else set(kind)) - {"null"}


def _value_at(payload, parts: list):
    for part in parts:
        payload = payload[part]
    return payload


def coercible(value, schema: dict) -> bool:
    """Whether Jackson (as Airbyte configures it) might read `value` where `schema` is expected."""
    types = _types(schema)
    if value is None or not types:
        return True  # null reads as absent; an untyped node is a free JSON value
    if "object" in types and not schema.get("properties"):
        return True  # free-form JSON objects (jsonSchema, connectionConfiguration) are JsonNodes
    if "array" in types:
        return True  # a scalar becomes a one-element array; an object may become one
    if isinstance(value, list):
        return len(value) == 1 and coercible(value[0], schema)  # one-element arrays unwrap
    if isinstance(value, dict):
        return False
    if "string" in types:
        return True  # numbers and booleans are written as text
    if types & {"integer", "number"}:
        if isinstance(value, bool | float | int):
            return True
        return _numeric(value)
    if "boolean" in types:
        return isinstance(value, int | float) or (isinstance(value, str) and value.lower() in ("true", "false"))
    return False  # an object expected: a scalar cannot become one


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def certainly_refused(model: str, bad) -> bool:
    """Whether Airbyte certainly answers this contract violation with a 4xx."""
    if bad.kind in ("missing_required", "unknown_field"):
        return False
    if bad.kind == "not_an_object":
        return bad.payload is not None and not (isinstance(bad.payload, list) and len(bad.payload) == 1)
    parts = path_parts(bad.path)
    value = _value_at(bad.payload, parts)
    if bad.kind == "bad_uuid":
        stripped = value.strip() if isinstance(value, str) else value
        return bool(stripped) and not contracts._validation.is_uuid(stripped)  # "" and padded uuids read fine
    if bad.kind == "bad_enum":
        return True
    if bad.kind in ("wrong_type", "deep_wrong_type"):
        return not coercible(value, schema_at(model, parts))
    return False


def judge_invalid(exchange: Exchange, model: str, bad) -> None:
    why = f"{bad.kind} at {bad.path}: {bad.reason}"
    if certainly_refused(model, bad):
        checks.rejected_cleanly(exchange, why)
        return
    if exchange.status >= 500 and bad.kind == "missing_required":
        quirks.note(f"{exchange.path}: 500 on a missing required field (required-not-enforced)", exchange)
        return
    checks.never_server_error(exchange, why)
    if exchange.status < 300 and bad.kind == "unknown_field" and '"notInTheContract"' in exchange.text:
        raise checks.CheckFailure(f"{exchange.path}: an unknown request field was echoed back",
                                  "unknown fields ignored (unknown-request-fields-ignored)",
                                  "the response contains it", exchange)


def judge_refused(exchange: Exchange, refused) -> None:
    why = f"{refused.kind}: {refused.reason}"
    if exchange.status >= 500 and refused.status >= 500:
        quirks.note(f"{exchange.path}: {exchange.status} on {refused.kind} (server-errors-on-client-input)",
                    exchange)
        return
    checks.rejected_cleanly(exchange, f"{why} (Airbyte: {refused.status}, {refused.source})")
