"""v2.0.0: the catalog diff, CatalogDiffHelpers.getCatalogDiff (airbyte-commons-protocol/src/main/kotlin/io/airbyte/
commons/protocol/CatalogDiffHelpers.kt at tag v2.0.0), answered by CatalogDiffConverters.streamTransformToApi
(airbyte-commons-server/.../converters/CatalogDiffConverters.kt:27-117). What differs from v0.42.1's
airbyte-protocol 1.0.0 (reference_server/catalog_diff.py, whose field walk and Jackson equality are reused: the
same JsonSchemas traversal, :79-146, and collectInHashMap, :302-317):
- streams are keyed with associateBy (:148-151): a descriptor held twice keeps its last stream, no failure;
- a stream on both sides and unequal is an update_stream only when the connection configures it (:207-214) and
  the update holds a field or an attribute transform (:219);
- a changed sourceDefinedPrimaryKey is an update_primary_key attribute transform (:235-243), breaking when the
  configured stream dedups, the new key is not empty and differs from the configured key as a set
  (:334-350);
- a removed field breaks an incremental stream whose cursor it is, or a deduping stream (append_dedup or
  overwrite_dedup, :371-373) whose primary key holds it (:352-369);
- updateStream is {fieldTransforms, streamAttributeTransforms} (CatalogDiffConverters.kt:35-55);
- a breaking change is a breaking field or attribute transform (handlers/helpers/ApplySchemaChangeHelper.kt:
  273-294).
"""

from __future__ import annotations

from reference_server.catalog_diff import _MISSING, _descriptor, _stream_fields_v0, jackson_equal, stream_presence

_DEDUP = ("append_dedup", "overwrite_dedup")


def _keyed(catalog: dict) -> dict:
    return {(e["stream"].get("name"), e["stream"].get("namespace")): e["stream"] for e in catalog["streams"]}


def _configured_for(configured: list, key: tuple) -> dict | None:
    return next((c for c in configured if (c["stream"].get("name"), c["stream"].get("namespace")) == key), None)


def _key_set(key) -> set:
    return {tuple(k) for k in key or []}


def _attribute_transforms(old: dict, new: dict, configured: dict) -> list:
    before, after = old.get("sourceDefinedPrimaryKey") or [], new.get("sourceDefinedPrimaryKey") or []
    if before == after:
        return []
    breaking = (bool(after) and configured.get("destinationSyncMode") in _DEDUP
                and _key_set(configured.get("primaryKey")) != _key_set(after))
    return [{"transformType": "update_primary_key", "breaking": breaking,
             "updatePrimaryKey": {"oldPrimaryKey": before, "newPrimaryKey": after}}]


def _removal_breaks(configured: dict, path: list) -> bool:
    if configured.get("syncMode") == "incremental" and configured.get("cursorField") == path:
        return True
    return configured.get("destinationSyncMode") in _DEDUP and path in (configured.get("primaryKey") or [])


def diff(old: dict, new: dict, configured: list, faults) -> dict:
    before, after = _keyed(old), _keyed(new)
    transforms = stream_presence(before, after)
    for key in before.keys() & after.keys():
        config = _configured_for(configured, key)
        if config is None or jackson_equal(before[key], after[key]):
            continue
        fields = _stream_fields_v0(before[key].get("jsonSchema", _MISSING), after[key].get("jsonSchema", _MISSING),
                                   lambda path, c=config: _removal_breaks(c, path), faults)
        attributes = _attribute_transforms(before[key], after[key], config)
        if fields or attributes:
            transforms.append({"transformType": "update_stream", "streamDescriptor": _descriptor(after[key]),
                               "updateStream": {"fieldTransforms": fields, "streamAttributeTransforms": attributes}})
    return {"transforms": transforms}


def breaking(found: dict) -> bool:
    return any(t["breaking"] for s in found["transforms"] if s["transformType"] == "update_stream"
               for t in s["updateStream"]["fieldTransforms"] + s["updateStream"]["streamAttributeTransforms"])
