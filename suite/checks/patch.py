"""Patch: connections/update changes exactly what it sends (ConnectionsHandler.applyPatchToStandardSync,
WebBackendConnectionsHandler.webBackendUpdateConnection and createOrUpdateOperations at 0f4f4a9331)."""

from __future__ import annotations

from typing import Any

from suite.airbyte import connection_reads, operation_reads, stored_catalogs
from suite.checks.registry import check
from suite.client import Exchange


def tracked() -> tuple[str, ...]:
    """The connection fields a patch may change, in the release the run uses."""
    return (*connection_reads.patchable(), *connection_reads.SCHEDULE_FIELDS)


@check("patch")
def patched_fields(exchange: Exchange, before: dict[str, Any], patch: dict[str, Any], after: dict[str, Any],
                   email_row: bool | None = None) -> None:
    """Absent and null fields stay as they were; present fields change (connection_reads.connection_after_patch;
    `email_row`: the connection's email notification row before the patch, None for none)."""
    expected = connection_reads.connection_after_patch(before, patch, email_row)
    for field in tracked():
        if expected.get(field) != after.get(field):
            sent = "absent" if field not in patch else f"sent {patch[field]!r}"
            patched_fields.fail(f"update: {field} is wrong after a patch where it was {sent}",
                                repr(expected.get(field, "(absent)")), repr(after.get(field, "(absent)")), exchange)


@check("patch")
def patched_catalog(exchange: Exchange, expected: dict[str, Any], after: dict[str, Any]) -> None:
    """A sent syncCatalog replaces the whole catalog; none leaves it (compared as stored_catalogs.comparable)."""
    patched_catalog.equal("update: the catalog is not what the patch leaves", stored_catalogs.comparable(expected),
                          stored_catalogs.comparable(after["syncCatalog"]), exchange)


@check("patch")
def patched_operations(exchange: Exchange, before: dict[str, Any], patch: dict[str, Any],
                       after: dict[str, Any]) -> None:
    """WebBackendConnectionsHandler.createOrUpdateOperations: an item naming one of the connection's
    operations updates it (the last such item wins), any other item creates a new operation, and the
    connection's operations not named are removed. The order of operationIds is unspecified."""
    old = set(before.get("operationIds") or [])
    ids = after.get("operationIds") or []
    if patch.get("operations") is None:
        patched_operations.equal("update without operations changed operationIds", sorted(old), sorted(ids), exchange)
        return
    updated = {item["operationId"]: item for item in patch["operations"] if item.get("operationId") in old}
    created = [item for item in patch["operations"] if item.get("operationId") not in old]
    new_ids = [i for i in ids if i not in old]
    patched_operations.equal("update: the connection's operations after the patch",
                             {"kept": sorted(updated), "new": len(created)},
                             {"kept": sorted(i for i in set(ids) if i in old), "new": len(new_ids)}, exchange)
    read = {op["operationId"]: op for op in after.get("operations") or []}
    for ident, item in updated.items():
        patched_operations.equal(f"update: operation {ident} was not updated as sent",
                                 operation_reads.operation_as_read(item),
                                 operation_reads.operation_essentials(read[ident]) if ident in read else None, exchange)
    if not operation_reads.same_operations([operation_reads.operation_as_read(i) for i in created],
                                   [read[i] for i in new_ids if i in read]):
        patched_operations.fail("update: the new operations are not the ones sent",
                                repr([operation_reads.operation_as_read(i) for i in created]),
                                repr([operation_reads.operation_essentials(read[i]) for i in new_ids if i in read]),
                                exchange)


@check("patch")
def reread_agreement(exchange: Exchange, after: dict[str, Any], fresh: dict[str, Any]) -> None:
    """connections/get after an update answers what the update answered."""
    for field in (*tracked(), "operationIds"):
        reread_agreement.equal(f"get after update disagrees with the update's answer on {field}", after.get(field),
                               fresh.get(field), exchange)


@check("patch")
def null_patch(exchange: Exchange, before: dict[str, Any], after: dict[str, Any]) -> None:
    """A patch of nulls only changes nothing (null reads as absent)."""
    for field in (*tracked(), "operationIds", "name"):
        null_patch.equal(f"update with only nulls changed {field}", before.get(field), after.get(field), exchange)
    null_patch.equal("update with only nulls changed the catalog", stored_catalogs.comparable(before["syncCatalog"]),
                     stored_catalogs.comparable(after["syncCatalog"]), exchange)
