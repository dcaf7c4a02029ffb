"""v2.0.0: the small webBackend operations that are new at v2.0.0.

describe_cron_expression (airbyte-server/.../handlers/WebBackendCronExpressionHandler.kt:18-33) validates the
expression with cron-utils' Quartz definition (refusals: cron.py) and answers the expression as sent, an English
description and the next three executions (commons/helpers/CronExpressionHelper.kt:43-59; schedule.py, with a
description of this server's own). The few forms schedule.py does not evaluate answer 500 (an errorId, as
v2.0.0 answers an unmapped exception) rather than invented runs.
mappers/validate: mapper_fields.py (an empty list of mappers; the mappers themselves are not emulated).
"""

from __future__ import annotations

import datetime as dt

from reference_server.context import Context
from reference_server.errors import InjectedServerError, null_pointer
from reference_server.releases.v2_0_0 import cron, mapper_fields, schedule


class NotEmulated(InjectedServerError):
    pass


def describe_cron_expression(ctx: Context, body: dict) -> dict:
    expression = body.get("cronExpression")
    if expression is None:  # validateCronExpression(cronExpression: String), CronExpressionHelper.kt:23
        raise null_pointer("cronExpression is required", "$.cronExpression")
    if ctx.faults.on("v2_cron_not_checked"):  # FAULT: v2_cron_not_checked
        # a server that neither checks nor reads the expression: any text is "described", with no runs
        return {"cronExpression": expression, "description": expression, "nextExecutions": []}
    cron.refuse_invalid(expression)
    try:
        runs = schedule.next_executions(expression, dt.datetime.now(dt.UTC))
    except schedule.NotEvaluated as why:
        raise NotEmulated(f"web_backend/describe_cron_expression: the runs of {why} are not emulated") from None
    # WebBackendCronExpressionHandler.kt:23 answers the expression as sent, not normalised
    return {"cronExpression": expression, "description": schedule.describe(expression), "nextExecutions": runs}


def validate_mappers(ctx: Context, body: dict) -> dict:
    return mapper_fields.validate(ctx, body)
