"""Generate a release's contract set from Airbyte's OpenAPI document (the platform's config.yaml).

    python -m contracts.generate v2.0.0 path/to/config.yaml

writes contracts/releases/<release>/schemas/*.json and operations.json: every web_backend operation of
the document, the setup endpoints the suite uses where the document has them, and every model they
reference, converted to draft-07 JSON Schema (descriptions dropped, `nullable` as a null alternative,
integer formats bounded). The release's deviations (contracts/releases/<release>/deviations.json) are
then applied: each deviation's `patch` list says how the contract follows the server rather than the
document, and its `changes` list what the drift check will then see. Adding a release is this command
plus that deviations file.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from contracts import _store
from contracts.drift import DocumentError, load_document
from contracts.releases import RELEASES_DIR

SCHEMA_URI = "http://json-schema.org/draft-07/schema#"
# setup endpoints the suite may call, by operationId; each release keeps those its document has
SETUP_OPERATIONS = (
    "getHealthCheck", "getInstanceConfiguration", "createWorkspace", "getWorkspace", "deleteWorkspace",
    "listWorkspaces", "listWorkspacesInOrganization", "listOrganizationsByUser", "listDataplaneGroups",
    "listSourceDefinitions", "listDestinationDefinitions", "getSourceDefinitionSpecification",
    "getDestinationDefinitionSpecification", "createSource", "getSource", "deleteSource",
    "discoverSchemaForSource", "createDestination", "getDestination", "deleteDestination", "getConnection",
    "deleteConnection", "listConnectionsForWorkspace", "createOperation", "getOperation",
    "listOperationsForConnection", "deleteOperation", "getState", "createOrUpdateState",
    # the E2E source's schema changes, syncs and resets (tests/test_refresh.py, test_lifecycle.py, test_jobs.py)
    "updateSource", "syncConnection", "resetConnection", "getJobInfo", "listJobsFor",
)
KEPT = {"type", "format", "enum", "properties", "required", "items", "additionalProperties", "default",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern",
        "minItems", "maxItems", "uniqueItems", "multipleOf", "allOf", "oneOf", "anyOf", "not", "const"}
INTEGER_BOUNDS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
COMPONENT = "#/components/schemas/"


def _ref_model(ref: str) -> str:
    if not ref.startswith(COMPONENT):
        raise DocumentError(f"unsupported $ref {ref!r}: only {COMPONENT}<Model> is understood")
    return ref[len(COMPONENT):]


def convert(node):
    """One OpenAPI 3.0 schema node as draft-07, refs pointing at the sibling files."""
    if isinstance(node, list):
        return [convert(v) for v in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:  # siblings of a $ref mean nothing in OpenAPI 3.0, except Airbyte's `nullable`
        ref = {"$ref": _ref_model(node["$ref"]) + ".json"}
        return {"anyOf": [ref, {"type": "null"}]} if node.get("nullable") else ref
    out = {}
    for key, value in node.items():
        if key not in KEPT:
            continue
        if key == "properties":
            out[key] = {name: convert(sub) for name, sub in value.items()}
        elif key in ("items", "not", "allOf", "oneOf", "anyOf") or (
                key == "additionalProperties" and isinstance(value, dict)):
            out[key] = convert(value)
        else:
            out[key] = value
    bounds = INTEGER_BOUNDS.get(out.get("format")) if out.get("type") == "integer" else None
    if bounds:
        out.setdefault("minimum", bounds[0])
        out.setdefault("maximum", bounds[1])
    if node.get("nullable"):
        out = _allow_null(out)
    return out


def _allow_null(node: dict) -> dict:
    if isinstance(node.get("type"), str):
        node = {**node, "type": [node["type"], "null"]}
        if "enum" in node:
            node["enum"] = [*node["enum"], None]
        return node
    return {"anyOf": [node, {"type": "null"}]}


def _refs(node, found: set[str]) -> None:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            found.add(ref.removesuffix(".json") if ref.endswith(".json") else _ref_model(ref))
        for value in node.values():
            _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)


def _response_model(doc: dict, response) -> str | None:
    if isinstance(response, dict) and "$ref" in response:
        response = doc["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    schema = ((response or {}).get("content") or {}).get("application/json", {}).get("schema")
    return _ref_model(schema["$ref"]) if schema and "$ref" in schema else None


def _request_model(op: dict) -> str | None:
    schema = (op.get("requestBody") or {}).get("content", {}).get("application/json", {}).get("schema")
    return _ref_model(schema["$ref"]) if schema and "$ref" in schema else None


def select_operations(doc: dict) -> dict[str, dict]:
    """Every web_backend operation, and the setup operations the document has; in document order."""
    table = {}
    for path, item in doc.get("paths", {}).items():
        for method, op in item.items():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            web_backend = path.startswith("/v1/web_backend/")
            if not web_backend and op["operationId"] not in SETUP_OPERATIONS:
                continue
            table[path] = {
                "method": method.upper(), "operationId": op["operationId"], "webBackend": web_backend,
                "request": _request_model(op),
                "responses": {str(s): _response_model(doc, r) for s, r in op.get("responses", {}).items()},
            }
    return table


def closure(models: dict, operations: dict) -> list[str]:
    todo = {m for e in operations.values() for m in [e["request"], *e["responses"].values()] if m}
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in models:
            raise DocumentError(f"{name!r} is referred to but not defined")
        seen.add(name)
        _refs(models[name], todo)
    return sorted(seen)


def model_file(name: str, body: dict) -> dict:
    return {"$schema": SCHEMA_URI, "$id": _store.BASE_URI + name + ".json", "title": name, **body}


def generate(doc: dict, deviations: list[dict]) -> tuple[dict[str, dict], dict]:
    """(schemas by model name, operation table) for one document and its release's deviations."""
    from contracts.patches import apply

    operations = select_operations(doc)
    models = doc["components"]["schemas"]
    schemas = {name: convert(models[name]) for name in closure(models, operations)}
    for deviation in deviations:
        apply(deviation, schemas, operations)
    kept = closure(schemas, operations)  # a replaced model may leave others unreferenced
    return {name: model_file(name, schemas[name]) for name in kept}, operations


def write(release_dir: Path, schemas: dict[str, dict], operations: dict) -> None:
    schema_dir = release_dir / "schemas"
    if schema_dir.exists():
        shutil.rmtree(schema_dir)
    schema_dir.mkdir(parents=True)
    for name, schema in schemas.items():
        (schema_dir / f"{name}.json").write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
    (release_dir / "operations.json").write_text(json.dumps(operations, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m contracts.generate", description=__doc__.splitlines()[0])
    parser.add_argument("release", help="the release's name, e.g. v2.0.0 (its directory under contracts/releases)")
    parser.add_argument("document", help="the release's config.yaml (a file or URL)")
    args = parser.parse_args(argv)
    release_dir = RELEASES_DIR / args.release
    deviations_path = release_dir / "deviations.json"
    if not deviations_path.is_file():
        print(f"generate: {deviations_path} is missing: write the release's deviations first "
              f"(an empty list is {{\"deviations\": []}})", file=sys.stderr)
        return 2
    try:
        doc = load_document(args.document)
        deviations = json.loads(deviations_path.read_text(encoding="utf-8"))["deviations"]
        schemas, operations = generate(doc, deviations)
    except (DocumentError, ValueError, KeyError) as exc:
        print(f"generate: {exc}", file=sys.stderr)
        return 2
    write(release_dir, schemas, operations)
    web_backend = sum(1 for e in operations.values() if e["webBackend"])
    print(f"wrote {len(schemas)} models and {len(operations)} operations ({web_backend} web_backend) "
          f"to {release_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
