"""v2.0.0: the cron expressions describe_cron_expression refuses, and its problem body. Paths at tag v2.0.0.

CronExpressionHelper.validateCronExpression (airbyte-commons-server/.../helpers/CronExpressionHelper.kt:23-35)
parses with cron-utils' Quartz definition, validates, and refuses an expression whose next three executions are
less than 60 s apart (:74-85); WebBackendCronExpressionHandler.kt:26-31 turns the IllegalArgumentException into
CronValidationInvalidExpressionProblem, answered 400 with the problem as body (errors/problems/
AbstractThrowableProblemHandler.kt:33-37; type, title and detail are the defaults of
airbyte-api/problems-api/src/main/openapi/api-problems.yaml:505-525, data ProblemCronExpressionData :1161-1169).

Here the syntax is Quartz's as quartz_cron_checker reads it (cron-utils' parser was not re-implemented: where
the two differ, this server follows Quartz), and "more than once a minute" is a seconds field naming more
than one second (an expression that never fires again has no next executions and is not refused by Airbyte;
this server refuses it too when its seconds field names several).
"""

from __future__ import annotations

from quartz_cron_checker import validate_cron_string

from reference_server.errors import ApiError


class InvalidCronProblem(ApiError):
    status = 400

    def __init__(self, expression: str, message: str):
        super().__init__(message)
        self.expression = expression
        self.message = message

    def body(self) -> dict:
        return {"status": 400, "type": "error:cron-validation/invalid-expression", "title": "Invalid cron expression",
                "detail": "The cron expression is invalid",
                "data": {"cronExpression": self.expression, "validationErrorMessage": self.message}}


def _seconds(field: str) -> set[int]:
    """The seconds a Quartz seconds field names (its syntax already checked)."""
    found: set[int] = set()
    for part in field.split(","):
        base, _, step = part.partition("/")
        if base in ("*", "?"):
            low, high = 0, 59
        elif "-" in base:
            low, high = (int(n) for n in base.split("-"))
        else:
            low = int(base)
            high = 59 if step else low
        found.update(range(low, high + 1, int(step) if step else 1))
    return found


def refuse_invalid(expression: str) -> None:
    """Raise the 400 problem for an expression Airbyte refuses."""
    try:
        validate_cron_string(expression.upper())  # Quartz names are case-insensitive
    except Exception as error:  # the library raises several error types; each means "not a Quartz expression"
        raise InvalidCronProblem(expression, f"Invalid cron expression: {error}") from None
    if len(_seconds(expression.split()[0])) > 1:
        raise InvalidCronProblem(expression, "Invalid cron expression: Cron executions must be more than 1 minute "
                                             "apart")
