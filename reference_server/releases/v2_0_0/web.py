"""v2.0.0: the small webBackend operations that are new at v2.0.0 and not emulated here.

describe_cron_expression (airbyte-server/.../handlers/WebBackendCronExpressionHandler.kt:18-33) answers
cron-utils' English description and the next three Quartz executions (CronExpressionHelper.kt:23-59);
mappers/validate runs the destination catalog generator over a stream's mappers. This server has neither
a Quartz schedule evaluator nor cron-utils' wording, nor the mappers: both answer 500 saying so (an errorId, as
v2.0.0 answers an unmapped exception), so a suite run shows them as not served rather than passing on invented
answers.
"""

from __future__ import annotations

from reference_server.context import Context
from reference_server.errors import InjectedServerError


class NotEmulated(InjectedServerError):
    pass


def describe_cron_expression(ctx: Context, body: dict) -> dict:
    raise NotEmulated("web_backend/describe_cron_expression is not emulated by the reference server")


def validate_mappers(ctx: Context, body: dict) -> dict:
    raise NotEmulated("web_backend/mappers/validate is not emulated by the reference server")
