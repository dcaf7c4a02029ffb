"""web_backend/connections/update is a PATCH: what a client's update really does to the stored connection.

- A top-level null means "leave unchanged": ConnectionsHandler.applyPatchToStandardSync sets a field only
  when the patch's value is not null (ConnectionsHandler.java:322-386), and the operations only when the
  list is not null (WebBackendConnectionsHandler.java:659-662). A client that sends null to clear a field
  clears nothing.
- resourceRequirements is replaced whole (ConnectionsHandler.java:367-368) by a copy of its four known
  keys (ApiPojoConverters.java:110-120): keys under other names are dropped, and stored keys not sent
  are erased.
- syncCatalog is replaced whole (ConnectionsHandler.java:334-337): a selected stream left out of the sent
  catalog loses its configuration and is no longer synced.
- A stream's jsonSchema is stored as sent (CatalogConverter.java:174): an empty one erases the schema
  the connection had.
"""

from __future__ import annotations

from contract_proxy.findings import HANDLERS, Finding

UPDATE = "/v1/web_backend/connections/update"
APPLY_PATCH = HANDLERS + "ConnectionsHandler.java:322-386"
OPERATIONS_PATCH = HANDLERS + "WebBackendConnectionsHandler.java:659-662"
REPLACED = (HANDLERS + "ConnectionsHandler.java:367-368, airbyte-commons-server/src/main/java/io/airbyte/commons/"
            "server/converters/ApiPojoConverters.java:110-120")
SCHEMA_STORED = HANDLERS + "helpers/CatalogConverter.java:174"
CATALOG_REPLACED = HANDLERS + "ConnectionsHandler.java:334-337"
RESOURCE_KEYS = ("cpu_request", "cpu_limit", "memory_request", "memory_limit")
# connection reads carry these; what the proxy last saw of a connection is what Airbyte holds
READ_OPERATIONS = ("/v1/web_backend/connections/get", "/v1/web_backend/connections/create", UPDATE,
                   "/v1/connections/get")


class Memory:
    """What the proxy last saw Airbyte answer about each connection (resource requirements, stream schemas)."""

    def __init__(self):
        self.connections: dict[str, dict] = {}

    def observe(self, operation: str, status: int, answer) -> None:
        if operation in READ_OPERATIONS and status == 200 and isinstance(answer, dict) \
                and isinstance(answer.get("connectionId"), str):
            self.connections[answer["connectionId"].lower()] = answer

    def stored(self, connection_id) -> dict:
        return self.connections.get(str(connection_id).lower(), {}) if isinstance(connection_id, str) else {}


def check(body, memory: Memory) -> list[Finding]:
    if not isinstance(body, dict):
        return []
    stored = memory.stored(body.get("connectionId"))
    found = [Finding("warning", "null-ignored", UPDATE, f"$.{key}", "null in an update leaves the stored value "
                     "unchanged (it does not clear it)", "ignore", OPERATIONS_PATCH if key == "operations"
                     else APPLY_PATCH) for key, value in body.items() if value is None and key != "connectionId"]
    found += _resources(body.get("resourceRequirements"), stored.get("resourceRequirements") or {})
    found += _schemas(body.get("syncCatalog"), stored.get("syncCatalog"))
    found += _dropped_streams(body.get("syncCatalog"), stored.get("syncCatalog"))
    return found


def _selected(catalog) -> set:
    streams = catalog.get("streams") if isinstance(catalog, dict) else None
    return {(e["stream"].get("namespace"), e["stream"].get("name")) for e in streams or []
            if isinstance(e, dict) and isinstance(e.get("stream"), dict) and isinstance(e.get("config"), dict)
            and e["config"].get("selected") is True}


def _dropped_streams(sent, held) -> list[Finding]:
    if not isinstance(sent, dict) or not isinstance(sent.get("streams"), list):
        return []
    dropped = sorted(_selected(held) - set(_streams(sent)), key=str)
    if not dropped:
        return []
    names = ", ".join(name if not namespace else f"{namespace}.{name}" for namespace, name in dropped)
    return [Finding("error", "erases-stored-data", UPDATE, "$.syncCatalog.streams",
                    f"selected streams left out of the catalog: {names}; the catalog is replaced whole",
                    "erase (their configuration is dropped; they are no longer synced)", CATALOG_REPLACED)]


def _resources(sent, held: dict) -> list[Finding]:
    if not isinstance(sent, dict):
        return []
    kept = {k for k in RESOURCE_KEYS if sent.get(k) is not None}
    erased = sorted(k for k in RESOURCE_KEYS if held.get(k) is not None and k not in kept)
    if erased:
        return [Finding("error", "erases-stored-data", UPDATE, "$.resourceRequirements",
                        f"replaces the stored requirements whole and erases {', '.join(erased)} "
                        f"(stored: {', '.join(f'{k}={held[k]}' for k in erased)})", "erase", REPLACED)]
    if sent and not kept:
        return [Finding("error", "erases-stored-data", UPDATE, "$.resourceRequirements",
                        "no key Airbyte knows: the connection's requirements are stored as {}", "erase", REPLACED)]
    return []


def _streams(catalog) -> dict:
    streams = catalog.get("streams") if isinstance(catalog, dict) else None
    out = {}
    for i, entry in enumerate(streams if isinstance(streams, list) else []):
        stream = entry.get("stream") if isinstance(entry, dict) else None
        if isinstance(stream, dict):
            out[(stream.get("namespace"), stream.get("name"))] = (i, stream.get("jsonSchema"))
    return out


def _schemas(sent, held) -> list[Finding]:
    before = {key: schema for key, (_, schema) in _streams(held).items()}
    found = []
    for key, (i, schema) in _streams(sent).items():
        if isinstance(schema, dict) and not schema.get("properties") and (before.get(key) or {}).get("properties"):
            found.append(Finding("error", "erases-stored-data", UPDATE, f"$.syncCatalog.streams[{i}].stream.jsonSchema",
                                 f"stream {key[1]!r} sent without its schema's properties; it had "
                                 f"{len(before[key]['properties'])}", "erase (stored as sent)", SCHEMA_STORED))
    return found
