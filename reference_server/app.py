"""The ASGI application: auth, body limits, JSON parsing, request contracts, dispatch, error bodies.

A plain ASGI callable (no framework): every request goes through `_respond`, which is the one place where
client input turns into a status code.
"""

from __future__ import annotations

import base64
import hmac
import json
import logging

import contracts
from reference_server import errors, routes
from reference_server.context import Context
from reference_server.faults import Faults
from reference_server.store import Store

log = logging.getLogger("reference_server")
PREFIX = "/api"
DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024


def _reject_constant(name):
    raise ValueError(f"{name} is not valid JSON")


def _at(instance, path: str):
    """The value at a contracts JSON path like $.a.b[0] (best effort, for error reports)."""
    import re

    node = instance
    for key, index in re.findall(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]", path.replace("['", ".").replace("']", "")):
        try:
            node = node[int(index)] if index else node[key]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _contract_problems(model: str, body) -> list:
    validator = contracts.validator(model)
    if validator.is_valid(body):
        return []
    return [(v.path, _at(body, v.path), v.message) for v in validator.violations(body)] or [
        ("$", body, f"does not match the {model} contract")
    ]


class Auth:
    """Basic or bearer credentials; None means auth is off."""

    def __init__(self, basic: str | None = None, token: str | None = None):
        self.expected = []
        if basic:
            self.expected.append(b"Basic " + base64.b64encode(basic.encode()))
        if token:
            self.expected.append(b"Bearer " + token.encode())

    def allows(self, header: bytes | None) -> bool:
        return not self.expected or any(hmac.compare_digest(header or b"", e) for e in self.expected)


def _with_nulls(model: str | None, body):
    """Fault helper: spell out every optional top-level field the response left out as null."""
    if not model or not isinstance(body, dict):
        return body
    props = contracts.schema(model).get("properties", {})
    return {**{k: None for k in props}, **body}


class ReferenceApp:
    def __init__(self, db: str = ":memory:", auth: Auth | None = None, faults=(),
                 max_body_bytes: int = DEFAULT_MAX_BODY_BYTES):
        self.store = Store(db)
        self.faults = Faults(faults)
        self.auth = auth or Auth()
        self.max_body_bytes = max_body_bytes
        self.routes = routes.table()
        self.context = Context(self.store, self.faults)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        status, body, extra = await self._respond(scope, receive)
        payload = b"" if body is None else json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
        headers = [(b"content-length", str(len(payload)).encode())] + extra
        if body is not None:
            headers.append((b"content-type", b"application/json"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})

    async def _lifespan(self, receive, send):
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _read_body(self, scope, receive, headers) -> bytes:
        declared = headers.get(b"content-length")
        if declared and declared.isdigit() and int(declared) > self.max_body_bytes:
            raise errors.PayloadTooLarge(f"request body of {int(declared)} bytes exceeds the limit of "
                                         f"{self.max_body_bytes} bytes")
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                raise errors.PayloadTooLarge(f"request body exceeds the limit of {self.max_body_bytes} bytes")
            chunks.append(chunk)
            more = message.get("more_body", False)
        return b"".join(chunks)

    def _parse(self, route: routes.Route, headers, raw: bytes):
        if route.request is None:
            return None
        content_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        if content_type != b"application/json" and not content_type.endswith(b"+json"):
            raise errors.UnsupportedMediaType(
                f"Content-Type must be application/json, got {content_type.decode('latin-1') or 'none'}")
        if not raw.strip():
            raise errors.InvalidInput(f"a {route.request} body is required", "$", None)
        try:
            body = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
        except (UnicodeDecodeError, ValueError, RecursionError) as e:
            raise errors.BadRequest(f"Invalid json. {e}") from None
        problems = _contract_problems(route.request, body)
        if problems:
            raise errors.InvalidInput(problems)
        return body

    async def _respond(self, scope, receive):
        """(status, body, extra headers) for one request; every client mistake maps to a 4xx here."""
        headers = dict(scope["headers"])
        route = None
        try:
            if not self.auth.allows(headers.get(b"authorization")):
                raise errors.Unauthorized("missing or wrong credentials")
            path = scope["path"]
            route = self.routes.get(path[len(PREFIX):]) if path.startswith(PREFIX + "/") else None
            if route is None:
                raise errors.UnknownPath(f"no endpoint at {path}; the API lives under {PREFIX}/v1/")
            if scope["method"] != route.method:
                raise errors.MethodNotAllowed(f"{path} takes {route.method}, not {scope['method']}")
            raw = await self._read_body(scope, receive, headers)
            request = self._parse(route, headers, raw)
            with self.store.transaction():
                result = route.handler(self.context, request)
            if result is None:
                return 204, None, []
            if isinstance(result, dict):  # Airbyte leaves null fields out; handlers keep nested ones out
                result = {k: v for k, v in result.items() if v is not None}
            if self.faults.on("nulls_in_responses"):  # FAULT: nulls_in_responses
                result = _with_nulls(route.response, result)
            return 200, result, []
        except errors.NotFound as e:
            if self.faults.on("not_found_as_500"):  # FAULT: not_found_as_500
                return 500, {"message": f"Internal Server Error: {e}"}, []
            return e.status, e.body(), []
        except errors.Unauthorized as e:
            return e.status, e.body(), [(b"www-authenticate", b'Basic realm="airbyte"')]
        except errors.ApiError as e:
            return e.status, e.body(), []
        except RecursionError:
            return 422, errors.InvalidInput("the document is nested too deeply", "$", None).body(), []
        except Exception as e:  # a bug in this server: answer like Airbyte's uncaught-exception handler
            log.exception("unexpected error on %s", scope.get("path"))
            return 500, {"message": f"Internal Server Error: {e}", "exceptionClassName": type(e).__name__}, []
