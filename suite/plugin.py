"""The pytest plugin that turns tests/ into a suite runnable against any target.

Configuration flows one way: options / env / ini -> Settings (suite.settings) -> fixtures. The target
and profile are printed in the report header; the terminal summary says what was exercised.
"""

from __future__ import annotations

import re
import signal

import pytest
from hypothesis import settings as hypothesis_settings

import strategies
from suite import profiles, report
from suite import settings as settings_module
from suite import world as world_module
from suite.api import Api
from suite.client import Client
from suite.target import TargetError, embedded_server, probe

profiles.register()

SETTINGS = pytest.StashKey()
RECORD = pytest.StashKey()
STATS = re.compile(r"(\d+) passing, (\d+) failing, and (\d+) invalid")


def pytest_addoption(parser: pytest.Parser) -> None:
    settings_module.add_options(parser)
    parser.addoption("--airbyte-report", dest="airbyte_report", default=None,
                     help="write the run's summary as JSON to this file")


def pytest_configure(config: pytest.Config) -> None:
    config.stash[SETTINGS] = settings_module.resolve(config)
    config.stash[RECORD] = report.RunRecord()
    for marker in (
        "read_only: sends only requests that change nothing on the target (safe on shared servers)",
        "writes: creates, updates or deletes things on the target (only what the run itself created)",
        "embedded_only: needs the embedded reference server (skipped, with the reason, elsewhere)",
    ):
        config.addinivalue_line("markers", marker)
    # CI cancels with SIGTERM: turn it into an interrupt so the run's data is still cleaned up.
    signal.signal(signal.SIGTERM, signal.default_int_handler)


def pytest_report_header(config: pytest.Config) -> list[str]:
    s = config.stash[SETTINGS]
    target = s.api_url or "embedded reference server (started for this run)"
    faults = f", faults: {','.join(s.server_faults)}" if s.server_faults else ""
    return [
        f"airbyte target: {target}{faults}; auth: {s.auth_description}; run id: {s.run_id}",
        f"hypothesis profile: {hypothesis_settings._current_profile}",
    ]


@pytest.fixture(scope="session")
def suite_settings(pytestconfig) -> settings_module.Settings:
    return pytestconfig.stash[SETTINGS]


@pytest.fixture(scope="session")
def target_url(suite_settings):
    """The API root; the run ends at once, with one line, if the target cannot be used."""
    try:
        if suite_settings.embedded:
            with embedded_server(suite_settings.server_faults) as url:
                yield url
        else:
            yield suite_settings.api_url
    except TargetError as exc:
        pytest.exit(str(exc), returncode=3)


@pytest.fixture(scope="session")
def client(target_url, suite_settings, pytestconfig) -> Client:
    api = Client(target_url, suite_settings)
    try:
        probe(api.http, suite_settings, target_url)
    except TargetError as exc:
        api.close()
        pytest.exit(str(exc), returncode=3)
    pytestconfig.stash[RECORD].attach(api)
    yield api
    api.close()


@pytest.fixture(scope="session")
def prerequisites(client, suite_settings, pytestconfig) -> world_module.Prerequisites:
    try:
        made = world_module.create(client, suite_settings)
    except world_module.SetupError as exc:
        pytest.exit(str(exc).splitlines()[0], returncode=3)
    yield made
    problems = world_module.cleanup(client, made.created)
    pytestconfig.stash[RECORD].cleanup_problems.extend(problems)


@pytest.fixture(scope="session")
def api(client, prerequisites) -> Api:
    return Api(client, prerequisites)


@pytest.fixture(scope="session")
def world(prerequisites) -> strategies.World:
    """The ids valid payloads refer to: the run's workspace, source, destination and discovered catalog."""
    return strategies.World(
        workspace_id=prerequisites.workspace_id, source_id=prerequisites.source_id,
        destination_id=prerequisites.destination_id, catalog=prerequisites.catalog,
        catalog_id=prerequisites.catalog_id,
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    outcome = yield
    if call.when != "call":
        return
    stats = getattr(item, "hypothesis_statistics", "")
    record = item.config.stash[RECORD]
    for passing, failing, _invalid in STATS.findall(stats):
        record.examples += int(passing) + int(failing)
    result = outcome.get_result()
    if result.failed:
        seed = getattr(getattr(item, "obj", None), "_hypothesis_internal_use_generated_seed", None)
        if seed is not None:
            result.sections.append(("hypothesis seed", f"{seed}  (replay: pytest '{item.nodeid}' "
                                                        f"--hypothesis-seed={seed})"))
        elif hypothesis_settings.default.derandomize:
            result.sections.append(("hypothesis seed", "derandomized profile: the same command replays the "
                                                        f"same examples (pytest '{item.nodeid}')"))


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    record = config.stash.get(RECORD, None)
    if record is None or not record.attached:
        return
    for line in record.summary_lines():
        terminalreporter.write_line(line)
    path = config.getoption("airbyte_report")
    if path:
        record.write_json(path, config.stash[SETTINGS])
        terminalreporter.write_line(f"summary written to {path}")
