"""The run's state, one typed object per pytest process, kept in the config's stash. Every hook and fixture
of the plugin reads it through `of(config)`; the plugin's entry (suite.plugin) builds it in configure."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from suite.budget import Budget
from suite.client import Client
from suite.interrupts import Interrupts
from suite.progress import Display, Reporter
from suite.report import RunRecord
from suite.settings import Settings
from suite.shrinking import ShrinkLimit


@dataclass
class Run:
    settings: Settings
    record: RunRecord  # what the run exercised and found (accounting; the terminal only shows it)
    budget: Budget
    shrink: ShrinkLimit
    interrupts: Interrupts
    context: dict  # profile, example database, notices, time budget, versions: for the header and the report
    client: Client | None = None  # once the target answered
    # the xdist controller: the embedded server it started for the workers (url, stack), the progress directory
    shared: dict = field(default_factory=dict)
    reporter: Reporter | None = None  # progress while tests run
    display: Display | None = None
    tests_started: int = 0  # by this process, to share the time budget fairly
    workers_merged: set[str] = field(default_factory=set)  # xdist reports a worker down twice: merge it once
    # a failed shared fixture raises the same exception in every test that uses it: id -> (it, first test)
    setup_errors: dict[int, tuple[BaseException, str]] = field(default_factory=dict)

    def pause_display(self) -> None:
        if self.display:
            self.display.pause()

    def resume_display(self) -> None:
        if self.display:
            self.display.resume()


KEY = pytest.StashKey[Run]()


def of(config: pytest.Config) -> Run:
    return config.stash[KEY]


def get(config: pytest.Config) -> Run | None:
    """The run, or None before configure built it (or in a session that failed to configure)."""
    return config.stash.get(KEY, None)
