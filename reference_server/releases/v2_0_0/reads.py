"""v2.0.0: what the reads carry beyond v0.42.1: connector versions, tags, the new connection fields.
Paths at tag v2.0.0 under airbyte-commons-server/src/main/kotlin/io/airbyte/commons/server/handlers/."""

from __future__ import annotations

from reference_server import actors, definitions
from reference_server.connection_reads import list_item as v0_list_item
from reference_server.context import Context
from reference_server.releases.v2_0_0 import stream_fields

_REGISTRIES = {"source": (definitions.SOURCES, "sourceDefinitionId"),
               "destination": (definitions.DESTINATIONS, "destinationDefinitionId")}


def definition_version(kind: str, definition_id: str) -> dict:
    """ActorDefinitionVersionHandler's read of the actor's default version: this server's connectors are
    supported, without overrides, refreshes, file transfer or data activation."""
    definition = _REGISTRIES[kind][0][definition_id]
    return {"dockerRepository": definition.docker_repository, "dockerImageTag": definition.docker_image_tag,
            "supportsRefreshes": False, "supportState": "supported", "isVersionOverrideApplied": False,
            "supportsFileTransfer": False, "supportsDataActivation": False}


def actor_read(kind: str, doc: dict) -> dict:
    """SourceHandler.toSourceRead (SourceHandler.kt:778-811; DestinationHandler alike): createdAt from the row
    (epoch seconds), the version flags, entitlement (always true in open source), support state."""
    read = actors._read(kind, doc)
    read.update(createdAt=doc.get("createdAt", 0), isVersionOverrideApplied=False, isEntitled=True,
                supportState="supported")
    return read


def _versions(ctx: Context, doc: dict) -> dict:
    source = actors.require(ctx, "source", doc["sourceId"])
    destination = actors.require(ctx, "destination", doc["destinationId"])
    return {"sourceActorDefinitionVersion": definition_version("source", source["sourceDefinitionId"]),
            "destinationActorDefinitionVersion": definition_version("destination",
                                                                    destination["destinationDefinitionId"])}


def list_item(ctx: Context, doc: dict) -> dict:
    """buildWebBackendConnectionListItem (WebBackendConnectionsHandler.kt:314-372): isSyncing is whether the
    newest sync job is running (:344-348), the connector versions (:327-333), the tags (:352-359)."""
    item = v0_list_item(ctx, doc)
    item["isSyncing"] = item.get("latestSyncJobStatus") == "running"
    item.update(_versions(ctx, doc), tags=list(doc.get("tags") or []))
    return item


def connection_read(ctx: Context, doc: dict, read: dict) -> dict:
    """getWebBackendConnectionRead (WebBackendConnectionsHandler.kt:975-1006) and buildWebBackendConnectionRead
    (:266-305): geography is gone, createdAt, notifySchemaChangesByEmail, backfillPreference, destinationCatalogId
    and tags come from the connection; the connector versions from the actors. dataplaneGroupId is copied from a
    ConnectionRead that never has one (:999; ApiPojoConverters.kt:169-203), so it is never answered."""
    read.pop("geography", None)
    for key in ("createdAt", "backfillPreference", "destinationCatalogId"):
        if doc.get(key) is not None:
            read[key] = doc[key]
    if ctx.faults.on("v2_connection_dataplane_group_answered"):  # FAULT: v2_connection_dataplane_group_answered
        workspace = ctx.store.get("workspaces", doc["workspaceId"]) or {}
        read["dataplaneGroupId"] = workspace.get("dataplaneGroupId")
    read["notifySchemaChangesByEmail"] = bool(doc.get("notifySchemaChangesByEmail"))
    read["tags"] = list(doc.get("tags") or [])
    read["source"] = actor_read("source", actors.require(ctx, "source", doc["sourceId"]))
    read["destination"] = actor_read("destination", actors.require(ctx, "destination", doc["destinationId"]))
    read.update(_versions(ctx, doc))
    stream_fields.add_to_read(read["syncCatalog"], doc.get("streamFields") or {})
    return read
