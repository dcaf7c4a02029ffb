"""Refresh: a schema refresh answers the catalog diff, merged catalog, schemaChange, breakingChange and status
that suite.refresh (the model written from the Java at 0f4f4a9331) predicts, for the refreshed connection and
the other live connections of the source."""

from __future__ import annotations

import json
from typing import Any

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


@check("refresh")
def propagated_catalog(exchange: Exchange, expected: dict[str, Any], received: dict[str, Any],
                       propagated: dict[str, Any], what: str) -> None:
    """A refresh leaves the connection's stored catalog and sourceCatalogId as they were, whatever its
    nonBreakingChangesPreference: Airbyte propagates schema changes on syncs, never on a refresh (suite.propagation;
    `propagated`: what auto-propagation would have stored, to name that mistake)."""
    if expected == received:
        return
    how = " (as auto-propagation would store it)" if received == propagated and propagated != expected else ""
    propagated_catalog.fail(f"{what}: the refresh changed the stored catalog{how}", _shape(expected),
                            _shape(received), exchange)


def _shape(value: dict[str, Any]) -> str:
    return json.dumps(value, sort_keys=True)
