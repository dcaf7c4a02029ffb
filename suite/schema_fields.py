"""The fields Airbyte sees in a stream's JSON schema when it diffs two catalogs, and the schema it compares for
each: the suite's own reading of airbyte-protocol at 3ee5c2b (the 1.0.0 models Airbyte 0f4f4a9331 uses,
deps.toml:2), `JsonSchemas.java:146-248` (the traversal) and `CatalogHelpers.java:271-328,432-454` (what the
diff keeps of it). Never written from the reference server.

- The walk is depth-first preorder from the stream's schema; the root itself is no field (`:285`).
- A node's types are its `type` (a string or a list), else `string` when it has an `enum`, else `object`
  (`JsonSchemas.java:216-248`); the walk follows each type the node has.
- array: its `items` schema is a field one step deeper, the step named `items` (`JsonSchemas.java:161-170`,
  `CatalogHelpers.java:36,279`); an array without `items` stops there.
- object: each property is a field one step deeper (in the properties' order); an object without
  `properties` but with a `oneOf`, `allOf` or `anyOf` walks every option at the object's own path
  (`JsonSchemas.java:171-188`), so the options land on the same field.
- A node none of whose keys contains "type" (a bare oneOf/anyOf, an enum, an empty schema) is a "oneOf
  field": it is kept, and every field after it whose dot-joined path starts with its dot-joined path is
  dropped (`CatalogHelpers.java:303-328`), so a change under it shows as a change of the field itself.
  The test is a string prefix, so "a" would also hide a later field "ab": the suite's generated names never
  share a prefix, since which one comes first rests on key order, which Airbyte's jsonb storage does not keep.
- Two schemas at the same path (the options of a typed object's oneOf) make the field's schema the text
  "Duplicated Schema" (`CatalogHelpers.java:432-454`), equal on both sides whatever the options hold.
- A field's schema is compared whole (`CatalogHelpers.java:422`, Jackson's JsonNode equality: objects as
  maps, arrays in order), which is Python's equality of the parsed JSON.
"""

from __future__ import annotations

DUPLICATED = "Duplicated Schema"
COMPOSITE = ("oneOf", "allOf", "anyOf")  # Airbyte holds them in a Set.of: a node is given one of them only
Path = tuple[str, ...]


def fields(stream_schema: dict) -> dict[Path, object]:
    """field path -> the schema the diff compares for it (or DUPLICATED)."""
    walked: list[tuple[Path, dict]] = []
    _walk(stream_schema, (), walked)
    one_of_fields: list[str] = []
    out: dict[Path, object] = {}
    for path, node in walked[1:]:
        dotted = ".".join(path)
        if _is_one_of_field(node):
            one_of_fields.append(dotted)
        elif any(dotted.startswith(prefix) for prefix in one_of_fields):
            continue
        out[path] = DUPLICATED if path in out else node
    return out


def _walk(node: dict, path: Path, out: list) -> None:
    out.append((path, node))
    for kind in _types(node):
        if kind == "array" and isinstance(node.get("items"), dict):
            _walk(node["items"], (*path, "items"), out)
        elif kind == "object" and "properties" in node:
            for name, child in node["properties"].items():
                _walk(child, (*path, name), out)
        elif kind == "object":
            keyword = next((k for k in COMPOSITE if k in node), None)
            for option in node.get(keyword, []) if keyword else []:
                _walk(option, path, out)


def _types(node: dict) -> list[str]:
    if "type" in node:
        kind = node["type"]
        return [str(k) for k in kind] if isinstance(kind, list) else [str(kind)]
    return ["string"] if "enum" in node else ["object"]


def _is_one_of_field(node: dict) -> bool:
    return not any("type" in key for key in node)
