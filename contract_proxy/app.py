"""The proxy: every request goes upstream as it came (method, path, query, headers but hop-by-hop ones,
body bytes), every answer comes back as it came; both are judged after the fact by the Checker."""

from __future__ import annotations

import asyncio
import time
import zlib

import httpx

from contract_proxy.session import Seen, Session

# RFC 9110 7.6.1: connection-specific headers are not forwarded; Host names the upstream.
HOP_BY_HOP = {b"connection", b"keep-alive", b"proxy-authenticate", b"proxy-authorization", b"te", b"trailer",
              b"transfer-encoding", b"upgrade", b"host", b"proxy-connection"}


def _forwarded(raw_headers) -> list[tuple[bytes, bytes]]:
    return [(k, v) for k, v in raw_headers if k.lower() not in HOP_BY_HOP]


def _decoded(body: bytes, encoding: str) -> bytes:
    """The answer as the checker reads it (the client gets the bytes as they came)."""
    if encoding in ("gzip", "deflate"):
        try:
            return zlib.decompress(body, 16 + zlib.MAX_WBITS if encoding == "gzip" else zlib.MAX_WBITS)
        except zlib.error:
            return body
    return body


async def _body(receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


class ProxyApp:
    def __init__(self, upstream: str, session: Session, timeout: float = 60.0):
        self.upstream = upstream.rstrip("/")
        self.session = session
        # a blocking client in worker threads: httpx's async client took twice as long per request here
        self.http = httpx.Client(timeout=timeout)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            self.http.close()
            await send({"type": "lifespan.shutdown.complete"})
            return
        body = await _body(receive)
        status, headers, raw = await self.forward(body, scope)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": raw})

    def _exchange(self, outgoing: httpx.Request) -> tuple[httpx.Response, bytes]:
        answer = self.http.send(outgoing, stream=True)
        try:
            return answer, b"".join(answer.iter_raw())
        finally:
            answer.close()

    async def forward(self, body: bytes, scope) -> tuple[int, list, bytes]:
        target = self.upstream + scope.get("raw_path", scope["path"].encode()).decode("latin-1")
        if scope.get("query_string"):
            target += "?" + scope["query_string"].decode("latin-1")
        outgoing = httpx.Request(scope["method"], target, headers=_forwarded(scope["headers"]), content=body)
        start = time.perf_counter()
        try:
            answer, raw = await asyncio.to_thread(self._exchange, outgoing)
        except httpx.HTTPError as error:
            self.session.problem(f"{scope['method']} {target}: no answer ({type(error).__name__})")
            text = f"contract proxy: upstream {self.upstream} did not answer ({type(error).__name__})\n".encode()
            return 502, [(b"content-type", b"text/plain"), (b"content-length", str(len(text)).encode())], text
        headers = _forwarded(answer.headers.raw)
        seen = Seen(scope["method"], scope["path"], scope.get("query_string", b"").decode("latin-1"),
                    [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]], body,
                    answer.status_code, [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers], raw,
                    time.perf_counter() - start, target)
        try:
            self.session.observe(seen, _decoded(raw, answer.headers.get("content-encoding", "").lower()))
        except Exception as error:  # a bug in a rule must never break the client's traffic: noted, not raised
            self.session.problem(f"exchange {seen.number}: the checker failed ({type(error).__name__}: "
                                     f"{error}); please report it")
        headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
        return answer.status_code, [*headers, (b"content-length", str(len(raw)).encode())], raw
