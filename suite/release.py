"""Which Airbyte release the target runs, and so which contract set the run checks it against.

Chosen once per run, before the report header: --airbyte-version / AIRBYTE_VERSION when given; otherwise
the version the target reports (GET /v1/instance_configuration, Airbyte 0.50 and later), else the release
whose contracts its served document (GET /v1/openapi) matches with no unexplained difference, else the
default set. The embedded reference server emulates the release chosen with --airbyte-version (else the
default one). A target whose version has no
contract set ends the run with one line naming the nearest sets and the drift command.

Compatibility mode (--airbyte-client-version): the run then judges the target by the client release's
contracts and rules, and uses the target's own release only to probe it and to set up (target_side).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import yaml

from contracts import drift, releases
from suite.settings import Settings

AUTO = "auto"


@dataclass(frozen=True)
class Choice:
    release: str
    how: str  # for the header: where the release came from
    error: str | None = None  # the target's release has no set: the line that ends the run

    def describe(self) -> str:
        return f"{self.release} ({self.how})"


class UnsupportedRelease(Exception):
    """The target runs a release without a contract set; the message is the one line the user sees."""


def choose(settings: Settings, url: str | None, http: httpx.Client | None) -> Choice:
    if settings.airbyte_version != AUTO:
        return Choice(asked_for(settings), "from --airbyte-version / AIRBYTE_VERSION")
    if settings.embedded or http is None or url is None:
        return Choice(releases.DEFAULT, "the embedded reference server's release")
    version = reported_version(http, url)
    if version is not None and releases.is_version(version):  # a build such as "dev": ask its document
        release = releases.for_version(version)
        if release is None:
            raise UnsupportedRelease(unsupported_message(version, url))
        return Choice(release, f"the target reports version {version}")
    release = matching_document(http, url)
    if release is not None:
        return Choice(release, "its served document matches these contracts")
    return Choice(releases.DEFAULT, "the target reports no version and serves no document: the default set")


def asked_for(settings: Settings) -> str:
    """The release --airbyte-version names (else the default): the one the embedded server emulates."""
    if settings.airbyte_version == AUTO:
        return releases.DEFAULT
    chosen = releases.for_version(settings.airbyte_version)
    if chosen is None:  # settings.resolve rejects these already; kept for settings built in code
        raise UnsupportedRelease(f"--airbyte-version / AIRBYTE_VERSION: no contract set for "
                                 f"{settings.airbyte_version!r}; supported: {', '.join(releases.available())}")
    return chosen


_target: str | None = None  # the release the target runs, once the run has chosen (set_target)


def set_target(release: str | None) -> None:
    global _target
    _target = release


def compatibility() -> str | None:
    """In compatibility mode, the release the target runs (the run judges it by releases.active()); else None."""
    return _target if _target not in (None, releases.active()) else None


@contextmanager
def target_side() -> Iterator[None]:
    """Serve the target's own contracts for a while. In compatibility mode (--airbyte-client-version) the run
    judges the target by the client's release, but proves the target answers and sets up workspaces, sources
    and destinations (and deletes them) the way the target's release wants: a v0.42.1 client cannot create a
    workspace on v2.0.0, which needs an organization, yet that is setup, not what the run checks."""
    before = releases.active()
    releases.use(_target or before)
    try:
        yield
    finally:
        releases.use(before)


def reported_version(http: httpx.Client, url: str) -> str | None:
    try:
        answer = http.get(f"{url}/v1/instance_configuration")
        body = answer.json() if answer.status_code == 200 else None
    except (httpx.HTTPError, ValueError):
        return None
    version = body.get("version") if isinstance(body, dict) else None
    return version if isinstance(version, str) and version.strip() else None


def matching_document(http: httpx.Client, url: str) -> str | None:
    """The release whose contracts the served document differs from by known deviations only."""
    try:
        answer = http.get(f"{url}/v1/openapi")
        doc = yaml.safe_load(answer.text) if answer.status_code == 200 else None
    except (httpx.HTTPError, yaml.YAMLError):
        return None
    if not isinstance(doc, dict) or "components" not in doc:
        return None
    before = releases.active()
    try:
        for release in reversed(releases.available()):
            releases.use(release)
            if not drift.triage(drift.compare(doc))[1]:
                return release
    finally:
        releases.use(before)
    return None


def unsupported_message(version: str, url: str) -> str:
    nearest = releases.nearest(version)
    return (f"the target runs Airbyte {version}, which has no contract set (supported: "
            f"{', '.join(releases.available())}; nearest: {', '.join(nearest)}); see how far it is from one "
            f"with `python -m contracts.drift {url}/v1/openapi --release {nearest[-1]}`, or choose a set with "
            f"--airbyte-version")
