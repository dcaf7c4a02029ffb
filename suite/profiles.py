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

PROFILES = {
    "ci": settings(max_examples=15, derandomize=True, deadline=None, print_blob=True,
                   stateful_step_count=15),
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
    # Hypothesis' own --hypothesis-profile option, read later, overrides this default.
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", DEFAULT))


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
