"""pytest-xdist (-n N): the controller starts the embedded server once and hands its address and the
run id to every worker, and proves once that the target answers and lets the run set up; each worker
creates and deletes its own prerequisites (run id + worker id, so no worker's cleanup touches another's
data); the controller adds up the workers' records."""

from __future__ import annotations

import contextlib
import dataclasses
import shutil

import pytest

from suite import checks, outcomes, release, run
from suite import world as world_module
from suite.client import Client, NoAnswer
from suite.target import TargetError, embedded_server, probe, unsupported_release

RUN_ID = "airbyte_run_id"
SERVER_URL = "airbyte_server_url"
PROGRESS_DIR = "airbyte_progress_dir"
RECORD = "airbyte_record"
BUDGET_STARTED = "airbyte_budget_started"  # time.monotonic() is one clock for all processes of a machine
TARGET_RELEASE = "airbyte_target_release"  # the target's release, as the controller found it (suite.release)


def is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def is_controller(config: pytest.Config) -> bool:
    """True in the process that hands tests to workers (and runs none itself). Read from the options,
    not from xdist's session plugin, which is registered after our pytest_configure may have run."""
    return (not is_worker(config) and config.getoption("dist", "no") != "no"
            and bool(config.getoption("tx", None)) and not config.getoption("collectonly", False))


def worker_count(config: pytest.Config) -> int:
    if is_worker(config):
        return int(config.workerinput.get("workercount", 1))  # type: ignore[attr-defined]  # xdist sets it
    return 1


def worker_input(config: pytest.Config, key: str):
    # pytest-xdist adds workerinput (and workeroutput) to a worker's Config; pytest's types do not know them
    return config.workerinput.get(key) if is_worker(config) else None  # type: ignore[attr-defined]


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    config = session.config
    state = run.of(config)
    if not (is_controller(config) and state.settings.embedded):
        return
    stack = contextlib.ExitStack()
    try:
        url = stack.enter_context(embedded_server(state.settings))
    except TargetError as exc:
        outcomes.end_run(str(exc), outcomes.TARGET_UNUSABLE)
    state.shared.update(url=url, stack=stack)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    state = run.of(node.config)
    node.workerinput[RUN_ID] = state.settings.run_id
    node.workerinput[SERVER_URL] = state.shared.get("url")
    node.workerinput[PROGRESS_DIR] = state.shared.get("progress_dir")
    node.workerinput[BUDGET_STARTED] = state.budget.started
    node.workerinput[TARGET_RELEASE] = state.context.get("target_release")


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtestloop(session: pytest.Session):
    if is_controller(session.config) and not session.config.option.collectonly:
        _check_for_workers(run.of(session.config))
    yield


def _check_for_workers(state: run.Run) -> None:
    """Prove once in the controller, before any worker runs a test, that the target answers, accepts the
    credentials and lets the run set up its prerequisites (then deleted): a worker that ends the run
    itself crashes xdist instead of ending with one line."""
    suite = state.settings
    url = suite.api_url or state.shared.get("url")
    assert url is not None  # pytest_sessionstart started the embedded server where no URL is given
    client = Client(url, suite)
    try:
        unsupported_release(state)
        with release.target_side():
            probe(client.http, suite, url)
            made = world_module.create(client, dataclasses.replace(suite, run_id=f"{suite.run_id}-check"))
            world_module.cleanup(client, made.created)
    except TargetError as exc:
        outcomes.end_run(str(exc), outcomes.TARGET_UNUSABLE)
    except (world_module.SetupError, checks.CheckFailure, NoAnswer) as exc:
        outcomes.end_run(world_module.setup_failure(exc), outcomes.SETUP_REFUSED)
    finally:
        client.close()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    # xdist reports a worker that ended abnormally down twice: add its record up once
    state = run.of(node.config)
    record = getattr(node, "workeroutput", {}).get(RECORD)
    if record is not None and node.gateway.id not in state.workers_merged:
        state.workers_merged.add(node.gateway.id)
        state.record.merge(record)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    if is_worker(session.config):
        session.config.workeroutput[RECORD] = run.of(session.config).record.state()  # type: ignore[attr-defined]


def close_shared(state: run.Run) -> None:
    """Stop what the controller started for its workers (the embedded server, the progress directory)."""
    if "stack" in state.shared:
        state.shared.pop("stack").close()
    if state.shared.get("progress_dir"):
        shutil.rmtree(state.shared.pop("progress_dir"), ignore_errors=True)
