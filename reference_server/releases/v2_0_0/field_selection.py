"""v2.0.0: the field selection of one selected stream, as CatalogConverter.toConfiguredProtocol
(airbyte-commons-server/src/main/kotlin/io/airbyte/commons/server/handlers/helpers/CatalogConverter.kt:183-233 at
tag v2.0.0) checks it and prunes the stream's schema.

What changed since v0.42.1 (catalogs._apply_field_selection): a selected field the schema lacks is only logged
(:227-231), not refused; the sync modes are compared with Kotlin's `==`, so a null one is simply not incremental
or dedup (no NullPointerException); and the primary key must stay selected in overwrite_dedup too (:218-220).
JsonValidationException (422) for the checks Airbyte makes; the values it reads without a check give its 500s.
"""

from __future__ import annotations

from reference_server.catalogs import check_key_paths_selected, selected_top_level_names
from reference_server.errors import BadObjectSchema, null_pointer
from reference_server.java_details import find_value

_DEDUP = ("append_dedup", "overwrite_dedup")


def apply(where: str, stream: dict, config: dict) -> None:
    """Check the selection of a stream whose fieldSelectionEnabled is true; keep only the selected properties."""
    selected = config.get("selectedFields")
    if selected is None:  # :185-186
        raise BadObjectSchema("Requested field selection but no selected fields provided")
    # :188, stream.jsonSchema.findValue: only an absent jsonSchema is a Java null; a JSON null binds to a JsonNode
    # property as NullNode (jackson-databind JsonNodeDeserializer.getNullValue), which finds nothing: the 422 below
    if "jsonSchema" not in stream:
        raise null_pointer("field selection needs stream.jsonSchema", f"{where}.stream.jsonSchema")
    properties = find_value(stream["jsonSchema"], "properties")
    if not isinstance(properties, dict):  # :189-190
        raise BadObjectSchema("Requested field selection but no properties node found")
    names = selected_top_level_names(where, selected)  # :192-207
    _check_cursor(where, config, names)
    _check_primary_key(where, config, names)
    for name in [n for n in properties if n not in names]:  # :232, retain; names it lacks were only logged
        del properties[name]


def _check_cursor(where: str, config: dict, names: set) -> None:
    """:210-217: an incremental stream's cursor must be selected (cursorField read without a null check)."""
    if config.get("syncMode") != "incremental":
        return
    cursor = config.get("cursorField")
    if cursor is None:
        raise null_pointer("an incremental stream with field selection needs config.cursorField",
                           f"{where}.config.cursorField")
    if cursor and cursor[0] not in names:
        raise BadObjectSchema("Cursor field cannot be de-selected in INCREMENTAL syncs")


def _check_primary_key(where: str, config: dict, names: set) -> None:
    """:218-225: in append_dedup and overwrite_dedup every primary key path's first field must be selected."""
    if config.get("destinationSyncMode") not in _DEDUP:
        return
    if config.get("primaryKey") is None:
        raise null_pointer("a dedup stream with field selection needs config.primaryKey", f"{where}.config.primaryKey")
    check_key_paths_selected(where, config["primaryKey"], names)
