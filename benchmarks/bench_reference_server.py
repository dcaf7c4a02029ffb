"""Requests per second of the reference server: webBackend connections/get and connections/update.

Starts `python -m reference_server` as a subprocess (one uvicorn worker, a SQLite file in a temporary
directory), creates a connection with a 20-stream catalog (made from its discovered catalog, so that get
also merges), then measures each operation for a few seconds from one httpx client, and optionally from
several threads at once.

    python benchmarks/bench_reference_server.py [--seconds 3] [--threads 4] [--streams 20]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reference_server.definitions import DEV_NULL, E2E_SOURCE  # noqa: E402

STREAM_SCHEMA = {"type": "object", "properties": {
    "id": {"type": "integer"}, "updated_at": {"type": "string", "format": "date-time"},
    **{f"column_{i}": {"type": ["null", "string"]} for i in range(10)}}}


def start(tmp: Path) -> tuple[subprocess.Popen, str, list[str]]:
    port_file = tmp / "port"
    command = [sys.executable, "-m", "reference_server", "--port", "0", "--db", str(tmp / "bench.db"),
               "--port-file", str(port_file)]
    proc = subprocess.Popen(command, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                            stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not port_file.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("the reference server did not start")
        time.sleep(0.05)
    return proc, f"http://127.0.0.1:{port_file.read_text().strip()}/api", command


def setup(client: httpx.Client, streams: int) -> tuple[str, dict]:
    def post(path, body):
        response = client.post(path, json=body)
        response.raise_for_status()
        return response.json()

    ws = post("/v1/workspaces/create", {"name": "bench"})["workspaceId"]
    mock = {"type": "SINGLE_STREAM", "stream_name": "stream", "stream_schema": json.dumps(STREAM_SCHEMA),
            "stream_duplication": streams}
    source = post("/v1/sources/create", {"workspaceId": ws, "name": "e2e", "sourceDefinitionId": E2E_SOURCE,
                                         "connectionConfiguration": {"max_messages": 10, "mock_catalog": mock}})
    destination = post("/v1/destinations/create", {"workspaceId": ws, "name": "null",
                                                   "destinationDefinitionId": DEV_NULL,
                                                   "connectionConfiguration": {"type": "SILENT"}})
    discovered = post("/v1/sources/discover_schema", {"sourceId": source["sourceId"]})
    catalog = discovered["catalog"]
    for entry in catalog["streams"]:
        entry["config"].update(destinationSyncMode="append_dedup", primaryKey=[["id"]], cursorField=["updated_at"])
    created = post("/v1/web_backend/connections/create", {
        "sourceId": source["sourceId"], "destinationId": destination["destinationId"], "status": "active",
        "syncCatalog": catalog, "sourceCatalogId": discovered["catalogId"]})
    assert len(created["syncCatalog"]["streams"]) == streams
    return created["connectionId"], catalog


def rate(url: str, path: str, make_body, seconds: float, threads: int) -> float:
    def worker(_) -> int:
        done = 0
        with httpx.Client(base_url=url, timeout=30) as client:
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                response = client.post(path, json=make_body(done))
                if response.status_code != 200:
                    raise SystemExit(f"{path}: {response.status_code} {response.text[:300]}")
                done += 1
        return done

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        total = sum(pool.map(worker, range(threads)))
    return total / (time.monotonic() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--threads", type=int, default=4, help="also measure with this many client threads (0: skip)")
    parser.add_argument("--streams", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        proc, url, command = start(Path(tmp))
        try:
            with httpx.Client(base_url=url, timeout=30) as client:
                connection_id, catalog = setup(client, args.streams)
            cases = {
                "connections/get": ("/v1/web_backend/connections/get", lambda i: {"connectionId": connection_id}),
                "connections/update (name)": ("/v1/web_backend/connections/update",
                                              lambda i: {"connectionId": connection_id, "name": f"n{i}"}),
                "connections/update (name + full catalog)": (
                    "/v1/web_backend/connections/update",
                    lambda i: {"connectionId": connection_id, "name": f"n{i}", "syncCatalog": catalog}),
            }
            print(f"server: {' '.join(Path(c).name if c == sys.executable else c for c in command)}")
            print(f"catalog: {args.streams} streams; {args.seconds:g} s per measurement")
            for label, (path, body) in cases.items():
                line = f"{label:<42} 1 client: {rate(url, path, body, args.seconds, 1):7.0f} req/s"
                if args.threads > 1:
                    line += f"   {args.threads} threads: {rate(url, path, body, args.seconds, args.threads):7.0f} req/s"
                print(line, flush=True)
        finally:
            proc.terminate()
            proc.wait(timeout=20)


if __name__ == "__main__":
    main()
