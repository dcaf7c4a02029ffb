"""Drift check: compare a server's OpenAPI document with our contracts, model by model.

    python -m contracts.drift http://localhost:8000/api/v1/openapi
    python -m contracts.drift path/to/airbyte-config-api.yaml [--json]
    python -m contracts.drift path/to/config.yaml --release v2.0.0   (the contract set of another release)

Every difference is reported (fields added or removed, required changes, enum values added or
removed, type/format/ref changes, nullability). Differences that contracts/deviations.json
explains (the server and its document disagree, and the contract follows the server) are
listed apart. Exit status: 0 when everything is explained, 1 when the contracts are out of
date, 2 when the document cannot be read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from contracts import _store, releases
from contracts.navigation import ITEMS, Parts, non_null, walk

DEVIATIONS_PATH = _store.HERE / "deviations.json"


@dataclass(frozen=True, order=True)
class Change:
    model: str
    location: str  # dotted path inside the model; "" for the model itself, "[]" for array items
    kind: str
    detail: str

    def __str__(self) -> str:
        where = f"{self.model}.{self.location}" if self.location else self.model
        return f"{where}: {self.kind} {self.detail}".rstrip()


class DocumentError(Exception):
    """The document could not be fetched or parsed; the message says why and what to do."""


# ---- reading a document ------------------------------------------------------------------

def load_document(source: str, *, token: str | None = None, basic: tuple[str, str] | None = None) -> dict:
    if source.startswith(("http://", "https://")):
        text = _fetch(source, token=token, basic=basic)
    else:
        path = Path(source)
        if not path.is_file():
            raise DocumentError(f"no such file: {source} (give a file path or an http(s) URL)")
        text = path.read_text(encoding="utf-8")
    try:
        doc = yaml.safe_load(text)  # YAML is a superset of JSON: one parser for both
    except yaml.YAMLError as exc:
        raise DocumentError(f"{source} is neither JSON nor YAML: {exc}".splitlines()[0]) from None
    if not isinstance(doc, dict) or "components" not in doc:
        raise DocumentError(f"{source} is not an OpenAPI document (no 'components' section)")
    return doc


def _fetch(url: str, *, token, basic) -> str:
    import httpx

    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        response = httpx.get(url, headers=headers, auth=basic, timeout=30, follow_redirects=True)
    except httpx.HTTPError as exc:
        raise DocumentError(f"cannot fetch {url}: {exc}") from None
    if response.status_code in (401, 403):
        raise DocumentError(
            f"{url} answered {response.status_code}: set AIRBYTE_API_TOKEN or AIRBYTE_USERNAME/AIRBYTE_PASSWORD"
        )
    if response.status_code != 200:
        raise DocumentError(f"{url} answered {response.status_code}, expected 200 with the OpenAPI document")
    return response.text


def document_models(doc: dict) -> dict[str, dict]:
    return doc.get("components", {}).get("schemas", {}) or {}


# ---- flattening a schema into comparable facts -------------------------------------------

def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1].removesuffix(".json")


def _unwrap_null(node: dict) -> tuple[dict, bool]:
    """Return (schema without its null alternative, whether null is allowed), for both
    OpenAPI 3.0 (`nullable: true`) and JSON Schema (`type: [t, "null"]`, `anyOf: [X, {type: null}]`)."""
    nullable = bool(node.get("nullable"))
    merged = non_null(node)
    if merged is not node:
        return merged, True
    types = node.get("type")
    if isinstance(types, list) and "null" in types:
        others = [t for t in types if t != "null"]
        node = {**node, "type": others[0] if len(others) == 1 else others}
        if "enum" in node:
            node["enum"] = [v for v in node["enum"] if v is not None]
        return node, True
    return node, nullable


def facts(node: dict, location: str = "") -> dict[tuple[str, str], object]:
    """Flatten one schema into {(location, fact): value}; refs are compared by target, not followed."""
    out: dict[tuple[str, str], object] = {}
    for step in walk(node or {}, into=("properties", "items"), unwrap_null=True):
        out.update(_node_facts(step.schema or {}, _located(location, step.parts)))
    return out


def _located(location: str, parts: Parts) -> str:
    """The dotted location of `parts` below `location`: "a.b", "[]" for array items."""
    for part in parts:
        location = f"{location}[]" if part == ITEMS else _join(location, str(part))
    return location


def _node_facts(node: dict, location: str) -> dict[tuple[str, str], object]:
    """The facts of one node (its properties and items are nodes of their own)."""
    node, nullable = _unwrap_null(node)
    out: dict[tuple[str, str], object] = {(location, "nullable"): nullable}
    if "$ref" in node:
        out[(location, "ref")] = _ref_name(node["$ref"])
        return out
    if "type" in node:
        out[(location, "type")] = node["type"] if isinstance(node["type"], str) else ",".join(sorted(node["type"]))
    if "format" in node:
        out[(location, "format")] = node["format"]
    if "enum" in node:
        out[(location, "enum")] = frozenset(v for v in node["enum"] if v is not None)
    if node.get("type") == "object" or "properties" in node:
        out[(location, "required")] = frozenset(node.get("required", ()))
        out[(location, "properties")] = frozenset(node.get("properties", {}))
        out[(location, "additionalProperties")] = node.get("additionalProperties", True) is not False
    return out


def _describe(fact: str, theirs, ours) -> list[tuple[str, str]]:
    """Turn one differing fact into (kind, detail) pairs, each readable on its own."""
    if fact in ("properties", "required", "enum"):
        theirs, ours = theirs or frozenset(), ours or frozenset()
        noun = {"properties": "field", "required": "required", "enum": "enum_value"}[fact]
        return [(f"{noun}_added", repr(v)) for v in sorted(theirs - ours, key=str)] + [
            (f"{noun}_removed", repr(v)) for v in sorted(ours - theirs, key=str)
        ]
    kind = {"type": "type_changed", "format": "format_changed", "ref": "ref_changed",
            "nullable": "nullable_changed", "additionalProperties": "additional_properties_changed"}[fact]
    return [(kind, f"document {theirs!r}, contract {ours!r}")]


def _join(location: str, prop: str) -> str:
    return f"{location}.{prop}" if location else prop


def _under(location: str, fields: set[str]) -> bool:
    return any(location == f or location.startswith((f + ".", f + "[]")) for f in fields)


def compare_model(name: str, theirs: dict | None, ours: dict) -> list[Change]:
    if theirs is None:
        return [Change(name, "", "model_removed", "the document no longer defines this model")]
    mine, doc = facts(ours), facts(theirs)
    keys = sorted(set(mine) | set(doc))
    changes, one_sided = [], set()
    for location, fact in keys:
        if fact == "properties":
            theirs_props = doc.get((location, fact)) or frozenset()
            ours_props = mine.get((location, fact)) or frozenset()
            assert isinstance(theirs_props, frozenset) and isinstance(ours_props, frozenset)  # as facts() stores them
            one_sided |= {_join(location, p) for p in theirs_props ^ ours_props}
            for kind, detail in _describe(fact, theirs_props, ours_props):
                changes.append(Change(name, location, kind, detail))
    for key in keys:
        location, fact = key
        if fact == "properties" or doc.get(key) == mine.get(key) or _under(location, one_sided):
            continue  # a field on one side only is reported once, as field_added/field_removed
        if fact in ("nullable", "additionalProperties") and (key not in doc or key not in mine):
            continue  # the node changed kind (e.g. object -> string): its type change says it
        for kind, detail in _describe(fact, doc.get(key), mine.get(key)):
            changes.append(Change(name, location, kind, detail))
    return sorted(changes)


def compare(doc: dict) -> list[Change]:
    models = document_models(doc)
    return [change for name in _store.names() for change in compare_model(name, models.get(name), _store.body(name))]


# ---- known deviations --------------------------------------------------------------------

def deviations() -> list[dict]:
    """The known deviations of the contract set being served (contracts.releases.use)."""
    path = releases.directory(releases.active()) / DEVIATIONS_PATH.name
    return json.loads(path.read_text(encoding="utf-8"))["deviations"]


def explained_by(change: Change, deviation: dict) -> bool:
    for entry in deviation["changes"]:
        if entry["model"] not in ("*", change.model) or entry["kind"] != change.kind:
            continue
        if entry.get("location", change.location) not in ("*", change.location):
            continue
        if "detail" in entry and entry["detail"] != change.detail:
            continue
        if "models" in entry and change.model not in entry["models"]:
            continue
        return True
    return False


def triage(changes: list[Change]) -> tuple[list[tuple[Change, str]], list[Change]]:
    known, unexplained = [], []
    table = deviations()
    for change in changes:
        match = next((d["id"] for d in table if explained_by(change, d)), None)
        if match:
            known.append((change, match))
        else:
            unexplained.append(change)
    return known, unexplained


# ---- report ------------------------------------------------------------------------------

def report(source: str, known, unexplained) -> str:
    lines = [f"drift check of {len(_store.names())} contracts of {releases.active()} against {source}"]
    if unexplained:
        lines.append(f"\nOUT OF DATE: {len(unexplained)} difference(s) the contracts do not explain:")
        model = None
        for change in unexplained:
            if change.model != model:
                model = change.model
                lines.append(f"  {model}")
            lines.append(f"    - {change.location or '(model)'}: {change.kind} {change.detail}".rstrip())
        lines.append("\nUpdate contracts/schemas (or, if the server really differs from its document, "
                     "add the deviation to contracts/deviations.json and contracts/DEVIATIONS.md).")
    else:
        lines.append("\nup to date: every difference is a known deviation")
    by_id: dict[str, list[Change]] = {}
    for change, dev in known:
        by_id.setdefault(dev, []).append(change)
    if by_id:
        where = releases.directory(releases.active()).relative_to(releases.CONTRACTS_DIR.parent) / "DEVIATIONS.md"
        lines.append(f"\nknown deviations ({len(known)} difference(s), see {where}):")
        for dev, items in by_id.items():
            lines.append(f"  {dev}: {len(items)} difference(s), e.g. {items[0]}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m contracts.drift", description=__doc__.splitlines()[0])
    parser.add_argument("document", help="the server's OpenAPI document: a file, or a URL such as "
                        "http://localhost:8000/api/v1/openapi")
    parser.add_argument("--json", action="store_true", help="print the differences as JSON")
    parser.add_argument("--release", default=releases.DEFAULT, choices=releases.available(),
                        help=f"the contract set to compare (default {releases.DEFAULT})")
    args = parser.parse_args(argv)
    releases.use(args.release)
    basic = None
    if os.environ.get("AIRBYTE_USERNAME"):
        basic = (os.environ["AIRBYTE_USERNAME"], os.environ.get("AIRBYTE_PASSWORD", ""))
    try:
        doc = load_document(args.document, token=os.environ.get("AIRBYTE_API_TOKEN"), basic=basic)
    except DocumentError as exc:
        print(f"drift check: {exc}", file=sys.stderr)
        return 2
    known, unexplained = triage(compare(doc))
    if args.json:
        print(json.dumps({
            "unexplained": [asdict(c) for c in unexplained],
            "known": [{**asdict(c), "deviation": d} for c, d in known],
        }, indent=2))
    else:
        print(report(args.document, known, unexplained))
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
