"""v2.0.0: web_backend/mappers/validate for a stream of a connection, as far as this server emulates it.

WebBackendMappersHandler.validateMappers (airbyte-server/src/main/kotlin/io/airbyte/server/handlers/
WebBackendMappersHandler.kt:37-110 at v2.0.0): the connection's catalog as configured (only selected streams,
commons/handlers/helpers/CatalogConverter.kt:291; with field selection, only the selected top-level properties,
:183-232), the stream of the same name and namespace (`first`: none is a NoSuchElementException, 500), its fields
from the JSON schema's top-level properties (airbyte-config/config-models/.../helpers/FieldGenerator.kt), each
flagged when it is the first element of a primary key component or the first of the cursor field (:48-60). The
mappers are then applied one by one through the destination catalog generator: not emulated here, so only an
empty list of mappers is answered (initial and output fields the same, no results).
"""

from __future__ import annotations

from reference_server import connection_reads, connections
from reference_server.context import Context
from reference_server.errors import AirbyteFailure, InjectedServerError

_PLAIN = {"boolean": "BOOLEAN", "integer": "INTEGER", "object": "OBJECT", "array": "ARRAY"}
_STRINGS = {(None, None): "STRING", ("date-time", None): "TIMESTAMP_WITH_TIMEZONE",
            ("date-time", "timestamp_without_timezone"): "TIMESTAMP_WITHOUT_TIMEZONE",
            ("date-time", "timestamp_with_timezone"): "TIMESTAMP_WITH_TIMEZONE",
            ("time", "time_without_timezone"): "TIME_WITHOUT_TIMEZONE",
            ("time", "time_with_timezone"): "TIME_WITH_TIMEZONE"}


class MappersNotEmulated(InjectedServerError):
    pass


def _type(node) -> str:
    """FieldGenerator.getFieldTypeFromNode / getFieldTypeFromSchemaType (FieldGenerator.kt:43-130)."""
    if not isinstance(node, dict):
        return "UNKNOWN"
    if "oneOf" in node or "anyOf" in node:
        return "MULTI"
    kind = node.get("type")
    if kind is None:
        return "UNKNOWN"
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        if len(kinds) != 1:
            return "MULTI"
        kind = kinds[0]
    airbyte_type = node.get("airbyte_type")
    if kind == "number":
        return "INTEGER" if airbyte_type == "integer" else "NUMBER"
    if kind == "string":
        if node.get("format") == "date":
            return "DATE"
        return _STRINGS.get((node.get("format"), airbyte_type), "UNKNOWN")
    return _PLAIN.get(kind, "UNKNOWN")


def _properties(schema: dict, config: dict) -> dict:
    properties = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(properties, dict):
        return {}
    if config.get("fieldSelectionEnabled"):  # CatalogConverter.kt:183-232 (the create already checked the paths)
        names = {f["fieldPath"][0] for f in config.get("selectedFields") or []}
        properties = {k: v for k, v in properties.items() if k in names}
    return properties


def validate(ctx: Context, body: dict) -> dict:
    doc = connections.require(ctx, body.get("connectionId"))
    wanted = body.get("streamDescriptor") or {}
    catalog = connection_reads.web_read(ctx, doc, merge=False)["syncCatalog"]
    found = next((s for s in catalog["streams"] if s["config"].get("selected")
                  and s["stream"]["name"] == wanted.get("name")
                  and s["stream"].get("namespace") == wanted.get("namespace")), None)
    if found is None:
        raise AirbyteFailure("java.util.NoSuchElementException", "Collection contains no element matching the "
                             "predicate.", "the connection syncs no such stream", "$.streamDescriptor")
    config = found["config"]
    keys = {component[0] for component in config.get("primaryKey") or [] if component}
    cursor = (config.get("cursorField") or [None])[0]
    fields = [{"name": name, "type": _type(node), "isSelectedPrimaryKey": name in keys,
               "isSelectedCursor": name == cursor}
              for name, node in _properties(found["stream"].get("jsonSchema") or {}, config).items()]
    if body.get("mappers"):
        raise MappersNotEmulated("web_backend/mappers/validate of mappers is not emulated by the reference server")
    return {"initialFields": fields, "outputFields": fields, "mappers": []}
