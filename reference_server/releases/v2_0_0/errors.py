"""v2.0.0: the bodies of the errors the framework's exception handlers answer. Paths at tag v2.0.0 under
airbyte-commons-server/src/main/kotlin/io/airbyte/commons/server/errors/handlers/."""

from __future__ import annotations

import uuid

from reference_server.errors import AirbyteFailure, ErrorIdOnly

# airbyte-server/src/main/kotlin/io/airbyte/server/apis/ApiHelper.kt:45
_DATABASE_MESSAGE = "Failed to access database. Check the server logs for more information"


def error_body(status: int, body, faults):
    """A 404 or 500 a handler raised carries only a fresh errorId: IdNotFoundExceptionHandler.kt:33-40 (an unknown
    id, ConfigNotFoundException, becomes IdNotFoundKnownException in airbyte-server/.../apis/ApiHelper.kt:37-38),
    UncaughtExceptionHandler.kt:28,46 (any exception no other handler maps). Bodies that are not JSON objects
    (the unknown-path text of NotFoundController.kt:28), Micronaut's and problem bodies stay; a KnownException of
    another status keeps its message only (_known_exception_body)."""
    if not isinstance(body, dict) or "errorId" in body:
        return body
    if faults.on("v2_error_details_kept"):  # FAULT: v2_error_details_kept
        return body
    if status not in (404, 500):
        return _known_exception_body(body)
    return ErrorIdOnly(status).body()


def _known_exception_body(body: dict) -> dict:
    """KnownExceptionHandler.kt:35 answers exception.getKnownExceptionInfo(): infoFromThrowableWithMessage
    (KnownException.kt:43,70-87) sets the message, the details and the exception's errorId (:23), nothing else;
    the class and the stacks go only to the log (KnownExceptionHandler.kt:34), and null fields are left out.
    A body without exceptionClassName is not a KnownExceptionInfo (Micronaut's, a problem, this server's own
    InvalidInput naming the invalid fields) and stays."""
    if "exceptionClassName" not in body or "validationErrors" in body:
        return body
    kept = {"message": body.get("message"), "details": body.get("details")}
    return {**{k: v for k, v in kept.items() if v is not None}, "errorId": str(uuid.uuid4())}


def database_error(failure: AirbyteFailure) -> tuple[int, dict]:
    """A statement PostgreSQL refuses: jOOQ's DataAccessException is not an SQLException, so neither
    ExceptionWrappingDatabase (airbyte-db/db-lib/src/main/kotlin/io/airbyte/db/ExceptionWrappingDatabase.kt:27-50)
    nor Database.transaction (Database.kt:15) wraps it; ApiHelper.execute makes it a ConflictException
    (ApiHelper.kt:45), a KnownException of status 409 (commons/errors/ConflictException.kt:18) whose body is its
    KnownExceptionInfo: the message and the errorId, no stack (KnownException.kt:43,70-86;
    KnownExceptionHandler.kt:34-36)."""
    return 409, {"message": _DATABASE_MESSAGE, "errorId": str(uuid.uuid4())}
