"""v2.0.0: sources and destinations (setup endpoints). Paths at tag v2.0.0 under
airbyte-commons-server/src/main/kotlin/io/airbyte/commons/server/handlers/."""

from __future__ import annotations

import time

from reference_server import actors
from reference_server.context import Context
from reference_server.releases.v2_0_0 import reads

_TABLES = {"source": ("sources", "sourceId"), "destination": ("destinations", "destinationId")}


def _create(ctx: Context, kind: str, body: dict) -> dict:
    """SourceHandler.createSource (SourceHandler.kt:192-221; DestinationHandler alike): a null name is stored as
    "default" (:209); the row's created_at is answered as createdAt (:809)."""
    created = actors._create(ctx, kind, dict(body, name=body.get("name") if body.get("name") is not None
                                              else "default"))
    table, id_field = _TABLES[kind]
    doc = ctx.store.get(table, created[id_field])
    doc["createdAt"] = int(time.time())
    ctx.store.put(table, doc[id_field], doc, workspace_id=doc["workspaceId"], tombstone=0)
    return reads.actor_read(kind, doc)


def create_source(ctx, body):
    return _create(ctx, "source", body)


def create_destination(ctx, body):
    return _create(ctx, "destination", body)


def get_source(ctx, body):
    return reads.actor_read("source", actors.require(ctx, "source", body["sourceId"]))


def get_destination(ctx, body):
    return reads.actor_read("destination", actors.require(ctx, "destination", body["destinationId"]))
