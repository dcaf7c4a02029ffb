"""v2.0.0: the stream configuration fields v0.42.1 did not have (mappers, hashedFields, includeFiles,
destinationObjectName, generationId, minimumGenerationId, syncId), stored beside each configured stream.

CatalogConverter (airbyte-commons-server/.../handlers/helpers/CatalogConverter.kt at tag v2.0.0):
- toConfiguredInternal (:286-330) stores the sent mappers when there are any, else one hashing mapper per
  hashedFields entry (its first path element, :247-254; createHashingMapper, airbyte-mappers/.../helpers/
  MapperHelper.kt:20-35: method SHA-256, suffix "_hashed"); includeFiles false unless sent true (:317-319 and
  ConfiguredAirbyteStream.kt:58,172);
  destinationObjectName as sent (:305);
- toApi (:78-119) answers includeFiles, destinationObjectName, selectedFields [] unless field selection fills it,
  hashedFields (the target field of each hashing mapper, :106-111, :269-273), the mappers (:112-116), and the
  generation ids and sync id, which only a sync sets (none here: left out);
- ConnectionsHandler.assignIdsToIncomingMappers (.../handlers/ConnectionsHandler.kt:354-366) gives each mapper
  sent without an id a new one before the write.
Mapper configurations other than hashing are kept as sent: their conversions (MapperConverters.kt:149-210) and
validation (validateConfiguredMappers, :368-) are not emulated.
"""

from __future__ import annotations

from reference_server.context import new_id


def _key(stream: dict) -> str:
    return f"{stream.get('namespace')}/{stream.get('name')}"


def _hashing(field: str) -> dict:
    return {"id": new_id(), "type": "hashing",
            "mapperConfiguration": {"targetField": field, "method": "SHA-256", "fieldNameSuffix": "_hashed"}}


def _stored(config: dict, faults) -> dict:
    mappers = [dict(m, id=m.get("id") or new_id()) for m in config.get("mappers") or []]
    if not mappers:
        mappers = [_hashing(f["fieldPath"][0]) for f in config.get("hashedFields") or [] if f.get("fieldPath")]
    if faults.on("v2_mappers_dropped"):  # FAULT: v2_mappers_dropped
        mappers = []
    # includeFiles: the stored stream's is a non-null Boolean, false unless sent true (config-models/.../
    # ConfiguredAirbyteStream.kt:58,172), and every configured stream's read carries it (CatalogConverter.kt:101)
    return {"mappers": mappers, "destinationObjectName": config.get("destinationObjectName"),
            "includeFiles": config.get("includeFiles") is True}


def from_request(api_catalog: dict | None, faults) -> dict:
    """{"<namespace>/<name>": fields} of the selected streams of a sent catalog."""
    out = {}
    for entry in (api_catalog or {}).get("streams") or []:
        config = (entry or {}).get("config") or {}
        if config.get("selected") and isinstance(entry.get("stream"), dict):
            out[_key(entry["stream"])] = _stored(config, faults)
    return out


def add_to_read(api_catalog: dict, stored: dict) -> dict:
    """The read's catalog with the v2.0.0 fields of each configured stream; a stream stored without
    sourceDefinedCursor reads false (CatalogConverter.toApi, CatalogConverter.kt:64)."""
    for entry in api_catalog.get("streams") or []:
        if entry["stream"].get("sourceDefinedCursor") is None:
            entry["stream"]["sourceDefinedCursor"] = False
        fields = stored.get(_key(entry["stream"]))
        config = entry["config"]
        config.setdefault("suggested", False)
        if fields is None:
            continue
        config.setdefault("selectedFields", [])
        config["mappers"] = fields["mappers"]
        config["hashedFields"] = [{"fieldPath": [m["mapperConfiguration"].get("targetField")]}
                                  for m in fields["mappers"] if m.get("type") == "hashing"
                                  and isinstance(m.get("mapperConfiguration"), dict)]
        for key in ("includeFiles", "destinationObjectName"):
            if fields.get(key) is not None:
                config[key] = fields[key]
    return api_catalog
