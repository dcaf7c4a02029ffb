"""connections/update is a PATCH: absent or null fields stay as they were, present fields change, a sent
syncCatalog replaces the whole catalog, and sent operations are created, updated or deleted.
(ConnectionsHandler.applyPatchToStandardSync, WebBackendConnectionsHandler.webBackendUpdateConnection
and createOrUpdateOperations at Airbyte 0f4f4a9331.)"""

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

import strategies
from suite import checks, rules
from suite.airbyte import connection_reads, stored_catalogs

pytestmark = pytest.mark.writes


def expected_catalog(before: dict, patch: dict, discovered: dict) -> dict:
    catalog_id = patch.get("sourceCatalogId") or before.get("catalogId")
    if patch.get("syncCatalog") is not None:
        stored = stored_catalogs.catalog_as_stored(patch["syncCatalog"])
    elif before.get("catalogId") is None:
        stored = before["syncCatalog"]  # read without a source catalog: the stored catalog itself
    else:
        return before["syncCatalog"]  # unchanged, and read merged with the same catalog as before
    return stored_catalogs.catalog_as_merged(stored, discovered) if catalog_id else stored


PLACEHOLDER_CONNECTION = str(uuid.UUID(int=1))


def placeholder_operation(i: int) -> str:
    return str(uuid.UUID(int=1000 + i))


def predicted(sent: dict, prerequisites) -> dict:
    """The connection as create should store it, with placeholder ids. Patches are drawn from this
    prediction rather than from the server's answer: Hypothesis must draw the same way on every replay,
    which it cannot do from data that changes between runs (new ids, unordered sets)."""
    read = connection_reads.connection_after_create(sent, prerequisites.source, prerequisites.destination,
                                           prerequisites.geography)
    if sent.get("sourceCatalogId") is not None:
        read["syncCatalog"] = stored_catalogs.catalog_as_merged(read["syncCatalog"], prerequisites.catalog)
    operations = sent.get("operations") or []
    return {**read, "connectionId": PLACEHOLDER_CONNECTION,
            "operationIds": [placeholder_operation(i) for i in range(len(operations))]}


def with_real_ids(node, created: dict):
    real = {PLACEHOLDER_CONNECTION: created["connectionId"]}
    real.update({placeholder_operation(i): ident for i, ident in enumerate(created.get("operationIds") or [])})
    if isinstance(node, dict):
        return {k: with_real_ids(v, created) for k, v in node.items()}
    if isinstance(node, list):
        return [with_real_ids(v, created) for v in node]
    return real.get(node, node) if isinstance(node, str) else node


@given(data=st.data())
def test_patch_changes_exactly_what_it_sends(api, world, prerequisites, data):
    sent = data.draw(strategies.valid("WebBackendConnectionCreate", world), label="create")
    created = checks.accepted_answer(api.create(sent))
    before = checks.accepted_answer(api.get(created["connectionId"]))
    patch = data.draw(strategies.patch(world, connection=predicted(sent, prerequisites)), label="patch")
    patch = with_real_ids(patch, created)
    exchange = api.update(patch)
    after = checks.accepted_answer(exchange)
    checks.patched_fields(exchange, before, patch, after)
    checks.patched_catalog(exchange, expected_catalog(before, patch, prerequisites.catalog), after)
    checks.patched_operations(exchange, before, patch, after)
    reread = api.get(created["connectionId"])
    checks.reread_agreement(reread, after, checks.accepted_answer(reread))


@given(data=st.data())
def test_an_empty_patch_changes_nothing(api, world, data):
    created = checks.accepted_answer(api.create(data.draw(strategies.valid("WebBackendConnectionCreate", world),
                                                   label="create")))
    before = checks.accepted_answer(api.get(created["connectionId"]))
    nulls = data.draw(st.sets(st.sampled_from([*connection_reads.patchable(), "syncCatalog", "scheduleType",
                                               "scheduleData", "operations", "sourceCatalogId", "skipReset"])),
                      label="nulls")
    exchange = api.update({"connectionId": before["connectionId"], **dict.fromkeys(nulls)})
    after = checks.accepted_answer(exchange)
    checks.null_patch(exchange, before, after)


def _normalization(world, name: str) -> dict:
    return {"workspaceId": world.workspace_id, "name": name,
            "operatorConfiguration": {"operatorType": "normalization", "normalization": {"option": "basic"}}}


@pytest.mark.parametrize("kept", [0, 1, 2], ids=["none-kept", "one-kept", "both-kept"])
def test_operations_not_named_in_a_patch_are_removed(api, world, kept):
    """createOrUpdateOperations: the connection's operations a patch does not name are deleted, those it
    names are updated, whatever property examples happen to draw."""
    sent = {"sourceId": world.source_id, "destinationId": world.destination_id, "status": "inactive",
            "operations": [_normalization(world, "first"), _normalization(world, "second")]}
    created = checks.accepted_answer(api.create(sent))
    before = checks.accepted_answer(api.get(created["connectionId"]))
    named = [{**op, "name": f"{op['name']} renamed"} for op in before["operations"][:kept]]
    patch = {"connectionId": created["connectionId"], "operations": named}
    exchange = api.update(patch)
    checks.patched_operations(exchange, before, patch, checks.accepted_answer(exchange))


def _stream(name: str) -> dict:
    return {"stream": {"name": name, "jsonSchema": {"type": "object", "properties": {"id": {"type": "string"}}},
                       "supportedSyncModes": ["full_refresh"]},
            "config": {"syncMode": "full_refresh", "destinationSyncMode": "append", "selected": True}}


@pytest.mark.parametrize("sent_streams", [["b"], ["a", "c"], []], ids=["one-other", "one-kept-one-new", "none"])
def test_a_sent_catalog_replaces_the_stored_one(api, world, prerequisites, sent_streams):
    """A patch's syncCatalog replaces the whole catalog (it is not merged with the stored one), whatever
    property examples happen to draw."""
    created = checks.accepted_answer(api.create({"sourceId": world.source_id, "destinationId": world.destination_id,
                                                 "status": "inactive",
                                                 "syncCatalog": {"streams": [_stream("a"), _stream("b")]}}))
    before = checks.accepted_answer(api.get(created["connectionId"]))
    patch = {"connectionId": created["connectionId"], "syncCatalog": {"streams": [_stream(n) for n in sent_streams]}}
    exchange = api.update(patch)
    checks.patched_catalog(exchange, expected_catalog(before, patch, prerequisites.catalog),
                           checks.accepted_answer(exchange))


EMAIL = connection_reads.EMAIL


@pytest.mark.skipif(not rules.active().email_row_follows_webhook,
                    reason="the patched notifySchemaChangesByEmail always wins in this release")
@given(data=st.data(), webhook=st.booleans())
def test_an_email_notification_row_follows_the_webhook_flag(api, world, data, webhook):
    """Turn email notifications on, then off, then on again with notifySchemaChanges fixed: each update is
    judged against the email notification row the ones before it left (suite.rules email_row_follows_webhook)."""
    sent = data.draw(strategies.valid("WebBackendConnectionCreate", world), label="create")
    created = checks.accepted_answer(api.create({**sent, "notifySchemaChanges": webhook}))
    before, row = checks.accepted_answer(api.get(created["connectionId"])), None
    for wanted in (True, False, True):
        patch = {"connectionId": created["connectionId"], EMAIL: wanted}
        exchange = api.update(patch)
        after = checks.accepted_answer(exchange)
        checks.patched_fields(exchange, before, patch, after, row)
        before, row = after, connection_reads.email_row_after_patch(row, before, patch)
