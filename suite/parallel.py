"""pytest-xdist (-n N): the controller starts the embedded server once and hands its address and the
run id to every worker; each worker creates and deletes its own prerequisites (run id + worker id, so
no worker's cleanup touches another's data); the controller adds up the workers' records."""

from __future__ import annotations

import pytest

RUN_ID = "airbyte_run_id"
SERVER_URL = "airbyte_server_url"
PROGRESS_DIR = "airbyte_progress_dir"
RECORD = "airbyte_record"
BUDGET_STARTED = "airbyte_budget_started"  # time.monotonic() is one clock for all processes of a machine


def is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def is_controller(config: pytest.Config) -> bool:
    """True in the process that hands tests to workers (and runs none itself). Read from the options,
    not from xdist's session plugin, which is registered after our pytest_configure may have run."""
    return (not is_worker(config) and config.getoption("dist", "no") != "no"
            and bool(config.getoption("tx", None)) and not config.getoption("collectonly", False))


def worker_count(config: pytest.Config) -> int:
    if is_worker(config):
        return int(config.workerinput.get("workercount", 1))
    return 1


def worker_input(config: pytest.Config, key: str):
    return config.workerinput.get(key) if is_worker(config) else None
