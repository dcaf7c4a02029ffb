"""How a release's deviation changes the contract set generated from its document (contracts.generate).

A deviation in contracts/releases/<release>/deviations.json may carry a `patch` list; each step is one of:
    {"op": "nullable_optional", "models": [...]}   optional fields of these models also accept null
    {"op": "not_required", "model": M, "field": F}  F may be absent from M
    {"op": "add_model", "name": N, "schema": {...}}  a model the document lacks (an error body of the framework)
    {"op": "replace_model", "name": N, "schema": {...}}  a model the server reads otherwise (e.g. as free JSON)
    {"op": "add_status", "status": S, "model": N|null, "operations": "all" | "with-body" | [path, ...],
     "replace": false}                               an answer the document does not list (or, with
                                                     replace, lists with another body)
"""

from __future__ import annotations


def _nullable(node: dict) -> dict:
    if "$ref" in node:
        return {"anyOf": [node, {"type": "null"}]}
    if isinstance(node.get("type"), str):
        out = {**node, "type": [node["type"], "null"]}
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
        return out
    if isinstance(node.get("type"), list) or {"type": "null"} in node.get("anyOf", []):
        return node
    return {"anyOf": [node, {"type": "null"}]}


def _model(schemas: dict, name: str, deviation: dict) -> dict:
    if name not in schemas:
        raise ValueError(f"deviation {deviation['id']!r} patches {name!r}, which the generated set lacks")
    return schemas[name]


def _nullable_optional(step, deviation, schemas, operations):
    for name in step["models"]:
        model = _model(schemas, name, deviation)
        required = set(model.get("required", ()))
        for prop, sub in model.get("properties", {}).items():
            if prop not in required:
                model["properties"][prop] = _nullable(sub)


def _not_required(step, deviation, schemas, operations):
    model = _model(schemas, step["model"], deviation)
    if step["field"] not in model.get("required", ()):
        raise ValueError(f"deviation {deviation['id']!r}: {step['model']}.{step['field']} is not required")
    model["required"] = [f for f in model["required"] if f != step["field"]]


def _add_model(step, deviation, schemas, operations):
    schemas[step["name"]] = step["schema"]


def _replace_model(step, deviation, schemas, operations):
    _model(schemas, step["name"], deviation)
    schemas[step["name"]] = step["schema"]


def _add_status(step, deviation, schemas, operations):
    chosen = step["operations"]
    for path, entry in operations.items():
        if chosen == "all" or (chosen == "with-body" and entry["request"]) or path in chosen:
            if step.get("replace") or step["status"] not in entry["responses"]:
                entry["responses"][step["status"]] = step["model"]
            entry["responses"] = dict(sorted(entry["responses"].items()))


STEPS = {"nullable_optional": _nullable_optional, "not_required": _not_required,
         "add_model": _add_model, "replace_model": _replace_model, "add_status": _add_status}


def apply(deviation: dict, schemas: dict, operations: dict) -> None:
    for step in deviation.get("patch", ()):
        if step.get("op") not in STEPS:
            raise ValueError(f"deviation {deviation['id']!r}: unknown patch op {step.get('op')!r}; "
                             f"known: {', '.join(STEPS)}")
        STEPS[step["op"]](step, deviation, schemas, operations)
