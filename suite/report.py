"""What a run exercised and found: per operation the statuses seen and examples run, enum values
sent, failures with their reproductions, what was replayed from the example database, what the time
budget cut short. Printed at the end of the run; written as summary.json and report.md with
--airbyte-report DIR. Under pytest-xdist each worker keeps its own record and the controller adds
them up (state() / merge())."""

from __future__ import annotations

import functools
import json
import time
from collections import Counter
from pathlib import Path

import contracts
import strategies
from strategies import coverage
from suite import progress, quirks
from suite.report_markdown import render_markdown

# read-only here: one copy of the operation table, not a deep copy per request
_operations = functools.cache(contracts.operations)


class RunRecord:
    def __init__(self):
        self.attached = False
        self.statuses: Counter[tuple[str, int]] = Counter()
        self.enums = coverage.EnumCoverage()
        self.tally = progress.Tally()
        self.cleanup_problems: list[str] = []
        self.failures: list[dict] = []  # one per failed test: test, operation, message, reproduction, seed
        self.replayed: list[dict] = []  # tests that replayed saved examples: test, examples, failing
        self.stopped: list[dict] = []  # tests the time budget cut short: test, examples
        self.outcomes: Counter[str] = Counter()
        self.started = time.time()
        self.finished: float | None = None
        self.workers = 0
        self.target_urls: set[str] = set()  # one per run, however many workers
        self.fatal: str | None = None  # why the run ended before it could test anything
        self.quirks = quirks.MET  # known Airbyte quirks met (tolerated by a rule, never silently)
        self.additive = quirks.ADDITIVE  # compatibility mode: fields new to the client's release

    def attach(self, client) -> None:
        self.attached = True
        self.target_urls.add(client.url)
        self.statuses = client.statuses
        client.listeners.append(self._observe)
        client.listeners.append(self.tally.observe)

    def _observe(self, exchange) -> None:
        model = _operations().get(exchange.path, {}).get("request")
        if model and exchange.body is not None and not exchange.raw:
            self.enums.record(model, exchange.body)

    # --- pytest-xdist: a worker's record travels to the controller as plain data

    def state(self) -> dict:
        return {
            "statuses": [[path, status, count] for (path, status), count in self.statuses.items()],
            "enums": {name: dict(counts) for name, counts in self.enums.seen.items()},
            "tally": self.tally.snapshot(),
            "cleanup_problems": self.cleanup_problems,
            "replayed": self.replayed,
            "stopped": self.stopped,
            "target_urls": sorted(self.target_urls),
            "quirks": self.quirks.state(),
            "additive": self.additive.state(),
        }

    def merge(self, state: dict) -> None:
        self.attached = True
        self.workers += 1
        for path, status, count in state["statuses"]:
            self.statuses[(path, status)] += count
        for name, counts in state["enums"].items():
            self.enums.seen.setdefault(name, Counter()).update(counts)
        for key in ("requests", "examples"):
            getattr(self.tally, key).update(state["tally"][key])
        self.tally.count += state["tally"]["count"]
        self.cleanup_problems += state["cleanup_problems"]
        self.replayed += state["replayed"]
        self.stopped += state["stopped"]
        self.target_urls.update(state["target_urls"])
        self.quirks.merge(state["quirks"])
        self.additive.merge(state["additive"])

    # --- what the run found, from the test reports (in the controller under xdist)

    def observe_report(self, report) -> None:
        if report.when == "call":
            self.outcomes[report.outcome] += 1
        elif report.failed:
            self.outcomes["error"] += 1
        elif report.skipped:
            self.outcomes["skipped"] += 1
        if report.failed:
            found = getattr(report, "airbyte_failure", None) or {}
            if found.get("operation"):
                self.tally.failures[found["operation"]] += 1
            same_as = getattr(report, "airbyte_same_as", None)
            if same_as:  # a shared fixture's error, reported in full for the first test that met it
                self.failures.append({"test": report.nodeid, "phase": report.when, "same_as": same_as})
                return
            if not found and report.when != "call":
                found = {"message": str(report.longrepr)[:8000]}
            self.failures.append({"test": report.nodeid, "phase": report.when, **found,
                                  "seed": _section(report, "hypothesis seed")})

    # --- views

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

    @property
    def examples(self) -> int:
        return self.tally.count

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    def elapsed(self) -> float:
        return (self.finished or time.time()) - self.started

    def summary_lines(self) -> list[str]:
        lines = ["", "webBackend contract suite: what this run exercised"]
        for path, statuses in self.by_operation().items():
            shown = ", ".join(f"{status}x{count}" for status, count in statuses.items())
            lines.append(f"  {path:48s} {shown}")
        seen, total, missing = self.enum_counts()
        rate = self.requests / max(self.elapsed(), 1e-9)
        lines.append(f"  enum values sent: {seen}/{total}; examples run: {self.examples}; "
                     f"requests: {self.requests} in {self.elapsed():.0f}s ({rate:.1f}/s)"
                     + (f"; {self.workers} workers" if self.workers else ""))
        if missing:
            lines.append("  enum values never sent: " + ", ".join(missing[:12]) + (" ..." if len(missing) > 12 else ""))
        for replay in self.replayed:
            lines.append(f"  replayed from the example database: {replay['test']} "
                         f"({replay['examples']} saved, {replay['failing']} failing)")
        for stop in self.stopped:
            lines.append(f"  time budget: {stop['test']} stopped after {stop['examples']} examples")
        for row in self.quirks.rows():
            lines.append(f"  known Airbyte quirk (tolerated, not a failure): {row['count']} x {row['rule']}")
        for row in self.additive.rows():
            lines.append(f"  additive change (compatibility mode, not a failure): {row['count']} x {row['rule']}")
        for problem in self.cleanup_problems:
            lines.append(f"  CLEANUP FAILED: {problem} (delete it by hand)")
        return lines

    def as_dict(self, settings, context: dict) -> dict:
        seen, total, missing = self.enum_counts()
        operations, setup = {}, {}
        for path, statuses in self.by_operation().items():
            op = progress.operation_of(path)
            if op == "setup":
                setup[path] = {str(s): c for s, c in statuses.items()}
                continue
            operations[path] = {
                "statuses": {str(s): c for s, c in statuses.items()},
                "examples": self.tally.examples.get(op, 0),
                "failed_tests": self.tally.failures.get(op, 0),
            }
        return {
            "target": settings.api_url or "embedded",
            "target_urls": sorted(self.target_urls),
            "run_id": settings.run_id,
            "verdict": verdict(self.failures, self.cleanup_problems, context.get("exit_status"), self.fatal),
            **context,
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.started)),
            "seconds": round(self.elapsed(), 1),
            "workers": self.workers,
            "tests": dict(self.outcomes),
            "examples": self.examples,
            "requests": self.requests,
            "requests_per_second": round(self.requests / max(self.elapsed(), 1e-9), 1),
            "operations": operations,
            "setup_requests": setup,
            "enum_values_sent": seen,
            "enum_values_total": total,
            "enum_values_missing": missing,
            "enum_values": {name: dict(counts) for name, counts in sorted(self.enums.seen.items())},
            "failures": self.failures,
            "replayed_from_database": self.replayed,
            "stopped_by_time_budget": self.stopped,
            "cleanup_problems": self.cleanup_problems,
            "known_quirks": self.quirks.rows(),
            "additive_changes": self.additive.rows(),
        }

    def write(self, directory: str, settings, context: dict) -> list[Path]:
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        data = self.as_dict(settings, context)
        summary, markdown = out / "summary.json", out / "report.md"
        summary.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        markdown.write_text(render_markdown(data), encoding="utf-8")
        return [summary, markdown]


def verdict(failures: list, cleanup_problems: list, exit_status: int | None, fatal: str | None = None) -> str:
    if fatal:
        return f"DID NOT COMPLETE ({fatal})"
    if failures:
        return "FAILED"
    if exit_status not in (None, 0):
        return f"DID NOT COMPLETE (pytest exit status {exit_status})"
    if cleanup_problems:
        return "passed, but objects were left on the target"
    return "passed"


def _section(report, title: str) -> str | None:
    return next((text for name, text in report.sections if name == title), None)
