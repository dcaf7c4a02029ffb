"""Hypothesis settings profiles, selected with --hypothesis-profile (default: dev).

ci       deterministic (derandomized), few examples, deadline off: the same verdict on every push
dev      the default on a laptop: a few dozen examples per test, random each run, failures replayed
nightly  many examples per test for long fuzzing runs
triage   like ci but stops at the first failing example without shrinking it: a quick yes/no
         (the project's own fault-detection tests use it)
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


def register() -> None:
    for name, profile in PROFILES.items():
        settings.register_profile(name, profile)
    # Hypothesis' own --hypothesis-profile option, read later, overrides this default.
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", DEFAULT))
