"""What Airbyte stores of a sent catalog and shows in reads: selected streams, aliasName, field selection,
the merge with the discovered catalog.

Each rule cites the Airbyte file that decides it (airbytehq/airbyte-platform at 0f4f4a9331; CatalogConverter =
airbyte-commons-server/.../handlers/helpers/CatalogConverter.java, and so on); see suite.airbyte.
"""

from __future__ import annotations

import copy
import unicodedata

from suite import rules

_JAVA_SPACE = frozenset(" \t\n\x0b\f\r")  # Java's \s (no UNICODE_CHARACTER_CLASS): ASCII whitespace
_MARKS = frozenset(("Mn", "Mc", "Me"))  # Java's \p{M}


def alias_name(name: str) -> str:
    r"""Names.toAlphanumericAndUnderscore (airbyte-commons/src/main/java/io/airbyte/commons/text/Names.java:25-29
    at 0f4f4a9331), one code point at a time: after NFKD, marks go, a run of whitespace becomes one '_', and
    every code point outside ASCII [A-Za-z0-9_] becomes '_' (Java's \p{Alnum} is ASCII)."""
    out: list[str] = []
    in_space = False
    for ch in unicodedata.normalize("NFKD", name):
        if unicodedata.category(ch) in _MARKS:
            continue  # removed before whitespace runs are read: spaces around a mark form one run
        if ch in _JAVA_SPACE:
            if not in_space:
                out.append("_")
            in_space = True
            continue
        in_space = False
        out.append(ch if ch.isascii() and (ch.isalnum() or ch == "_") else "_")
    return "".join(out)


def _pairs(node):
    """Every (key, value) of a JSON tree in the order Jackson's ObjectNode.findValue visits them: an object's
    entries in order, each entry before what lies under it."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _pairs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _pairs(item)


def find_value(node, key: str):
    """Jackson JsonNode.findValue: the value of the first `key` met. A JSON null there is found too (Jackson
    answers a NullNode and stops looking); None for either."""
    return next((value for name, value in _pairs(node) if name == key), None)


def _stream_as_stored(stream: dict, kept_fields: set[str] | None) -> dict:
    """CatalogConverter.toConfiguredProtocol then toApi: lists default to [], nulls are left out, and with
    field selection on, the schema's first `properties` node keeps only the selected names."""
    out = {"name": stream["name"]}
    if stream.get("jsonSchema") is not None:
        schema = copy.deepcopy(stream["jsonSchema"])
        if kept_fields is not None:
            properties = find_value(schema, "properties")
            for name in [n for n in properties if n not in kept_fields]:
                del properties[name]
        out["jsonSchema"] = schema
    out["supportedSyncModes"] = list(stream.get("supportedSyncModes") or [])
    out.update(copy.deepcopy(rules.active().stream_read_defaults))
    if stream.get("sourceDefinedCursor") is not None:
        out["sourceDefinedCursor"] = stream["sourceDefinedCursor"]
    out["defaultCursorField"] = list(stream.get("defaultCursorField") or [])
    out["sourceDefinedPrimaryKey"] = copy.deepcopy(stream.get("sourceDefinedPrimaryKey") or [])
    if stream.get("namespace") is not None:
        out["namespace"] = stream["namespace"]
    return out


def selection_key(stream: dict) -> str:
    """The key of a stream's field-selection flag, "<namespace>/<name>" with Java's "null" for no namespace
    (CatalogConverter.java:330-332 at 0f4f4a9331)."""
    namespace = stream.get("namespace")
    return f"{'null' if namespace is None else namespace}/{stream['name']}"


def selection_flags(streams: list) -> dict:
    """CatalogConverter.getFieldSelectionData (CatalogConverter.java:312-325): one flag per key, over every
    stream sent (selected or not), the later stream winning where keys collide."""
    return {selection_key(e["stream"]): bool(e["config"].get("fieldSelectionEnabled")) for e in streams}


def entry_as_stored(entry: dict, read_enabled: bool | None = None) -> dict:
    """One selected stream as a read of the stored catalog shows it (CatalogConverter.toApi):
    aliasName recomputed from the name, selected true, suggested absent (v0.42.1; what newer releases add to
    every read is in suite.rules), cursorField/primaryKey arrays.
    The schema is pruned by the stream's own field selection when written (toConfiguredProtocol,
    CatalogConverter.java:127-170); the read's fieldSelectionEnabled is the stored flag of its key
    (`read_enabled`, CatalogConverter.java:74, 250-257), and when on, selectedFields are every property of
    the stored schema (CatalogConverter.java:75-83)."""
    config = entry["config"]
    enabled = bool(config.get("fieldSelectionEnabled"))
    kept = {f["fieldPath"][0] for f in config.get("selectedFields") or []} if enabled else None
    stream = _stream_as_stored(entry["stream"], kept)
    out_config = {
        "syncMode": config["syncMode"],
        "cursorField": list(config.get("cursorField") or []),
        "destinationSyncMode": config["destinationSyncMode"],
        "primaryKey": copy.deepcopy(config.get("primaryKey") or []),
        "aliasName": alias_name(stream["name"]),
        "selected": True,
        "fieldSelectionEnabled": enabled if read_enabled is None else read_enabled,
    }
    release = rules.active()  # what newer releases add to every read (stream-configuration-echo)
    out_config.update(copy.deepcopy(release.config_read_defaults))
    out_config.update({k: copy.deepcopy(config[k]) for k in release.config_echoed if config.get(k) is not None})
    if out_config["fieldSelectionEnabled"]:
        properties = find_value(stream.get("jsonSchema"), "properties") or {}
        out_config["selectedFields"] = [{"fieldPath": [name]} for name in properties]
    return {"stream": stream, "config": out_config}


def catalog_as_stored(catalog: dict | None) -> dict:
    """What create (and a read of a connection without sourceCatalogId) returns: only the selected
    streams, in the order sent (CatalogConverter.toConfiguredProtocol drops unselected ones); an absent
    catalog is stored as an empty one (ConnectionsHandler.createConnection)."""
    streams = (catalog or {}).get("streams") or []
    flags = selection_flags(streams)
    return {"streams": [entry_as_stored(e, flags[selection_key(e["stream"])]) for e in streams
                        if e["config"].get("selected")]}


def _key(stream: dict) -> tuple:
    return (stream["name"], stream.get("namespace"))


def catalog_as_merged(stored: dict, discovered: dict) -> dict:
    """WebBackendConnectionsHandler.updateSchemaWithRefreshedDiscoveredCatalog with the discovered catalog
    as both 'original' and 'fresh' (a read without refresh of a connection with a sourceCatalogId):
    exactly the discovered streams, in discovered order, each with the discovered `stream`; configured
    ones keep their configuration (syncMode only if still supported, cursor and primary key unless
    empty), the others get discovery's default configuration with selected false.
    `discovered` is the catalog as discover_schema returns it (default configurations included)."""
    configured = {_key(e["stream"]): e["config"] for e in stored["streams"]}
    out = []
    for entry in discovered["streams"]:
        stream, default = entry["stream"], entry["config"]
        mine = configured.get(_key(stream))
        if mine is None:
            out.append({"stream": copy.deepcopy(stream), "config": {**copy.deepcopy(default), "selected": False}})
            continue
        modes = stream.get("supportedSyncModes") or []
        source_key = copy.deepcopy(stream.get("sourceDefinedPrimaryKey") or [])
        release = rules.active()
        config = {
            "syncMode": mine["syncMode"] if mine["syncMode"] in modes else default["syncMode"],
            "cursorField": mine["cursorField"] or list(stream.get("defaultCursorField") or []),
            "destinationSyncMode": mine["destinationSyncMode"],
            "primaryKey": (source_key or mine["primaryKey"]) if release.merged_source_key_first
            else (mine["primaryKey"] or source_key),
            "aliasName": mine["aliasName"],
            "selected": mine["selected"],
            "fieldSelectionEnabled": mine["fieldSelectionEnabled"],
        }
        # newer releases carry the stored configuration's own fields over (WebBackendConnectionsHandler.kt:
        # 614-619 at v2.0.0: suggested, mappers, destinationObjectName; hashed fields still in the schema)
        for name, empty in release.config_read_defaults.items():
            config[name] = copy.deepcopy(mine.get(name, empty))
        config.update({k: copy.deepcopy(mine[k]) for k in release.config_echoed if k in mine})
        if mine["fieldSelectionEnabled"]:
            chosen = {f["fieldPath"][0] for f in mine.get("selectedFields") or []}
            names = find_value(stream.get("jsonSchema"), "properties") or {}
            # hash-set order in Airbyte (WebBackendConnectionsHandler.java:494-509): compared as a set
            config["selectedFields"] = [{"fieldPath": [n]} for n in names if n in chosen]
        out.append({"stream": copy.deepcopy(stream), "config": config})
    return {"streams": out}


def comparable(catalog: dict) -> dict:
    """selectedFields compared as a set, because Airbyte promises no order for them. A read of the stored
    catalog rebuilds them from the stored schema's property names (CatalogConverter.java:75-83, fieldNames()
    of the schema re-read from the jsonb column connection.catalog, schema_dump.txt:123): PostgreSQL's jsonb
    key order, not the order sent. A read merged with a source catalog rebuilds them from a
    java.util.HashSet (WebBackendConnectionsHandler.java:494-509): hash order. A server answering in the
    order sent is as correct as either."""
    out = copy.deepcopy(catalog)
    for entry in out.get("streams", []):
        for name in rules.active().config_open:  # values the suite does not predict (suite.rules)
            entry.get("config", {}).pop(name, None)
        fields = entry.get("config", {}).get("selectedFields")
        if fields is not None:
            fields.sort(key=lambda f: f.get("fieldPath", []))
    return out
