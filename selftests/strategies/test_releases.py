"""The strategies of every supported release draw from that release's contract set: valid and edge bodies of
every webBackend request model are valid against its contracts, invalid ones are not, and refused ones
are contract-valid (each release's strategies imported under its set: selftests/strategies/_release.py)."""

from __future__ import annotations

import pytest

import contracts
from contracts import releases
from selftests.strategies._draw import draw_many
from selftests.strategies._release import serving


@pytest.mark.parametrize("release", releases.available())
def test_valid_and_edge_bodies_of_every_request_model_are_contract_valid(release):
    with serving(release) as fresh:
        for model in fresh.REQUEST_MODELS:
            validator = contracts.validator(model)
            for family in (fresh.valid, fresh.edge):
                for body in draw_many(family(model), 30, label=f"{release}/{model}/{family.__name__}"):
                    assert validator.is_valid(body), (model, body, list(validator.violations(body))[:3])


@pytest.mark.parametrize("release", releases.available())
def test_invalid_bodies_break_and_refused_bodies_keep_the_release_s_contract(release):
    with serving(release) as fresh:
        for model in fresh.REQUEST_MODELS:
            validator = contracts.validator(model)
            for bad in draw_many(fresh.invalid(model), 30, label=f"{release}/{model}/invalid"):
                assert not validator.is_valid(bad.payload), (model, bad)
        for model in ("WebBackendConnectionCreate", "WebBackendConnectionUpdate"):
            validator = contracts.validator(model)
            for refused in draw_many(fresh.refused(model), 30, label=f"{release}/{model}/refused"):
                assert validator.is_valid(refused.payload), (model, refused)


def test_v2_bodies_use_v2_names_only():
    """Nothing of the pinned set leaks into v2.0.0 bodies: no geography, no normalization or dbt sub-object."""
    with serving("v2.0.0") as fresh:
        for body in draw_many(fresh.valid("WebBackendConnectionCreate"), 100, label="v2/create/names"):
            assert "geography" not in body
            for operation in body.get("operations") or []:
                assert set(operation["operatorConfiguration"]) <= {"operatorType", "webhook"}


def test_v2_cron_expressions_run_at_most_once_a_minute():
    """v2.0.0 refuses a cron whose next executions are under 60 s apart (CronExpressionHelper.kt:81-92): the
    seconds field is one second there; the pinned release draws any seconds field."""
    with serving("v2.0.0") as fresh:
        from strategies import _schedules

        expressions = draw_many(_schedules.cron_expressions, 200, label="v2/cron")
        assert all(e.split(" ")[0].isdigit() for e in expressions)
        bodies = draw_many(fresh.valid("WebBackendDescribeCronExpressionRequestBody"), 50, label="v2/describe")
        assert all(b["cronExpression"].split(" ")[0].isdigit() for b in bodies)
    with serving(releases.DEFAULT):
        from strategies import _schedules

        assert not all(e.split(" ")[0].isdigit() for e in draw_many(_schedules.cron_expressions, 200, label="pin"))
