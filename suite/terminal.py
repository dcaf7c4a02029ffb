"""What the terminal shows: progress per operation while tests run, the summary at the end (and, with
--airbyte-report, summary.json and report.md), and a run that ends early ending with one plain line.
The run record (suite.report) does the accounting; this module only shows it."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

from suite import outcomes, parallel, progress, run


def configure(config: pytest.Config, state: run.Run) -> None:
    _configure_progress(config, state)
    config.pluginmanager.register(TerminalHooks(config), "airbyte-terminal")


def _configure_progress(config: pytest.Config, state: run.Run) -> None:
    suite, record = state.settings, state.record
    if suite.progress == "off" or config.option.collectonly:
        return
    if parallel.is_worker(config):
        directory = parallel.worker_input(config, parallel.PROGRESS_DIR)
        if directory:
            state.reporter = progress.Reporter(1.0, lambda: [record.tally.snapshot()],
                                               out=Path(directory) / f"{suite.worker_id}.json")
        return
    live = suite.progress == "live" or (suite.progress == "auto" and os.isatty(1)
                                        and config.option.capture != "no")
    state.display = progress.Display(live, column=lambda: _column(config))
    if parallel.is_controller(config):
        directory = Path(tempfile.mkdtemp(prefix="airbyte-progress-"))
        state.shared["progress_dir"] = str(directory)
        snapshots = lambda: [*progress.read_worker_files(directory),  # noqa: E731
                             {"failures": dict(record.tally.failures)}]
    else:
        snapshots = lambda: [record.tally.snapshot()]  # noqa: E731
    interval = 1.0 if live else max(suite.progress_interval, 1.0)
    state.reporter = progress.Reporter(interval, snapshots, display=state.display,
                                       workers=config.getoption("numprocesses", 0) or 0)


def _column(config: pytest.Config) -> int:
    """Where pytest's own current line ends (the live display puts the cursor back there)."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    return reporter._tw.width_of_current_line if reporter is not None else 0


class TerminalHooks:
    """Hooks that need the run's config but are not given it by pytest."""

    def __init__(self, config: pytest.Config):
        self.config = config

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_logreport(self, report):
        state = run.of(self.config)
        state.pause_display()  # pytest writes its own progress now
        if not parallel.is_worker(self.config):
            state.record.observe_report(report)
        yield
        state.resume_display()

    @pytest.hookimpl(wrapper=True)
    def pytest_keyboard_interrupt(self, excinfo):
        result = yield
        if outcomes.is_ours(excinfo.value):
            # pytest would end with "! _pytest.outcomes.Exit: <our line> !": say it once, plainly
            state = run.of(self.config)
            message = excinfo.value.msg
            state.record.fatal = message.split("\n")[0].removeprefix("airbyte: ")
            state.pause_display()
            terminal = self.config.pluginmanager.get_plugin("terminalreporter")
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
        state = run.of(self.config)
        state.pause_display()
        yield
        state.resume_display()


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    state = run.get(config)
    if state is None or not state.record.attached or parallel.is_worker(config):
        return
    for line in state.record.summary_lines():
        terminalreporter.write_line(line)
    written = write_report(state, exitstatus)
    if written:
        terminalreporter.write_line("report written: " + ", ".join(str(path) for path in written))


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus) -> None:
    if exitstatus in (outcomes.TARGET_UNUSABLE, outcomes.SETUP_REFUSED) and not parallel.is_worker(session.config):
        write_report(run.of(session.config), exitstatus)  # pytest shows no summary for these: the report says why


def write_report(state: run.Run, exitstatus) -> list[Path]:
    directory = state.settings.report_dir
    if not directory:
        return []
    return state.record.write(directory, state.settings, {**state.context, "exit_status": int(exitstatus)})
