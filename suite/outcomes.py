"""How a run ends and how a failure reads.

Exit statuses (documented in the README): pytest's own, plus two of ours for a run that could not test
anything, so a CI job can tell "the target broke the contract" (1) from "the target could not be used" (20)
and "the target refused to set up the run" (21). None of them is pytest's internal-error status (3).
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import pytest
from _pytest._code.code import ReprFileLocation, TerminalRepr

EXIT_STATUSES = {
    0: "every test passed: every answer matched its contract and Airbyte's behaviour",
    1: "a test failed: a contract or behaviour violation (each with its reproduction)",
    2: "interrupted (Ctrl-C, SIGTERM); what the run created was still deleted",
    3: "internal error: a bug in the suite or in a plugin (please report it)",
    4: "usage error: a malformed option, environment variable or ini value (the line names it)",
    5: "no tests were selected",
    20: "the target cannot be used: unreachable, not an Airbyte API root, or it refused the credentials",
    21: "the target refused to set up the run (workspace, source, destination or discovery)",
}
TARGET_UNUSABLE = 20
SETUP_REFUSED = 21
FAILURE_LINES = 120  # the most lines one failure takes on the terminal; report.md has it whole
NOTE_LINES = 60  # of that, for Hypothesis' notes (the falsifying example, how to reproduce it)
LINE_CHARACTERS = 2000  # the longest line it shows


def end_run(message: str, status: int) -> NoReturn:
    """End the run at once with one line (no traceback) and one of our exit statuses."""
    raise pytest.exit(f"airbyte: {message}", returncode=status)


def is_ours(exit_exception: BaseException) -> bool:
    return isinstance(exit_exception, pytest.exit.Exception) and exit_exception.returncode in (
        TARGET_UNUSABLE, SETUP_REFUSED)


class FailureRepr(TerminalRepr):
    """A failure as people read it: where, what was expected and what came, the exchange and its replay,
    the minimal example; bounded in length. The short summary and JUnit's message take the first line."""

    def __init__(self, text: str, path: str, lineno: int):
        self.text = text
        self.reprcrash = ReprFileLocation(path, lineno, text.partition("\n")[0])

    def toterminal(self, tw) -> None:
        for n, line in enumerate(self.text.splitlines()):
            if len(line) > LINE_CHARACTERS:
                line = f"{line[:LINE_CHARACTERS]}... ({len(line)} characters; whole in report.md)"
            tw.line(line, red=line.startswith(("  expected:", "  received:")), bold=n == 0)


def failure_repr(excinfo: pytest.ExceptionInfo, errors: list[BaseException], root: Path) -> FailureRepr:
    """`errors`: what the test raised (one failure, or each distinct failure Hypothesis found)."""
    blocks, first = [], None
    for error in errors:
        where = _innermost_test_frame(pytest.ExceptionInfo.from_exception(error), root)
        first = first or where
        notes = [note for note in getattr(error, "__notes__", None) or [] if note.strip()]
        title, _, rest = str(error).partition("\n")
        block = f"{title}\n  at {where[0]}:{where[1]} in {where[2]}" + (f"\n{rest}" if rest else "")
        if notes:
            block += "\n\n" + _bounded("\n".join(notes), NOTE_LINES, "of Hypothesis' notes")
        blocks.append(block)
    if first is None or first[0] == "?":
        first = _innermost_test_frame(excinfo, root)
    text = "\n\n".join(blocks) if len(blocks) == 1 else \
        f"{len(blocks)} distinct failures; [1] {blocks[0].partition(chr(10))[0]}\n\n" + \
        "\n\n".join(f"[{n}] {b}" for n, b in enumerate(blocks, 1))
    return FailureRepr(_bounded(text, FAILURE_LINES, ""), first[0], first[1])


def _innermost_test_frame(excinfo: pytest.ExceptionInfo, root: Path) -> tuple[str, int, str]:
    """The deepest frame in the project's test files (tests/ or conftest.py): where the check was made."""
    found = None
    for entry in excinfo.traceback:
        where = Path(str(entry.path))
        try:
            relative = where.resolve().relative_to(root)
        except ValueError:
            continue
        if relative.parts[:1] == ("tests",) or relative.name == "conftest.py":
            found = (str(relative), entry.lineno + 1, entry.name)
    return found or ("?", 0, "?")


def _bounded(text: str, most: int, what: str) -> str:
    lines = text.splitlines()
    if len(lines) <= most:
        return text
    kept = lines[:most]
    kept.append(f"... {len(lines) - most} more lines{' ' + what if what else ''} (the whole failure is in "
                f"report.md with --airbyte-report=DIR, and in --junitxml)")
    return "\n".join(kept)
