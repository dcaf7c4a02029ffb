"""Restart persistence (thread and subprocess forms), the command line, and concurrent updates."""

from __future__ import annotations

import concurrent.futures
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from reference_server import running
from selftests.reference_server.client import Api, World

REPO = Path(__file__).resolve().parents[2]


def test_a_file_database_survives_a_restart(tmp_path):
    db = tmp_path / "reference.db"
    with running(db=db) as srv:
        api = Api(srv.url)
        world = World(api)
        created = api.connection(world, syncCatalog=world.catalog, sourceCatalogId=world.catalog_id, name="kept")
        before = api.get(created["connectionId"])
        api.close()
    with running(db=db) as srv:
        api = Api(srv.url)
        assert api.get(created["connectionId"]) == before
        second = api.connection(world)
        listed = api.call("/v1/web_backend/connections/list", {"workspaceId": world.workspace_id})
        assert [c["connectionId"] for c in listed["connections"]] == [created["connectionId"], second["connectionId"]]
        api.close()


def _start(args, port_file: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "reference_server", "--port", "0", "--port-file", str(port_file),
                             *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 30
    while not port_file.exists():
        assert proc.poll() is None, proc.stderr.read()
        assert time.monotonic() < deadline, "the server did not write its port file"
        time.sleep(0.05)
    return proc


def _stop(proc: subprocess.Popen) -> str:
    proc.terminate()
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    return out


def test_command_line_server_persists_across_restarts(tmp_path):
    db, port_file = tmp_path / "cli.db", tmp_path / "port"
    proc = _start(["--db", str(db), "--fault", "geographies_without_auto"], port_file)
    url = f"http://127.0.0.1:{port_file.read_text().strip()}/api"
    api = Api(url)
    assert api.call("/v1/web_backend/geographies/list") == {"geographies": ["us", "eu"]}
    workspace = api.workspace()
    api.close()
    out = _stop(proc)
    assert out.strip() == f"reference server listening on {url}"
    port_file.unlink()
    proc = _start(["--db", str(db)], port_file)
    url = f"http://127.0.0.1:{port_file.read_text().strip()}/api"
    assert httpx.post(url + "/v1/workspaces/get", json={"workspaceId": workspace["workspaceId"]}).json() == workspace
    _stop(proc)


def test_command_line_no_airbyte_500s(tmp_path):
    """By default the command-line server answers Airbyte's 500s; --no-airbyte-500s answers a 4xx instead."""
    for args, status in (([], 500), (["--no-airbyte-500s"], 422)):
        port_file = tmp_path / f"port{status}"
        proc = _start(args, port_file)
        url = f"http://127.0.0.1:{port_file.read_text().strip()}/api"
        response = httpx.post(url + "/v1/web_backend/connections/get", json={"connectionId": ""})
        _stop(proc)
        assert response.status_code == status, response.text


@pytest.mark.parametrize("args", [["--port", "x"], ["--port", "70000"], ["--fault", "nope"],
                                  ["--basic-auth", "nocolon"], ["--max-body-bytes", "0"],
                                  ["--db", "/nonexistent-dir/x.db"], ["--basic-auth", "a:b", "--token", "t"]])
def test_bad_options_give_one_line_and_exit_2(args):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "reference_server", *args], capture_output=True, text=True, env=env,
                          timeout=30)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "error:" in done.stderr.splitlines()[-1]


def test_list_faults_names_every_fault():
    from reference_server.faults import REGISTRY

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "reference_server", "--list-faults"], capture_output=True, text=True,
                          env=env, timeout=30)
    assert [line.split()[0] for line in done.stdout.splitlines()] == list(REGISTRY)


def test_parallel_patches_of_different_fields_lose_nothing(server):
    api = Api(server.url)
    world = World(api)
    cid = api.connection(world)["connectionId"]
    rounds = 25

    def patch(field: str, worker: int):
        with httpx.Client(base_url=server.url, timeout=30) as client:
            for i in range(rounds):
                response = client.post("/v1/web_backend/connections/update",
                                       json={"connectionId": cid, field: f"{field}-{worker}-{i}"})
                assert response.status_code == 200, response.text
                got = client.post("/v1/web_backend/connections/get", json={"connectionId": cid}).json()
                assert got[field].startswith(f"{field}-")  # never a half-written or reset record

    jobs = [("name", 0), ("prefix", 1), ("namespaceFormat", 2)]
    with concurrent.futures.ThreadPoolExecutor(len(jobs)) as pool:
        for future in [pool.submit(patch, field, worker) for field, worker in jobs]:
            future.result()
    final = api.get(cid)
    assert [final[field] for field, _ in jobs] == [f"{field}-{worker}-{rounds - 1}" for field, worker in jobs]
    api.close()


def test_parallel_creates_are_all_kept(server):
    api = Api(server.url)
    world = World(api)

    def create(_):
        with httpx.Client(base_url=server.url, timeout=30) as client:
            body = {"sourceId": world.source_id, "destinationId": world.destination_id, "status": "active"}
            return client.post("/v1/web_backend/connections/create", json=body).json()["connectionId"]

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        created = set(pool.map(create, range(20)))
    listed = api.call("/v1/web_backend/connections/list", {"workspaceId": world.workspace_id})
    assert {c["connectionId"] for c in listed["connections"]} == created and len(created) == 20
    api.close()
