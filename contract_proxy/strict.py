"""Strict request mode: every way a request body departs from its contract, with what Airbyte does."""

from __future__ import annotations

import difflib
import functools

import contracts
from contract_proxy import jackson
from contract_proxy.findings import MAPPERS, Finding
from contracts import is_uuid
from contracts.navigation import format_path, non_null
from suite import policy

UNKNOWN = f"{MAPPERS}:27 (FAIL_ON_UNKNOWN_PROPERTIES off; Micronaut's mapper likewise)"
NOT_ENFORCED = "contracts/DEVIATIONS.md#required-not-enforced (a missing field reaches the handler as null)"


@functools.cache
def _model(name: str) -> dict:
    return contracts.resolved(name)


# `X or null` read as X (the suite's reading of the contracts): a null is judged where it sits, by the
# rules that know the field


def closest(name: str, known) -> str | None:
    """The wire name the client most likely meant: same letters without case and underscores first
    (cpuRequest -> cpu_request), else the nearest by spelling."""
    squashed = name.replace("_", "").replace("-", "").lower()
    for candidate in known:
        if candidate.replace("_", "").lower() == squashed:
            return candidate
    near = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
    return near[0] if near else None


class Walk:
    def __init__(self, operation: str, model: str, body):
        self.operation, self.model, self.body = operation, model, body
        self.found: list[Finding] = []

    def add(self, severity, rule, parts, message, airbyte, citation) -> None:
        self.found.append(Finding(severity, rule, self.operation, format_path(parts), message, airbyte, citation))

    def node(self, schema: dict, value, parts: list) -> None:
        schema = non_null(schema)
        if value is None:
            return  # nulls are judged by the caller, which knows whether the field is required or patched
        if "enum" in schema:
            self.enum(schema, value, parts)
            return
        expected = jackson.type_of(schema)
        if expected == "object" and "properties" in schema:
            self.obj(schema, value, parts)
        elif expected == "array":
            if not isinstance(value, list):
                self.add("warning", "coerced-value", parts, f"a single {jackson.json_kind(value)} where an array is "
                         "expected", "coerce: a one-element array (ACCEPT_SINGLE_VALUE_AS_ARRAY)", jackson.COERCION)
                value = [value]
            for i, item in enumerate(value):
                self.node(schema.get("items", {}), item, [*parts, i])
        elif expected in ("string", "integer", "number", "boolean"):
            self.scalar(schema, expected, value, parts)

    def scalar(self, schema, expected, value, parts) -> None:
        verdict = jackson.scalar(value, expected)
        if verdict == "coerce":
            self.add("warning", "coerced-value", parts, f"{value!r} ({jackson.json_kind(value)}) where the contract "
                     f"says {expected}", f"coerce to {expected}", jackson.COERCION)
        elif verdict == "absent":
            self.add("warning", "coerced-value", parts, f"{value!r} where the contract says {expected}",
                     "read as null (no value)", jackson.COERCION)
        elif verdict == "400":
            self.add("error", "unconvertible-value", parts, f"{value!r} ({jackson.json_kind(value)}) where the "
                     f"contract says {expected}", "400 (the body is not bound)", jackson.REFUSAL)
        elif schema.get("format") == "uuid" and isinstance(value, str) and not is_uuid(value):
            if value.strip(policy.JAVA_TRIM):
                self.add("error", "unconvertible-value", parts, f"{value!r} is not a UUID", "400", jackson.REFUSAL)
            else:
                self.absent(parts, f"{value!r} where a UUID is expected")

    def enum(self, schema, value, parts) -> None:
        allowed = [v for v in schema["enum"] if v is not None]
        if value in allowed:
            return
        same_case = [v for v in allowed if isinstance(v, str) and isinstance(value, str) and v.lower() == value.lower()]
        hint = f" (did you mean {same_case[0]!r}? enum values are case-sensitive)" if same_case else ""
        self.add("error", "enum-value", parts, f"{value!r} is not one of {allowed}{hint}",
                 "400 (the generated enum's fromValue matches exactly)", jackson.REFUSAL)

    def obj(self, schema, value, parts) -> None:
        if not isinstance(value, dict):
            self.add("error", "unconvertible-value", parts, f"a {jackson.json_kind(value)} where an object is "
                     "expected", "400 (the body is not bound)", jackson.REFUSAL)
            return
        known = schema.get("properties", {})
        for key, item in value.items():
            if key not in known:
                guess = closest(key, known)
                self.add("error", "unknown-property", [*parts, key], f"unknown property {key!r}"
                         + (f": did you mean {guess!r}?" if guess else ""), "ignore (dropped while reading)", UNKNOWN)
                continue
            self.node(known[key], item, [*parts, key])
        for key in schema.get("required", ()):
            if value.get(key) is None:
                self.absent([*parts, key], "required property missing" if key not in value else
                            "required property is null")

    def absent(self, parts, what: str) -> None:
        rule = policy.absent_but_dereferenced(self.model, _Absent(self.body, parts))
        if rule:
            self.add("error", "required-missing", parts, what, "500", rule)
        else:
            self.add("error", "required-missing", parts, what, "read as null (no 4xx)", NOT_ENFORCED)


class _Absent:
    """What suite.policy.absent_but_dereferenced reads: a missing-required shaped description."""

    def __init__(self, payload, parts):
        self.payload = payload
        self.kind = "missing_required"
        self.parts = tuple(parts[:-1])
        self.missing = parts[-1]


def check(operation: str, model: str, body) -> list[Finding]:
    walk = Walk(operation, model, body)
    walk.obj(_model(model), body, [])
    return walk.found
