"""A reference server emulating v2.0.0 in its own process, and a client that checks every answer against the
v2.0.0 contract set without switching this process's contracts (contracts.releases.use is process-wide, and the
other selftests of the session use v0.42.1)."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from functools import cache
from pathlib import Path

import httpx
import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

import contracts.releases
from reference_server.definitions import DEV_NULL, FAKER

REPO = Path(__file__).resolve().parents[3]

RELEASE = "v2.0.0"
_DIR = contracts.releases.directory(RELEASE)
OPERATIONS = json.loads((_DIR / "operations.json").read_text(encoding="utf-8"))
_BASE = "https://webbackend-contracts.invalid/schemas/"


def _load(path: Path) -> dict:
    schema = json.loads(path.read_text(encoding="utf-8"))
    if path.stem == "AirbyteStream":
        # The v2.0.0 set still requires `json_schema`, a name the model does not have (it is `jsonSchema`):
        # v0.42.1's deviation stream-json-schema-required, not yet carried into the v2.0.0 set. Applied here
        # until the set has it; nothing a server can send satisfies the requirement.
        schema["required"] = [r for r in schema.get("required", []) if r != "json_schema"]
    return schema


@cache
def _registry() -> Registry:
    resources = [(_BASE + p.name, Resource.from_contents(_load(p), default_specification=DRAFT7))
                 for p in sorted((_DIR / "schemas").glob("*.json"))]
    return Registry().with_resources(resources)


def check(model: str, data) -> None:
    """Assert `data` matches the v2.0.0 contract `model`, naming every violation."""
    validator = jsonschema.Draft7Validator({"$ref": _BASE + model + ".json"}, registry=_registry())
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]
    assert not problems, f"{model}: " + "; ".join(problems[:10])


@contextlib.contextmanager
def server(*faults: str):
    """`python -m reference_server --airbyte-version v2.0.0` on a free port; yields its API root."""
    with tempfile.TemporaryDirectory(prefix="v2-server-") as tmp:
        port_file = Path(tmp) / "port"
        command = [sys.executable, "-m", "reference_server", "--airbyte-version", RELEASE, "--port", "0",
                   "--port-file", str(port_file), *[a for f in faults for a in ("--fault", f)]]
        env = {**os.environ, "PYTHONPATH": str(REPO)}  # this checkout's reference_server, wherever pytest runs
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 30
            while not port_file.exists():
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the v2.0.0 server did not start: {process.stderr.read().decode()[-2000:]}")
                time.sleep(0.05)
            yield f"http://127.0.0.1:{port_file.read_text().strip()}/api"
        finally:
            process.terminate()
            process.wait(10)
            process.stderr.close()


class Api:
    def __init__(self, url: str):
        self.http = httpx.Client(base_url=url, timeout=30)

    def raw(self, path: str, body=None) -> httpx.Response:
        if OPERATIONS.get(path, {}).get("method") == "GET":
            return self.http.get(path)
        return self.http.post(path, json=body)

    def call(self, path: str, body=None, expect: int = 200, model: str | None = None):
        """Send; assert the status and that the answer matches the v2.0.0 contract of that status."""
        response = self.raw(path, body)
        assert response.status_code == expect, f"{path}: expected {expect}, got {response.status_code}: " \
                                               f"{response.text[:1500]}"
        model = model or OPERATIONS[path]["responses"].get(str(expect))
        if model is None:
            assert response.content == b""
            return None
        data = response.json()
        check(model, data)
        return data

    # building blocks

    def organization(self) -> str:
        return self.call("/v1/instance_configuration")["defaultOrganizationId"]

    def workspace(self, name: str = "selftest") -> dict:
        return self.call("/v1/workspaces/create", {"name": name, "organizationId": self.organization()})

    def source(self, workspace_id: str, name: str = "faker", count: int = 10) -> dict:
        return self.call("/v1/sources/create", {"workspaceId": workspace_id, "name": name,
                                                "sourceDefinitionId": FAKER,
                                                "connectionConfiguration": {"count": count}})

    def destination(self, workspace_id: str, name: str = "null") -> dict:
        return self.call("/v1/destinations/create", {"workspaceId": workspace_id, "name": name,
                                                     "destinationDefinitionId": DEV_NULL,
                                                     "connectionConfiguration": {"type": "SILENT"}})

    def connection(self, source: dict, destination: dict, **extra) -> dict:
        found = self.call("/v1/sources/discover_schema", {"sourceId": source["sourceId"]})
        body = {"sourceId": source["sourceId"], "destinationId": destination["destinationId"], "status": "active",
                "syncCatalog": found["catalog"], "sourceCatalogId": found["catalogId"], **extra}
        return self.call("/v1/web_backend/connections/create", body)
