"""Hypothesis settings profiles, selected with --hypothesis-profile (default: dev).

ci       deterministic (derandomized), few examples, deadline off: the same verdict on every push,
         after replaying first every failure kept in the example database (suite.database)
dev      the default on a laptop: a few dozen examples per test, random each run, failures replayed
nightly  many examples per test for long fuzzing runs (bound them with --airbyte-time-budget)
triage   like ci but stops at the first failing example without shrinking it, and neither reads nor
         writes the database: a quick yes/no (the project's own fault-detection tests use it)
"""

from __future__ import annotations

import os

from hypothesis import Phase, Verbosity, settings
from hypothesis.errors import InvalidArgument
from pytest import UsageError

PROFILES = {
    # no explain phase in ci: it replays the failing example many times, after shrinking, for a hint
    "ci": settings(max_examples=15, derandomize=True, deadline=None, print_blob=True,
                   stateful_step_count=15, phases=[p for p in Phase if p is not Phase.explain]),
    "dev": settings(max_examples=30, deadline=None, print_blob=True, stateful_step_count=20),
    "triage": settings(max_examples=15, derandomize=True, deadline=None, database=None,
                       phases=[Phase.explicit, Phase.generate], stateful_step_count=15),
    "nightly": settings(max_examples=2000, deadline=None, print_blob=True, stateful_step_count=50,
                        phases=list(Phase), verbosity=Verbosity.normal),
}
DEFAULT = "dev"
WITHOUT_DATABASE = {"triage"}


def register() -> None:
    for name, profile in PROFILES.items():
        settings.register_profile(name, profile)
    # Hypothesis' own --hypothesis-profile option, read later, overrides this default. An unknown name is
    # reported by check_selected() as a usage error, not here at import as a traceback.
    name = os.environ.get("HYPOTHESIS_PROFILE", DEFAULT)
    settings.load_profile(name if known(name) else DEFAULT)


def known(name: str) -> bool:
    try:
        settings.get_profile(name)
    except InvalidArgument:
        return False
    return True


def check_selected(config) -> None:
    """An unknown profile ends the run with one line listing the profiles (before Hypothesis' own plugin
    loads it and fails with a traceback)."""
    name = selected(config)
    if not known(name):
        source = "--hypothesis-profile" if config.getoption("hypothesis_profile", None) else "HYPOTHESIS_PROFILE"
        raise UsageError(f"{source}: unknown Hypothesis profile {name!r}; the profiles are "
                         f"{', '.join(PROFILES)} (or one your conftest.py registers)")


def selected(config) -> str:
    """The profile this run uses: --hypothesis-profile, else HYPOTHESIS_PROFILE, else the default."""
    return config.getoption("hypothesis_profile", None) or os.environ.get("HYPOTHESIS_PROFILE") or DEFAULT


def use_database(name: str, database) -> None:
    """Make the loaded profile read and write `database`.

    Hypothesis turns the database off when a profile is *declared* with derandomize=True; a profile
    derived from it with an explicit database keeps both. That is what `ci` needs: replay what earlier
    runs found, then the same derandomized examples as every other CI run.
    """
    if name in WITHOUT_DATABASE:
        return
    base = PROFILES.get(name) or settings.get_profile(name)  # a profile of the user's own is honoured too
    settings.register_profile(name, parent=base, database=database)
    settings.load_profile(name)
