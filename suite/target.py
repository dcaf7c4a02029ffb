"""The target: the embedded reference server (started here) or a server at AIRBYTE_API_URL.

Whatever it is, the run first proves it is reachable and accepts the credentials, and ends at once
with one clear line when it does not (no test can pass against a target that never answered).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

import contracts
from suite import release
from suite.settings import Settings

STARTUP_SECONDS = 30


class TargetError(Exception):
    """The target cannot be used; the message is the one line the user sees."""


@contextmanager
def embedded_server(settings: Settings):
    """Start `python -m reference_server` on a free loopback port, as the settings say (faults, database,
    Airbyte's 500s or the friendlier answers) and emulating the target's release (--airbyte-version); yield its
    API root; stop it."""
    with tempfile.TemporaryDirectory(prefix="webbackend-server-") as tmp:
        port_file = Path(tmp) / "port"
        log = Path(tmp) / "server.log"
        command = [sys.executable, "-m", "reference_server", "--host", "127.0.0.1", "--port", "0",
                   "--db", settings.server_db or ":memory:", "--port-file", str(port_file)]
        # the target's release (--airbyte-version; else the default), also in compatibility mode
        command += ["--airbyte-version", release.asked_for(settings)]
        for fault in settings.server_faults:
            command += ["--fault", fault]
        if not settings.server_airbyte_500s:
            command.append("--no-airbyte-500s")
        with open(log, "wb") as log_file:
            process = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL, env={**os.environ, "PYTHONUNBUFFERED": "1"})
            try:
                port = _wait_for_port(process, port_file, log)
                yield f"http://127.0.0.1:{port}/api"
            finally:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _wait_for_port(process: subprocess.Popen, port_file: Path, log: Path) -> int:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace").strip().splitlines()[-1:] or ["(no output)"]
            raise TargetError(f"the embedded reference server exited with {process.returncode}: {tail[0]}")
        text = port_file.read_text().strip() if port_file.exists() else ""
        if text.isdigit():
            return int(text)
        time.sleep(0.05)
    raise TargetError(f"the embedded reference server did not start within {STARTUP_SECONDS}s")


def probe(http: httpx.Client, settings: Settings, url: str) -> None:
    """Fail fast: the target answers its health check and accepts our credentials."""
    try:
        health = http.get(f"{url}/v1/health")
    except httpx.HTTPError as exc:
        raise TargetError(f"cannot reach the target at {url}: {_reason(exc)}") from None
    if health.status_code in (401, 403):
        raise TargetError(_credentials_message(url, settings, health.status_code))
    if health.status_code != 200:
        raise TargetError(f"{url}/v1/health answered {health.status_code}; is {url} the API root "
                          f"(operations at {url}/v1/...)?")
    path = _bodiless_web_backend_path()
    try:
        answer = http.post(f"{url}{path}")
    except httpx.HTTPError as exc:
        raise TargetError(f"the target at {url} stopped answering: {_reason(exc)}") from None
    if answer.status_code in (401, 403):
        raise TargetError(_credentials_message(url, settings, answer.status_code))
    if answer.status_code == 404:
        raise TargetError(f"{url}{path} answered 404: is {url} the API root of "
                          f"an Airbyte server (e.g. http://localhost:8000/api)?")


def unsupported_release(state) -> None:
    """The target runs a release without a contract set (suite.release): it cannot be checked."""
    if state.context.get("release_error"):
        raise TargetError(state.context["release_error"])


def _bodiless_web_backend_path() -> str:
    """A web_backend operation without a body of the contract set in use (geographies/list up to 1.7)."""
    ops = contracts.operations()
    for path in ("/v1/web_backend/geographies/list", "/v1/web_backend/check_updates"):
        if path in ops:
            return path
    return next(p for p, e in ops.items() if e["webBackend"] and e["request"] is None)


def _credentials_message(url: str, settings: Settings, status: int) -> str:
    if settings.auth_description == "none":
        return (f"the target at {url} answered {status}: it needs credentials; set AIRBYTE_API_TOKEN or "
                f"AIRBYTE_USERNAME/AIRBYTE_PASSWORD")
    return f"the target at {url} rejected the credentials ({settings.auth_description}): answered {status}"


def _reason(exc: httpx.HTTPError) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0]
