"""Setup: the endpoints the suite sets a run up with answer as Airbyte does (WorkspacesHandler,
SchedulerHandler discover at 0f4f4a9331)."""

from __future__ import annotations

import json
import re
from typing import Any

from contracts import releases
from suite.checks.registry import check
from suite.client import Exchange


@check("setup")
def discovery(exchange: Exchange, found: dict[str, Any]) -> None:
    """Discovery of a source answers a catalog."""
    if "catalog" not in found:
        discovery.fail("discovery of the source failed", "a catalog", json.dumps(found), exchange)


@check("setup")
def unique_slug(exchange: Exchange, taken: str, slug: str | None) -> None:
    """A second workspace of the same name gets the slug plus "-" and 8 random letters
    (WorkspacesHandler.generateUniqueSlug)."""
    if re.fullmatch(re.escape(taken) + "-[A-Za-z]{8}", slug or "") is None:
        unique_slug.fail("a second workspace of the same name: slug not made unique", f"{taken}-<8 letters>",
                         repr(slug), exchange)


@check("setup")
def workspace_defaults(exchange: Exchange, expected: dict[str, Any], received: dict[str, Any]) -> None:
    """anonymousDataCollection, news and securityUpdates not sent are stored and answered false."""
    workspace_defaults.equal("workspace flags not sent (or sent false) are answered false", expected, received,
                             exchange)


@check("setup")
def deletion(exchange: Exchange) -> None:
    """connections/delete succeeds for a connection the run made."""
    if exchange.status not in (200, 204):
        deletion.fail("connections/delete failed", "204", str(exchange.status), exchange)


@check("setup")
def reported_release(exchange: Exchange, release: str, how: str) -> str | None:
    """The version GET /v1/instance_configuration reports (the deployment's, InstanceConfigurationHandler.kt:72
    at v2.0.0) belongs to the release line whose contracts the run checks against; returns that version, or
    None where the target reports none to compare."""
    try:
        body = exchange.json() if exchange.status == 200 else None
    except ValueError:  # not JSON: no version to read
        body = None
    version = body.get("version") if isinstance(body, dict) else None
    if not isinstance(version, str) or not releases.is_version(version):
        return None  # no version reported (before 0.50 there is no such endpoint) or a build name: nothing to compare
    if releases.for_version(version) != release:
        reported_release.fail(f"the target reports Airbyte {version}, but the run checks it as {release} ({how})",
                              f"a {release.lstrip('v').rsplit('.', 1)[0]}.x version", repr(version), exchange)
    return version
