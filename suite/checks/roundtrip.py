"""Round trip: what create and get answer is what Airbyte stores for what was sent (expected values from
suite.airbyte, where each rule cites the Airbyte code deciding it)."""

from __future__ import annotations

from typing import Any

from suite import rules
from suite.airbyte import operation_reads, stored_catalogs
from suite.checks.conformance import accepted_answer
from suite.checks.registry import check
from suite.client import Exchange

# connection fields Airbyte leaves out when what was sent does not set them
OPTIONAL = ("scheduleData", "schedule", "namespaceFormat", "prefix", "resourceRequirements", "status", "catalogId")


@check("round trip")
def stored_connection(exchange: Exchange, expected: dict[str, Any], body: dict[str, Any], title: str) -> None:
    """Every expected field equals the body's, and the body has no optional connection field that was not
    expected. selectedFields are compared as a set: Airbyte promises no order (stored_catalogs.comparable)."""
    if "syncCatalog" in expected and isinstance(body.get("syncCatalog"), dict):
        expected = {**expected, "syncCatalog": stored_catalogs.comparable(expected["syncCatalog"])}
        body = {**body, "syncCatalog": stored_catalogs.comparable(body["syncCatalog"])}
    received = {k: body.get(k) for k in expected}
    if received != expected:
        wrong = sorted(k for k in expected if expected[k] != received[k])
        stored_connection.fail(f"{title}: {', '.join(wrong)} differ from what Airbyte returns",
                               "\n".join(f"    {k} = {expected[k]!r}" for k in wrong),
                               "\n".join(f"    {k} = {received[k]!r}" for k in wrong), exchange)
    for optional in (*OPTIONAL, *rules.active().never_answered):
        if optional not in expected and optional in body:
            stored_connection.fail(f"{title}: unexpected {optional}",
                                   f"no {optional} (Airbyte leaves it out for what was sent)", repr(body[optional]),
                                   exchange)


@check("round trip")
def created_operations(exchange: Exchange, sent: dict[str, Any], body: dict[str, Any]) -> None:
    """The request's operations are created first and become the connection's operations
    (WebBackendConnectionsHandler.createOperations; the request's operationIds are ignored)."""
    wanted = sent.get("operations") or []
    ids = body.get("operationIds") or []
    if len(ids) != len(wanted) or len(set(ids)) != len(ids):
        created_operations.fail("create: operationIds do not match the operations sent",
                                f"{len(wanted)} new distinct ids", repr(ids), exchange)
    read = body.get("operations") or []
    created_operations.equal("create: operations do not match operationIds", sorted(ids),
                             sorted(op["operationId"] for op in read), exchange)
    if not operation_reads.same_operations([operation_reads.operation_as_read(op) for op in wanted], read):
        created_operations.fail("create: the connection's operations are not the ones sent",
                                repr([operation_reads.operation_as_read(op) for op in wanted]),
                                repr([operation_reads.operation_essentials(op) for op in read]), exchange)


@check("round trip")
def key_paths(exchange: Exchange, sent: dict[str, Any], body: dict[str, Any]) -> None:
    """primaryKey and cursorField paths of any depth come back exactly (stored as sent by CatalogConverter)."""
    selected = [e for e in (sent.get("syncCatalog") or {}).get("streams", []) if e["config"].get("selected")]
    for i, (mine, theirs) in enumerate(zip(selected, body["syncCatalog"]["streams"], strict=True)):
        for key in ("primaryKey", "cursorField"):
            key_paths.equal(f"get: streams[{i}].config.{key} changed", mine["config"].get(key) or [],
                            theirs["config"][key], exchange)


@check("round trip")
def refreshed_identity(exchange: Exchange, created: dict[str, Any]) -> None:
    """A refresh keeps what identifies the connection. A 500 is Airbyte's answer to a failed discover job
    (WebBackendConnectionsHandler.java:365-380): reported as a failed refresh, not tolerated."""
    if exchange.status >= 500:
        refreshed_identity.fail("connections/get with withRefreshedCatalog: the refresh failed",
                                "200 with the connection merged with a fresh discover (a 500 here is Airbyte's "
                                "answer to a failed discover job: look at the source and its connector)",
                                str(exchange.status), exchange)

    refreshed = accepted_answer(exchange)
    for field in ("connectionId", "sourceId", "destinationId", "name", "scheduleType"):
        refreshed_identity.equal(f"refresh changed {field}", created.get(field), refreshed.get(field), exchange)


@check("round trip")
def stored_mappers(exchange: Exchange, hashed: dict[str, list[str]], body: dict[str, Any]) -> None:
    """hashedFields sent without mappers are stored as one hashing mapper per field (CatalogConverter.kt:308-315
    at v2.0.0, MapperHelper.kt:20-33 in airbyte-mappers) and read back as the hashing mappers' target fields and
    the stored mappers themselves (CatalogConverter.kt:106-116). `hashed`: stream name -> the fields sent."""
    streams = {entry["stream"]["name"]: entry["config"] for entry in body["syncCatalog"]["streams"]}
    for name, fields in hashed.items():
        config = streams.get(name, {})
        stored_mappers.equal(f"stream {name!r}: hashedFields not read back as sent",
                             [{"fieldPath": [f]} for f in fields], config.get("hashedFields"), exchange)
        mappers = config.get("mappers") or []
        read = [(m.get("type"), (m.get("mapperConfiguration") or {}).get("targetField")) for m in mappers]
        stored_mappers.equal(f"stream {name!r}: the hashedFields are not stored as hashing mappers",
                             [("hashing", f) for f in fields], read, exchange)
