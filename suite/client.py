"""The HTTP client: every exchange is recorded so a failure can show it and a curl line to replay it."""

from __future__ import annotations

import json
import shlex
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from suite.secrets import REDACTED
from suite.settings import Settings

# Request headers a replay must send as they were; the client's own (User-Agent, Accept-Encoding,
# Content-Length, ...) do not change what the server does with the request.
REPLAYED_HEADERS = ("content-type", "accept")
PRETTY_LINES = 40  # a body longer than this when indented is shown compact


@dataclass
class Exchange:
    method: str
    url: str
    path: str  # the operation path, e.g. /v1/web_backend/connections/get
    body: object  # what was sent (None: no body); raw text when the body was deliberately not JSON
    raw: bool
    status: int
    headers: dict  # of the response
    text: str
    seconds: float
    auth_scheme: str | None = None  # "Bearer" or "Basic": the curl line shows it, never the secret
    content: bytes | None = None  # the request body exactly as sent
    request_headers: tuple[tuple[str, str], ...] = ()  # the REPLAYED_HEADERS as sent, in order
    response: httpx.Response | None = field(default=None, repr=False, compare=False)  # for tools that judge it

    def json(self) -> Any:
        return json.loads(self.text)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    def curl(self) -> str:
        return curl_line(self.method, self.url, self.request_headers, self.content, self.auth_scheme)

    def describe(self, limit: int = 4000) -> str:
        """Request, response and a curl line; long bodies are cut here (the curl line and Hypothesis'
        report of the failing payload carry them whole)."""
        return (f"request:  {self.method} {self.url}\n{_indent(_cut(_shown_body(self.body, self.raw), limit))}\n"
                f"response: {self.status} {self.content_type}\n{_indent(_cut(self.text, limit))}\n"
                f"replay:   {self.curl()}")


def curl_line(method: str, url: str, headers, content: bytes | None, auth_scheme: str | None) -> str:
    """A curl command that sends the same request: method, the headers that matter, the same body bytes.
    The credential is never shown: the user puts theirs in place of ***."""
    parts = ["curl", "-sS", "-X", method, url]
    if auth_scheme:
        parts += ["-H", f"Authorization: {auth_scheme} {REDACTED}"]
    sent = dict(headers)
    for name, value in headers:
        parts += ["-H", f"{name}: {value}"]
    if content is not None:
        if "content-type" not in sent:
            parts += ["-H", "Content-Type:"]  # curl would add a form content type of its own
        parts += ["--data-raw", content.decode("utf-8", errors="surrogateescape")]
    return " ".join(shlex.quote(p) for p in parts)


def _shown_body(body, raw: bool) -> str:
    if body is None:
        return "(no body)"
    if raw:
        return body
    pretty = json.dumps(body, indent=2, ensure_ascii=False)
    return pretty if pretty.count("\n") < PRETTY_LINES else json.dumps(body, ensure_ascii=False)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters in all)"


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in str(text).splitlines()) or "    (empty)"


class NoAnswer(Exception):
    """The target did not answer a request (timeout, refused or dropped connection): a finding, shown
    as one line with the request to replay, not as a traceback through the HTTP library."""

    def __init__(self, method: str, url: str, error: httpx.HTTPError, replay: str):
        self.replay = replay
        reason = (str(error) or type(error).__name__).splitlines()[0]
        super().__init__(f"{method} {url}: no answer ({type(error).__name__}: {reason})\nreplay:   {replay}")


class RateLimiter:
    def __init__(self, per_second: float):
        self.interval = 1.0 / per_second if per_second else 0.0
        self.next_at = 0.0
        self.lock = threading.Lock()

    def wait(self) -> None:
        if not self.interval:
            return
        with self.lock:
            now = time.monotonic()
            delay = self.next_at - now
            self.next_at = max(now, self.next_at) + self.interval
        if delay > 0:
            time.sleep(delay)


class Client:
    """POSTs JSON to the target's operations; keeps the last exchanges and counts what was exercised."""

    def __init__(self, url: str, settings: Settings):
        self.url = url
        password = settings.password.reveal() if settings.password else ""
        auth = httpx.BasicAuth(settings.username, password) if settings.username else None
        headers = {"Authorization": f"Bearer {settings.token.reveal()}"} if settings.token else {}
        self.http = httpx.Client(timeout=settings.timeout, verify=settings.verify_tls, auth=auth, headers=headers)
        self.auth_scheme = "Bearer" if settings.token else ("Basic" if settings.username else None)
        self.limiter = RateLimiter(settings.rate_limit)
        self.history: deque[Exchange] = deque(maxlen=20)
        self.statuses: Counter[tuple[str, int]] = Counter()
        self.listeners: list[Callable[[Exchange], None]] = []

    def post(self, path: str, body=None, *, raw: str | None = None, content_type: str | None = "application/json"):
        """Send `body` as JSON (or `raw` text as is) to {url}{path}; return the recorded Exchange.
        `content_type=None` sends the body without a Content-Type header."""
        if raw is not None:
            content = raw.encode()
        elif body is not None:
            content = json.dumps(body, ensure_ascii=False).encode()
        else:
            content = None
        headers = {"Content-Type": content_type} if content is not None and content_type else {}
        request = self.http.build_request("POST", self.url + path, content=content, headers=headers)
        return self.send(request, path, raw if raw is not None else body, raw is not None)

    def send(self, request: httpx.Request, path: str, body=None, raw: bool = False) -> Exchange:
        """Send a request built by `self.http` (the suite's auth, TLS, timeout), within the rate limit,
        and record it like every other exchange."""
        replayed = tuple((name, request.headers[name]) for name in REPLAYED_HEADERS if name in request.headers)
        content = request.content or None
        self.limiter.wait()
        start = time.perf_counter()
        try:
            response = self.http.send(request)
        except httpx.HTTPError as error:
            raise NoAnswer(request.method, str(request.url), error,
                           curl_line(request.method, str(request.url), replayed, content, self.auth_scheme)) from None
        exchange = Exchange(request.method, str(request.url), path, body, raw, response.status_code,
                            dict(response.headers), response.text, time.perf_counter() - start, self.auth_scheme,
                            content, replayed, response)
        self.history.append(exchange)
        self.statuses[(path, response.status_code)] += 1
        for listener in self.listeners:
            listener(exchange)
        return exchange

    def close(self) -> None:
        self.http.close()
