"""Upgrade report: what changes between two releases' contract sets mean for a client of the older one.

    python -m contracts.upgrade v0.42.1 v2.0.0 [--output report.md]

Each change of an operation the older set has is classified as oasdiff classifies OpenAPI changes, by
the direction the data flows (a new enum value is harmless in a request and can break a client reading a
response):
    error    breaking: removed operations, removed or retyped fields, narrowed request enums, new required
             request fields, removed success statuses, responses that may now carry null
    warning  may break: optional response fields removed, response enums widened, request fields the
             server now ignores, error statuses removed
    info     additive: new operations, new optional fields, new statuses, widened request enums
Rule names follow oasdiff's check ids. Exit status 0, or 2 when a release has no contract set.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from contracts import releases
from contracts.drift import _unwrap_null

LEVELS = ("error", "warning", "info")


@dataclass(frozen=True, order=True)
class Finding:
    level: str  # error | warning | info
    operation: str
    rule: str  # oasdiff's check id for the same kind of change
    where: str
    detail: str = ""


class ContractSet:
    """One release's operations and models, read from its directory (independent of contracts.releases.use)."""

    def __init__(self, release: str, operations: dict | None = None, models: dict | None = None):
        """A release's committed set; or, given operations and models, a set built in memory."""
        self.release = release
        committed = operations is None
        if operations is None:
            root = releases.directory(release)
            operations = json.loads((root / "operations.json").read_text(encoding="utf-8"))
            models = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (root / "schemas").glob("*.json")}
        self.operations: dict = operations
        self.models: dict = models or {}
        self.deviations: dict[str, str] = {}
        if committed:
            table = json.loads((releases.directory(release) / "deviations.json").read_text(encoding="utf-8"))
            self.deviations = {d["id"]: d["summary"] for d in table["deviations"]}

    def resolve(self, node, seen: tuple[str, ...] = ()):
        if isinstance(node, dict):
            if "$ref" in node:
                name = node["$ref"].removesuffix(".json")
                return {"title": name} if name in seen else self.resolve(self.models[name], (*seen, name))
            return {k: self.resolve(v, seen) for k, v in node.items()}
        if isinstance(node, list):
            return [self.resolve(v, seen) for v in node]
        return node

    def model(self, name: str | None) -> dict | None:
        return None if name is None else self.resolve({"$ref": name + ".json"})


def flatten(node: dict | None, location: str = "$") -> dict[str, dict]:
    """{location: {type, enum, required, properties, nullable}} for every node reachable by properties/items."""
    if node is None:
        return {}
    node, nullable = _unwrap_null(node)
    types = node.get("type")
    out = {location: {"type": ",".join(types) if isinstance(types, list) else types, "nullable": nullable,
                      "enum": frozenset(v for v in node.get("enum", ()) if v is not None) or None,
                      "required": frozenset(node.get("required", ())),
                      "properties": frozenset(node.get("properties", {}))}}
    for prop, sub in node.get("properties", {}).items():
        out.update(flatten(sub, f"{location}.{prop}"))
    if isinstance(node.get("items"), dict):
        out.update(flatten(node["items"], f"{location}[]"))
    return out


def _compare_nodes(old: dict, new: dict, where: str, direction: str, emit) -> None:
    if old["type"] and new["type"] and old["type"] != new["type"]:
        emit("error", f"{direction}-property-type-changed", where, f"{old['type']} -> {new['type']}")
    if old["enum"] and new["enum"]:
        for value in sorted(old["enum"] - new["enum"], key=str):
            emit("error" if direction == "request" else "info", f"{direction}-property-enum-value-removed",
                 where, repr(value))
        for value in sorted(new["enum"] - old["enum"], key=str):
            emit("info" if direction == "request" else "warning", f"{direction}-property-enum-value-added",
                 where, repr(value))
    if direction == "request" and old["nullable"] and not new["nullable"]:
        emit("error", "request-property-became-not-nullable", where)
    if direction == "response" and new["nullable"] and not old["nullable"]:
        emit("error", "response-property-became-nullable", where)
    for prop in sorted(old["properties"] - new["properties"]):
        if direction == "request":
            emit("warning", "request-property-removed", f"{where}.{prop}", "the server no longer reads it")
        else:
            required = prop in old["required"]
            emit("error" if required else "warning",
                 f"response-{'required' if required else 'optional'}-property-removed", f"{where}.{prop}")
    for prop in sorted(new["properties"] - old["properties"]):
        if direction == "request":
            required = prop in new["required"]
            emit("error" if required else "info",
                 "new-required-request-property" if required else "new-optional-request-property",
                 f"{where}.{prop}")
        else:
            emit("info", "response-property-added", f"{where}.{prop}")
    kept = old["properties"] & new["properties"]
    if direction == "request":
        for prop in sorted((new["required"] - old["required"]) & kept):
            emit("error", "request-property-became-required", f"{where}.{prop}")
    else:
        for prop in sorted((old["required"] - new["required"]) & kept):
            emit("error", "response-property-became-optional", f"{where}.{prop}")


def compare_schemas(old: dict | None, new: dict | None, direction: str, emit) -> None:
    old_nodes, new_nodes = flatten(old), flatten(new)
    for location in sorted(set(old_nodes) & set(new_nodes)):
        _compare_nodes(old_nodes[location], new_nodes[location], location, direction, emit)


def compare_operation(path: str, old: dict, new: dict, older: ContractSet, newer: ContractSet, emit) -> None:
    if old["method"] != new["method"]:
        emit("error", "api-operation-method-changed", path, f"{old['method']} -> {new['method']}")
    if old["request"] and not new["request"]:
        emit("warning", "request-body-removed", path)
    elif new["request"] and not old["request"]:
        emit("error", "request-body-added", path)
    else:
        compare_schemas(older.model(old["request"]), newer.model(new["request"]), "request", emit)
    for status in sorted(set(old["responses"]) - set(new["responses"])):
        success = status.startswith("2")
        emit("error" if success else "warning",
             f"response-{'success' if success else 'non-success'}-status-removed", path, status)
    for status in sorted(set(new["responses"]) - set(old["responses"])):
        emit("info", f"response-{'success' if status.startswith('2') else 'non-success'}-status-added",
             path, status)
    for status in sorted(set(old["responses"]) & set(new["responses"])):
        def at_status(level, rule, where, detail="", status=status):  # error bodies are read too
            emit(level, rule, where if status.startswith("2") else f"{status} {where}", detail)

        compare_schemas(older.model(old["responses"][status]), newer.model(new["responses"][status]),
                        "response", at_status)


WEB_BACKEND = "/v1/web_backend/"


def uncovered(older: ContractSet, newer: ContractSet) -> list[str]:
    """Setup operations only one set has. A set covers every web_backend operation of its release but only
    the setup operations the suite uses, so a setup operation missing from a set says nothing about the
    release: it is neither removed nor added, and is not compared."""
    return sorted(path for path in set(older.operations) ^ set(newer.operations) if not path.startswith(WEB_BACKEND))


def compare(older: ContractSet, newer: ContractSet) -> list[Finding]:
    findings: list[Finding] = []
    skipped = set(uncovered(older, newer))
    for path in sorted((set(older.operations) | set(newer.operations)) - skipped):
        old, new = older.operations.get(path), newer.operations.get(path)

        def emit(level, rule, where, detail="", path=path):
            findings.append(Finding(level, path, rule, where, detail))

        if old is not None and new is not None:
            compare_operation(path, old, new, older, newer, emit)
        elif old is not None:
            emit("error", "api-path-removed-without-deprecation", path, old["operationId"])
        elif new is not None:
            emit("info", "api-path-added", path, new["operationId"])
    return sorted(findings, key=lambda f: (LEVELS.index(f.level), f.operation, f.rule, f.where, f.detail))


TITLES = {"error": "Breaking for a client of {old} (error)", "warning": "May break a client of {old} (warning)",
          "info": "Additive (info)"}


def summary(findings: list[Finding], older: ContractSet, newer: ContractSet) -> list[str]:
    lines = ["| | error | warning | info |", "|---|---|---|---|"]
    for label, web_backend in (("web_backend operations", True), ("setup operations", False)):
        def is_web(path):
            return path.startswith("/v1/web_backend/")
        chosen = [f for f in findings if is_web(f.operation) == web_backend]
        counts = [sum(1 for f in chosen if f.level == level) for level in LEVELS]
        lines.append(f"| {label} | " + " | ".join(map(str, counts)) + " |")
    return lines


def behaviour(older: ContractSet, newer: ContractSet) -> list[str]:
    """Where each server differs from its own document (the releases' deviations), side by side."""
    gone = sorted(set(older.deviations) - set(newer.deviations))
    new = sorted(set(newer.deviations) - set(older.deviations))
    if not gone and not new:
        return []
    lines = ["## Behaviour (the releases' deviations from their documents)", ""]
    if gone:
        lines.append(f"Known of {older.release}, not (yet) established for {newer.release}: "
                     + ", ".join(f"`{d}`" for d in gone) + ".")
    for dev in new:
        lines.append(f"- {newer.release} `{dev}`: {newer.deviations[dev]}")
    return [*lines, ""]


def render(findings: list[Finding], older: ContractSet, newer: ContractSet) -> str:
    lines = [f"# Upgrade report: a client of Airbyte {older.release} against a server of {newer.release}", "",
             f"Contract sets compared: {older.release} ({len(older.operations)} operations, "
             f"{len(older.models)} models) and {newer.release} ({len(newer.operations)} operations, "
             f"{len(newer.models)} models); levels as oasdiff's `breaking` command uses them.", "",
             *summary(findings, older, newer), ""]
    if uncovered(older, newer):
        lines += ["Not compared (setup operations only one of the sets covers; a set holds only the setup "
                  "operations the suite uses, so their absence from a set is not a removal): "
                  + ", ".join(f"`{path}`" for path in uncovered(older, newer)), ""]
    lines += behaviour(older, newer)
    for level in LEVELS:
        chosen = [f for f in findings if f.level == level]
        lines += [f"## {TITLES[level].format(old=older.release)}: {len(chosen)}", ""]
        if chosen:
            lines += ["| operation | rule | where | detail |", "|---|---|---|---|"]
            lines += [f"| `{f.operation}` | {f.rule} | `{f.where}` | {f.detail} |" for f in chosen]
            lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m contracts.upgrade", description=__doc__.splitlines()[0])
    parser.add_argument("older", help="the release the client speaks, e.g. v0.42.1")
    parser.add_argument("newer", help="the release the server runs, e.g. v2.0.0")
    parser.add_argument("--output", help="write the markdown report to this file instead of printing it")
    args = parser.parse_args(argv)
    try:
        older, newer = ContractSet(args.older), ContractSet(args.newer)
    except KeyError as exc:
        print(f"upgrade: {exc.args[0]}", file=sys.stderr)
        return 2
    text = render(compare(older, newer), older, newer)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
