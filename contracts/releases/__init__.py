"""Contract sets per Airbyte release, and which one the package serves.

    available()          the supported releases, oldest first ("v0.42.1" is the default set in contracts/)
    directory(release)   where a release's schemas/, operations.json and deviations.json live
    use(release)         serve that release's set from contracts.schema(), validator(), operations(), ...
    active()             the release being served
    for_version(text)    the release whose contracts fit a server version ("2.0.0", "v0.42.1-alpha"), or None
    nearest(text)        the supported releases nearest to a version, for a message naming them

Each release line has one set: a server 2.0.x is served by v2.0.0, 0.42.x by v0.42.1.
Call use() before anything reads a contract: modules of the suite and the strategies cache what they read
(the suite calls it once, at session start, before collection).
"""

from __future__ import annotations

import re
from pathlib import Path

RELEASES_DIR = Path(__file__).parent
CONTRACTS_DIR = RELEASES_DIR.parent
DEFAULT = "v0.42.1"  # the pinned set (platform 0f4f4a9331), kept at the top of contracts/
_active = DEFAULT


def available() -> tuple[str, ...]:
    found = [p.name for p in RELEASES_DIR.iterdir() if (p / "operations.json").is_file()]
    return tuple(sorted({DEFAULT, *found}, key=_key))


def directory(release: str) -> Path:
    if release not in available():
        raise KeyError(f"no contract set for release {release!r}; supported: {', '.join(available())}")
    return CONTRACTS_DIR if release == DEFAULT else RELEASES_DIR / release


def use(release: str) -> None:
    """Serve `release`'s contract set from the contracts package (clears what was cached for another)."""
    global _active
    from contracts import _store, _validation

    root = directory(release)
    if release == _active:
        return
    _active = release
    _store.SCHEMA_DIR = root / "schemas"
    for cached in (_store.names, _store._raw, _store.registry, _store._resolved, _store._operations):
        cached.cache_clear()
    _validation.validator.cache_clear()


def active() -> str:
    return _active


def _key(release: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", release)[:3])


def _line(version: str) -> tuple[int, int] | None:
    match = re.match(r"^v?(\d+)\.(\d+)(?:\.\d+)?", version.strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


def is_version(text: str) -> bool:
    """A release version ("2.0.0", "v0.42.1-alpha"), not a build name such as "dev"."""
    return _line(text) is not None


def for_version(version: str) -> str | None:
    line = _line(version)
    return next((r for r in available() if line and _key(r)[:2] == line), None)


def nearest(version: str) -> list[str]:
    """The supported release just older and just newer than `version` (one or two names)."""
    line = _line(version)
    if line is None:
        return list(available())
    older = [r for r in available() if _key(r)[:2] < line]
    newer = [r for r in available() if _key(r)[:2] > line]
    return [*older[-1:], *newer[:1]]
