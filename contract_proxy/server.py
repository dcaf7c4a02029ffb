"""Serving the proxy with uvicorn: in a background thread (`running`, for tests and fixtures) or in the
foreground until SIGINT/SIGTERM (`serve`, for the command line)."""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass

import httpx
import uvicorn

from contract_proxy.app import ProxyApp
from contract_proxy.session import Session

# stops on SIGINT/SIGTERM and returns, so the session's report is written (uvicorn re-raises the signal)
from reference_server.server import _ForegroundServer as ForegroundServer


class Unreachable(Exception):
    """The upstream does not answer: the proxy would only forward failures."""


def check_upstream(upstream: str, timeout: float = 10.0) -> None:
    try:
        httpx.get(upstream.rstrip("/") + "/v1/health", timeout=timeout)
    except httpx.HTTPError as error:
        raise Unreachable(f"upstream {upstream} does not answer ({type(error).__name__}: "
                          f"{(str(error) or '').splitlines()[0] if str(error) else 'no reason given'})") from None


def _config(app, host: str, port: int) -> uvicorn.Config:
    # no Server or Date header of uvicorn's own: the upstream's headers come back alone
    return uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False, lifespan="on",
                          server_header=False, date_header=False, timeout_graceful_shutdown=2)


@dataclass
class Running:
    url: str  # the proxy's root: use it where the client used the upstream's URL's scheme, host and port
    session: Session
    port: int


@contextlib.contextmanager
def running(upstream: str, session: Session | None = None, root: str = ""):
    """The proxy on 127.0.0.1 and a free port in a background thread; `root` is appended to the URL given
    back (e.g. "/api" for an upstream whose API root is http://host/api)."""
    check_upstream(upstream + root)
    session = session or Session(upstream)
    server = uvicorn.Server(_config(ProxyApp(upstream, session), "127.0.0.1", 0))
    thread = threading.Thread(target=server.run, name="contract-proxy", daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the proxy stopped while starting")
            thread.join(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        yield Running(f"http://127.0.0.1:{port}{root}", session, port)
    finally:
        server.should_exit = True
        thread.join(10)


def serve(upstream: str, session: Session, host: str, port: int) -> None:
    """Until SIGINT/SIGTERM."""
    server = ForegroundServer(_config(ProxyApp(upstream, session), host, port))
    with contextlib.suppress(SystemExit):  # uvicorn's way to give up binding; reported below in one line
        server.run()
    if not server.started:
        raise OSError(f"could not listen on {host}:{port}")
