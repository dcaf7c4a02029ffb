"""connections/update is a PATCH: absent or null fields stay as they were, present fields change, a sent
syncCatalog replaces the whole catalog, and sent operations are created, updated or deleted.
(ConnectionsHandler.applyPatchToStandardSync, WebBackendConnectionsHandler.webBackendUpdateConnection
and createOrUpdateOperations at Airbyte 0f4f4a9331.)"""

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

import strategies
from suite import airbyte, checks

pytestmark = pytest.mark.writes


def expected_catalog(before: dict, patch: dict, discovered: dict) -> dict:
    catalog_id = patch.get("sourceCatalogId") or before.get("catalogId")
    if patch.get("syncCatalog") is not None:
        stored = airbyte.catalog_as_stored(patch["syncCatalog"])
    elif before.get("catalogId") is None:
        stored = before["syncCatalog"]  # read without a source catalog: the stored catalog itself
    else:
        return before["syncCatalog"]  # unchanged, and read merged with the same catalog as before
    return airbyte.catalog_as_merged(stored, discovered) if catalog_id else stored


def check_fields(before: dict, patch: dict, after: dict, exchange) -> None:
    expected = airbyte.connection_after_patch(before, patch)
    for field in (*airbyte.PATCHABLE, *airbyte.SCHEDULE_FIELDS):
        if expected.get(field) != after.get(field):
            sent = "absent" if field not in patch else f"sent {patch[field]!r}"
            raise checks.CheckFailure(f"update: {field} is wrong after a patch where it was {sent}",
                                      repr(expected.get(field, "(absent)")), repr(after.get(field, "(absent)")),
                                      exchange)


def check_operations(before: dict, patch: dict, after: dict, exchange) -> None:
    """WebBackendConnectionsHandler.createOrUpdateOperations: an item naming one of the connection's
    operations updates it (the last such item wins), any other item creates a new operation, and the
    connection's operations not named are removed. The order of operationIds is unspecified."""
    old = set(before.get("operationIds") or [])
    ids = after.get("operationIds") or []
    if patch.get("operations") is None:
        checks.equal("update without operations changed operationIds", sorted(old), sorted(ids), exchange)
        return
    updated = {item["operationId"]: item for item in patch["operations"] if item.get("operationId") in old}
    created = [item for item in patch["operations"] if item.get("operationId") not in old]
    new_ids = [i for i in ids if i not in old]
    checks.equal("update: the connection's operations after the patch",
                 {"kept": sorted(updated), "new": len(created)},
                 {"kept": sorted(i for i in set(ids) if i in old), "new": len(new_ids)}, exchange)
    read = {op["operationId"]: op for op in after.get("operations") or []}
    for ident, item in updated.items():
        checks.equal(f"update: operation {ident} was not updated as sent", airbyte.operation_as_read(item),
                     airbyte.operation_essentials(read[ident]) if ident in read else None, exchange)
    if not airbyte.same_operations([airbyte.operation_as_read(i) for i in created],
                                   [read[i] for i in new_ids if i in read]):
        raise checks.CheckFailure("update: the new operations are not the ones sent",
                                  repr([airbyte.operation_as_read(i) for i in created]),
                                  repr([airbyte.operation_essentials(read[i]) for i in new_ids if i in read]),
                                  exchange)


PLACEHOLDER_CONNECTION = str(uuid.UUID(int=1))


def placeholder_operation(i: int) -> str:
    return str(uuid.UUID(int=1000 + i))


def predicted(sent: dict, prerequisites) -> dict:
    """The connection as create should store it, with placeholder ids. Patches are drawn from this
    prediction rather than from the server's answer: Hypothesis must draw the same way on every replay,
    which it cannot do from data that changes between runs (new ids, unordered sets)."""
    read = airbyte.connection_after_create(sent, prerequisites.source, prerequisites.destination,
                                           prerequisites.geography)
    if sent.get("sourceCatalogId") is not None:
        read["syncCatalog"] = airbyte.catalog_as_merged(read["syncCatalog"], prerequisites.catalog)
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
    check_fields(before, patch, after, exchange)
    checks.equal("update: the catalog is not what the patch leaves",
                 airbyte.comparable(expected_catalog(before, patch, prerequisites.catalog)),
                 airbyte.comparable(after["syncCatalog"]), exchange)
    check_operations(before, patch, after, exchange)
    reread = api.get(created["connectionId"])
    fresh = checks.accepted_answer(reread)
    for field in (*airbyte.PATCHABLE, *airbyte.SCHEDULE_FIELDS, "operationIds"):
        checks.equal(f"get after update disagrees with the update's answer on {field}", after.get(field),
                     fresh.get(field), reread)


@given(data=st.data())
def test_an_empty_patch_changes_nothing(api, world, data):
    created = checks.accepted_answer(api.create(data.draw(strategies.valid("WebBackendConnectionCreate", world),
                                                   label="create")))
    before = checks.accepted_answer(api.get(created["connectionId"]))
    nulls = data.draw(st.sets(st.sampled_from([*airbyte.PATCHABLE, "syncCatalog", "scheduleType", "scheduleData",
                                               "operations", "sourceCatalogId", "skipReset"])), label="nulls")
    exchange = api.update({"connectionId": before["connectionId"], **dict.fromkeys(nulls)})
    after = checks.accepted_answer(exchange)
    for field in (*airbyte.PATCHABLE, *airbyte.SCHEDULE_FIELDS, "operationIds", "name"):
        checks.equal(f"update with only nulls changed {field}", before.get(field), after.get(field), exchange)
    checks.equal("update with only nulls changed the catalog", airbyte.comparable(before["syncCatalog"]),
                 airbyte.comparable(after["syncCatalog"]), exchange)
