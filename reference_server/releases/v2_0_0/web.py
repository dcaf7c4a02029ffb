"""v2.0.0: the small webBackend operations that are new at v2.0.0.

describe_cron_expression (airbyte-server/.../handlers/WebBackendCronExpressionHandler.kt:18-33) validates the
expression with cron-utils' Quartz definition and answers cron-utils' English description and the next three
executions (commons/helpers/CronExpressionHelper.kt:23-59). The refusals are emulated (cron.py); a valid
expression is not: this server has neither cron-utils' wording nor a Quartz schedule evaluator, so it answers 500
saying so (an errorId, as v2.0.0 answers an unmapped exception) rather than an invented description.
mappers/validate: mapper_fields.py (an empty list of mappers; the mappers themselves are not emulated).
"""

from __future__ import annotations

from reference_server.context import Context
from reference_server.errors import InjectedServerError, null_pointer
from reference_server.releases.v2_0_0 import cron, mapper_fields


class NotEmulated(InjectedServerError):
    pass


def describe_cron_expression(ctx: Context, body: dict) -> dict:
    expression = body.get("cronExpression")
    if expression is None:  # validateCronExpression(cronExpression: String), CronExpressionHelper.kt:23
        raise null_pointer("cronExpression is required", "$.cronExpression")
    cron.refuse_invalid(expression, ctx.faults)
    raise NotEmulated("web_backend/describe_cron_expression of a valid expression is not emulated by the "
                      "reference server")


def validate_mappers(ctx: Context, body: dict) -> dict:
    return mapper_fields.validate(ctx, body)
