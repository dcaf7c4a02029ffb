"""breakingChange after web_backend/connections/update: sent a syncCatalog, the update recomputes it from the diff
between that catalog (the old side, configured as sent) and the source's most recently discovered catalog; sent
none, it keeps the stored value (WebBackendConnectionsHandler.java:546-566,783-796 at 0f4f4a9331). So an update
that configures the streams the way the new schema allows clears a breaking change a refresh found, and one that
still syncs a removed cursor or key keeps it.

The source is an E2E Testing source of this module's own (a refresh writes to every connection of a source).
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import strategies
from suite import checks, e2e
from suite import refresh as model

pytestmark = pytest.mark.writes


@pytest.fixture(scope="module")
def e2e_source(api, suite_settings, prerequisites):
    return e2e.own_source(api, prerequisites, suite_settings.run_id, "update",
                          "the breaking-change checks need: its mock catalog decides the streams")


@given(case=strategies.schema_changes(), data=st.data())
@example(case=strategies.BREAKING_CHANGES["cursor gone"], data=None)
def test_update_recomputes_breaking_change(api, e2e_source, case, data):
    before, chosen, after = case
    source, config = e2e_source["source"], e2e_source["config"]
    e2e.set_schema(api, source, config, before)
    original = e2e.discover(api, source["sourceId"])
    created = checks.accepted_answer(api.create({
        "sourceId": source["sourceId"], "destinationId": e2e_source["destination"], "status": "active",
        "scheduleType": "manual", "sourceCatalogId": original["catalogId"],
        "syncCatalog": e2e.sync_catalog(original, chosen)}))
    connection_id = created["connectionId"]
    try:
        e2e.set_schema(api, source, config, after)
        discovered = e2e.discover(api, source["sourceId"])  # the catalog the refresh finds again: the most recent
        exchange = e2e.slow_post(api, "/v1/web_backend/connections/get",
                                 {"connectionId": connection_id, "withRefreshedCatalog": True})
        checks.accepted_answer(exchange)
        stored = model.is_breaking(model.expected_transforms(before, after, _configured(chosen)))
        read = api.client.post("/v1/connections/get", {"connectionId": connection_id})
        checks.refreshed_status(read, stored, checks.accepted_answer(read).get("breakingChange"),
                                "breakingChange stored by the refresh")
        _update(api, connection_id, None, stored, "an update without a syncCatalog keeps breakingChange")
        stale = {s: before.get(s, schema) for s, schema in after.items()}
        _update(api, connection_id, (stale, discovered, {s: c for s, c in chosen.items() if s in after}),
                model.update_breaking(stale, after, _configured(chosen)),
                "an update sending the streams as they were before the change, configured as before")
        fixed = data.draw(strategies.configs(after), label="configs") if data else {"s0": dict(
            chosen["s0"], cursorField=["b"])}
        _update(api, connection_id, (after, discovered, fixed), model.update_breaking(after, after, _configured(fixed)),
                "an update sending the streams as discovered, configured on columns they have")
    finally:
        api.delete(connection_id)


def _configured(chosen: dict) -> dict:
    return {stream: model.StreamConfig.of(config) for stream, config in chosen.items()}


def _update(api, connection_id: str, sent, expected: bool, what: str) -> None:
    """web_backend/connections/update (no reset: resets cost compute on a real Airbyte), sending `sent`
    (schemas, the discovered catalog they go into, configs) as the syncCatalog, or none; then breakingChange as
    stored."""
    patch: dict = {"connectionId": connection_id, "skipReset": True}
    if sent is not None:
        schemas, discovered, chosen = sent
        catalog = e2e.sync_catalog(discovered, chosen)
        for entry in catalog["streams"]:
            entry["stream"] = dict(entry["stream"], jsonSchema=schemas[entry["stream"]["name"]])
        patch["syncCatalog"] = catalog
    exchange = api.update(patch)
    checks.accepted_answer(exchange)
    read = api.client.post("/v1/connections/get", {"connectionId": connection_id})
    checks.update_breaking_change(exchange, expected, checks.accepted_answer(read).get("breakingChange"), what)
