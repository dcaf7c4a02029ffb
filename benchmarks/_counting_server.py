"""The reference server with a request counter in front, for benchmarks that compare clients.

    python benchmarks/_counting_server.py --port-file F [--db :memory:]

Serves exactly `python -m reference_server --host 127.0.0.1 --port 0 --db DB --port-file F` (the same
app, one uvicorn worker, loopback), and counts every HTTP request the app answers, per method and path,
with the time of the first and the last answer. The counter lives outside the API, under
/__bench__/ (never an operation's path), so neither client can count its own requests:

    GET  /__bench__/count   {"requests", "first", "last", "by_path": {"POST /api/v1/...": n}}
    POST /__bench__/reset   start counting from zero (answered before the reset; not counted)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

# after PYTHONPATH: bench_throughput.py --server-from REV puts an older reference_server first
sys.path.append(str(Path(__file__).resolve().parent.parent))

from reference_server.server import create_app, serve  # noqa: E402

PREFIX = "/__bench__/"


class Counting:
    """Wraps the ASGI app; the wrapper is also what `serve` gives uvicorn (it only calls it)."""

    def __init__(self, app):
        self.app = app
        self.store = app.store  # serve() closes it on the way out
        self.reset()

    def reset(self) -> None:
        self.by_path: Counter[str] = Counter()
        self.first: float | None = None
        self.last: float | None = None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if path.startswith(PREFIX):
            await self._control(scope, path, send)
            return
        await self.app(scope, receive, send)
        now = time.time()
        if self.first is None:
            self.first = now
        self.last = now
        self.by_path[f"{scope.get('method', '?')} {path}"] += 1

    async def _control(self, scope, path: str, send) -> None:
        body = {"requests": sum(self.by_path.values()), "first": self.first, "last": self.last,
                "by_path": dict(self.by_path)}
        if path == PREFIX + "reset" and scope.get("method") == "POST":
            self.reset()
        elif path != PREFIX + "count":
            body = {"error": "unknown"}
        payload = json.dumps(body).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": payload})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--db", default=":memory:")
    args = parser.parse_args()
    serve(Counting(create_app(db=args.db)), "127.0.0.1", 0, args.port_file)


if __name__ == "__main__":
    main()
