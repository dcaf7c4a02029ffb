"""The pytest plugin that turns tests/ into a suite runnable against any target.

Configuration flows one way: options / env / ini -> Settings (suite.settings) -> the run's state
(suite.run) -> fixtures. This module builds that state and prints the report header; the rest of the
plugin is in modules of their own, loaded with it (conftest.py's pytest_plugins):

    suite.fixtures   the target, the client, the run's prerequisites, the API and the world of ids
    suite.each_test  around each test: the time budget, shrink limits, examples counted, what a failure shows
    suite.parallel   pytest-xdist: one embedded server and one target check for all workers; records added up
    suite.terminal   progress while tests run, the summary and the reports at the end, one-line endings
"""

from __future__ import annotations

import os

import hypothesis
import pytest
from hypothesis.configuration import set_hypothesis_home_dir

from contracts import releases
from suite import budget as budget_module
from suite import database as database_module
from suite import example_printer, parallel, profiles, release, report, run, terminal
from suite import settings as settings_module
from suite.interrupts import Interrupts
from suite.shrinking import ShrinkLimit

profiles.register()

MARKERS = (
    "read_only: sends only requests that change nothing on the target (safe on shared servers)",
    "writes: creates, updates or deletes things on the target (only what the run itself created)",
    "embedded_only: needs the embedded reference server (skipped, with the reason, elsewhere)",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    settings_module.add_options(parser)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    profiles.check_selected(config)  # before Hypothesis' own plugin loads an unknown profile
    example_printer.restore()
    state = config.stash[run.KEY] = _build(config)
    for marker in MARKERS:
        config.addinivalue_line("markers", marker)
    terminal.configure(config, state)
    state.interrupts.install()


def _build(config: pytest.Config) -> run.Run:
    suite = settings_module.resolve(config)
    budget = budget_module.Budget(suite.time_budget)
    # the budget is the run's wall time, from now (under xdist: from when the controller started)
    budget.start(at=parallel.worker_input(config, parallel.BUDGET_STARTED))
    if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
        # Hypothesis keeps its own files in .hypothesis/ of the working directory: keep them beside the
        # default example database instead, whatever directory the run starts in
        set_hypothesis_home_dir(config.rootpath / ".hypothesis")
    try:
        chosen = database_module.choose(suite.fuzz_db, suite.fuzz_db_github, config.rootpath)
    except database_module.DatabaseError as exc:
        raise pytest.UsageError(str(exc)) from None
    profile = profiles.selected(config)
    profiles.use_database(profile, chosen.database)
    context = {
        "profile": profile,
        "database": chosen.description if profile not in profiles.WITHOUT_DATABASE else "none (triage profile)",
        "database_notices": chosen.notices,
        "time_budget": budget_module.describe(suite.time_budget) if suite.time_budget else None,
        "hypothesis": hypothesis.__version__,
    }
    return run.Run(settings=suite, record=report.RunRecord(), budget=budget, shrink=ShrinkLimit(profile),
                   interrupts=Interrupts(), context=context)


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """Choose the contract set before the header names it (and before any test imports a contract)."""
    state = run.of(session.config)
    if state.context.get("release"):
        return
    from_controller = parallel.worker_input(session.config, parallel.TARGET_RELEASE)
    if from_controller:
        chosen = release.Choice(from_controller, "chosen by the controller")
    else:
        chosen = _choose_release(state.settings)
    judged_by = state.settings.client_version or chosen.release  # compatibility mode: the client's release
    releases.use(judged_by)
    release.set_target(chosen.release)
    state.context["release"] = judged_by
    state.context["target_release"] = chosen.release
    state.context["release_how"] = chosen.how
    state.context["release_error"] = chosen.error


def _choose_release(settings: settings_module.Settings) -> release.Choice:
    from suite.client import Client

    client = None if settings.api_url is None else Client(settings.api_url, settings)  # None: embedded
    try:
        return release.choose(settings, settings.api_url, client.http if client else None)
    except release.UnsupportedRelease as exc:
        # the run ends with this line where an unusable target ends it (suite.fixtures.client), plainly
        return release.Choice(releases.DEFAULT, "no contract set", str(exc))
    finally:
        if client:
            client.close()


def pytest_report_header(config: pytest.Config) -> list[str]:
    state = run.of(config)
    s, context = state.settings, state.context
    target = s.api_url or "embedded reference server (started for this run)"
    faults = f", faults: {','.join(s.server_faults)}" if s.server_faults else ""
    if s.embedded and not s.server_airbyte_500s:
        faults += ", without Airbyte's 500s (friendlier 4xx)"
    budget = f"; time budget: {context['time_budget']}" if context["time_budget"] else ""
    lines = [
        f"airbyte target: {target}{faults}; auth: {s.auth_description}; run id: {s.run_id}",
        f"hypothesis profile: {context['profile']}; example database: {context['database']}{budget}",
    ]
    if context.get("release_error"):
        lines.append("airbyte contracts: none (the target's release has no contract set)")
    elif context.get("release") != context.get("target_release"):
        lines.append(f"airbyte contracts: {context['release']}, compatibility mode: what a {context['release']} "
                     f"client meets on a target running {context['target_release']} ({context['release_how']}); "
                     f"setup done the {context['target_release']} way")
    elif context.get("release"):
        lines.append(f"airbyte contracts: {context['release']} ({context['release_how']})")
    return lines + [f"note: {notice}" for notice in context["database_notices"]]


def pytest_unconfigure(config: pytest.Config) -> None:
    """Also reached when the run ends early (pytest.exit in sessionstart skips sessionfinish)."""
    state = run.get(config)
    if state is None:
        return
    parallel.close_shared(state)
    if state.display is not None:
        state.display.close()
    state.interrupts.uninstall()
