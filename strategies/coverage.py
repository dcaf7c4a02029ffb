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
from collections.abc import Iterable
from typing import Any

import contracts
from contracts import releases
from contracts.navigation import Step, walk


@functools.cache
def _schema_of(release: str, model: str) -> dict:
    return contracts.schema(model)


def _schema(model: str) -> dict:
    """Read-only here: a shared copy per model of the active release's set, so recording a large payload
    does not copy schemas per node (kept per release: a process may serve several sets one after another)."""
    return _schema_of(releases.active(), model)


def _enum_name(step: Step) -> str:
    return ".".join((step.model or "", *step.local))


def reachable_enums(*models: str) -> dict[str, tuple[Any, ...]]:
    """Every enum reachable from `models` in the active release's set: {enum name: values in contract order}."""
    return _reachable(releases.active(), models)


@functools.cache
def _reachable(release: str, models: tuple[str, ...]) -> dict[str, tuple[Any, ...]]:
    found: dict[str, tuple[Any, ...]] = {}
    for model in models:
        # the other listed models are walked from their own root
        for step in walk(_schema(model), follow=_schema, model=model, skip=models):
            if "enum" in step.schema:
                found[_enum_name(step)] = tuple(step.schema["enum"])
    return found


class EnumCoverage:
    """Counts enum values seen in payloads, per enum."""

    def __init__(self) -> None:
        self.seen: dict[str, Counter[Any]] = {}

    def record(self, model: str, payload: Any) -> None:
        for step in walk(_schema(model), instance=payload, follow=_schema, model=model):
            if "enum" in step.schema and step.value in step.schema["enum"]:
                self.seen.setdefault(_enum_name(step), Counter())[step.value] += 1

    def missing(self, models: Iterable[str]) -> dict[str, list[Any]]:
        """{enum name: values never seen} for the enums reachable from `models` (empty when all were sent)."""
        out: dict[str, list[Any]] = {}
        for name, values in reachable_enums(*models).items():
            absent = [v for v in values if not self.seen.get(name, Counter())[v]]
            if absent:
                out[name] = absent
        return out

    def report(self, models: Iterable[str]) -> str:
        lines: list[str] = []
        for name, values in sorted(reachable_enums(*models).items()):
            counts = self.seen.get(name, Counter())
            shown = ", ".join(f"{v}={counts[v]}" for v in values)
            lines.append(f"{'ok  ' if all(counts[v] for v in values) else 'MISS'} {name}: {shown}")
        return "\n".join(lines)
