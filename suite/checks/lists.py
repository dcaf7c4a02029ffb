"""Lists: connections/list answers exactly the workspace's live connections matching its filters, each once,
and workspace/state follows what exists (ConfigRepository.listWorkspaceStandardSyncs and
count*ForWorkspace at 0f4f4a9331, ConnectionServiceJooqImpl.kt:803 and WorkspaceServiceJooqImpl.kt:482 at
v2.0.0: deleted means status deprecated; a NULL status is neither). From v2.0.0 the list answers pages."""

from __future__ import annotations

from typing import Any

from suite import rules
from suite.checks.conformance import accepted_answer
from suite.checks.registry import check
from suite.client import Exchange


@check("lists")
def listed_once(exchange: Exchange) -> set[str]:
    """connections/list lists each connection once; returns the ids listed. Where the release answers pages
    (suite.rules list_pages), the page is also checked (listed_page)."""
    body = accepted_answer(exchange)
    ids = [item["connectionId"] for item in body["connections"]]
    if len(ids) != len(set(ids)):
        listed_once.fail("connections/list repeats a connection", "each connection once", repr(ids), exchange)
    if rules.active().list_pages is not None:
        listed_page(exchange, body)
    return set(ids)


@check("lists")
def listed_page(exchange: Exchange, body: dict[str, Any]) -> None:
    """A page of connections/list (v2.0.0, deviation list-pages): page_size is the size asked for (default
    20: WebBackendConnectionsHandler.kt:161-166, echoed at :222), no page holds more, num_connections counts
    every match (ConnectionServiceJooqImpl.kt:875), so a first page (no cursor) holding fewer than its size
    holds them all; the default order is by name lower-cased, then id (ConnectionServiceJooqImpl.kt:514-519,
    :551): connections whose names are equal once lower-cased come in ascending id order (names in between are
    compared in the database's collation, which the suite does not assume)."""
    pages = rules.active().list_pages
    assert pages is not None, "listed_page is for releases whose connections/list answers pages"
    sent = exchange.body.get("pageSize") if isinstance(exchange.body, dict) else None
    size = sent if sent is not None else pages.default_size
    items = body["connections"]
    listed_page.equal("connections/list page_size", size, body.get("page_size"), exchange)
    if len(items) > size:
        listed_page.fail("connections/list answered more than a page", f"at most {size}", str(len(items)), exchange)
    total = body.get("num_connections")
    # the count takes the filters, not the cursor (WebBackendConnectionsHandler.kt:192-196,
    # ConnectionServiceJooqImpl.kt:875-877): only a short first page holds every match
    first = not isinstance(exchange.body, dict) or exchange.body.get("cursor") is None
    if total is None or total < len(items) or (first and len(items) < size and total != len(items)):
        listed_page.fail("connections/list num_connections does not count the matches",
                         f"{len(items)} (every match is on this page)" if first and len(items) < size
                         else f">= {len(items)}", repr(total), exchange)
    if isinstance(exchange.body, dict) and exchange.body.get("sortKey") is None:
        keys = [(item["name"].lower(), item["connectionId"]) for item in items]
        for before, after in zip(keys, keys[1:], strict=False):
            if before[0] == after[0] and before[0].isascii() and before[1] > after[1]:
                listed_page.fail("connections/list: connections of one name not in id order",
                                 "ties of lower(name) broken by ascending connectionId", f"{before} before {after}",
                                 exchange)


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


@check("lists")
def status_counts(exchange: Exchange, expected: dict[str, Any], what: str) -> None:
    """connections/status_counts (v2.0.0) counts the workspace's live connections: an inactive one as paused,
    an active one without a sync job as notSynced; a deleted (deprecated) or statusless one nowhere
    (ConnectionServiceJooqImpl.kt:2412-2433 at v2.0.0: NULL fails both `status != 'inactive'` and
    `status != 'deprecated'`)."""
    status_counts.equal(f"connections/status_counts {what}", expected, accepted_answer(exchange), exchange)


@check("lists")
def paged_listing(exchange: Exchange, expected: list[Any], listed: list[Any], what: str) -> None:
    """The pages of connections/list followed by their cursor (v2.0.0) hold, in order, exactly the expected
    connections, each once: the cursor names the last connection of the previous page and the next page starts
    after it in the list's order (ConnectionServiceJooqImpl.kt:669-713, :577-639 at v2.0.0); every page's
    num_connections counts every match, the cursor aside (WebBackendConnectionsHandler.kt:192-196)."""
    paged_listing.equal(f"connections/list {what}", expected, listed, exchange)
