import json

import pytest
from openapi_spec_validator import validate

import contracts
from contracts import openapi


def test_the_shipped_document_is_valid_openapi():
    validate(json.loads(openapi.OPENAPI_PATH.read_text(encoding="utf-8")))


def test_the_shipped_document_is_current():
    assert openapi.OPENAPI_PATH.read_text(encoding="utf-8") == openapi.render(), (
        "contracts/openapi.json is stale: run `python -m contracts.openapi --write`"
    )


def _component(document: dict, ref: str) -> tuple[str, dict]:
    name = ref.removeprefix(openapi.COMPONENT)
    return name, document["components"]["schemas"][name]


@pytest.mark.parametrize(("path", "entry"), contracts.operations().items())
def test_each_operation_uses_the_contracts(path, entry):
    document = openapi.document()
    operation = document["paths"][path][entry["method"].lower()]
    if entry["request"]:
        name, schema = _component(document, operation["requestBody"]["content"]["application/json"]["schema"]["$ref"])
        assert name == entry["request"]
        assert schema == openapi.component_schema(name)
    for status, model in entry["responses"].items():
        response = operation["responses"][status]
        if model is None:
            assert "content" not in response
            continue
        name, schema = _component(document, response["content"]["application/json"]["schema"]["$ref"])
        assert name == model
        assert _as_contract(schema) == {k: v for k, v in contracts.schema(name).items() if k not in ("$schema", "$id")}


def _as_contract(node):
    """Turn component references back into the contracts' file references."""
    if isinstance(node, dict):
        if "$ref" in node:
            return {"$ref": node["$ref"].removeprefix(openapi.COMPONENT) + ".json"}
        return {k: _as_contract(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_as_contract(v) for v in node]
    return node
