"""The HTTP client: every exchange is recorded so a failure can show it and a curl line to replay it."""

from __future__ import annotations

import json
import shlex
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass

import httpx

from suite.settings import Settings

REDACTED = "***"


@dataclass
class Exchange:
    method: str
    url: str
    path: str  # the operation path, e.g. /v1/web_backend/connections/get
    body: object  # what was sent (None: no body); raw text when the body was deliberately not JSON
    raw: bool
    status: int
    headers: dict
    text: str
    seconds: float
    auth_scheme: str | None = None  # "Bearer" or "Basic": the curl line shows it, never the secret

    def json(self):
        return json.loads(self.text)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    def curl(self) -> str:
        parts = ["curl", "-sS", "-X", self.method, self.url]
        if self.auth_scheme:
            parts += ["-H", f"Authorization: {self.auth_scheme} {REDACTED}"]
        if self.body is not None:
            parts += ["-H", "Content-Type: application/json", "--data-raw",
                      self.body if self.raw else json.dumps(self.body, ensure_ascii=False)]
        return " ".join(shlex.quote(p) for p in parts)

    def describe(self, limit: int = 4000) -> str:
        """Request, response and a curl line; long bodies are cut here (the curl line and Hypothesis'
        report of the failing payload carry them whole)."""
        if self.body is None:
            sent = "(no body)"
        elif self.raw:
            sent = self.body
        else:
            compact = json.dumps(self.body, ensure_ascii=False)
            sent = json.dumps(self.body, indent=2, ensure_ascii=False) if len(compact) <= limit else compact
        return (f"request:  {self.method} {self.url}\n{_indent(_cut(sent, limit))}\n"
                f"response: {self.status} {self.content_type}\n{_indent(_cut(self.text, limit))}\n"
                f"replay:   {self.curl()}")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters in all)"


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in str(text).splitlines()) or "    (empty)"


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
        auth = httpx.BasicAuth(settings.username, settings.password or "") if settings.username else None
        headers = {"Authorization": f"Bearer {settings.token}"} if settings.token else {}
        self.http = httpx.Client(timeout=settings.timeout, verify=settings.verify_tls, auth=auth, headers=headers)
        self.auth_scheme = "Bearer" if settings.token else ("Basic" if settings.username else None)
        self.limiter = RateLimiter(settings.rate_limit)
        self.history: deque[Exchange] = deque(maxlen=20)
        self.statuses: Counter[tuple[str, int]] = Counter()
        self.listeners = []

    def auth_headers(self) -> dict:
        """The Authorization header this client sends, for tools that make their own requests."""
        request = self.http.build_request("GET", self.url)
        if self.http.auth is not None:
            request = next(self.http.auth.sync_auth_flow(request))
        value = request.headers.get("Authorization")
        return {"Authorization": value} if value else {}

    def post(self, path: str, body=None, *, raw: str | None = None, content_type: str = "application/json"):
        """Send `body` as JSON (or `raw` text as is) to {url}{path}; return the recorded Exchange."""
        url = self.url + path
        if raw is not None:
            kwargs = {"content": raw.encode(), "headers": {"Content-Type": content_type}}
        elif body is not None:
            kwargs = {"content": json.dumps(body, ensure_ascii=False).encode(),
                      "headers": {"Content-Type": content_type}}
        else:
            kwargs = {}
        self.limiter.wait()
        start = time.perf_counter()
        response = self.http.post(url, **kwargs)
        exchange = Exchange("POST", url, path, raw if raw is not None else body, raw is not None,
                            response.status_code, dict(response.headers), response.text,
                            time.perf_counter() - start, self.auth_scheme)
        self.history.append(exchange)
        self.statuses[(path, response.status_code)] += 1
        for listener in self.listeners:
            listener(exchange)
        return exchange

    def close(self) -> None:
        self.http.close()
