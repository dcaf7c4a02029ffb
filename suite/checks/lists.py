"""Lists: connections/list answers exactly the workspace's live connections matching its filters, each once,
and workspace/state follows what exists (ConfigRepository.listWorkspaceStandardSyncs and
count*ForWorkspace at 0f4f4a9331: deleted means status deprecated; a NULL status is neither)."""

from __future__ import annotations

from typing import Any

from suite.checks.conformance import accepted_answer
from suite.checks.registry import check
from suite.client import Exchange


@check("lists")
def listed_once(exchange: Exchange) -> set[str]:
    """connections/list lists each connection once; returns the ids listed."""
    ids = [item["connectionId"] for item in accepted_answer(exchange)["connections"]]
    if len(ids) != len(set(ids)):
        listed_once.fail("connections/list repeats a connection", "each connection once", repr(ids), exchange)
    return set(ids)


@check("lists")
def exact_listing(exchange: Exchange, expected: set[str], listed: set[str], what: str) -> None:
    """The ids listed are exactly those expected (the live connections matching the filters)."""
    exact_listing.equal(f"connections/list {what}", sorted(expected), sorted(listed), exchange)


@check("lists")
def workspace_flags(exchange: Exchange, expected: dict[str, Any], what: str) -> None:
    """workspace/state answers whether the workspace has connections, sources and destinations."""
    workspace_flags.equal(f"workspace/state {what}", expected, accepted_answer(exchange), exchange)


@check("lists")
def statusless_create(exchange: Exchange) -> dict[str, Any]:
    """A connection created without status is stored and answered without one (ConnectionsHandler.java:161)."""
    created: dict[str, Any] = accepted_answer(exchange)
    if created.get("status") is not None:
        statusless_create.fail("create without status answered a status", "no status (stored as NULL)",
                               repr(created["status"]), exchange)
    return created
