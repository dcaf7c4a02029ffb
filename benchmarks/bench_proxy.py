"""Latency the contract proxy adds per request: the same requests straight to the reference server and
through `python -m contract_proxy` in front of it, interleaved, one at a time from one httpx client.

Both servers run as subprocesses (one uvicorn worker each). Measured: web_backend/connections/get of a
connection with the source's discovered catalog (the answer is checked against its contract), and
web_backend/connections/update with a small patch (checked in strict request mode, and the answer).

    python benchmarks/bench_proxy.py [--requests 300]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(REPO)}
sys.path.insert(0, str(REPO))

from reference_server.definitions import DEV_NULL, FAKER  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str) -> None:
    for _ in range(300):
        try:
            httpx.get(url + "/v1/health", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.05)
    raise SystemExit(f"{url} did not start")


def _connection(http: httpx.Client, api: str) -> str:
    workspace = http.post(f"{api}/v1/workspaces/create", json={"name": "bench"}).json()["workspaceId"]
    source = http.post(f"{api}/v1/sources/create", json={"workspaceId": workspace, "name": "s",
                       "sourceDefinitionId": FAKER, "connectionConfiguration": {"count": 10}}).json()["sourceId"]
    destination = http.post(f"{api}/v1/destinations/create", json={
        "workspaceId": workspace, "name": "d", "destinationDefinitionId": DEV_NULL,
        "connectionConfiguration": {"type": "SILENT"}}).json()["destinationId"]
    catalog = http.post(f"{api}/v1/sources/discover_schema", json={"sourceId": source}).json()["catalog"]
    return http.post(f"{api}/v1/web_backend/connections/create", json={
        "sourceId": source, "destinationId": destination, "status": "active",
        "syncCatalog": catalog}).json()["connectionId"]


def measure(http: httpx.Client, url: str, path: str, body: dict) -> float:
    start = time.perf_counter()
    response = http.post(url + path, json=body)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code} {response.text[:300]}")
    return elapsed


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--requests", type=int, default=300)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server_port, proxy_port = _free_port(), _free_port()
        server = subprocess.Popen([sys.executable, "-m", "reference_server", "--port", str(server_port),
                                   "--db", f"{tmp}/bench.db"], cwd=REPO, env=ENV, stdout=subprocess.DEVNULL)
        direct = f"http://127.0.0.1:{server_port}/api"
        _wait(direct)
        proxy = subprocess.Popen([sys.executable, "-m", "contract_proxy", "--upstream", direct, "--port",
                                  str(proxy_port), "--quiet", "--fail-on", "never"], cwd=REPO, env=ENV,
                                 stderr=subprocess.DEVNULL)
        proxied = f"http://127.0.0.1:{proxy_port}/api"
        try:
            _wait(proxied)
            with httpx.Client(timeout=30) as http:
                connection = _connection(http, direct)
                cases = {"connections/get": ("/v1/web_backend/connections/get", {"connectionId": connection}),
                         "connections/update": ("/v1/web_backend/connections/update",
                                                {"connectionId": connection, "name": "renamed"})}
                for name, (path, body) in cases.items():
                    times = {"direct": [], "proxied": []}
                    for _ in range(args.requests):
                        for kind, url in (("direct", direct), ("proxied", proxied)):
                            times[kind].append(measure(http, url, path, body))
                    med = {k: statistics.median(v) * 1000 for k, v in times.items()}
                    p95 = {k: statistics.quantiles(v, n=20)[18] * 1000 for k, v in times.items()}
                    print(f"{name:20s} direct median {med['direct']:.2f} ms p95 {p95['direct']:.2f} ms; "
                          f"proxied median {med['proxied']:.2f} ms p95 {p95['proxied']:.2f} ms; "
                          f"added median {med['proxied'] - med['direct']:.2f} ms")
        finally:
            for proc in (proxy, server):
                proc.terminate()
                proc.wait(10)


if __name__ == "__main__":
    main()
