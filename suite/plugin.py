"""The pytest plugin that turns tests/ into a suite runnable against any target.

Configuration flows one way: options / env / ini -> Settings (suite.settings) -> fixtures. The target,
profile and example database are printed in the report header; the terminal summary (and, with
--airbyte-report, summary.json and report.md) says what was exercised and what failed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import hypothesis
import pytest
from hypothesis import settings as hypothesis_settings
from hypothesis.configuration import set_hypothesis_home_dir

import strategies
from suite import budget as budget_module
from suite import checks, outcomes, parallel, profiles, progress, report
from suite import database as database_module
from suite import settings as settings_module
from suite import world as world_module
from suite.api import Api
from suite.client import Client, NoAnswer
from suite.interrupts import Interrupts
from suite.shrinking import ShrinkLimit
from suite.target import TargetError, embedded_server, probe

profiles.register()

SETTINGS = pytest.StashKey()
RECORD = pytest.StashKey()
CONTEXT = pytest.StashKey()  # profile, database, budget: for the header and the report
BUDGET = pytest.StashKey()
CLIENT = pytest.StashKey()
SHARED = pytest.StashKey()  # controller: the embedded server it started for the workers, and its url
REPORTER = pytest.StashKey()
DISPLAY = pytest.StashKey()
STARTED = pytest.StashKey()  # tests started by this process, to share the time budget fairly
EXAMPLES_BEFORE = pytest.StashKey()
REQUESTS_BEFORE = pytest.StashKey()
LAST_EXCHANGE = pytest.StashKey()  # the client's last exchange before this test: not this test's
MERGED = pytest.StashKey()  # xdist workers whose records were added up
CASE = re.compile(r"\[POST (/v1/\S+)\]$")  # schemathesis' items name their operation
STOPPED = pytest.StashKey()  # why the time budget cut this test short
SHRINK = pytest.StashKey()
INTERRUPTS = pytest.StashKey()
SETUP_ERRORS = pytest.StashKey()  # id of a fixture's exception -> (the exception, the test that reported it)
REUSE = re.compile(r"during reuse phase[^\n]*\n(?:[^\n]*\n)*?[^\n]*?(\d+) passing, (\d+) failing")


def pytest_addoption(parser: pytest.Parser) -> None:
    settings_module.add_options(parser)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    profiles.check_selected(config)
    _configure(config)


def _configure(config: pytest.Config) -> None:
    suite = config.stash[SETTINGS] = settings_module.resolve(config)
    config.stash[RECORD] = report.RunRecord()
    config.stash[BUDGET] = budget_module.Budget(suite.time_budget)
    # the budget is the run's wall time, from now (under xdist: from when the controller started)
    config.stash[BUDGET].start(at=parallel.worker_input(config, parallel.BUDGET_STARTED))
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
    config.stash[SHRINK] = ShrinkLimit(profile)
    config.stash[CONTEXT] = {
        "profile": profile,
        "database": chosen.description if profile not in profiles.WITHOUT_DATABASE else "none (triage profile)",
        "database_notices": chosen.notices,
        "time_budget": budget_module.describe(suite.time_budget) if suite.time_budget else None,
        "hypothesis": hypothesis.__version__,
    }
    for marker in (
        "read_only: sends only requests that change nothing on the target (safe on shared servers)",
        "writes: creates, updates or deletes things on the target (only what the run itself created)",
        "embedded_only: needs the embedded reference server (skipped, with the reason, elsewhere)",
    ):
        config.addinivalue_line("markers", marker)
    _configure_progress(config, suite)
    config.pluginmanager.register(Reporting(config), "airbyte-reporting")
    config.stash[INTERRUPTS] = Interrupts()
    config.stash[INTERRUPTS].install()


def _configure_progress(config: pytest.Config, suite: settings_module.Settings) -> None:
    if suite.progress == "off" or config.option.collectonly:
        return
    record = config.stash[RECORD]
    if parallel.is_worker(config):
        directory = parallel.worker_input(config, parallel.PROGRESS_DIR)
        if directory:
            config.stash[REPORTER] = progress.Reporter(
                1.0, lambda: [record.tally.snapshot()], out=Path(directory) / f"{suite.worker_id}.json")
        return
    live = suite.progress == "live" or (suite.progress == "auto" and os.isatty(1)
                                        and config.option.capture != "no")
    display = config.stash[DISPLAY] = progress.Display(live, column=lambda: _column(config))
    if parallel.is_controller(config):
        directory = Path(tempfile.mkdtemp(prefix="airbyte-progress-"))
        config.stash[SHARED] = {"progress_dir": str(directory)}
        snapshots = lambda: [*progress.read_worker_files(directory),  # noqa: E731
                             {"failures": dict(record.tally.failures)}]
    else:
        snapshots = lambda: [record.tally.snapshot()]  # noqa: E731
    interval = 1.0 if live else max(suite.progress_interval, 1.0)
    config.stash[REPORTER] = progress.Reporter(interval, snapshots, display=display,
                                               workers=config.getoption("numprocesses", 0) or 0)


def _column(config: pytest.Config) -> int:
    """Where pytest's own current line ends (the live display puts the cursor back there)."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    return reporter._tw.width_of_current_line if reporter is not None else 0


def pytest_report_header(config: pytest.Config) -> list[str]:
    s, context = config.stash[SETTINGS], config.stash[CONTEXT]
    target = s.api_url or "embedded reference server (started for this run)"
    faults = f", faults: {','.join(s.server_faults)}" if s.server_faults else ""
    if s.embedded and not s.server_airbyte_500s:
        faults += ", without Airbyte's 500s (friendlier 4xx)"
    budget = f"; time budget: {context['time_budget']}" if context["time_budget"] else ""
    lines = [
        f"airbyte target: {target}{faults}; auth: {s.auth_description}; run id: {s.run_id}",
        f"hypothesis profile: {context['profile']}; example database: {context['database']}{budget}",
    ]
    return lines + [f"note: {notice}" for notice in context["database_notices"]]


# --- pytest-xdist: the controller starts the embedded server once, for every worker

@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    config = session.config
    suite = config.stash[SETTINGS]
    if not (parallel.is_controller(config) and suite.embedded):
        return
    stack = contextlib.ExitStack()
    try:
        url = stack.enter_context(embedded_server(suite))
    except TargetError as exc:
        outcomes.end_run(str(exc), outcomes.TARGET_UNUSABLE)
    config.stash.setdefault(SHARED, {}).update(url=url, stack=stack)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    config = node.config
    shared = config.stash.get(SHARED, {})
    node.workerinput[parallel.RUN_ID] = config.stash[SETTINGS].run_id
    node.workerinput[parallel.SERVER_URL] = shared.get("url")
    node.workerinput[parallel.PROGRESS_DIR] = shared.get("progress_dir")
    node.workerinput[parallel.BUDGET_STARTED] = config.stash[BUDGET].started


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    # xdist reports a worker that ended abnormally down twice: add its record up once
    merged = node.config.stash.setdefault(MERGED, set())
    state = getattr(node, "workeroutput", {}).get(parallel.RECORD)
    if state is not None and node.gateway.id not in merged:
        merged.add(node.gateway.id)
        node.config.stash[RECORD].merge(state)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus) -> None:
    config = session.config
    if parallel.is_worker(config):
        config.workeroutput[parallel.RECORD] = config.stash[RECORD].state()
    elif exitstatus in (outcomes.TARGET_UNUSABLE, outcomes.SETUP_REFUSED):
        _write_report(config, exitstatus)  # pytest shows no terminal summary for these: the report says why


def pytest_unconfigure(config: pytest.Config) -> None:
    """Also reached when the run ends early (pytest.exit in sessionstart skips sessionfinish)."""
    shared = config.stash.get(SHARED, {})
    if "stack" in shared:
        shared.pop("stack").close()
    if shared.get("progress_dir"):
        shutil.rmtree(shared.pop("progress_dir"), ignore_errors=True)
    display = config.stash.get(DISPLAY, None)
    if display is not None:
        display.close()
    interrupts = config.stash.get(INTERRUPTS, None)
    if interrupts is not None:
        interrupts.uninstall()


def _check_for_workers(config: pytest.Config) -> None:
    """Under xdist, prove once in the controller, before any worker runs a test, that the target answers,
    accepts the credentials and lets the run set up its prerequisites (then deleted): a worker that ends
    the run itself crashes xdist instead of ending with one line."""
    suite = config.stash[SETTINGS]
    url = suite.api_url or config.stash.get(SHARED, {}).get("url")
    client = Client(url, suite)
    try:
        probe(client.http, suite, url)
        made = world_module.create(client, dataclasses.replace(suite, run_id=f"{suite.run_id}-check"))
        world_module.cleanup(client, made.created)
    except TargetError as exc:
        outcomes.end_run(str(exc), outcomes.TARGET_UNUSABLE)
    except (world_module.SetupError, checks.CheckFailure, NoAnswer) as exc:
        outcomes.end_run(world_module.setup_failure(exc), outcomes.SETUP_REFUSED)
    finally:
        client.close()


# --- fixtures

@pytest.fixture(scope="session")
def suite_settings(pytestconfig) -> settings_module.Settings:
    return pytestconfig.stash[SETTINGS]


@pytest.fixture(scope="session")
def target_url(suite_settings):
    """The API root; the run ends at once, with one line, if the target cannot be used."""
    try:
        if suite_settings.shared_server_url:
            yield suite_settings.shared_server_url
        elif suite_settings.embedded:
            with embedded_server(suite_settings) as url:
                yield url
        else:
            yield suite_settings.api_url
    except TargetError as exc:
        outcomes.end_run(str(exc), outcomes.TARGET_UNUSABLE)


@pytest.fixture(scope="session")
def client(target_url, suite_settings, pytestconfig) -> Client:
    api = Client(target_url, suite_settings)
    try:
        probe(api.http, suite_settings, target_url)
    except TargetError as exc:
        api.close()
        outcomes.end_run(str(exc), outcomes.TARGET_UNUSABLE)
    pytestconfig.stash[RECORD].attach(api)
    pytestconfig.stash[CLIENT] = api
    yield api
    api.close()


@pytest.fixture(scope="session")
def prerequisites(client, suite_settings, pytestconfig) -> world_module.Prerequisites:
    try:
        made = world_module.create(client, suite_settings)
    except (world_module.SetupError, checks.CheckFailure, NoAnswer) as exc:
        if parallel.is_worker(pytestconfig):  # the controller checked setup; this is an error of each test
            raise world_module.SetupError(world_module.setup_failure(exc)) from None
        outcomes.end_run(world_module.setup_failure(exc), outcomes.SETUP_REFUSED)
    yield made
    pytestconfig.stash[INTERRUPTS].shield()  # from here on no interrupt cuts the cleanup short
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


@pytest.fixture(scope="session")
def time_budget(pytestconfig) -> budget_module.Budget:
    """Tests that drive Hypothesis themselves (state machines) call .check() between steps."""
    return pytestconfig.stash[BUDGET]


# --- each test: the time budget, examples per operation, what a failure shows

@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtestloop(session: pytest.Session):
    if parallel.is_controller(session.config) and not session.config.option.collectonly:
        _check_for_workers(session.config)
    reporter = session.config.stash.get(REPORTER, None)
    if reporter is not None:
        reporter.start()
    try:
        yield
    finally:
        if reporter is not None:
            reporter.stop()
        session.config.stash[RECORD].finished = time.time()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    budget = item.config.stash[BUDGET]
    if budget.enabled and budget.spent():
        pytest.skip(f"the {budget_module.describe(budget.seconds)} time budget was spent before this test began")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    config = item.config
    budget, tally = config.stash[BUDGET], config.stash[RECORD].tally
    done = config.stash.get(STARTED, 0)
    config.stash[STARTED] = done + 1
    workers = parallel.worker_count(config)
    budget.begin_test((len(item.session.items) - done * workers) / workers)
    item.stash[EXAMPLES_BEFORE] = tally.count
    item.stash[REQUESTS_BEFORE] = sum(tally.requests.values())
    client = config.stash.get(CLIENT, None)
    item.stash[LAST_EXCHANGE] = client.history[-1] if client is not None and client.history else None
    restore = around_each_example(getattr(item, "obj", None), budget, tally)
    try:
        with config.stash[SHRINK].around_test(lambda: budget.failure_at):
            return (yield)
    except budget_module.BudgetSpent as stop:
        examples = tally.count - item.stash[EXAMPLES_BEFORE]
        if sum(tally.requests.values()) == item.stash[REQUESTS_BEFORE]:  # it never reached the target
            pytest.skip(f"{stop} before its first example")
        config.stash[RECORD].stopped.append({"test": test_name(item), "examples": examples})
        item.stash[STOPPED] = f"stopped after {examples} examples: {stop}"
        return None
    finally:
        restore()
        budget.end_test()


def around_each_example(test, budget: budget_module.Budget, tally: progress.Tally):
    """Before each example of a Hypothesis test, check the time budget (until an example fails: a failure
    found is always shrunk and reported); count the examples per operation.

    Hypothesis lets a plugin replace `inner_test`. The replacement must look like the original
    (functools.wraps): Hypothesis derives the test's database key, and a derandomized profile its
    seed, from the function's source, name and parametrization. Returns the function that undoes it.
    """
    if test is None or not hypothesis.is_hypothesis_test(test):
        return lambda: None
    inner = test.hypothesis.inner_test

    @functools.wraps(inner)
    def each_example(*args, **kwargs):
        budget.check()
        tally.example_started()
        try:
            return inner(*args, **kwargs)
        except Exception:
            budget.note_failure()
            raise
        finally:
            tally.example_finished()

    test.hypothesis.inner_test = each_example

    def restore() -> None:
        test.hypothesis.inner_test = inner

    return restore


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    outcome = yield
    if call.when == "setup" and call.excinfo is not None:
        _once(outcome.get_result(), call.excinfo, item)
    if call.when != "call":
        return
    result = outcome.get_result()
    record = item.config.stash[RECORD]
    stats = getattr(item, "hypothesis_statistics", "")
    reuse = REUSE.search(stats)
    if reuse and int(reuse.group(1)) + int(reuse.group(2)):
        record.replayed.append({"test": test_name(item), "examples": int(reuse.group(1)) + int(reuse.group(2)),
                                "failing": int(reuse.group(2))})
    if STOPPED in item.stash:
        result.sections.append(("time budget", item.stash[STOPPED]))
    shrink = item.config.stash[SHRINK]
    result.sections[:] = [(title, shrink.reword(text)) for title, text in result.sections]
    if result.failed:
        _bound(result, call.excinfo, item)
        result.airbyte_failure = _failure(call.excinfo, item)
        seed = getattr(getattr(item, "obj", None), "_hypothesis_internal_use_generated_seed", None)
        if seed is not None:
            result.sections.append(("hypothesis seed", f"{seed}  (replay: pytest '{item.nodeid}' "
                                                        f"--hypothesis-seed={seed})"))
        elif hypothesis_settings.default.derandomize:
            result.sections.append(("hypothesis seed", "derandomized profile: the same command replays the "
                                                        f"same examples (pytest '{item.nodeid}')"))


def _bound(result, excinfo, item: pytest.Item) -> None:
    """A check's failure (or a request the target never answered) reads as the check's message, the
    exchange and Hypothesis' notes, bounded in length; other errors keep pytest's traceback."""
    errors = [excinfo.value]
    if isinstance(excinfo.value, BaseExceptionGroup):
        errors = list(excinfo.value.exceptions)
    if not all(isinstance(e, checks.CheckFailure | NoAnswer) for e in errors):
        return
    result.longrepr = outcomes.failure_repr(excinfo, errors, item.config.rootpath)


def _once(result, excinfo, item: pytest.Item) -> None:
    """A shared fixture that failed fails every test that uses it with the same exception: report it in
    full once, and in one line for the others."""
    seen = item.config.stash.setdefault(SETUP_ERRORS, {})
    first = seen.get(id(excinfo.value))
    if first is None:
        seen[id(excinfo.value)] = (excinfo.value, item.nodeid)
        _bound(result, excinfo, item)
        return
    headline = (str(excinfo.value).splitlines() or [type(excinfo.value).__name__])[0]
    result.longrepr = f"the same error as in the setup of {first[1]} (shown there): {headline}"
    result.airbyte_same_as = first[1]


def test_name(item: pytest.Item) -> str:
    """The node id, with the case when the id alone does not tell cases apart (schemathesis' items)."""
    base = item.nodeid.rsplit("::", 1)[-1]
    return item.nodeid if item.name == base or "[" in base else f"{item.nodeid}{item.name[len(base):]}"


def _failure(excinfo, item: pytest.Item) -> dict:
    """What report.md shows for a failed test: the check that failed, the minimal example, the replay."""
    error = excinfo.value
    while isinstance(error, BaseExceptionGroup) and error.exceptions:
        error = error.exceptions[0]
    exchange = getattr(error, "exchange", None)
    client = item.config.stash.get(CLIENT, None)
    if exchange is None and client is not None and client.history \
            and client.history[-1] is not item.stash.get(LAST_EXCHANGE, None):
        exchange = client.history[-1]  # the last request of this test, for a failure that names none
    case = CASE.search(test_name(item))
    if exchange is not None:
        operation = progress.operation_of(exchange.path)
    else:
        operation = progress.operation_of(case.group(1)) if case else None
    message = str(error).split("\nrequest:  ")[0] if isinstance(error, checks.CheckFailure) else \
        f"{type(error).__name__}: {error}"
    notes = getattr(excinfo.value, "__notes__", None) or getattr(error, "__notes__", None) or []
    return {
        "operation": operation,
        "message": message[:8000],
        "example": "\n".join(notes)[:20000] or None,
        "reproduction": exchange.describe(limit=20000) if exchange is not None else None,
    }


# --- what the terminal shows: progress while tests run, the summary at the end

class Reporting:
    """Hooks that need the run's config but are not given it by pytest."""

    def __init__(self, config: pytest.Config):
        self.config = config

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_logreport(self, report):
        display = self.config.stash.get(DISPLAY, None)
        if display:
            display.pause()  # pytest writes its own progress now
        if not parallel.is_worker(self.config):
            self.config.stash[RECORD].observe_report(report)
        yield
        if display:
            display.resume()

    @pytest.hookimpl(wrapper=True)
    def pytest_keyboard_interrupt(self, excinfo):
        result = yield
        if outcomes.is_ours(excinfo.value):
            # pytest would end with "! _pytest.outcomes.Exit: <our line> !": say it once, plainly
            message = excinfo.value.msg
            self.config.stash[RECORD].fatal = message.split("\n")[0].removeprefix("airbyte: ")
            terminal = self.config.pluginmanager.get_plugin("terminalreporter")
            display = self.config.stash.get(DISPLAY, None)
            if display:
                display.pause()
            if terminal is not None:
                terminal._keyboardinterrupt_memo = None
                terminal.ensure_newline()
                for n, line in enumerate(message.splitlines()):
                    terminal.write_line(line, red=n == 0, bold=n == 0)
            else:
                sys.stderr.write(message + "\n")
        return result

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_logstart(self):
        yield from self._quiet()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_logfinish(self):
        yield from self._quiet()

    def _quiet(self):
        display = self.config.stash.get(DISPLAY, None)
        if display:
            display.pause()
        yield
        if display:
            display.resume()


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    record = config.stash.get(RECORD, None)
    if record is None or not record.attached or parallel.is_worker(config):
        return
    for line in record.summary_lines():
        terminalreporter.write_line(line)
    written = _write_report(config, exitstatus)
    if written:
        terminalreporter.write_line("report written: " + ", ".join(str(path) for path in written))


def _write_report(config: pytest.Config, exitstatus) -> list[Path]:
    directory = config.stash[SETTINGS].report_dir
    if not directory:
        return []
    context = {**config.stash[CONTEXT], "exit_status": int(exitstatus)}
    return config.stash[RECORD].write(directory, config.stash[SETTINGS], context)
