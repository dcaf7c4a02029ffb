"""Schedules: `schedule` (legacy), `scheduleType` and `scheduleData`, drawn together so they agree.

Rules, as Airbyte applies them at commit 0f4f4a9331:
- airbyte-commons-server/.../handlers/ConnectionsHandler.java (createConnection): `schedule` and
  `scheduleType` never both ("supply old or new schedule schema but not both"); without scheduleType the
  legacy `schedule` (or nothing, meaning manual) applies.
- .../handlers/ConnectionsHandler.java (validateConnectionPatch): an update never carries `schedule`;
  `scheduleData` only together with a scheduleType; none with `manual`; some with `basic` and `cron`.
- .../handlers/helpers/ConnectionScheduleHelper.java: `basic` needs scheduleData.basicSchedule, `cron`
  needs scheduleData.cron with a cron expression that Quartz (org.quartz.CronExpression, Quartz 2.3.2 per
  deps.toml) parses and a time zone that Joda's DateTimeZone.forID knows and that does not start with
  "etc" in any case.

Cron expressions are built from a grammar of Quartz expressions (never filtered): six or seven fields,
seconds minutes hours day-of-month month day-of-week [year], each `*`, a value, a range, a step or a list
of values; `L`, `W`, `LW`, `L-n` in day-of-month; `nL`, `n#k` in day-of-week; month and day names.
Exactly one of day-of-month and day-of-week is `?` (Quartz refuses both and neither).
Two forms Quartz 2.3.2 accepts are left out because the quartz-cron-checker library (which the reference
server validates with) refuses them: lists mixing ranges and values ("0-5,10") and a lone `L` in
day-of-week. Everything generated is accepted by both.
"""

from __future__ import annotations

import functools
import zoneinfo

from hypothesis import strategies as st

from contracts import releases
from strategies._contract import boundaries, choice, enum, member

# ---------------------------------------------------------------------------------------------- zones

# Zone ids valid in Java (Joda) and in IANA: the Area/City names of the tz database. Excluded: Etc/...
# (refused by Airbyte), the bare legacy aliases (EST, GB, US/..., ...), and ids the tz database added
# after 2020 that a Joda build from early 2023 may not know yet (tzdata NEWS: 2020a America/Nuuk,
# 2021b Pacific/Kanton, 2022b Europe/Kyiv, 2022g America/Ciudad_Juarez, 2025b America/Coyhaique).
_AREAS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")
_TOO_NEW = frozenset({"America/Nuuk", "Pacific/Kanton", "Europe/Kyiv", "America/Ciudad_Juarez", "America/Coyhaique"})


def _zones() -> tuple[str, ...]:
    found = sorted(
        z for z in zoneinfo.available_timezones() if z.split("/")[0] in _AREAS and "/" in z and z not in _TOO_NEW
    )
    if not found:
        raise RuntimeError("no IANA time zones found: install the 'tzdata' package or the system tz database")
    return tuple(found)


ZONES = _zones()
time_zones = st.sampled_from(ZONES)

# ----------------------------------------------------------------------------------------------- cron

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")  # Quartz numbers them 1..7 from SUN


def _range(low: int, high: int, pair: tuple[int, int]) -> str:
    start, width = pair
    return f"{start}-{min(high, start + width)}"


def _numeric(low: int, high: int, step_max: int):
    """The generic forms of one numeric field: *, n, a-b, */s, n/s, a-b/s and lists of n and a-b."""
    value = st.integers(low, high).map(str)
    span = st.tuples(st.integers(low, high), st.integers(0, high - low)).map(lambda p: _range(low, high, p))
    step = st.integers(1, step_max).map(str)
    stepped = st.builds(lambda base, s: f"{base}/{s}", st.one_of(st.just("*"), value, span), step)
    listed = st.lists(value, min_size=2, max_size=4).map(",".join)
    return st.one_of(st.just("*"), value, span, stepped, listed)


def _named(names: tuple[str, ...]):
    """Names instead of numbers: JAN, MON-FRI, MON,WED,FRI (ranges run forwards)."""
    one = st.sampled_from(names)
    span = st.tuples(st.integers(0, len(names) - 1), st.integers(0, len(names) - 1)).map(
        lambda p: f"{names[min(p)]}-{names[max(p)]}"
    )
    listed = st.lists(one, min_size=2, max_size=3, unique=True).map(",".join)
    return st.one_of(one, span, listed)


# From v2.0.0 a cron expression that runs more than once a minute is refused: its next three executions must
# be 60 s apart (airbyte-commons-server/src/main/kotlin/io/airbyte/commons/server/helpers/CronExpressionHelper.kt:
# 29-30, 81-92 at v2.0.0, called for describe_cron_expression and for a cron schedule on create and update).
# A single second keeps every expression to at most one run a minute; the pinned release takes any.
_any_second = _numeric(0, 59, 59)
_one_second = st.integers(0, 59).map(str)


@st.composite
def _seconds(draw) -> str:
    """Chosen at each draw: the release is set after this module is imported (and a process may switch)."""
    return draw(_any_second if releases.active() == releases.DEFAULT else _one_second)


seconds = _seconds()
minutes = _numeric(0, 59, 59)
hours = _numeric(0, 23, 23)
months = st.one_of(_numeric(1, 12, 12), _named(MONTHS))
# From v2.0.0 the next runs are computed with cron-utils 9.2.1 (deps.toml:74 at v2.0.0), whose `nW` builds the
# date n of each month it visits (model/time/generator/OnDayOfMonthValueGenerator.java:76 at cron-utils 9.2.1)
# and so throws (an uncaught DateTimeException, a 500) in a month without the 29th, 30th or 31st: `nW` stays
# within 28 there; Quartz at the pinned release takes any.
_any_nearest = st.integers(1, 31)
_safe_nearest = st.integers(1, 28)


@st.composite
def _nearest_weekday(draw) -> str:
    return f"{draw(_any_nearest if releases.active() == releases.DEFAULT else _safe_nearest)}W"


day_of_month = st.one_of(
    _numeric(1, 31, 31),
    st.just("L"),
    st.just("LW"),
    st.integers(1, 30).map(lambda n: f"L-{n}"),
    _nearest_weekday(),
)
day_of_week = st.one_of(
    _numeric(1, 7, 7),
    _named(DAYS),
    st.integers(1, 7).map(lambda n: f"{n}L"),
    st.builds(lambda d, k: f"{d}#{k}", st.integers(1, 7), st.integers(1, 5)),
)
years = _numeric(2024, 2099, 10)


# exactly one of day-of-month and day-of-week is '?'
_day_pair = st.one_of(
    day_of_month.map(lambda spec: (spec, "?")),
    day_of_week.map(lambda spec: ("?", spec)),
)


def _join(sec, minute, hour, days, month, year):
    dom, dow = days
    fields = [sec, minute, hour, dom, month, dow] + ([year] if year is not None else [])
    return " ".join(fields)


cron_expressions = st.builds(_join, seconds, minutes, hours, _day_pair, months, st.none() | years)

# ------------------------------------------------------------------------------------ schedule fields

_TYPE = "ConnectionScheduleType"
MANUAL = member("manual", _TYPE)
BASIC = member("basic", _TYPE)
CRON = member("cron", _TYPE)


def _units(edge: bool, model: str, *path: str):
    """Valid runs use sensible positive intervals; edge runs add every boundary the contract allows
    (Airbyte at this commit does not check the number of units)."""
    sensible = st.integers(1, 10_000)
    if not edge:
        return sensible
    return st.one_of(st.sampled_from(boundaries(model, *path)), sensible)


@functools.cache
def legacy_schedule(edge: bool = False):
    return st.fixed_dictionaries(
        {
            "units": _units(edge, "ConnectionSchedule", "units"),
            "timeUnit": choice(enum("ConnectionSchedule", "timeUnit")),
        }
    )


@functools.cache
def basic_schedule(edge: bool = False):
    return st.fixed_dictionaries(
        {
            "timeUnit": choice(enum("ConnectionScheduleData", "basicSchedule", "timeUnit")),
            "units": _units(edge, "ConnectionScheduleData", "basicSchedule", "units"),
        }
    )


cron = st.fixed_dictionaries({"cronExpression": cron_expressions, "cronTimeZone": time_zones})


def _absent_or_null(*keys: str):
    """Each key absent or explicitly null (Jackson reads both as absent)."""
    return st.fixed_dictionaries({}, optional={k: st.none() for k in keys})


def _typed(schedule_type: str, edge: bool):
    if schedule_type == MANUAL:
        return _absent_or_null("scheduleData").map(lambda rest: {"scheduleType": MANUAL, **rest})
    if schedule_type == BASIC:
        data = basic_schedule(edge).map(lambda b: {"basicSchedule": b})
    elif schedule_type == CRON:
        data = cron.map(lambda c: {"cron": c})
    else:  # a new scheduleType in the contracts needs a rule here before it can be generated
        raise LookupError(f"no rule for scheduleType {schedule_type!r}: add one to strategies/_schedules.py")
    return data.map(lambda d: {"scheduleType": schedule_type, "scheduleData": d})


def _with(fragment_strategy, *null_or_absent: str):
    return st.builds(lambda frag, rest: {**rest, **frag}, fragment_strategy, _absent_or_null(*null_or_absent))


@functools.cache
def create_fields(edge: bool = False):
    """schedule / scheduleType / scheduleData for a connection create: the new form, the legacy one, or none."""
    typed = {t: _with(_typed(t, edge), "schedule") for t in enum(_TYPE)}
    legacy = _with(legacy_schedule(edge).map(lambda s: {"schedule": s}), "scheduleType", "scheduleData")
    nothing = _absent_or_null("schedule", "scheduleType", "scheduleData")
    # the forms that carry enums (legacy and basic: each the only place of its timeUnit) and cron get a
    # quarter each, manual and nothing share the last: a 100-example run then covers every time unit
    rest = [v for t, v in typed.items() if t not in (BASIC, CRON)]
    return st.one_of(legacy, typed[BASIC], typed[CRON], st.one_of(*rest, nothing))


@functools.cache
def update_fields(edge: bool = False):
    """For a connection update (a patch): never `schedule`; scheduleData only with a scheduleType."""
    typed = {t: _with(_typed(t, edge), "schedule") for t in enum(_TYPE)}
    unchanged = _absent_or_null("schedule", "scheduleType", "scheduleData")
    rest = [v for t, v in typed.items() if t not in (BASIC, CRON)]
    return st.one_of(typed[BASIC], typed[CRON], st.one_of(*rest, unchanged))


@functools.cache
def full_fields(edge: bool = False, legacy: bool = False):
    """As many schedule fields as may be present together (for "all optional fields present"):
    scheduleType with its scheduleData, or, for a create, the legacy schedule alone (never both)."""
    typed = [_typed(t, edge) for t in (BASIC, CRON)]
    if legacy:
        typed.insert(0, legacy_schedule(edge).map(lambda s: {"schedule": s}))
    return st.one_of(*typed)
