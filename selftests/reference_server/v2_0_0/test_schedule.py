"""v2.0.0 describe_cron_expression's runs (releases/v2_0_0/schedule.py) against a fixed clock, checked by date."""

from __future__ import annotations

import datetime as dt

import pytest

from reference_server.releases.v2_0_0 import schedule

# Thursday 1 January 2026, half a second past noon UTC
CLOCK = dt.datetime(2026, 1, 1, 12, 0, 0, 500000, tzinfo=dt.UTC)


def _days(expression: str) -> list[str]:
    return [dt.datetime.fromtimestamp(run, dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
            for run in schedule.next_executions(expression, CLOCK)]


@pytest.mark.parametrize("expression, expected", [
    ("0 0 12 * * ?", ["2026-01-02 12:00:00", "2026-01-03 12:00:00", "2026-01-04 12:00:00"]),  # strictly after
    ("30 15 9 ? * 2#1", ["2026-01-05 09:15:30", "2026-02-02 09:15:30", "2026-03-02 09:15:30"]),  # 2 is Monday
    ("0 0 12 ? * 6L", ["2026-01-30 12:00:00", "2026-02-27 12:00:00", "2026-03-27 12:00:00"]),  # last Friday
    ("0 0 12 ? * 1,7", ["2026-01-03 12:00:00", "2026-01-04 12:00:00", "2026-01-10 12:00:00"]),  # SAT and SUN
    ("0 0 12 LW * ?", ["2026-01-30 12:00:00", "2026-02-27 12:00:00", "2026-03-31 12:00:00"]),
    ("0 0 12 L-27 2 ?", ["2026-02-01 12:00:00", "2027-02-01 12:00:00", "2028-02-02 12:00:00"]),  # 2028 is leap
    ("0 0 0 15W * ?", ["2026-01-15 00:00:00", "2026-02-16 00:00:00", "2026-03-16 00:00:00"]),  # Sunday to Monday
    ("0 0 12 L-28 * ?", ["2026-01-03 12:00:00", "2026-03-03 12:00:00", "2026-04-02 12:00:00"]),  # none in Feb
    ("0 0 12 28W 2 ?", ["2026-02-27 12:00:00", "2027-02-28 12:00:00", "2028-02-28 12:00:00"]),  # a last Sunday stays
    ("0 0 12 * * ? 2024", []),  # no run left: Airbyte stops early (CronExpressionHelper.kt:54)
])
def test_next_three_runs_from_a_fixed_clock(expression, expected):
    assert _days(expression) == expected


@pytest.mark.parametrize("expression", ["0 0 12 30W * ?", "0 50-10 12 * * ?", "0 0 12 ? * FRI-MON"])
def test_forms_not_evaluated(expression):
    with pytest.raises(schedule.NotEvaluated):
        schedule.next_executions(expression, CLOCK)
