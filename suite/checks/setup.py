"""Setup: the endpoints the suite sets a run up with answer as Airbyte does (WorkspacesHandler,
SchedulerHandler discover at 0f4f4a9331)."""

from __future__ import annotations

import json
import re
from typing import Any

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
