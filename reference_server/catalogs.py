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

from reference_server.errors import AirbyteFailure, BadObjectSchema, null_pointer

_SPACES = re.compile(r"[ \t\n\x0b\f\r]+")
_NOT_WORD = re.compile(r"[^A-Za-z0-9_]")


@functools.lru_cache(maxsize=4096)
def alias_name(name: str) -> str:
    """Airbyte's Names.toAlphanumericAndUnderscore: NFKD, drop marks, whitespace runs and other chars to _."""
    decomposed = unicodedata.normalize("NFKD", name)
    unmarked = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return _NOT_WORD.sub("_", _SPACES.sub("_", unmarked))


_NOT_THERE = object()


def _look_up(node, key: str):
    if isinstance(node, dict):
        entries = node.items()
    elif isinstance(node, list):
        entries = ((None, item) for item in node)
    else:
        return _NOT_THERE
    for name, value in entries:
        if name == key:
            return value
        found = _look_up(value, key)
        if found is not _NOT_THERE:
            return found
    return _NOT_THERE


def find_value(node, key: str):
    """Jackson's JsonNode.findValue: the first value under `key`, depth first, in document order; a JSON null
    there ends the search as Jackson's NullNode does (None, as for nothing found)."""
    found = _look_up(node, key)
    return None if found is _NOT_THERE else found


def descriptor_key(stream: dict) -> str:
    """The field-selection map's key; a missing namespace prints as "null", as Java's String.format does."""
    namespace, name = stream.get("namespace"), stream.get("name")
    return f"{'null' if namespace is None else namespace}/{'null' if name is None else name}"


def _descriptor(stream: dict) -> tuple:
    return (stream["name"], stream.get("namespace"))


# PostgreSQL and Java details that show in answers


def _jsonb_key(text: str) -> tuple:
    raw = text.encode("utf-8", "surrogatepass")
    return len(raw), raw


def jsonb_order(value):
    """The value as PostgreSQL's jsonb gives it back: object keys shorter first (in UTF-8 bytes), then bytewise.

    Connections keep their catalog in a jsonb column (`airbyte-db/db-lib/src/main/resources/configs_database/
    schema_dump.txt:123`, `connection.catalog jsonb`; actor catalogs likewise, `:28`) and every answer re-reads it
    (`ConnectionsHandler.java:208` create, `:312` update, `StandardSyncPersistence.java:243-254`).
    """
    if isinstance(value, dict):
        keys = sorted(value, key=_jsonb_key)
        return {k: jsonb_order(value[k]) for k in keys}
    if isinstance(value, list):
        return [jsonb_order(v) for v in value]
    return value


def _java_string_hash(text: str) -> int:
    h = 0
    for unit in memoryview(text.encode("utf-16-le", "surrogatepass")).cast("H"):
        h = (31 * h + unit) & 0xFFFFFFFF
    return h


def java_hash_set_order(names: list) -> list:
    """The iteration order of a java.util.HashSet filled with these strings in this order (default capacity
    16, load factor 0.75; a bucket keeps insertion order, and resizing keeps it too)."""
    unique = list(dict.fromkeys(names))
    capacity = 16
    while len(unique) > capacity * 0.75:
        capacity *= 2

    def bucket(name: str) -> int:
        h = _java_string_hash(name)
        return (h ^ (h >> 16)) & (capacity - 1)

    return sorted(unique, key=lambda n: (bucket(n), unique.index(n)))


# client -> storage


def _protocol_stream(stream: dict) -> dict:
    """CatalogConverter.toConfiguredProtocol(stream, config), CatalogConverter.java:172-179: what is stored of a
    stream. Absent lists read back as [] (the protocol model's defaults); a jsonSchema sent as null stays null
    (Jackson gives a NullNode for a JsonNode property)."""
    out = {
        "name": stream["name"],
        "supportedSyncModes": list(stream["supportedSyncModes"]),
        "sourceDefinedCursor": stream.get("sourceDefinedCursor"),
        "defaultCursorField": list(stream.get("defaultCursorField") or []),
        "sourceDefinedPrimaryKey": stream.get("sourceDefinedPrimaryKey") or [],
        "namespace": stream.get("namespace"),
    }
    if "jsonSchema" in stream:
        out["jsonSchema"] = stream["jsonSchema"]
    return out


def _apply_field_selection(where: str, stream: dict, config: dict) -> None:
    """CatalogConverter.java:129-171: check the selected fields and keep only them in the stream's schema.

    JsonValidationException (422) for the checks Airbyte makes; the values it uses without a check give
    its 500s: no jsonSchema, a null selectedFields entry, no syncMode or destinationSyncMode, no cursorField
    in incremental, no primaryKey or an empty key path in append_dedup; a path longer than one field
    (UnsupportedOperationException, :142-145).
    """
    if config.get("selectedFields") is None:
        raise BadObjectSchema("Requested field selection but no selected fields provided")
    if "jsonSchema" not in stream:
        raise null_pointer("field selection needs stream.jsonSchema", f"{where}.stream.jsonSchema")
    properties = find_value(stream["jsonSchema"], "properties")
    if not isinstance(properties, dict):
        raise BadObjectSchema("Requested field selection but no properties node found")
    selected = config["selectedFields"]
    for i, info in enumerate(selected):
        if info is None:
            raise null_pointer("a selectedFields entry is null", f"{where}.config.selectedFields[{i}]")
        path = info.get("fieldPath")
        if not path:
            raise BadObjectSchema("Selected field path cannot be empty")
        if len(path) > 1:
            raise AirbyteFailure("java.lang.UnsupportedOperationException", "Nested field selection not supported",
                                 "nested field selection is not supported", f"{where}.config.selectedFields[{i}]")
    names = {info["fieldPath"][0] for info in selected}
    if config.get("syncMode") is None:
        raise null_pointer("field selection needs config.syncMode", f"{where}.config.syncMode")
    if config["syncMode"] == "incremental":
        if config.get("cursorField") is None:
            raise null_pointer("an incremental stream with field selection needs config.cursorField",
                               f"{where}.config.cursorField")
        if config["cursorField"] and config["cursorField"][0] not in names:
            raise BadObjectSchema("Cursor field cannot be de-selected in INCREMENTAL syncs")
    if config.get("destinationSyncMode") is None:
        raise null_pointer("field selection needs config.destinationSyncMode", f"{where}.config.destinationSyncMode")
    if config["destinationSyncMode"] == "append_dedup":
        if config.get("primaryKey") is None:
            raise null_pointer("an append_dedup stream with field selection needs config.primaryKey",
                               f"{where}.config.primaryKey")
        for component in config["primaryKey"]:
            if component is None:
                raise null_pointer("a primaryKey path is null", f"{where}.config.primaryKey")
            if not component:
                raise AirbyteFailure("java.lang.IndexOutOfBoundsException", "Index 0 out of bounds for length 0",
                                     "a primaryKey path is empty", f"{where}.config.primaryKey")
            if component[0] not in names:
                raise BadObjectSchema("Primary key field cannot be de-selected in DEDUP mode")
    for name in java_hash_set_order([n for n in names if n is not None]) + ([None] if None in names else []):
        if name not in properties:
            shown = "null" if name is None else name
            raise BadObjectSchema(f"Requested selected field {shown} not found in JSON schema")
    for name in [n for n in properties if n not in names]:
        del properties[name]


def _configured(where: str, entry: dict, faults) -> dict:
    stream, config = entry.get("stream"), entry["config"]
    if config.get("fieldSelectionEnabled"):
        if stream is None:
            raise null_pointer("each stream entry needs stream", f"{where}.stream")
        _apply_field_selection(where, stream, config)
    if stream is None:
        raise null_pointer("each stream entry needs stream", f"{where}.stream")
    if stream.get("name") is None:
        stream = dict(stream, name=None)  # stored as null; Airbyte does not look at it here
    if stream.get("supportedSyncModes") is None:  # Enums.convertListTo(null): NullPointerException
        raise null_pointer("a selected stream needs supportedSyncModes", f"{where}.stream.supportedSyncModes")
    primary_key = config.get("primaryKey") or []
    if faults.on("truncate_nested_primary_key"):  # FAULT: truncate_nested_primary_key
        primary_key = [path[:1] if path else path for path in primary_key]
    cursor = list(config.get("cursorField") or [])
    if faults.on("drop_cursor_field"):  # FAULT: drop_cursor_field
        cursor = []
    # A null sync mode is left out of the stored JSON and reads back as the protocol model's default
    # (ConfiguredAirbyteStream: sync_mode full_refresh, destination_sync_mode append; airbyte-protocol's
    # airbyte_protocol.yaml, ConfiguredAirbyteStream).
    stored = jsonb_order({
        "stream": _protocol_stream(stream),
        "syncMode": config.get("syncMode") or "full_refresh",
        "cursorField": cursor,
        "destinationSyncMode": config.get("destinationSyncMode") or "append",
        "primaryKey": primary_key,
    })
    sent_order = faults.on("selected_fields_in_sent_order")  # FAULT: selected_fields_in_sent_order
    if sent_order and config.get("selectedFields"):
        stored["sentOrder"] = [info["fieldPath"][0] for info in config["selectedFields"]]
    return stored


def to_stored(api_catalog: dict, faults) -> tuple[list, dict]:
    """(configured streams, field-selection map) for an API catalog, as CatalogConverter.toConfiguredProtocol
    (:192-219) and getFieldSelectionData (:312-326) make them.

    Streams are looked at one by one: a null entry, config or config.selected fails at once (500, unboxing
    in the filter at :197); a JsonValidationException of a selected stream is kept and the first one is
    thrown after all streams (422). Two streams with the same name and namespace are both stored (a later
    read that merges with a discovered catalog fails on them). The map is keyed "<namespace>/<name>"
    (String.format prints a missing namespace as "null", :330-331), so colliding keys keep the later value.
    """
    streams = api_catalog.get("streams")
    if streams is None:
        raise null_pointer("syncCatalog needs streams", "$.syncCatalog.streams")
    configured, first_invalid = [], None
    for i, entry in enumerate(streams):
        where = f"$.syncCatalog.streams[{i}]"
        if entry is None or entry.get("config") is None:
            raise null_pointer("each stream entry needs config", where)
        if entry["config"].get("selected") is None:
            raise null_pointer("config.selected must be true or false", f"{where}.config.selected")
        if not entry["config"]["selected"]:
            continue
        try:
            configured.append(_configured(where, entry, faults))
        except BadObjectSchema as e:
            first_invalid = first_invalid or e
    if first_invalid is not None:
        raise first_invalid
    selection = {}
    for i, entry in enumerate(streams):
        if entry.get("stream") is None:
            raise null_pointer("each stream entry needs stream", f"$.syncCatalog.streams[{i}].stream")
        selection[descriptor_key(entry["stream"])] = bool(entry["config"].get("fieldSelectionEnabled"))
    if faults.on("field_selection_keys_distinct"):  # FAULT: field_selection_keys_distinct
        selection = {descriptor_key(e["stream"]) + "#" + str(i): bool(e["config"].get("fieldSelectionEnabled"))
                     for i, e in enumerate(streams)}
        selection["#distinct"] = True
    return configured, selection


# storage -> client


def _api_stream(stream: dict) -> dict:
    return {k: v for k, v in stream.items() if v is not None or k == "jsonSchema"}


def _field_selection_enabled(selection: dict, stream: dict, index: int) -> bool:
    if selection.get("#distinct"):  # written by the field_selection_keys_distinct fault
        return bool(selection.get(descriptor_key(stream) + "#" + str(index), False))
    return bool(selection.get(descriptor_key(stream), False))


def selected_field_names(stream: dict, where: str = "$") -> list:
    """`getJsonSchema().findValue("properties").fieldNames()` of a stored stream (CatalogConverter.java:78-81):
    the stored schema's order, which is jsonb's. No schema or no properties object: NullPointerException."""
    if stream.get("jsonSchema") is None:
        raise null_pointer("field selection is on for a stream without jsonSchema", where)
    properties = find_value(stream["jsonSchema"], "properties")
    if properties is None:
        raise null_pointer("field selection is on for a stream without properties", where)
    return list(properties) if isinstance(properties, dict) else []


def to_api(configured: list, selection: dict, faults=None) -> dict:
    """The API catalog of a stored configured catalog (CatalogConverter.toApi, :58-91): every stream selected,
    aliasName recomputed, fieldSelectionEnabled from the map, selectedFields from the stored schema."""
    out = []
    for index, item in enumerate(configured):
        stream = item["stream"]
        enabled = _field_selection_enabled(selection, stream, index)
        config = {
            "syncMode": item["syncMode"],
            "cursorField": item["cursorField"],
            "destinationSyncMode": item["destinationSyncMode"],
            "primaryKey": item["primaryKey"],
            "aliasName": alias_name(stream["name"]) if stream.get("name") is not None else None,
            "selected": True,
            "fieldSelectionEnabled": enabled,
        }
        if stream.get("name") is None:
            raise null_pointer("a stored stream has no name", "$.syncCatalog.streams[].stream.name")
        if enabled:
            names = item.get("sentOrder") or selected_field_names(stream)
            config["selectedFields"] = [{"fieldPath": [name]} for name in names]
        out.append({"stream": _api_stream(stream), "config": {k: v for k, v in config.items() if v is not None}})
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
