"""The errors a handler can raise, each with Airbyte's status code and body (platform 0f4f4a9331).

Airbyte's bodies, and where they come from (paths at 0f4f4a9331):
- 404: `ConfigNotFoundException` becomes `IdNotFoundKnownException("Could not find configuration for <KIND>: <id>.")`
  in `airbyte-server/src/main/java/io/airbyte/server/apis/ApiHelper.java:27-30`; the most specific handler,
  `airbyte-commons-server/src/main/java/io/airbyte/commons/server/errors/IdNotFoundExceptionMapper.java:29-35`,
  answers `KnownException.infoFromThrowableWithMessage(e, "Internal Server Error: " + message)`: a
  KnownExceptionInfo without `id`. KIND is the `ConfigSchema` constant's name (`STANDARD_SYNC`, ...;
  `ConfigNotFoundException.java:25-31` uses `type.toString()` and the enum does not override it).
- 422 for a `JsonValidationException` (schedule and field-selection rules): `ApiHelper.java:31-34` makes a
  `BadObjectSchemaKnownException` ("The provided configuration does not fulfill the specification. Errors: ...",
  `BadObjectSchemaKnownException.java:21-22`), answered by `airbyte-server/.../errors/KnownExceptionHandler.java:28-31`.
- 500 for anything else a handler throws (NullPointerException, IllegalArgumentException from Preconditions,
  database errors): `airbyte-server/.../errors/UncaughtExceptionHandler.java:30-34`, body
  `infoFromThrowableWithMessage(e, "Internal Server Error: " + e.getMessage())`.
- `infoFromThrowableWithMessage` (`airbyte-commons-server/.../errors/KnownException.java:36-46`): the Java
  class name, the message, the stack as lines, and when there is a cause `rootCauseExceptionClassName`
  (which is `java.lang.Class`: the code takes `t.getClass().getClass()`) and the cause's stack.
  We cannot give Java stack frames; each stack list holds the first line a Java stack has ("<class>: <message>").

With `airbyte_500s` off (`--no-airbyte-500s`) an `AirbyteFailure` answers its `friendly` error instead.
"""

from __future__ import annotations

import json
import uuid


class ApiError(Exception):
    status = 500
    keep_writes = False  # set when Airbyte would already have committed what the request wrote

    def body(self) -> dict:
        return {"message": str(self), "exceptionClassName": type(self).__name__}


class kept_writes:  # noqa: N801 - used as a context manager like a statement
    """`with kept_writes():` marks any ApiError raised inside as coming after committed writes."""

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if isinstance(error, ApiError):
            error.keep_writes = True
        return False


def known_exception_info(java_class: str, message: str, cause: tuple[str, str] | None = None,
                         own_message: str | None = None) -> dict:
    """KnownException.infoFromThrowableWithMessage(t, message), as far as a Python server can tell it: the
    stack's first line is t.toString(), "<class>: <t's own message>" (just "<class>" when it has none: "")."""
    own = message if own_message is None else own_message
    info = {"message": message, "exceptionClassName": java_class,
            "exceptionStack": [f"{java_class}: {own}" if own else java_class]}
    if cause is not None:
        info["rootCauseExceptionClassName"] = "java.lang.Class"
        info["rootCauseExceptionStack"] = [f"{cause[0]}: {cause[1]}"]
    return info


class NotFound(ApiError):
    """An id that names nothing stored; kind is Airbyte's ConfigSchema name, e.g. STANDARD_SYNC."""

    status = 404

    def __init__(self, kind: str, ident):
        self.kind = kind
        self.ident = str(ident).lower()  # Jackson parsed it into a UUID; UUID.toString is lower-case
        super().__init__(f"Could not find configuration for {kind}: {self.ident}.")

    def body(self) -> dict:
        return known_exception_info("io.airbyte.commons.server.errors.IdNotFoundKnownException",
                                    f"Internal Server Error: {self}",
                                    ("io.airbyte.config.persistence.ConfigNotFoundException",
                                     f"config type: {self.kind} id: {self.ident}"), str(self))


class BadObjectSchema(ApiError):
    """A JsonValidationException from a handler (ApiHelper.java:31-34): 422."""

    status = 422

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(f"The provided configuration does not fulfill the specification. Errors: {reason}")

    def body(self) -> dict:
        return known_exception_info("io.airbyte.commons.server.errors.BadObjectSchemaKnownException", str(self),
                                    ("io.airbyte.validation.json.JsonValidationException", self.reason))


def _render(value) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)[:500]


class InvalidInput(ApiError):
    """422 with one entry per problem: our friendly answer (never Airbyte's), and sources/destinations
    configuration checks."""

    status = 422

    def __init__(self, problems: list[tuple[str, object, str]] | str, path: str = "$", value=None):
        if isinstance(problems, str):
            problems = [(path, value, problems)]
        self.problems = problems
        super().__init__("; ".join(f"{p}: {m}" for p, _, m in problems))

    def body(self) -> dict:
        return {
            "message": "Some properties contained invalid input.",
            "exceptionClassName": "InvalidInputException",
            "validationErrors": [
                {"propertyPath": path, "invalidValue": _render(value), "message": message}
                for path, value, message in self.problems
            ],
        }


class AirbyteFailure(ApiError):
    """What Airbyte answers with a 500 (an exception its handlers do not catch).

    java_class and detail make Airbyte's body; friendly is the error answered instead when the app runs
    without Airbyte's 500s (a 422 naming the problem unless given).
    """

    status = 500

    def __init__(self, java_class: str, detail: str, friendly: ApiError | str | None = None,
                 path: str = "$", cause: tuple[str, str] | None = None):
        self.java_class = java_class
        self.detail = detail
        self.cause = cause
        self.database = False
        if friendly is None or isinstance(friendly, str):
            friendly = InvalidInput(friendly or detail, path)
        self.friendly = friendly
        super().__init__(detail)

    def body(self) -> dict:
        own = "" if self.detail == "null" else self.detail  # Java prints a message-less exception as its class
        return known_exception_info(self.java_class, f"Internal Server Error: {self.detail}", self.cause, own)


def null_pointer(friendly: str, path: str = "$", detail: str = "null") -> AirbyteFailure:
    """A NullPointerException: a value the Java code uses without a null check was absent, null or ""."""
    return AirbyteFailure("java.lang.NullPointerException", detail, friendly, path)


def precondition(message: str, path: str = "$", with_message: bool = True) -> AirbyteFailure:
    """Guava's Preconditions.checkArgument: an IllegalArgumentException (without a message when the check
    gives none: the body then says "null")."""
    return AirbyteFailure("java.lang.IllegalArgumentException", message if with_message else "null", message, path)


def database_error(problem: str, friendly: ApiError | str, path: str = "$") -> AirbyteFailure:
    """A write PostgreSQL refuses. jOOQ throws DataAccessException, ExceptionWrappingDatabase wraps it in an
    IOException, ApiHelper.java:35-37 in a RuntimeException (airbyte-db/db-lib/.../ExceptionWrappingDatabase.java)."""
    detail = f"java.io.IOException: org.jooq.exception.DataAccessException: {problem}"
    failure = AirbyteFailure("java.lang.RuntimeException", detail, friendly, path,
                             cause=("java.io.IOException", f"org.jooq.exception.DataAccessException: {problem}"))
    failure.database = True  # a release may answer these otherwise (Release.database_error)
    return failure


class InvalidJson(ApiError):
    """A body Jackson cannot parse: Airbyte's InvalidJsonExceptionHandler answers 422
    (`airbyte-server/src/main/java/io/airbyte/server/errors/InvalidJsonExceptionHandler.java:26-31`)."""

    status = 422

    def body(self) -> dict:
        return known_exception_info("com.fasterxml.jackson.core.JsonParseException", f"Invalid json. {self}",
                                    own_message=str(self))


class MicronautError(ApiError):
    """Micronaut's own error body (HateoasErrorResponseProcessor, micronaut-core v3.8.7): one error is
    flattened into message (and path), with a self link to the request URI."""

    def __init__(self, status: int, message: str, href: str, path: str | None = None):
        self.status = status
        self.href = href
        self.path = path
        super().__init__(message)

    def body(self) -> dict:
        body = {"message": str(self)}
        if self.path is not None:
            body["path"] = self.path
        body["_links"] = {"self": {"href": self.href, "templated": False}}
        return body


class PayloadTooLarge(ApiError):
    status = 413


class Unauthorized(ApiError):
    status = 401


class MethodNotAllowed(ApiError):
    status = 405


class UnknownPath(ApiError):
    """A path no controller maps: Airbyte's global 404 handler answers the text `Object not found.` with
    Content-Type application/json (`airbyte-server/src/main/java/io/airbyte/server/apis/NotFoundController.java:
    24-32`); Micronaut writes a String body as it is, so the body is that text, not a JSON string."""

    status = 404
    text = "Object not found."

    def body(self) -> RawText:
        return RawText(self.text)


class RawText(str):
    """A body written as it is, not as JSON."""


class InjectedServerError(ApiError):
    """Only raised by a fault: the server-side failure the suite must notice."""

    status = 500


class ErrorIdOnly(ApiError):
    """v2.0.0: an exception handler that logs the details and answers only a fresh errorId (see error_id_body)."""

    def __init__(self, status: int):
        super().__init__(f"status {status}")
        self.status = status

    def body(self) -> dict:
        return {"errorId": str(uuid.uuid4())}

