"""Enum coverage: which values of which enum a run actually sent, and which it never did.

An enum is named by the contract model that declares it and the path inside that model, e.g.
"SyncMode" or "ConnectionScheduleData.basicSchedule.timeUnit". Payloads are walked with the stored
schemas (following `$ref` between files), so the same enum reached through different request fields
counts as one enum.

    cov = EnumCoverage()
    cov.record("WebBackendConnectionCreate", payload)     # for every payload sent
    cov.missing(["WebBackendConnectionCreate"])           # {enum: values never sent}
    print(cov.report(["WebBackendConnectionCreate"]))
"""

from __future__ import annotations

import functools
from collections import Counter

import contracts
from contracts import releases
from contracts.navigation import ref_target


@functools.cache
def _schema_of(release: str, model: str) -> dict:
    return contracts.schema(model)


def _schema(model: str) -> dict:
    """Read-only here: a shared copy per model of the active release's set, so recording a large payload
    does not copy schemas per node (kept per release: a process may serve several sets one after another)."""
    return _schema_of(releases.active(), model)


def _enum_name(model: str, path: tuple[str, ...]) -> str:
    return ".".join((model, *path))


def _walk_schema(model: str, schema: dict, path: tuple, found: dict, seen: set):
    if "$ref" in schema:
        target = ref_target(schema["$ref"])
        if target not in seen:
            seen.add(target)
            _walk_schema(target, _schema(target), (), found, seen)
        return
    if "enum" in schema:
        found[_enum_name(model, path)] = tuple(schema["enum"])
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in schema.get(key, ()):
            _walk_schema(model, branch, path, found, seen)
    for name, sub in schema.get("properties", {}).items():
        _walk_schema(model, sub, (*path, name), found, seen)
    if isinstance(schema.get("items"), dict):
        _walk_schema(model, schema["items"], (*path, "[]"), found, seen)
    if isinstance(schema.get("additionalProperties"), dict):
        _walk_schema(model, schema["additionalProperties"], (*path, "*"), found, seen)


def reachable_enums(*models: str) -> dict[str, tuple]:
    """Every enum reachable from `models` in the active release's set: {enum name: values in contract order}."""
    return _reachable(releases.active(), models)


@functools.cache
def _reachable(release: str, models: tuple[str, ...]) -> dict[str, tuple]:
    found: dict[str, tuple] = {}
    seen = set(models)
    for model in models:
        _walk_schema(model, _schema(model), (), found, seen)
    return found


class EnumCoverage:
    """Counts enum values seen in payloads, per enum."""

    def __init__(self):
        self.seen: dict[str, Counter] = {}

    def record(self, model: str, payload) -> None:
        self._walk(model, _schema(model), (), payload)

    def _walk(self, model: str, schema: dict, path: tuple, value) -> None:
        if "$ref" in schema:
            target = ref_target(schema["$ref"])
            self._walk(target, _schema(target), (), value)
            return
        if "enum" in schema and value in schema["enum"]:
            self.seen.setdefault(_enum_name(model, path), Counter())[value] += 1
        for key in ("anyOf", "oneOf", "allOf"):
            for branch in schema.get(key, ()):
                self._walk(model, branch, path, value)
        if isinstance(value, dict):
            props = schema.get("properties", {})
            extra = schema.get("additionalProperties")
            for name, sub in value.items():
                if name in props:
                    self._walk(model, props[name], (*path, name), sub)
                elif isinstance(extra, dict):
                    self._walk(model, extra, (*path, "*"), sub)
        elif isinstance(value, list) and isinstance(schema.get("items"), dict):
            for item in value:
                self._walk(model, schema["items"], (*path, "[]"), item)

    def missing(self, models) -> dict[str, list]:
        """{enum name: values never seen} for the enums reachable from `models` (empty when all were sent)."""
        out = {}
        for name, values in reachable_enums(*models).items():
            absent = [v for v in values if not self.seen.get(name, Counter())[v]]
            if absent:
                out[name] = absent
        return out

    def report(self, models) -> str:
        lines = []
        for name, values in sorted(reachable_enums(*models).items()):
            counts = self.seen.get(name, Counter())
            shown = ", ".join(f"{v}={counts[v]}" for v in values)
            lines.append(f"{'ok  ' if all(counts[v] for v in values) else 'MISS'} {name}: {shown}")
        return "\n".join(lines)
