"""What an Airbyte server at platform 0f4f4a9331 returns for what it was sent: the suite's oracle.

Each rule cites the Airbyte file that decides it (paths in airbytehq/airbyte-platform at that commit;
CatalogConverter = airbyte-commons-server/.../handlers/helpers/CatalogConverter.java, and so on).
The reference server implements the same rules separately, on purpose: a mistake in either shows up as
a disagreement instead of agreeing with itself.
"""

from __future__ import annotations

import copy
import json
import re
import unicodedata
import uuid

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


def schedule_as_read(sent: dict) -> dict:
    """ConnectionScheduleHelper / ConnectionsHandler.createConnection and ApiPojoConverters'
    populateConnectionReadSchedule: the schedule fields a read shows for what create was sent."""
    schedule_type, data, legacy = sent.get("scheduleType"), sent.get("scheduleData"), sent.get("schedule")
    if schedule_type == "basic":
        basic = data["basicSchedule"]
        return {"scheduleType": "basic", "scheduleData": {"basicSchedule": dict(basic)},
                "schedule": {"units": basic["units"], "timeUnit": basic["timeUnit"]}}
    if schedule_type == "cron":
        return {"scheduleType": "cron", "scheduleData": {"cron": dict(data["cron"])}}
    if schedule_type == "manual":
        return {"scheduleType": "manual"}
    if legacy is not None:
        return {"scheduleType": "basic", "schedule": dict(legacy),
                "scheduleData": {"basicSchedule": {"timeUnit": legacy["timeUnit"], "units": legacy["units"]}}}
    return {"scheduleType": "manual"}


SCHEDULE_FIELDS = ("scheduleType", "scheduleData", "schedule")


def can_start_a_sync(status: str | None, schedule_type: str | None) -> bool:
    """Whether Airbyte's workers may start a sync on their own right after create: an active connection
    with a basic or cron schedule and no job yet gets its first sync at once; a manual or not active one
    waits (airbyte-workers/.../scheduling/activities/ConfigFetchActivityImpl.java:113-125). Where a sync may
    have started, `isSyncing` of the answers is open: the suite does not insist on false."""
    return status == "active" and schedule_type != "manual"


def canonical_id(value: str) -> str:
    """Ids are java.util.UUIDs on the server: any accepted spelling comes back lower-case and canonical."""
    return str(uuid.UUID(value))


def connection_after_create(sent: dict, source: dict, destination: dict, workspace_geography: str | None) -> dict:
    """The fields of the WebBackendConnectionRead that create must return, for what was sent.
    Defaults from ConnectionsHandler.createConnection; reads from WebBackendConnectionsHandler. What newer
    releases changed comes from suite.rules (geography only where the release has it)."""
    expected = {
        "name": sent["name"] if sent.get("name") is not None else f"{source['name']} <> {destination['name']}",
        "sourceId": canonical_id(sent["sourceId"]),
        "destinationId": canonical_id(sent["destinationId"]),
        "namespaceDefinition": sent.get("namespaceDefinition") or "source",
        "geography": sent.get("geography") or workspace_geography,
        "nonBreakingChangesPreference": sent.get("nonBreakingChangesPreference") or "ignore",
        "notifySchemaChanges": False,
        "schemaChange": "no_change",
        "syncCatalog": catalog_as_stored(sent.get("syncCatalog")),
        **schedule_as_read(sent),
    }
    if not can_start_a_sync(sent.get("status"), expected["scheduleType"]):
        expected["isSyncing"] = False
    for field in ("namespaceFormat", "prefix", "status", "resourceRequirements"):
        if sent.get(field) is not None:
            expected[field] = sent[field]
    if sent.get("sourceCatalogId") is not None:
        expected["catalogId"] = canonical_id(sent["sourceCatalogId"])
    release = rules.active()
    if "geography" not in release.patchable:
        del expected["geography"]
    for name in release.created_open_unless_sent:
        if sent.get(name) is None:
            expected.pop(name, None)
        else:
            expected[name] = sent[name]
    return expected


def patchable() -> tuple[str, ...]:
    """The connection fields a patch replaces when present, in the release the run uses (suite.rules)."""
    return rules.active().patchable


def connection_after_patch(before: dict, patch: dict) -> dict:
    """ConnectionsHandler.applyPatchToStandardSync: null or absent leaves a field unchanged; a present
    field replaces it (resourceRequirements as a whole); scheduleType (with scheduleData) goes through
    the schedule rules; syncCatalog replaces the catalog (compared separately: see catalog_as_stored)."""
    fields = patchable()
    after = {k: copy.deepcopy(v) for k, v in before.items() if k in fields or k in SCHEDULE_FIELDS}
    for field in fields:
        if patch.get(field) is not None:
            after[field] = copy.deepcopy(patch[field])
    if patch.get("scheduleType") is not None:
        for field in SCHEDULE_FIELDS:
            after.pop(field, None)
        after.update(schedule_as_read(patch))
    return after


_DBT_CLOUD_URL = re.compile(r"^https://cloud\.getdbt\.com/api/v2/accounts/(\d+)/jobs/(\d+)/run/$")
_WEBHOOK_KEYS = ("webhookConfigId", "webhookType", "dbtCloud", "executionUrl")


def _webhook_as_read(branch: dict) -> dict:
    """OperationsConverter: a dbtCloud webhook is stored as its job's run URL; a read parses that URL back
    into webhookType dbtCloud and the account and job ids (the legacy form, an executionUrl, reads the same)."""
    if branch.get("webhookType") == "dbtCloud":
        cloud = branch["dbtCloud"]
        url = f"https://cloud.getdbt.com/api/v2/accounts/{cloud['accountId']}/jobs/{cloud['jobId']}/run/"
    else:
        url = branch.get("executionUrl") or ""
    out = {"executionUrl": url}
    match = _DBT_CLOUD_URL.match(url)
    if match:
        out.update(webhookType="dbtCloud", dbtCloud={"accountId": int(match[1]), "jobId": int(match[2])})
    if branch.get("webhookConfigId") is not None:
        out["webhookConfigId"] = canonical_id(branch["webhookConfigId"])
    return out


def operation_as_read(sent: dict) -> dict:
    """OperationsConverter: the name and the branch of the operator configuration for its type
    (the other branches are dropped)."""
    config = sent["operatorConfiguration"]
    kind = config["operatorType"]
    branch = {k: v for k, v in (config.get(kind) or {}).items() if v is not None}
    if kind == "webhook":
        branch = _webhook_as_read(branch)
    return {"name": sent["name"], "operatorType": kind, kind: branch}


def operation_essentials(read: dict) -> dict:
    """The parts of an OperationRead that operation_as_read predicts (not the execution body, whose exact
    text this suite does not pin)."""
    config = read["operatorConfiguration"]
    kind = config["operatorType"]
    branch = dict(config.get(kind) or {})
    if kind == "webhook":
        branch = {k: branch[k] for k in _WEBHOOK_KEYS if k in branch}
    return {"name": read["name"], "operatorType": kind, kind: branch}


def _operation_key(operation: dict) -> str:
    return json.dumps(operation, sort_keys=True)


def same_operations(expected: list[dict], read: list[dict]) -> bool:
    """Operations compared as a multiset: Airbyte lists a connection's operations in no set order
    (the query aggregating operationIds has no ORDER BY)."""
    return sorted(map(_operation_key, expected)) == sorted(_operation_key(operation_essentials(op)) for op in read)
