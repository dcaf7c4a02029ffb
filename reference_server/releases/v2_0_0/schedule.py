"""v2.0.0: the answer of describe_cron_expression for a valid Quartz expression. Paths at tag v2.0.0.

airbyte-server/.../handlers/WebBackendCronExpressionHandler.kt:22-25 answers the expression as sent, cron-utils'
English description and the next three executions; commons/helpers/CronExpressionHelper.kt:45-59 counts them
from ZonedDateTime.now() (the JVM's default zone), each strictly after the one before, as epoch seconds, and
stops early when the schedule has no further run. Here the zone is UTC and the runs come from `croniter`,
after translating Quartz's notation to croniter's (`?` is `*`, days of the week 1-7 from SUN become 0-6,
`nL` becomes `L(n-1)`); `LW`, `L-n` and `nW` (which croniter lacks or reads as Quartz does) are croniter runs
on the days that can hold them, kept when the day is the one cron-utils picks (_day_of_month). Forms not
reproduced (`nW` past the 28th, where cron-utils throws, and ranges that wrap) are not emulated (500).
The description is this server's own wording, not cron-utils'.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable

from croniter import CroniterBadDateError, CroniterError, croniter

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")  # Quartz numbers them 1..7
_NAMES = ("second", "minute", "hour", "day of the month", "month", "day of the week", "year")
_DayTest = Callable[[dt.datetime], bool]
_SEARCH_DAYS = 400  # more skipped days than a 3-run answer can need for LW or L-n (at least one a month)


class NotEvaluated(Exception):
    """A valid expression whose runs this server does not compute."""


def _numbered(token: str, names: tuple[str, ...]) -> str:
    for number, name in enumerate(names, start=1):
        token = token.replace(name, str(number))
    return token


def _check_forward(token: str) -> None:
    base = token.split("/")[0]
    if "-" in base and not base.startswith("L"):
        low, high = base.split("-")
        if int(low) > int(high):
            raise NotEvaluated(f"a range that wraps around ({token})")


def _day_of_week(field: str) -> str:
    """Quartz's day-of-week field (1 = SUN) as croniter reads it (0 = SUN)."""
    if field in ("?", "*"):
        return "*"
    out = []
    for token in _numbered(field, _DAYS).split(","):
        _check_forward(token)
        if token.endswith("L"):
            out.append(f"L{int(token[:-1]) - 1}")
        elif "#" in token:
            day, nth = token.split("#")
            out.append(f"{int(day) - 1}#{nth}")
        else:
            base, slash, step = token.partition("/")
            base = base if base == "*" else "-".join(str(int(n) - 1) for n in base.split("-"))
            out.append(base + slash + step)
    return ",".join(out)


def _day_of_month(field: str) -> tuple[str, _DayTest | None]:
    """croniter's day-of-month field and, for LW, L-n and nW, the test a candidate day must pass.

    Read from cron-utils 9.2.1 (airbyte deps.toml:74), model/time/generator/OnDayOfMonthValueGenerator.java:70-96:
    L-n is the month's length minus n (no run in a month where that is below 1); nW is n on a weekday, the day
    before a Saturday (the 3rd when a Saturday is the 1st), the day after a Sunday unless that leaves the month
    (then the Sunday itself); LW is the last day, moved back to Friday from a weekend.
    """
    if field == "?":
        return "*", None
    if field == "LW":
        return "26-31", lambda day: day.day == _last_day(day) - max(0, calendar.weekday(day.year, day.month,
                                                                                        _last_day(day)) - 4)
    if field.startswith("L-"):
        back = int(field[2:])
        return f"{max(1, 28 - back)}-{31 - back}", lambda day: day.day == _last_day(day) - back
    if field.endswith("W") and field != "W":
        wanted = int(field[:-1])
        if wanted > 28:  # cron-utils throws DateTimeException in a month without that day (:76): not reproduced
            raise NotEvaluated(f"{field} (a day some months lack)")
        return f"{max(1, wanted - 1)}-{wanted + 2}", lambda day: day.day == _weekday_near(day, wanted)
    for token in field.split(","):
        _check_forward(token)
    return field, None


def _weekday_near(day: dt.datetime, wanted: int) -> int:
    weekday = calendar.weekday(day.year, day.month, wanted)
    if weekday == 5:
        return 3 if wanted == 1 else wanted - 1
    if weekday == 6 and wanted + 1 <= _last_day(day):
        return wanted + 1
    return wanted


def _last_day(day: dt.datetime) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def _croniter_fields(expression: str) -> tuple[str, _DayTest | None]:
    fields = expression.upper().split()
    days, keep = _day_of_month(fields[3])
    fields[3] = days
    fields[4] = _numbered(fields[4], _MONTHS)
    fields[5] = _day_of_week(fields[5])
    for index in (0, 1, 2, 4, 6):
        if index < len(fields):
            for token in fields[index].split(","):
                _check_forward(token)
    return " ".join(fields), keep


def next_executions(expression: str, after: dt.datetime, count: int = 3) -> list[int]:
    """The next `count` runs strictly after `after`, as epoch seconds; fewer when the schedule ends."""
    fields, keep = _croniter_fields(expression)
    found: list[int] = []
    base, skipped = after, 0
    while len(found) < count and skipped < _SEARCH_DAYS:
        try:
            run = croniter(fields, base, second_at_beginning=True).get_next(dt.datetime)
        except CroniterBadDateError:
            break
        except CroniterError as error:  # a form croniter does not read: no guessed runs
            raise NotEvaluated(f"{expression} ({error})") from None
        if keep is None or keep(run):
            found.append(int(run.timestamp()))
            base = run
        else:  # no run on this day: go on from its last second
            base, skipped = run.replace(hour=23, minute=59, second=59), skipped + 1
    return found


def describe(expression: str) -> str:
    """Plain English of this server's own; cron-utils words it differently (the suite checks only the shape)."""
    parts = []
    for name, value in zip(_NAMES, expression.split(), strict=False):
        if value == "*":
            parts.append(f"every {name}")
        elif value == "?":
            parts.append(f"any {name}")
        else:
            parts.append(f"{name} {value}")
    return "Runs at " + ", ".join(parts) + " (UTC)"
