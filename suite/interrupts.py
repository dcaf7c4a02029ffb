"""Ctrl-C and SIGTERM: the first stops the tests; the run then deletes what it created and prints its
summary. Further interrupts while it does so, and any interrupt once cleanup has begun, are noted and
ignored, so cleanup is never cut short and the run never ends in a traceback (CI cancels with SIGTERM,
people press Ctrl-C twice)."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

NOTE = ("\nairbyte: interrupted again: still deleting what this run created and writing its summary; "
        "it ends by itself (kill -9 {pid} abandons the cleanup)\n")


class Interrupts:
    def __init__(self):
        self.count = 0
        self.shielded = False
        self.previous: dict[int, Callable[[int, FrameType | None], Any] | int | None] = {}

    def install(self) -> None:
        for signum in (signal.SIGINT, signal.SIGTERM):
            self.previous[signum] = signal.signal(signum, self._handle)

    def uninstall(self) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)
        self.previous.clear()

    def shield(self) -> None:
        """From now on (cleanup has begun) no interrupt stops the run."""
        self.shielded = True

    def _handle(self, signum, frame) -> None:
        self.count += 1
        if self.count == 1 and not self.shielded:
            raise KeyboardInterrupt  # pytest stops the tests, tears the fixtures down (cleanup), summarises
        with contextlib.suppress(OSError, ValueError):  # a closed stream must not turn this into an error
            sys.stderr.write(NOTE.format(pid=os.getpid()))
            sys.stderr.flush()
