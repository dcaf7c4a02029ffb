"""v2.0.0: the small webBackend operations that are new at v2.0.0.

describe_cron_expression (airbyte-server/.../handlers/WebBackendCronExpressionHandler.kt:18-33) validates the
expression with cron-utils' Quartz definition and answers cron-utils' English description and the next three
executions (commons/helpers/CronExpressionHelper.kt:23-59). The refusals are emulated (cron.py); a valid
expression is not: this server has neither cron-utils' wording nor a Quartz schedule evaluator, so it answers 500
saying so (an errorId, as v2.0.0 answers an unmapped exception) rather than an invented description.
mappers/validate runs the destination catalog generator over a stream's mappers: only its connection look-up is
emulated; then 500.
"""

from __future__ import annotations

from reference_server import connections
from reference_server.context import Context
from reference_server.errors import InjectedServerError, null_pointer
from reference_server.releases.v2_0_0 import cron


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
    """WebBackendMappersHandler.kt:37-39 looks the connection up first (ConnectionsHandler.getConnection: null is a
    500, an unknown id a 404); what follows (the stream's fields, the destination catalog generator) is not
    emulated."""
    connections.require(ctx, body.get("connectionId"))
    raise NotEmulated("web_backend/mappers/validate is not emulated by the reference server")
