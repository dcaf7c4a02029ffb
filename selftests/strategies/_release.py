"""Drawing from the strategies of another release's contract set, inside one process.

The strategies read the contracts when they are imported (enum values, properties), so serving another set
means importing them afresh: `serving(release)` swaps the contract set and a fresh copy of the `strategies`
package in, and puts the previous set and modules back afterwards (modules imported earlier keep working
with the set they were imported under).
"""

from __future__ import annotations

import importlib
import sys
from contextlib import contextmanager

from contracts import releases

PACKAGE = "strategies"


def _ours() -> dict:
    return {name: module for name, module in sys.modules.items()
            if name == PACKAGE or name.startswith(PACKAGE + ".")}


@contextmanager
def serving(release: str):
    """The `strategies` package as imported under `release`'s contract set."""
    before, saved = releases.active(), _ours()
    for name in saved:
        del sys.modules[name]
    releases.use(release)
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        for name in _ours():
            del sys.modules[name]
        sys.modules.update(saved)
        releases.use(before)
