"""The README documents what a user meets: every option and its environment variable, every exit
status, the other environment variables the code reads."""

import re
from pathlib import Path

from suite.outcomes import EXIT_STATUSES
from suite.settings import OPTIONS

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_option_and_its_variable_is_documented():
    missing = [o.flag for o in OPTIONS if o.flag not in README] + [o.env for o in OPTIONS if o.env not in README]
    assert missing == []


def test_every_exit_status_is_documented():
    for status, meaning in EXIT_STATUSES.items():
        assert f"| {status} | {meaning} |" in README


def test_every_environment_variable_the_code_reads_is_documented():
    read = set()
    for folder in ("suite", "strategies", "contracts", "selftests", "tests"):
        for path in (REPO / folder).rglob("*.py"):
            read |= set(re.findall(r"environ(?:\.get)?[\[(]\"([A-Z][A-Z0-9_]+)\"", path.read_text(encoding="utf-8")))
            read |= set(re.findall(r"getenv\(\"([A-Z][A-Z0-9_]+)\"", path.read_text(encoding="utf-8")))
    read |= {o.env for o in OPTIONS}
    assert read, "the search found nothing: the pattern is wrong"
    assert sorted(v for v in read if f"`{v}`" not in README) == []
