"""The errors a handler can raise, each mapped to a status code and an Airbyte-shaped body.

Airbyte answers unknown ids with 404 and a NotFoundKnownExceptionInfo body, and rejected input with an
InvalidInputExceptionInfo body listing each problem. Everything a client can send maps to one of these:
the server never answers a client's input with a 5xx (except when a fault asks for it).
"""

from __future__ import annotations

import json


class ApiError(Exception):
    status = 500

    def body(self) -> dict:
        return {"message": str(self), "exceptionClassName": type(self).__name__}


class NotFound(ApiError):
    """An id that names nothing stored (Airbyte: ConfigNotFoundException -> IdNotFoundKnownException)."""

    status = 404

    def __init__(self, kind: str, ident):
        self.kind = kind
        self.ident = str(ident)
        super().__init__(f"Could not find configuration for {kind}: {ident}.")

    def body(self) -> dict:
        return {"id": self.ident, "message": str(self), "exceptionClassName": "IdNotFoundKnownException"}


def _render(value) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)[:500]


class InvalidInput(ApiError):
    """A body that parses but breaks the contract or a rule of the handler; one entry per problem."""

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


class BadRequest(ApiError):
    """A body that is not JSON at all (Airbyte answers such bodies with a JsonParseException handler)."""

    status = 400


class UnsupportedMediaType(ApiError):
    status = 415


class PayloadTooLarge(ApiError):
    status = 413


class Unauthorized(ApiError):
    status = 401


class MethodNotAllowed(ApiError):
    status = 405


class UnknownPath(ApiError):
    status = 404

    def body(self) -> dict:
        return {"message": str(self), "exceptionClassName": "NotFoundException"}


class InjectedServerError(ApiError):
    """Only raised by a fault: the server-side failure the suite must notice."""

    status = 500
