"""Catalog conversions of Airbyte's CatalogConverter, both ways (the merge with a discovered catalog is in
catalog_merge.py).

Three shapes:
- the API catalog a client sends and reads ({streams: [{stream, config}]});
- the stored configured catalog: only selected streams, each {stream, syncMode, cursorField,
  destinationSyncMode, primaryKey}, plus a field-selection map "namespace/name" -> bool over all streams;
- a discovered catalog: protocol streams, as a source reports them.
What is kept, recomputed or dropped on the way in and out is listed in BEHAVIOUR.md.
"""

from __future__ import annotations

from reference_server.errors import AirbyteFailure, BadObjectSchema, null_pointer
from reference_server.java_details import alias_name, find_value, java_hash_set_order, jsonb_order


def descriptor_key(stream: dict) -> str:
    """The field-selection map's key; a missing namespace prints as "null", as Java's String.format does."""
    namespace, name = stream.get("namespace"), stream.get("name")
    return f"{'null' if namespace is None else namespace}/{'null' if name is None else name}"


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
    names = selected_top_level_names(where, config["selectedFields"])
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
        check_key_paths_selected(where, config["primaryKey"], names)
    for name in java_hash_set_order([n for n in names if n is not None]) + ([None] if None in names else []):
        if name not in properties:
            shown = "null" if name is None else name
            raise BadObjectSchema(f"Requested selected field {shown} not found in JSON schema")
    for name in [n for n in properties if n not in names]:
        del properties[name]


def check_key_paths_selected(where: str, primary_key: list, names: set) -> None:
    """Each primary key path's first field is selected: a null path is a NullPointerException, an empty one an
    IndexOutOfBoundsException, an unselected one a 422 (v0.42.1 CatalogConverter.java:158-163; the same loop at
    v2.0.0, CatalogConverter.kt:218-225)."""
    for component in primary_key:
        if component is None:
            raise null_pointer("a primaryKey path is null", f"{where}.config.primaryKey")
        if not component:
            raise AirbyteFailure("java.lang.IndexOutOfBoundsException", "Index 0 out of bounds for length 0",
                                 "a primaryKey path is empty", f"{where}.config.primaryKey")
        if component[0] not in names:
            raise BadObjectSchema("Primary key field cannot be de-selected in DEDUP mode")


def selected_top_level_names(where: str, selected: list) -> set:
    """The first field of each selected path; a null entry is a NullPointerException, an empty path a 422 and a
    nested one an UnsupportedOperationException (v0.42.1 CatalogConverter.java:138-145, 148-149; the same at v2.0.0,
    CatalogConverter.kt:192-207)."""
    for i, info in enumerate(selected):
        if info is None:
            raise null_pointer("a selectedFields entry is null", f"{where}.config.selectedFields[{i}]")
        path = info.get("fieldPath")
        if not path:
            raise BadObjectSchema("Selected field path cannot be empty")
        if len(path) > 1:
            raise AirbyteFailure("java.lang.UnsupportedOperationException", "Nested field selection not supported",
                                 "nested field selection is not supported", f"{where}.config.selectedFields[{i}]")
    return {info["fieldPath"][0] for info in selected}


def _configured(where: str, entry: dict, faults, release: str) -> dict:
    stream, config = entry.get("stream"), entry["config"]
    if config.get("fieldSelectionEnabled"):
        if stream is None:
            raise null_pointer("each stream entry needs stream", f"{where}.stream")
        if release == "v2.0.0":
            from reference_server.releases.v2_0_0 import field_selection
            field_selection.apply(where, stream, config)
        else:
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


def to_stored(api_catalog: dict, faults, release: str = "v0.42.1") -> tuple[list, dict]:
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
            configured.append(_configured(where, entry, faults, release))
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
