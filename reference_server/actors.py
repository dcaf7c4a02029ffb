"""Sources, destinations, their definitions and specifications, and discovery."""

from __future__ import annotations

import functools
import hashlib
import json

import jsonschema

from reference_server import catalog_merge, catalogs, columns, definitions, java_details, workspaces
from reference_server.context import Context, new_id, now_ms, same_id
from reference_server.errors import InvalidInput, NotFound, null_pointer

_KINDS = {
    "source": ("sources", definitions.SOURCES, "sourceDefinitionId", "sourceId", "sourceName", "SOURCE_CONNECTION"),
    "destination": ("destinations", definitions.DESTINATIONS, "destinationDefinitionId", "destinationId",
                    "destinationName", "DESTINATION_CONNECTION"),
}


@functools.cache
def _spec_validator(kind: str, definition_id: str):
    spec = _KINDS[kind][1][definition_id].spec
    return jsonschema.Draft7Validator(spec)


def _definition(kind: str, definition_id) -> definitions.Definition:
    table, registry, id_field = _KINDS[kind][:3]
    found = registry.get(same_id(definition_id))
    if found is None:
        raise NotFound(f"STANDARD_{kind.upper()}_DEFINITION", definition_id)
    return found


def _check_configuration(kind: str, definition_id: str, config) -> None:
    errors = sorted(_spec_validator(kind, definition_id).iter_errors(config), key=lambda e: list(e.absolute_path))
    if errors:
        problems = []
        for e in errors:
            path = "$.connectionConfiguration" + "".join(
                f"[{p}]" if isinstance(p, int) else f".{p}" for p in e.absolute_path)
            problems.append((path, e.instance, e.message))
        raise InvalidInput(problems)


def _job(config_type: str, config_id: str, succeeded: bool = True) -> dict:
    started = now_ms()
    return {"id": new_id(), "configType": config_type, "configId": config_id, "createdAt": started,
            "endedAt": started, "succeeded": succeeded}


def _read(kind: str, doc: dict) -> dict:
    _, registry, def_field, id_field, name_field, _ = _KINDS[kind]
    return {
        def_field: doc[def_field],
        id_field: doc[id_field],
        "workspaceId": doc["workspaceId"],
        "connectionConfiguration": doc["connectionConfiguration"],
        "name": doc["name"],
        name_field: registry[doc[def_field]].name,
    }


def require(ctx: Context, kind: str, ident) -> dict:
    """The stored actor (tombstoned ones too: Airbyte's getters do not filter them), or 404.
    A null id fails in ConfigRepository.getSourceConnection's Optional.of (ConfigRepository.java:850-853; likewise
    getDestinationConnection, :962-965): NullPointerException, 500."""
    table, *_, label = _KINDS[kind]
    if ident is None:
        raise null_pointer(f"{kind}Id is required", f"$.{kind}Id")
    doc = ctx.store.get(table, same_id(ident))
    if doc is None:
        raise NotFound(label, ident)
    return doc


def read(ctx: Context, kind: str, ident) -> dict:
    return _read(kind, require(ctx, kind, ident))


def snippet(ctx: Context, kind: str, ident) -> dict:
    full = read(ctx, kind, ident)
    return {k: v for k, v in full.items() if k not in ("workspaceId", "connectionConfiguration")}


def _create(ctx: Context, kind: str, body: dict) -> dict:
    table, _, def_field, id_field, *_ = _KINDS[kind]
    definition = _definition(kind, body[def_field])
    workspace = workspaces.require(ctx, body["workspaceId"])
    _check_configuration(kind, definition.definition_id, body["connectionConfiguration"])
    doc = {
        def_field: definition.definition_id,
        id_field: new_id(),
        "workspaceId": workspace["workspaceId"],
        "connectionConfiguration": body["connectionConfiguration"],
        "name": columns.varchar(ctx, "actor.name", body.get("name"), "$.name"),
        "tombstone": False,
    }
    columns.not_null("actor.name", doc["name"], "$.name")
    ctx.store.put(table, doc[id_field], doc, workspace_id=doc["workspaceId"], tombstone=0)
    return _read(kind, doc)


def _delete(ctx: Context, kind: str, ident) -> None:
    """Tombstones the actor and deprecates every connection that uses it."""
    table, _, _, id_field, *_ = _KINDS[kind]
    doc = require(ctx, kind, ident)
    column = "source_id" if kind == "source" else "destination_id"
    ctx.store.execute(
        f"UPDATE connections SET status = 'deprecated', doc = json_set(doc, '$.status', 'deprecated') "
        f"WHERE {column} = ?", (doc[id_field],))
    doc["tombstone"] = True
    ctx.store.put(table, doc[id_field], doc, workspace_id=doc["workspaceId"], tombstone=1)


def create_source(ctx, body):
    return _create(ctx, "source", body)


def create_destination(ctx, body):
    return _create(ctx, "destination", body)


def get_source(ctx, body):
    return read(ctx, "source", body["sourceId"])


def get_destination(ctx, body):
    return read(ctx, "destination", body["destinationId"])


def delete_source(ctx, body):
    _delete(ctx, "source", body["sourceId"])


def delete_destination(ctx, body):
    _delete(ctx, "destination", body["destinationId"])


def list_source_definitions(ctx, body):
    return {"sourceDefinitions": [d.read() for d in definitions.SOURCES.values()]}


def list_destination_definitions(ctx, body):
    return {"destinationDefinitions": [d.read() for d in definitions.DESTINATIONS.values()]}


def source_specification(ctx, body):
    definition = _definition("source", body["sourceDefinitionId"])
    workspaces.require(ctx, body["workspaceId"])
    return {"sourceDefinitionId": definition.definition_id, "documentationUrl": definition.documentation_url,
            "connectionSpecification": definition.spec, "jobInfo": _job("get_spec", definition.definition_id)}


def destination_specification(ctx, body):
    definition = _definition("destination", body["destinationDefinitionId"])
    workspaces.require(ctx, body["workspaceId"])
    return {"destinationDefinitionId": definition.definition_id, "documentationUrl": definition.documentation_url,
            "connectionSpecification": definition.spec,
            "supportedDestinationSyncModes": list(definition.destination_sync_modes),
            "jobInfo": _job("get_spec", definition.definition_id)}


def _config_hash(config) -> str:
    return hashlib.sha256(json.dumps(config, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def discover(ctx: Context, source_id, use_cache: bool = False) -> dict:
    """Run discovery for a source: store the catalog once per content, record it as the latest fetch.

    use_cache: a catalog already fetched with the same configuration is answered instead, nothing recorded
    (SchedulerHandler.java:285-333: without disable_cache, ConfigRepository.getActorCatalog by configuration hash,
    ConfigRepository.java:1782-1795). Returns {"catalogId", "streams"[, "cached"]} or {"failure": message}.
    """
    source = require(ctx, "source", source_id)
    config_hash = _config_hash(source["connectionConfiguration"])
    cached = ctx.store.cached_catalog_id(source["sourceId"], config_hash) if use_cache else None
    if cached is not None:
        return {"catalogId": cached, "streams": ctx.store.get("actor_catalogs", cached)["streams"], "cached": True}
    try:
        streams = definitions.discover(source["sourceDefinitionId"], source["connectionConfiguration"])
    except definitions.DiscoveryFailed as e:
        return {"failure": str(e)}
    cid = catalog_merge.catalog_id(streams)
    streams = java_details.jsonb_order(streams)  # actor_catalog.catalog is jsonb (schema_dump.txt:28), read back so
    if ctx.store.get("actor_catalogs", cid) is None:
        ctx.store.put("actor_catalogs", cid, {"streams": streams})
    ctx.store.record_fetch(source["sourceId"], cid, config_hash)
    return {"catalogId": cid, "streams": streams}


def discover_schema(ctx: Context, body: dict) -> dict:
    from reference_server import connections  # the diff needs a connection's catalog

    source_id = same_id(body["sourceId"])
    connection = connections.require(ctx, body["connectionId"]) if body.get("connectionId") else None
    found = discover(ctx, source_id, use_cache=not body.get("disable_cache"))
    if found.get("cached"):  # SchedulerHandler.java:319-332: an empty job, no diff
        job = {"id": new_id(), "configType": "discover_schema", "configId": "NoConfiguration", "createdAt": 0,
               "endedAt": 0, "succeeded": True, "logs": {"logLines": []}}
        return {"catalog": catalogs.discovered_to_api(found["streams"]), "jobInfo": job,
                "catalogId": found["catalogId"]}
    if "failure" in found:
        job = _job("discover_schema", source_id, succeeded=False)
        job["failureReason"] = {"timestamp": job["endedAt"], "failureOrigin": "source",
                                "externalMessage": found["failure"]}
        return {"jobInfo": job}
    catalog = catalogs.discovered_to_api(found["streams"])
    out = {"catalog": catalog, "jobInfo": _job("discover_schema", source_id), "catalogId": found["catalogId"]}
    if connection is not None:  # SchedulerHandler.java:310-313,447-483; v2.0.0: SchedulerHandler.kt:406-411
        from reference_server import refresh

        out.update(refresh.refresh_connection(ctx, source_id, connection["connectionId"], found))
        if ctx.release == "v2.0.0":
            # the answer is ConnectionsHandler.diffCatalogAndConditionallyDisable's, built without jobInfo
            # (ConnectionsHandler.kt:2313-2318 at v2.0.0; the null is omitted, application.yml:607)
            del out["jobInfo"]
    return out


def _list(ctx: Context, kind: str, body: dict) -> dict:
    """SourceHandler.listSourcesForWorkspace (SourceHandler.java:219-230) over
    ConfigRepository.listWorkspaceSourceConnection (ConfigRepository.java:930-937): the workspace's actors that are
    not tombstoned, without looking the workspace up (an unknown or null one lists nothing); destinations alike."""
    table = _KINDS[kind][0]
    wid = same_id(body["workspaceId"]) if body.get("workspaceId") else None
    return {table: [_read(kind, d) for d in ctx.store.select(table, "workspace_id = ? AND tombstone = 0", [wid])]}


def _update(ctx: Context, kind: str, body: dict) -> dict:
    """SourceHandler.updateSource (SourceHandler.java:151-173): the stored actor (404; tombstoned ones too) gets
    the sent name and configuration, checked against the definition's specification; workspace, definition and
    tombstone stay. DestinationHandler.updateDestination likewise."""
    table, _, def_field, id_field, *_ = _KINDS[kind]
    doc = require(ctx, kind, body.get(id_field))
    _check_configuration(kind, doc[def_field], body.get("connectionConfiguration"))
    name = columns.varchar(ctx, "actor.name", body.get("name"), "$.name")
    columns.not_null("actor.name", name, "$.name")
    doc.update(name=name, connectionConfiguration=body["connectionConfiguration"])
    ctx.store.put(table, doc[id_field], doc, workspace_id=doc["workspaceId"], tombstone=int(bool(doc["tombstone"])))
    return _read(kind, doc)


def list_sources(ctx, body):
    return _list(ctx, "source", body)


def list_destinations(ctx, body):
    return _list(ctx, "destination", body)


def update_source(ctx, body):
    return _update(ctx, "source", body)


def update_destination(ctx, body):
    return _update(ctx, "destination", body)
