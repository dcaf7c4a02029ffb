"""Catalog rules of Airbyte's CatalogConverter and WebBackendConnectionsHandler.

Three shapes:
- the API catalog a client sends and reads ({streams: [{stream, config}]});
- the stored configured catalog: only selected streams, each {stream, syncMode, cursorField,
  destinationSyncMode, primaryKey}, plus a field-selection map "namespace/name" -> bool over all streams;
- a discovered catalog: protocol streams, as a source reports them.
What is kept, recomputed or dropped on the way in and out is listed in BEHAVIOUR.md.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import unicodedata
import uuid

from reference_server.errors import InvalidInput

_SPACES = re.compile(r"[ \t\n\x0b\f\r]+")
_NOT_WORD = re.compile(r"[^A-Za-z0-9_]")


@functools.lru_cache(maxsize=4096)
def alias_name(name: str) -> str:
    """Airbyte's Names.toAlphanumericAndUnderscore: NFKD, drop marks, whitespace runs and other chars to _."""
    decomposed = unicodedata.normalize("NFKD", name)
    unmarked = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return _NOT_WORD.sub("_", _SPACES.sub("_", unmarked))


def find_value(node, key: str):
    """Jackson's JsonNode.findValue: the first value under `key`, depth first, in document order."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                return v
            found = find_value(v, key)
            if found is not None:
                return found
    elif isinstance(node, list):
        for item in node:
            found = find_value(item, key)
            if found is not None:
                return found
    return None


def descriptor_key(stream: dict) -> str:
    """The field-selection map's key; a missing namespace prints as "null", as Java's String.format does."""
    namespace = stream.get("namespace")
    return f"{'null' if namespace is None else namespace}/{stream['name']}"


def _descriptor(stream: dict) -> tuple:
    return (stream["name"], stream.get("namespace"))


# client -> storage


def _protocol_stream(stream: dict) -> dict:
    out = {
        "name": stream["name"],
        "jsonSchema": stream.get("jsonSchema"),
        "supportedSyncModes": list(stream.get("supportedSyncModes") or []),
        "sourceDefinedCursor": stream.get("sourceDefinedCursor"),
        "defaultCursorField": list(stream.get("defaultCursorField") or []),
        "sourceDefinedPrimaryKey": stream.get("sourceDefinedPrimaryKey") or [],
        "namespace": stream.get("namespace"),
    }
    return out


def _apply_field_selection(where: str, stream: dict, config: dict) -> None:
    """Check the selected fields and keep only them in the stream's schema (Airbyte's own rules)."""
    properties = find_value(stream.get("jsonSchema"), "properties")
    if not isinstance(properties, dict):
        raise InvalidInput("Requested field selection but no properties node found", f"{where}.stream.jsonSchema",
                           stream.get("jsonSchema"))
    selected = config.get("selectedFields")
    if selected is None:
        raise InvalidInput("Requested field selection but no selected fields provided",
                           f"{where}.config.selectedFields", None)
    for i, info in enumerate(selected):
        path = info.get("fieldPath") or []
        if not path:
            raise InvalidInput("Selected field path cannot be empty", f"{where}.config.selectedFields[{i}]", info)
        if len(path) > 1:
            raise InvalidInput("Nested field selection not supported", f"{where}.config.selectedFields[{i}]", info)
    names = {info["fieldPath"][0] for info in selected}
    cursor = config.get("cursorField") or []
    if config["syncMode"] == "incremental" and cursor and cursor[0] not in names:
        raise InvalidInput("Cursor field cannot be de-selected in INCREMENTAL syncs", f"{where}.config.cursorField",
                           cursor)
    if config["destinationSyncMode"] == "append_dedup":
        for component in config.get("primaryKey") or []:
            if not component:
                raise InvalidInput("Primary key component cannot be empty", f"{where}.config.primaryKey", component)
            if component[0] not in names:
                raise InvalidInput("Primary key field cannot be de-selected in DEDUP mode",
                                   f"{where}.config.primaryKey", component)
    for name in sorted(names):
        if name not in properties:
            raise InvalidInput(f"Requested selected field {name} not found in JSON schema",
                               f"{where}.config.selectedFields", name)
    for name in [n for n in properties if n not in names]:
        del properties[name]


def _check_entries(streams: list) -> None:
    seen = set()
    for i, entry in enumerate(streams):
        where = f"$.syncCatalog.streams[{i}]"
        if entry.get("stream") is None or entry.get("config") is None:
            raise InvalidInput("each stream entry needs both stream and config", where, entry)
        if entry["config"].get("selected") is None:
            raise InvalidInput("config.selected must be true or false", f"{where}.config.selected", None)
        key = _descriptor(entry["stream"])
        if key in seen:
            raise InvalidInput("two streams share this name and namespace", f"{where}.stream", entry["stream"])
        seen.add(key)


def to_stored(api_catalog: dict, faults) -> tuple[list, dict]:
    """(configured streams, field-selection map) for an API catalog; InvalidInput names the first problem."""
    streams = api_catalog.get("streams") or []  # a freshly parsed request body: ours to change
    _check_entries(streams)
    configured = []
    for i, entry in enumerate(streams):
        stream, config = entry["stream"], entry["config"]
        if not config["selected"]:
            continue
        if stream.get("supportedSyncModes") is None:
            # Airbyte: a NullPointerException (500) converting the modes (CatalogConverter.toConfiguredProtocol)
            raise InvalidInput("a selected stream needs supportedSyncModes", f"$.syncCatalog.streams[{i}].stream",
                               stream)
        if config.get("fieldSelectionEnabled"):
            _apply_field_selection(f"$.syncCatalog.streams[{i}]", stream, config)
        primary_key = config.get("primaryKey") or []
        if faults.on("truncate_nested_primary_key"):  # FAULT: truncate_nested_primary_key
            primary_key = [path[:1] for path in primary_key]
        cursor = list(config.get("cursorField") or [])
        if faults.on("drop_cursor_field"):  # FAULT: drop_cursor_field
            cursor = []
        configured.append({
            "stream": _protocol_stream(stream),
            "syncMode": config["syncMode"],
            "cursorField": cursor,
            "destinationSyncMode": config["destinationSyncMode"],
            "primaryKey": primary_key,
        })
    selection = {descriptor_key(e["stream"]): bool(e["config"].get("fieldSelectionEnabled")) for e in streams}
    return configured, selection


# storage -> client


def _api_stream(stream: dict) -> dict:
    return {k: v for k, v in stream.items() if v is not None}


def to_api(configured: list, selection: dict) -> dict:
    """The API catalog of a stored configured catalog: every stream selected, aliasName recomputed."""
    out = []
    for item in configured:
        stream = item["stream"]
        enabled = bool(selection.get(descriptor_key(stream), False))
        config = {
            "syncMode": item["syncMode"],
            "cursorField": item["cursorField"],
            "destinationSyncMode": item["destinationSyncMode"],
            "primaryKey": item["primaryKey"],
            "aliasName": alias_name(stream["name"]),
            "selected": True,
            "fieldSelectionEnabled": enabled,
        }
        if enabled:
            properties = find_value(stream.get("jsonSchema"), "properties") or {}
            config["selectedFields"] = [{"fieldPath": [name]} for name in properties]
        out.append({"stream": _api_stream(stream), "config": config})
    return {"streams": out}


def default_config(stream: dict) -> dict:
    """CatalogConverter.generateDefaultConfiguration for a definition that suggests no streams."""
    modes = stream.get("supportedSyncModes") or []
    return {
        "syncMode": modes[0] if modes else "incremental",
        "cursorField": list(stream.get("defaultCursorField") or []),
        "destinationSyncMode": "append",
        "primaryKey": stream.get("sourceDefinedPrimaryKey") or [],
        "aliasName": alias_name(stream["name"]),
        "selected": True,
        "suggested": True,
    }


def discovered_to_api(streams: list) -> dict:
    return {"streams": [{"stream": _api_stream(s), "config": default_config(s)} for s in streams]}


def _merged_selected_fields(original: dict, original_discovered: dict | None, stream: dict) -> list:
    chosen = {info["fieldPath"][0] for info in original["config"].get("selectedFields") or []}
    before = set(find_value((original_discovered or {}).get("stream", {}).get("jsonSchema"), "properties") or {})
    now = find_value(stream.get("jsonSchema"), "properties") or {}
    return [{"fieldPath": [name]} for name in now if name in chosen or name not in before]


def merge(configured: dict, original_discovered: dict, discovered: dict) -> dict:
    """WebBackendConnectionsHandler.updateSchemaWithRefreshedDiscoveredCatalog, on API catalogs.

    Every discovered stream appears once, in discovery order: configured ones keep their configuration
    (sync mode only if still supported, cursor and key only if non-empty), the others come unselected
    with their default configuration. Configured streams that were not discovered are left out.
    """
    by_key = {_descriptor(s["stream"]): s for s in configured["streams"]}
    discovered_by_key = {_descriptor(s["stream"]): s for s in original_discovered["streams"]}
    out = []
    for found in discovered["streams"]:
        stream = found["stream"]
        original = by_key.get(_descriptor(stream))
        if original is None:
            config = dict(found["config"], selected=False)
        else:
            old, new = original["config"], found["config"]
            config = {
                "syncMode": old["syncMode"] if old["syncMode"] in (stream.get("supportedSyncModes") or [])
                else new["syncMode"],
                "cursorField": old["cursorField"] if old["cursorField"] else new["cursorField"],
                "destinationSyncMode": old["destinationSyncMode"],
                "primaryKey": old["primaryKey"] if old["primaryKey"] else new["primaryKey"],
                "aliasName": old["aliasName"],
                "selected": old["selected"],
                "fieldSelectionEnabled": old["fieldSelectionEnabled"],
            }
            if config["fieldSelectionEnabled"]:
                config["selectedFields"] = _merged_selected_fields(
                    original, discovered_by_key.get(_descriptor(stream)), stream
                )
        out.append({"stream": stream, "config": config})  # callers pass freshly decoded catalogs: no copy
    return {"streams": out}


def diff(old: dict, new: dict) -> dict:
    """Stream-level differences between two API catalogs (added and removed streams)."""
    old_keys = [_descriptor(s["stream"]) for s in old["streams"]]
    new_keys = [_descriptor(s["stream"]) for s in new["streams"]]
    transforms = []
    for kind, keys, other in (("add_stream", new_keys, old_keys), ("remove_stream", old_keys, new_keys)):
        for name, namespace in keys:
            if (name, namespace) not in other:
                descriptor = {"name": name} if namespace is None else {"name": name, "namespace": namespace}
                transforms.append({"transformType": kind, "streamDescriptor": descriptor})
    return {"transforms": transforms}


def catalog_id(streams: list) -> str:
    """Same discovered catalog, same id (Airbyte stores actor catalogs once per content hash)."""
    digest = hashlib.sha256(json.dumps(streams, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "actor-catalog:" + digest))
