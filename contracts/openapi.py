"""The OpenAPI 3.1 document of the eight webBackend operations and the setup endpoints, assembled
from the contracts (schemas) and the operation table (contracts/operations.json).

    python -m contracts.openapi            print the document
    python -m contracts.openapi --write    rewrite contracts/openapi.json (selftests check it is current)
"""

from __future__ import annotations

import argparse
import json
import sys

from contracts import _store, releases

OPENAPI_PATH = _store.HERE / "openapi.json"
COMPONENT = "#/components/schemas/"


def component_schema(name: str) -> dict:
    return _store.map_refs(_store.body(name), lambda target: {"$ref": COMPONENT + target})


def _response(model: str | None, status: str) -> dict:
    if model is None:
        return {"description": "No content"}
    return {
        "description": "Success" if status.startswith("2") else f"Error ({model})",
        "content": {"application/json": {"schema": {"$ref": COMPONENT + model}}},
    }


def _operation(path: str, entry: dict) -> dict:
    op = {
        "operationId": entry["operationId"],
        "tags": ["web_backend" if entry["webBackend"] else "setup"],
        "responses": {status: _response(model, status) for status, model in entry["responses"].items()},
    }
    if entry["request"]:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": COMPONENT + entry["request"]}}},
        }
    return op


def document() -> dict:
    ops = _store.operations()
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Airbyte configuration API: webBackend contracts",
            "version": "0f4f4a9331" if releases.active() == releases.DEFAULT else releases.active(),
            "description": "Assembled from the JSON Schemas in contracts/schemas; deviations from "
            "Airbyte's published document are listed in contracts/DEVIATIONS.md.",
        },
        "servers": [{"url": "http://localhost:8000/api", "description": "a local Airbyte"}],
        "security": [{}, {"basicAuth": []}, {"bearerAuth": []}],
        "paths": {path: {entry["method"].lower(): _operation(path, entry)} for path, entry in ops.items()},
        "components": {
            "schemas": {name: component_schema(name) for name in _store.names()},
            "securitySchemes": {
                "basicAuth": {"type": "http", "scheme": "basic"},
                "bearerAuth": {"type": "http", "scheme": "bearer"},
            },
        },
    }


def render() -> str:
    return json.dumps(document(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m contracts.openapi", description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {OPENAPI_PATH.name} instead of printing")
    args = parser.parse_args(argv)
    if args.write:
        OPENAPI_PATH.write_text(render(), encoding="utf-8")
        print(f"wrote {OPENAPI_PATH}")
    else:
        sys.stdout.write(render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
