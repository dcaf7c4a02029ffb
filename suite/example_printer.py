"""Hypothesis prints the minimal failing example; schemathesis' pytest plugin silences that printer.

schemathesis 4 (`schemathesis/generation/hypothesis/__init__.py`, `setup()`, run once when it is imported)
swaps `hypothesis.core.RepresentationPrinter` for a class whose `pretty` prints nothing, to speed up its
own coverage phase; every failing test then reads `Failing test case: test_x(api=, body=,)`. Hypothesis
uses that printer only for the failing example and in verbose mode, so the suite puts Hypothesis' own
back: the minimal payload is the part of a red run a user pastes.
"""

from __future__ import annotations

from hypothesis import core
from hypothesis.vendor import pretty


def restore() -> None:
    """Undo schemathesis' swap (after running it, so that a later import of schemathesis is a no-op)."""
    try:
        from schemathesis.generation.hypothesis import setup
    except ImportError:  # another schemathesis layout: nothing of it to undo here
        pass
    else:
        setup()
    core.RepresentationPrinter = pretty.RepresentationPrinter  # type: ignore[misc]


def restored() -> bool:
    return core.RepresentationPrinter is pretty.RepresentationPrinter
