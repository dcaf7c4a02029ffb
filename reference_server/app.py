"""The ASGI application: auth, body limits, JSON parsing, binding to the request model, dispatch, error bodies.

A plain ASGI callable (no framework): every request goes through `_respond`, which is the one place where
client input turns into a status code.
"""

from __future__ import annotations

import base64
import hmac
import json
import logging

import contracts
from reference_server import binding, errors, releases, routes
from reference_server.context import Context
from reference_server.faults import Faults
from reference_server.store import Store

log = logging.getLogger("reference_server")
PREFIX = "/api"
DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024


def _reject_constant(name):
    raise ValueError(f"Non-standard token '{name}': enable JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS to allow")


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
                 max_body_bytes: int = DEFAULT_MAX_BODY_BYTES, airbyte_500s: bool = True,
                 sync_ms: int = 300, remote_catalog: dict | None = None,
                 airbyte_version: str = releases.DEFAULT):
        self.release = releases.load(airbyte_version)  # UnknownRelease names the supported ones
        self.airbyte_500s = airbyte_500s  # False: answer Airbyte's 500s with a 4xx naming the problem
        self.store = Store(db)
        self.faults = Faults(faults, self.release.name)
        self.auth = auth or Auth()
        self.max_body_bytes = max_body_bytes
        self.routes = routes.table(self.release.handlers)
        self.context = Context(self.store, self.faults, sync_ms, remote_catalog, self.release.name)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        status, body, extra = await self._respond(scope, receive)
        # A lone surrogate (JSON allows "\\ud800") is written as "?", as Java's UTF-8 encoder does.
        if isinstance(body, errors.RawText):
            payload = body.encode("utf-8")
        else:
            payload = b"" if body is None else json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode(
                "utf-8", "replace")
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

    def _parse(self, route: routes.Route, scope, headers, raw: bytes):
        """The request model as Airbyte's handler would receive it (see binding.py), or the error Airbyte answers.

        - a Content-Type other than application/json: 415 from Micronaut's router (micronaut-core v3.8.7
          `RoutingInBoundHandler.java:385-404`); none at all matches the route (fact: a route that consumes
          JSON accepts a request without Content-Type), but the body is then not read as JSON, so the
          argument is not satisfied: 400;
        - no body: 400 (the argument is not satisfied, `UnsatisfiedRouteHandler`);
        - a body Jackson cannot parse: 422 `Invalid json. ...` (`InvalidJsonExceptionHandler.java:26-31`);
        - a body Jackson cannot convert to the model (wrong types, bad enum values, bad UUIDs, a root that
          is not an object): 400, the same unsatisfied-argument answer.
        """
        if route.request is None:
            return None
        href = scope["path"] + (("?" + scope["query_string"].decode("latin-1")) if scope.get("query_string") else "")
        content_type = headers.get(b"content-type")
        media_type = (content_type or b"").split(b";")[0].strip().lower()
        if content_type is not None and media_type != b"application/json":
            raise errors.MicronautError(
                415, f"Content Type [{content_type.decode('latin-1').strip()}] not allowed. "
                     "Allowed types: [application/json]", href)
        name = binding.parameter_name(route.request)
        unsatisfied = errors.MicronautError(400, f"Required argument [{route.request} {name}] not specified", href,
                                            f"/{name}")
        reversed_errors = self.faults.on("json_errors_reversed")  # FAULT: json_errors_reversed
        if reversed_errors:
            unsatisfied = errors.InvalidInput("the body does not match the request model", "$")
        if content_type is None or not raw.strip():
            raise unsatisfied
        if raw.startswith(b"\xef\xbb\xbf"):  # Jackson skips a UTF-8 byte order mark
            raw = raw[3:]
        try:
            body = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
        except (UnicodeDecodeError, ValueError, RecursionError) as e:
            if self.release.error_ids and not reversed_errors:  # v2.0.0: InvalidJsonExceptionHandler.kt:28,45
                raise errors.ErrorIdOnly(422) from None
            if reversed_errors:
                raise errors.MicronautError(400, f"Invalid JSON: {e}", href) from None
            raise errors.InvalidJson(str(e)) from None
        try:
            blank_ids = not self.faults.on("blank_ids_looked_up")  # FAULT: blank_ids_looked_up
            return binding.bind(route.request, body, blank_ids_are_null=blank_ids)
        except binding.Unbindable:
            if self.release.error_ids:  # v2.0.0: InvalidJsonInputExceptionHandler.kt:28,45 (JsonMappingException)
                raise errors.ErrorIdOnly(422) from None
            raise unsatisfied from None
        except RecursionError:
            raise errors.InvalidJson("the document is nested too deeply") from None

    async def _respond(self, scope, receive):
        """(status, body, extra headers) for one request; every client mistake maps to a 4xx here."""
        status, body, extra = await self._answer(scope, receive)
        if self.release.error_body is not None and status >= 400:
            body = self.release.error_body(status, body, self.faults)
        return status, body, extra

    async def _answer(self, scope, receive):
        headers = dict(scope["headers"])
        route = None
        try:
            if not self.auth.allows(headers.get(b"authorization")):
                raise errors.Unauthorized("missing or wrong credentials")
            path = scope["path"]
            route = self.routes.get(path[len(PREFIX):]) if path.startswith(PREFIX + "/") else None
            if route is None:
                raise errors.UnknownPath(path)
            if scope["method"] != route.method:
                raise errors.MethodNotAllowed(f"{path} takes {route.method}, not {scope['method']}")
            raw = await self._read_body(scope, receive, headers)
            request = self._parse(route, scope, headers, raw)
            with self.store.transaction():
                try:
                    result = route.handler(self.context, request)
                except (KeyError, TypeError, AttributeError) as e:
                    if path.startswith(PREFIX + "/v1/web_backend/"):
                        raise  # the webBackend handlers name each null Airbyte dereferences; this is our bug
                    # The setup endpoints are modelled loosely: a required value that is absent or null is
                    # dereferenced, as the Java handlers do, and fails with a NullPointerException.
                    raise errors.null_pointer(f"a required value is missing ({type(e).__name__}: {e})") from e
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
            if self.faults.on("not_found_with_id"):  # FAULT: not_found_with_id
                old = {"id": e.ident, "message": str(e), "exceptionClassName": "IdNotFoundKnownException"}
                return e.status, old, []
            return e.status, e.body(), []
        except errors.AirbyteFailure as e:
            if e.database and self.release.database_error is not None:
                status, body = self.release.database_error(e)
                return status, body, []
            if not self.airbyte_500s:
                return e.friendly.status, e.friendly.body(), []
            return e.status, e.body(), []
        except errors.Unauthorized as e:
            return e.status, e.body(), [(b"www-authenticate", b'Basic realm="airbyte"')]
        except errors.ApiError as e:
            return e.status, e.body(), []
        except RecursionError:
            return 422, errors.InvalidJson("the document is nested too deeply").body(), []
        except Exception as e:  # a bug in this server: answer like Airbyte's uncaught-exception handler
            log.exception("unexpected error on %s", scope.get("path"))
            return 500, errors.known_exception_info(type(e).__name__, f"Internal Server Error: {e}"), []
