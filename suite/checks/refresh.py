"""Refresh: a schema refresh answers the catalog diff, merged catalog, schemaChange, breakingChange and status
that suite.refresh (the model written from the Java at 0f4f4a9331) predicts, for the refreshed connection and
the other live connections of the source."""

from __future__ import annotations

from suite.checks.registry import check
from suite.client import Exchange


@check("refresh")
def refresh_diff(exchange: Exchange, expected: object, received: object, what: str) -> None:
    """catalogDiff (and breakingChange, connectionStatus of discover_schema) as the model computes them: streams
    and fields (nested properties, array items, oneOf) added, removed or changed, and which removals break."""
    refresh_diff.equal(what, expected, received, exchange)


@check("refresh")
def refreshed_status(exchange: Exchange, expected: object, received: object, what: str) -> None:
    """Status and breakingChange after a refresh follow the change and nonBreakingChangesPreference
    (SchedulerHandler), for every live connection of the source."""
    refreshed_status.equal(what, expected, received, exchange)


@check("refresh")
def schema_change(exchange: Exchange, expected: object, received: object, what: str) -> None:
    """schemaChange: no_change, non_breaking or breaking, as derived from the diff."""
    schema_change.equal(what, expected, received, exchange)


@check("refresh")
def merged_catalog(exchange: Exchange, expected: object, received: object) -> None:
    """The merged catalog keeps the configuration while still valid; new streams come unselected."""
    merged_catalog.equal("merged catalog of the refresh (configuration kept, new streams unselected)", expected,
                         received, exchange)


@check("refresh")
def update_breaking_change(exchange: Exchange, expected: object, received: object, what: str) -> None:
    """web_backend/connections/update recomputes breakingChange from the diff between the syncCatalog it is sent
    and the source's most recent discovered catalog, and keeps the stored value when sent no syncCatalog
    (WebBackendConnectionsHandler.java:546-566)."""
    update_breaking_change.equal(what, expected, received, exchange)
