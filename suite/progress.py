"""Progress while a run goes: per webBackend operation, the examples that called it, the failed tests
it was last called in, and requests per second.

On a terminal the lines are redrawn in place below pytest's own line (live); elsewhere (CI logs) the
same lines are printed every --airbyte-progress-interval seconds. pytest-xdist workers cannot write to
the terminal: each writes its counts to a file the controller reads and adds up.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import Counter
from pathlib import Path

PREFIX = "/v1/web_backend/"
ERASE_LINE = "\r\x1b[2K"
UP = "\x1b[1A"


def operation_of(path: str) -> str:
    return path[len(PREFIX):] if path.startswith(PREFIX) else "setup"


class Tally:
    """What this process did, per operation. Updated from the test thread only."""

    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self.examples: Counter[str] = Counter()
        self.failures: Counter[str] = Counter()
        self.count = 0  # examples run (Hypothesis tests)
        self._touched: set[str] = set()

    def observe(self, exchange) -> None:
        operation = operation_of(exchange.path)
        self.requests[operation] += 1
        self._touched.add(operation)

    def example_started(self) -> None:
        self._touched = set()

    def example_finished(self) -> None:
        self.count += 1
        for operation in self._touched:
            self.examples[operation] += 1
        self._touched = set()

    def snapshot(self) -> dict:
        return {"requests": dict(self.requests), "examples": dict(self.examples), "failures": dict(self.failures),
                "count": self.count}


def add(snapshots: list[dict]) -> dict[str, Counter[str]]:
    total: dict[str, Counter[str]] = {"requests": Counter(), "examples": Counter(), "failures": Counter()}
    for snap in snapshots:
        for key, counter in total.items():
            counter.update(snap.get(key, {}))
    return total


def render(total: dict[str, Counter[str]], elapsed: float, workers: int = 0) -> list[str]:
    operations = sorted(set(total["requests"]) | set(total["examples"]) | set(total["failures"]),
                        key=lambda op: (op == "setup", op))
    requests = sum(total["requests"].values())
    rate = requests / elapsed if elapsed > 0 else 0.0
    who = f", {workers} workers" if workers else ""
    lines = [f"airbyte {_clock(elapsed)}: {requests} requests, {rate:.1f}/s{who}"]
    for op in operations:
        failed = total["failures"][op]
        lines.append(f"  {op:22s} {total['examples'][op]:7d} examples {total['requests'][op]:8d} requests "
                     f"{total['requests'][op] / elapsed if elapsed > 0 else 0:7.1f}/s"
                     + (f"  {failed} FAILED" if failed else ""))
    return lines


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:d}:{minutes:02d}:{secs:02d}"


class Display:
    """Writes progress to the real standard output (a duplicate of it, taken before pytest captures
    the tests' output), either redrawn in place (live) or as plain lines."""

    def __init__(self, live: bool, column=lambda: 0):
        self.live = live
        self.column = column  # where pytest's own line ends, to put the cursor back after erasing
        self.stream = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8", errors="replace")
        self.lock = threading.Lock()
        self.paused = True
        self.drawn = 0
        self.anchor = 0

    def show(self, lines: list[str]) -> None:
        with self.lock:
            if self.paused:
                return
            if not self.live:
                self.stream.write(("\n" if self.column() else "") + "\n".join(lines) + "\n")
                return
            if self.drawn:
                self.stream.write("\r" + UP * (self.drawn - 1))
            else:
                self.anchor = self.column()
                self.stream.write("\n")
            self.stream.write("\n".join(ERASE_LINE + line for line in lines))
            self.drawn = len(lines)
            self.stream.flush()

    def pause(self) -> None:
        with self.lock:
            self.paused = True
            if self.drawn:
                self.stream.write(ERASE_LINE + (UP + ERASE_LINE) * (self.drawn - 1) + UP + f"\x1b[{self.anchor + 1}G")
                self.stream.flush()
                self.drawn = 0

    def resume(self) -> None:
        with self.lock:
            self.paused = False

    def close(self) -> None:
        self.pause()
        self.stream.close()


class Reporter:
    """A background thread: every `interval` seconds, add up the snapshots and show them (controller),
    or write this worker's snapshot where the controller reads it (xdist worker)."""

    def __init__(self, interval: float, snapshots, display: Display | None = None, out: Path | None = None,
                 workers: int = 0):
        self.interval = interval
        self.snapshots = snapshots  # () -> list of snapshot dicts
        self.display = display
        self.out = out
        self.workers = workers
        self.started = time.monotonic()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="airbyte-progress", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _run(self) -> None:
        while not self.stopping.wait(self.interval):
            self.tick()

    def tick(self) -> None:
        try:
            snaps = self.snapshots()
            if self.out is not None:
                tmp = self.out.with_suffix(".tmp")
                tmp.write_text(json.dumps(add(snaps)))
                os.replace(tmp, self.out)
            total = add(snaps)
            if self.display is not None and total["requests"].total():  # nothing to show before that
                self.display.show(render(total, time.monotonic() - self.started, self.workers))
        except (OSError, ValueError):  # progress is a courtesy: never let it break a run
            pass

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=5)
        if self.out is not None:
            self.tick()  # the controller reads the final counts
        if self.display is not None:
            self.display.close()


def read_worker_files(directory: Path) -> list[dict]:
    snaps = []
    for path in directory.glob("*.json"):
        try:
            snaps.append(json.loads(path.read_text()))
        except (OSError, ValueError):
            continue  # being replaced right now: the next tick reads it
    return snaps
