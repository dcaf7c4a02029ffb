"""What a run exercised: operations and status codes, enum values sent, examples run."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import contracts
import strategies
from strategies import coverage


class RunRecord:
    def __init__(self):
        self.attached = False
        self.statuses: Counter[tuple[str, int]] = Counter()
        self.enums = coverage.EnumCoverage()
        self.examples = 0
        self.cleanup_problems: list[str] = []

    def attach(self, client) -> None:
        self.attached = True
        self.statuses = client.statuses
        client.listeners.append(self._observe)

    def _observe(self, exchange) -> None:
        model = contracts.operations().get(exchange.path, {}).get("request")
        if model and exchange.body is not None and not exchange.raw:
            self.enums.record(model, exchange.body)

    def by_operation(self) -> dict[str, dict[int, int]]:
        table: dict[str, dict[int, int]] = {}
        for (path, status), count in sorted(self.statuses.items()):
            table.setdefault(path, {})[status] = count
        return table

    def enum_counts(self) -> tuple[int, int, list[str]]:
        """(values sent, values reachable, 'Enum=value' never sent) over the webBackend request models."""
        reachable = coverage.reachable_enums(*strategies.REQUEST_MODELS)
        missing = [f"{name}={value}" for name, values in self.enums.missing(strategies.REQUEST_MODELS).items()
                   for value in values]
        total = sum(len(values) for values in reachable.values())
        return total - len(missing), total, missing

    def summary_lines(self) -> list[str]:
        lines = ["", "webBackend contract suite: what this run exercised"]
        for path, statuses in self.by_operation().items():
            shown = ", ".join(f"{status}x{count}" for status, count in statuses.items())
            lines.append(f"  {path:48s} {shown}")
        seen, total, missing = self.enum_counts()
        lines.append(f"  enum values sent: {seen}/{total}; examples run: {self.examples}; "
                     f"requests: {sum(self.statuses.values())}")
        if missing:
            lines.append("  enum values never sent: " + ", ".join(missing[:12]) + (" ..." if len(missing) > 12 else ""))
        for problem in self.cleanup_problems:
            lines.append(f"  CLEANUP FAILED: {problem} (delete it by hand)")
        return lines

    def as_dict(self, settings) -> dict:
        seen, total, missing = self.enum_counts()
        return {
            "target": settings.api_url or "embedded",
            "run_id": settings.run_id,
            "operations": {p: {str(s): c for s, c in st.items()} for p, st in self.by_operation().items()},
            "enum_values_sent": seen,
            "enum_values_total": total,
            "enum_values_missing": missing,
            "examples": self.examples,
            "requests": sum(self.statuses.values()),
            "cleanup_problems": self.cleanup_problems,
        }

    def write_json(self, path: str, settings) -> None:
        Path(path).write_text(json.dumps(self.as_dict(settings), indent=2) + "\n", encoding="utf-8")
