"""The catalog diff Airbyte reports after a discovery and uses to find breaking changes.

ConnectionsHandler.getDiff (`ConnectionsHandler.java:472-480` at 0f4f4a9331) calls CatalogHelpers.getCatalogDiff of
airbyte-protocol's protocol-models 1.0.0 (`deps.toml:2`). Its source is airbyte-protocol at 3ee5c2b (`.env:1`
VERSION=1.0.0; the commits up to the 1.0.1 release touch neither file below); paths are under
`protocol-models/src/main/java/io/airbyte/protocol/models/`:
- streams are keyed by (name, namespace) with Collectors.toMap, so a catalog holding one twice fails
  (IllegalStateException, `CatalogHelpers.java:340-345`); only on one side: remove_stream / add_stream; on both and not
  equal (every attribute, Jackson's JsonNode equality for the schema): update_stream (`:354-387`);
- fields (`CatalogHelpers.java:271-330`, `JsonSchemas.java:146-248`): the schema is walked depth first, each node
  recorded with its path, the root skipped. A node must be a JSON object (else IllegalArgumentException; a
  missing schema is a NullPointerException). Its types are `type` (each element of a list), else `string` when
  it has `enum`, else `object`; an `array` type walks `items` with the path element "items"; an `object` type
  walks each entry of `properties` when the key is there, else every element of the first composite keyword it
  has (oneOf, allOf, anyOf: a Set.of, so which one is not fixed) at the same path;
- a recorded node without any key containing "type" is a "oneOf" field: kept, and every later node whose
  dot-joined path starts with its dot-joined path (a string prefix, so a later sibling "ab" of "a" too) is dropped;
- a path recorded twice maps to "Duplicated Schema" (`:431-454`); fields only before are remove_field, only after
  add_field, on both with unequal nodes update_field_schema (`:389-429`);
- remove_field breaks the connection when the first configured stream of that descriptor is incremental with
  exactly that cursor field, or append_dedup with that path among its primary key (`:456-475`).
Transforms come in no promised order (HashSets).
"""

from __future__ import annotations

import json

from reference_server.errors import AirbyteFailure, null_pointer, precondition

DUPLICATED = "Duplicated Schema"
ITEMS = "items"  # the name a list element of a path gets (CatalogHelpers.java:278-280)
_COMPOSITE = ("oneOf", "allOf", "anyOf")
_MISSING = object()  # a stream without jsonSchema (Java null), unlike one sent as null (a NullNode)


def jackson_equal(a, b) -> bool:
    """JsonNode.equals: same node kind and value; a boolean is not a number, an integer is not a float."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(jackson_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(jackson_equal(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def _types(node: dict) -> list:
    """JsonSchemas.getTypeOrObject (:216-248); asText of anything but a string never reads "array" or "object"."""
    if "type" in node:
        declared = node["type"] if isinstance(node["type"], list) else [node["type"]]
        return [t if isinstance(t, str) else None for t in declared]
    return ["string"] if "enum" in node else ["object"]


def _java_path(path: tuple) -> str:
    """A List<FieldNameOrList> as Java prints it (JsonSchemas.java:340-346); None is the list element."""
    return "[" + ", ".join("FieldNameOrList{fieldName='null', isList=true}" if name is None else
                           f"FieldNameOrList{{fieldName='{name}', isList=false}}" for name in path) + "]"


def _walk(node, path: tuple, out: list, faults) -> None:
    """JsonSchemas.traverseJsonSchemaInternal (:146-191): every node with its path (None for an array's
    element), in preorder."""
    if not isinstance(node, dict):
        shown = json.dumps(node, separators=(",", ":"), ensure_ascii=False)
        raise precondition(f"json schema nodes should always be object nodes. path: {_java_path(path)} actual: "
                           f"{shown}", "$.syncCatalog")
    out.append((path, node))
    for kind in _types(node):
        if kind == "array" and "items" in node:
            if faults.on("diff_skips_array_items"):  # FAULT: diff_skips_array_items
                continue
            _walk(node["items"], (*path, None), out, faults)
        elif kind == "object" and "properties" in node:
            properties = node["properties"]  # fields() of anything but an object is empty
            for name, child in (properties.items() if isinstance(properties, dict) else ()):
                _walk(child, (*path, name), out, faults)
        elif kind == "object":
            keyword = next((k for k in _COMPOSITE if k in node), None)
            if keyword is None or faults.on("diff_skips_oneof"):  # FAULT: diff_skips_oneof
                continue
            branches = node[keyword]  # a JsonNode's elements: an array's items, an object's values
            for branch in branches if isinstance(branches, list) else (
                    branches.values() if isinstance(branches, dict) else ()):
                _walk(branch, path, out, faults)


def _is_one_of(node: dict) -> bool:
    return not any("type" in key for key in node)


def field_types(schema, faults, where: str = "$.syncCatalog") -> dict:
    """CatalogHelpers.getFullyQualifiedFieldNamesWithTypes collected as getStreamDiff does: path -> node."""
    if schema is _MISSING:
        raise null_pointer("a stream of the diffed catalogs has no jsonSchema", where)
    nodes: list = []
    _walk(schema, (), nodes, faults)
    one_ofs: list = []
    out: dict = {}
    for java_path, node in nodes[1:]:
        path = tuple(ITEMS if name is None else name for name in java_path)
        if _is_one_of(node):
            one_ofs.append(".".join(path))
        elif any(".".join(path).startswith(prefix) for prefix in one_ofs):
            continue
        out[path] = DUPLICATED if path in out else node
    return out


def _descriptor(stream: dict) -> dict:
    return {"name": stream["name"]} if stream.get("namespace") is None else {
        "name": stream["name"], "namespace": stream["namespace"]}


def _keyed(catalog: dict) -> dict:
    out = {}
    for entry in catalog["streams"]:
        stream = entry["stream"]
        key = (stream.get("name"), stream.get("namespace"))
        if key in out:
            namespace = "<null>" if key[1] is None else key[1]
            raise AirbyteFailure("java.lang.IllegalStateException",
                                 f"Duplicate key io.airbyte.protocol.models.StreamDescriptor[name={key[0]},"
                                 f"namespace={namespace},additionalProperties={{}}]",
                                 "two streams of a diffed catalog share a name and namespace", "$.syncCatalog")
        out[key] = stream
    return out


def _configured_for(configured: list, key: tuple) -> dict | None:
    """The first configured stream of the descriptor (CatalogHelpers.java:374-378); its name is compared with
    String.equals, so a stored stream without a name in that namespace is a NullPointerException."""
    for item in configured:
        if item["stream"].get("namespace") == key[1]:
            if item["stream"].get("name") is None:
                raise null_pointer("a configured stream has no name", "$.syncCatalog")
            if item["stream"]["name"] == key[0]:
                return item
    return None


def _breaks(configured: dict | None, path: list) -> bool:
    """CatalogHelpers.transformBreaksConnection (:456-475)."""
    if configured is None:
        return False
    if configured.get("syncMode") == "incremental":
        if configured.get("cursorField") is None:
            raise null_pointer("an incremental stream without cursorField lost a field", "$.syncCatalog")
        if configured["cursorField"] == path:
            return True
    return configured.get("destinationSyncMode") == "append_dedup" and path in configured.get("primaryKey", [])


def _stream_diff(old: dict, new: dict, configured: dict | None, faults) -> list:
    return _stream_fields_v0(old.get("jsonSchema", _MISSING), new.get("jsonSchema", _MISSING),
                             lambda path: _breaks(configured, path), faults)


def _stream_fields_v0(old_schema, new_schema, breaks, faults) -> list:
    """The field transforms between two stream schemas; `breaks(path)` says whether a removal breaks."""
    before = field_types(old_schema, faults)
    after = field_types(new_schema, faults)
    transforms = []
    for path in before.keys() - after.keys():
        breaking = breaks(list(path))
        if faults.on("removed_key_not_breaking"):  # FAULT: removed_key_not_breaking
            breaking = False
        transforms.append({"transformType": "remove_field", "fieldName": list(path), "breaking": breaking,
                           "removeField": {"schema": before[path]}})
    for path in after.keys() - before.keys():
        transforms.append({"transformType": "add_field", "fieldName": list(path), "breaking": False,
                           "addField": {"schema": after[path]}})
    for path in before.keys() & after.keys():
        if not jackson_equal(before[path], after[path]):
            transforms.append({"transformType": "update_field_schema", "fieldName": list(path), "breaking": False,
                               "updateFieldSchema": {"oldSchema": before[path], "newSchema": after[path]}})
    return transforms


def stream_presence(before: dict, after: dict) -> list:
    """The remove_stream and add_stream transforms between two catalogs keyed by stream descriptor."""
    return ([{"transformType": "remove_stream", "streamDescriptor": _descriptor(before[k])}
             for k in before.keys() - after.keys()]
            + [{"transformType": "add_stream", "streamDescriptor": _descriptor(after[k])}
               for k in after.keys() - before.keys()])


def diff(old: dict, new: dict, configured: list, faults) -> dict:
    """The CatalogDiff from API catalog `old` to `new`; `configured` holds the configured (selected) streams,
    each {stream, syncMode, cursorField, destinationSyncMode, primaryKey}."""
    before, after = _keyed(old), _keyed(new)
    transforms = stream_presence(before, after)
    for key in before.keys() & after.keys():
        if not jackson_equal(before[key], after[key]):
            fields = _stream_diff(before[key], after[key], _configured_for(configured, key), faults)
            transforms.append({"transformType": "update_stream", "streamDescriptor": _descriptor(after[key]),
                               "updateStream": fields})
    return {"transforms": transforms}


def breaking(found: dict) -> bool:
    """SchedulerHandler.containsBreakingChange (:589-602), WebBackendConnectionsHandler's twin (:783-796)."""
    return any(f["breaking"] for t in found["transforms"] if t["transformType"] == "update_stream"
               for f in t["updateStream"])
