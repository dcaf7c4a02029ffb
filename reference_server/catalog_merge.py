"""Merging a connection's catalog with a discovered one (WebBackendConnectionsHandler.
updateSchemaWithRefreshedDiscoveredCatalog), and the id of a discovered catalog."""

from __future__ import annotations

import hashlib
import json
import uuid

from reference_server.errors import AirbyteFailure, null_pointer
from reference_server.java_details import find_value, java_hash_set_order


def _descriptor(stream: dict) -> tuple:
    return (stream["name"], stream.get("namespace"))


def _merged_selected_fields(original: dict, original_discovered: dict | None, stream: dict, where: str) -> list:
    """WebBackendConnectionsHandler.java:491-511: the discovered fields that were selected or are new, in the
    iteration order of the HashSet the refreshed field names are put into (:495,501,506)."""
    if original_discovered is None:  # :499 dereferences the original discovered stream
        raise null_pointer("a configured stream with field selection is missing from the original discovered "
                           "catalog", where)
    chosen = {info["fieldPath"][0] for info in original["config"].get("selectedFields") or []}
    before = find_value(original_discovered["stream"].get("jsonSchema"), "properties")
    now = find_value(stream.get("jsonSchema"), "properties")
    before = list(before) if isinstance(before, dict) else []
    now = list(now) if isinstance(now, dict) else []
    return [{"fieldPath": [name]} for name in java_hash_set_order(now) if name in chosen or name not in before]


def by_descriptor(streams: list, where: str) -> dict:
    """Collectors.toMap keyed (name, namespace), WebBackendConnectionsHandler.java:446-451: a duplicate key
    throws IllegalStateException."""
    out = {}
    for s in streams:
        key = _descriptor(s["stream"])
        if key in out:
            raise AirbyteFailure("java.lang.IllegalStateException",
                                 f"Duplicate key Stream[name={key[0]}, namespace={key[1]}]",
                                 "two streams of the connection's catalog share a name and namespace", where)
        out[key] = s
    return out


def merge(configured: dict, original_discovered: dict, discovered: dict) -> dict:
    """WebBackendConnectionsHandler.updateSchemaWithRefreshedDiscoveredCatalog (:439-523), on API catalogs.

    Every discovered stream appears once, in discovery order: configured ones keep their configuration
    (sync mode only if still supported, cursor and key only if non-empty), the others come unselected
    with their default configuration. Configured streams that were not discovered are left out.
    """
    by_key = by_descriptor(configured["streams"], "$.syncCatalog")
    discovered_by_key = by_descriptor(original_discovered["streams"], "$.syncCatalog")
    out = []
    for found in discovered["streams"]:
        stream = found["stream"]
        original = by_key.get(_descriptor(stream))
        if original is None:
            config = dict(found["config"], selected=False)
        else:
            old, new = original["config"], found["config"]
            config = {
                "syncMode": old.get("syncMode") if old.get("syncMode") in (stream.get("supportedSyncModes") or [])
                else new["syncMode"],
                "cursorField": old["cursorField"] if old["cursorField"] else new["cursorField"],
                "destinationSyncMode": old.get("destinationSyncMode"),
                "primaryKey": old["primaryKey"] if old["primaryKey"] else new["primaryKey"],
                "aliasName": old["aliasName"],
                "selected": old["selected"],
                "fieldSelectionEnabled": old["fieldSelectionEnabled"],
            }
            if config["fieldSelectionEnabled"]:
                config["selectedFields"] = _merged_selected_fields(
                    original, discovered_by_key.get(_descriptor(stream)), stream, "$.syncCatalog"
                )
            config = {k: v for k, v in config.items() if v is not None}
        out.append({"stream": stream, "config": config})  # callers pass freshly decoded catalogs: no copy
    return {"streams": out}


def catalog_id(streams: list) -> str:
    """Same discovered catalog, same id (Airbyte stores actor catalogs once per content hash)."""
    digest = hashlib.sha256(json.dumps(streams, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "actor-catalog:" + digest))
