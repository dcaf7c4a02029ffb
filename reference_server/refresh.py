"""What a discovery with a connection id does: the catalog diff of every live connection of the source, breaking
changes, and the status changes (SchedulerHandler.generateCatalogDiffsAndDisableConnectionsIfNeeded).

Airbyte at 0f4f4a9331, `airbyte-commons-server/.../handlers/SchedulerHandler.java:455-501`, with the diff of
airbyte-protocol's protocol-models 1.0.0 (`deps.toml:2`; `CatalogHelpers.java:271-477` at airbyte-protocol
3ee5c2b, the source of that release):
- for each connection of the source whose status is not deprecated (`ConfigRepository.java:1235-1247`; a NULL
  status is not listed), the diff is taken from the catalog the connection was made from (its sourceCatalogId's
  actor catalog, else its configured catalog, `ConnectionsHandler.java:472-480,529-539`) to the discovered one;
- streams only on one side are remove_stream / add_stream; a stream on both sides that is not equal (any
  attribute) is update_stream with its field transforms, possibly none (`CatalogHelpers.java:354-387`);
- fields are the schema's property paths, depth first; a node without any key containing "type" is taken
  for a oneOf and its children are not fields (`:271-330`); a path met twice is "Duplicated Schema" (`:431-454`);
- remove_field is breaking when the configured stream syncs incrementally with that cursor field, or dedups
  with that path in its primary key (`:456-475`); add_field and update_field_schema never are;
- breakingChange is any breaking field transform (`SchedulerHandler.java:589-602`); the connection becomes
  inactive when breaking, or when its nonBreakingChangesPreference is disable and the diff is not empty
  (`:493-501`, AUTO_DETECT_SCHEMA defaults to true, `EnvVariableFeatureFlags.java:49-51`); else it keeps its
  status. breakingChange and status are written (`:470-476`); the sourceCatalogId is not.
Arrays' items and oneOf branches are not walked here (a difference from Airbyte's traversal, BEHAVIOUR.md).
"""

from __future__ import annotations

from reference_server import catalogs
from reference_server.context import Context

_DUPLICATED = "Duplicated Schema"


def _walk(node, path: tuple, out: dict) -> None:
    properties = node.get("properties") if isinstance(node, dict) else None
    if not isinstance(properties, dict):
        return
    for name, child in properties.items():
        here = (*path, name)
        out[here] = _DUPLICATED if here in out else child
        if isinstance(child, dict) and any("type" in key for key in child):
            _walk(child, here, out)


def field_types(schema) -> dict:
    out: dict = {}
    _walk(schema, (), out)
    return out


def _descriptor(stream: dict) -> dict:
    return {"name": stream["name"]} if stream.get("namespace") is None else {
        "name": stream["name"], "namespace": stream["namespace"]}


def _breaks(configured: dict | None, path: list) -> bool:
    if configured is None:
        return False
    if configured["syncMode"] == "incremental" and configured["cursorField"] == path:
        return True
    return configured["destinationSyncMode"] == "append_dedup" and path in configured["primaryKey"]


def _stream_diff(old: dict, new: dict, configured: dict | None, faults) -> list:
    before, after = field_types(old.get("jsonSchema")), field_types(new.get("jsonSchema"))
    transforms = []
    for path in before.keys() - after.keys():
        breaking = _breaks(configured, list(path))
        if faults.on("removed_key_not_breaking"):  # FAULT: removed_key_not_breaking
            breaking = False
        transforms.append({"transformType": "remove_field", "fieldName": list(path), "breaking": breaking,
                           "removeField": {"schema": before[path]}})
    for path in after.keys() - before.keys():
        transforms.append({"transformType": "add_field", "fieldName": list(path), "breaking": False,
                           "addField": {"schema": after[path]}})
    for path in before.keys() & after.keys():
        if before[path] != after[path]:
            transforms.append({"transformType": "update_field_schema", "fieldName": list(path), "breaking": False,
                               "updateFieldSchema": {"oldSchema": before[path], "newSchema": after[path]}})
    return transforms


def diff(old: dict, new: dict, configured: list, faults) -> dict:
    """The CatalogDiff from API catalog `old` to `new`; `configured` is the stored (selected) streams."""
    def keyed(catalog):
        return {(s["stream"]["name"], s["stream"].get("namespace")): s["stream"] for s in catalog["streams"]}

    before, after = keyed(old), keyed(new)
    chosen = {(c["stream"]["name"], c["stream"].get("namespace")): c for c in configured}
    transforms = [{"transformType": "remove_stream", "streamDescriptor": _descriptor(before[k])}
                  for k in before.keys() - after.keys()]
    transforms += [{"transformType": "add_stream", "streamDescriptor": _descriptor(after[k])}
                   for k in after.keys() - before.keys()]
    for key in before.keys() & after.keys():
        if before[key] != after[key]:
            transforms.append({"transformType": "update_stream", "streamDescriptor": _descriptor(after[key]),
                               "updateStream": _stream_diff(before[key], after[key], chosen.get(key), faults)})
    return {"transforms": transforms}


def _original(ctx: Context, doc: dict) -> dict:
    from reference_server import connections

    stored = ctx.store.get("actor_catalogs", doc["sourceCatalogId"]) if doc.get("sourceCatalogId") else None
    return catalogs.discovered_to_api(stored["streams"]) if stored else connections.configured_api_catalog(doc)


def disable_if_needed(ctx: Context, source_id: str, discovered: dict) -> dict:
    """Diff, breakingChange and status for each live connection of the source; written to each; returned by
    connection id as {"catalogDiff", "breakingChange", "connectionStatus"}."""
    from reference_server import connections

    out = {}
    for doc in ctx.store.select("connections", "source_id = ? AND status != 'deprecated'", [source_id],
                                order="created"):
        found = diff(_original(ctx, doc), discovered, doc["catalog"], ctx.faults)
        breaking = any(f["breaking"] for t in found["transforms"] if t["transformType"] == "update_stream"
                       for f in t["updateStream"])
        disable = breaking or (doc.get("nonBreakingChangesPreference") == "disable" and bool(found["transforms"]))
        if ctx.faults.on("disable_preference_ignored"):  # FAULT: disable_preference_ignored
            disable = breaking
        if disable:
            doc["status"] = "inactive"
        doc["breakingChange"] = breaking
        connections.save(ctx, doc)
        out[doc["connectionId"]] = {"catalogDiff": found, "breakingChange": breaking,
                                    "connectionStatus": doc.get("status")}
    return out
