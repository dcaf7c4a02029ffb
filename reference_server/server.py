"""Serving the app with uvicorn: in a background thread (`running`) or in the foreground (`serve`)."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
import threading
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from reference_server import releases
from reference_server.app import DEFAULT_MAX_BODY_BYTES, Auth, ReferenceApp


def _auth(auth) -> Auth:
    """None (off), an Auth, "user:pass" (basic), or {"basic": "user:pass"} / {"token": "T"}."""
    if auth is None or isinstance(auth, Auth):
        return auth or Auth()
    if isinstance(auth, str):
        return Auth(basic=auth)
    if isinstance(auth, dict) and set(auth) <= {"basic", "token"}:
        return Auth(**auth)
    raise TypeError(f"auth must be None, 'user:pass', {{'basic': ...}} or {{'token': ...}}, not {auth!r}")


def create_app(db: str = ":memory:", auth=None, faults=(), max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
               airbyte_500s: bool = True, sync_ms: int = 300, remote_catalog: dict | None = None,
               airbyte_version: str = releases.DEFAULT):
    """The ASGI app over a SQLite database (a path, or ":memory:").

    airbyte_500s=False answers each input Airbyte answers with a 500 with a 4xx naming the problem instead;
    sync_ms is how long a sync job runs before it ends; remote_catalog is the connector catalog check_updates
    compares with ({"sourceDefinitions": [{"sourceDefinitionId", "dockerImageTag"}], "destinationDefinitions": ...});
    airbyte_version is the Airbyte release emulated (releases.supported(); one per process, see releases).
    """
    return ReferenceApp(db=str(db), auth=_auth(auth), faults=tuple(faults), max_body_bytes=max_body_bytes,
                        airbyte_500s=airbyte_500s, sync_ms=sync_ms, remote_catalog=remote_catalog,
                        airbyte_version=airbyte_version)


def _config(app, host: str, port: int) -> uvicorn.Config:
    # uvicorn binds the port itself: handing it a pre-bound socket cost ~40 ms per request here.
    return uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False, lifespan="on",
                          timeout_graceful_shutdown=2)


def _check_bindable(host: str, port: int) -> None:
    """Fail with one clear OSError before uvicorn would log a traceback and exit."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as e:
            raise OSError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None


def _bound_port(server: uvicorn.Server) -> int:
    return server.servers[0].sockets[0].getsockname()[1]


class _ForegroundServer(uvicorn.Server):
    """Stops on SIGINT/SIGTERM and exits 0 (uvicorn would re-raise the signal after shutting down)."""

    @contextlib.contextmanager
    def capture_signals(self):
        def stop(*_):
            self.should_exit = True

        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


@dataclass
class Running:
    url: str  # the API root, ending in /api
    app: ReferenceApp
    port: int


@contextlib.contextmanager
def running(**kwargs):
    """Serve create_app(**kwargs) on 127.0.0.1 and a free port in a background thread."""
    app = create_app(**kwargs)
    server = uvicorn.Server(_config(app, "127.0.0.1", 0))
    thread = threading.Thread(target=server.run, name="reference-server", daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the reference server stopped while starting; see the log above")
            thread.join(0.01)
        port = _bound_port(server)
        yield Running(url=f"http://127.0.0.1:{port}/api", app=app, port=port)
    finally:
        server.should_exit = True
        thread.join(10)
        app.store.close()


def serve(app: ReferenceApp, host: str, port: int, port_file: str | None = None) -> None:
    """Serve in the foreground until SIGINT/SIGTERM; announce the URL once the socket accepts requests."""
    _check_bindable(host, port)
    server = _ForegroundServer(_config(app, host, port))

    async def main():
        task = asyncio.create_task(server.serve())
        while not server.started and not task.done():
            await asyncio.sleep(0.01)
        if server.started:
            port = _bound_port(server)
            if port_file:  # written whole, then renamed: a reader never sees a half-written file
                partial = Path(f"{port_file}.partial")
                partial.write_text(f"{port}\n", encoding="utf-8")
                partial.replace(port_file)
            print(f"reference server listening on http://{host}:{port}/api", flush=True)
        try:
            await task
        except SystemExit:  # uvicorn exits this way when it cannot bind; reported below
            if server.started:
                raise

    try:
        asyncio.run(main())
    except SystemExit:  # uvicorn's way to give up starting
        if server.started:
            raise
    finally:
        app.store.close()
    if not server.started:
        raise OSError(f"could not listen on {host}:{port} (in use, or not an address of this machine)")
