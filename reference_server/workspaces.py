"""Workspaces (setup endpoints) and the webBackend workspace state."""

from __future__ import annotations

import random
import re
import string

from reference_server.context import Context, new_id, same_id
from reference_server.errors import NotFound, null_pointer


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _unique_slug(ctx: Context, name: str) -> str:
    """WorkspacesHandler.generateUniqueSlug (WorkspacesHandler.java:235-256): the slug of the name, and while a
    workspace (deleted ones too, `getWorkspaceBySlugOptional(slug, true)`) has it, the slug plus "-" and 8 random
    letters (RandomStringUtils.randomAlphabetic(8))."""
    proposed = slug = _slug(name)
    if ctx.faults.on("duplicate_workspace_slugs"):  # FAULT: duplicate_workspace_slugs
        return slug
    while ctx.store.count("workspaces", "json_extract(doc, '$.slug') = ?", (slug,)):
        slug = proposed + "-" + "".join(random.choices(string.ascii_letters, k=8))
    return slug


def require(ctx: Context, workspace_id) -> dict:
    if workspace_id is None:
        raise null_pointer("workspaceId is required", "$.workspaceId")
    doc = ctx.store.get("workspaces", same_id(workspace_id))
    if doc is None or doc.get("tombstone"):
        raise NotFound("STANDARD_WORKSPACE", workspace_id)
    return doc


def _read(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k != "tombstone" and v is not None}


def create(ctx: Context, body: dict) -> dict:
    """WorkspacesHandler.createWorkspace (WorkspacesHandler.java:89-123): the three flags and displaySetupWizard
    are stored false when not sent; an empty email is not stored."""
    doc = {
        "workspaceId": new_id(),
        "customerId": new_id(),
        "name": body["name"],
        "slug": _unique_slug(ctx, body["name"]),
        "email": body.get("email") or None,
        "initialSetupComplete": False,
        "displaySetupWizard": bool(body.get("displaySetupWizard")),
        "anonymousDataCollection": bool(body.get("anonymousDataCollection")),
        "news": bool(body.get("news")),
        "securityUpdates": bool(body.get("securityUpdates")),
        "notifications": body.get("notifications") or [],
        "defaultGeography": body.get("defaultGeography") or "auto",
        "webhookConfigs": [{"id": new_id(), "name": w.get("name")} for w in body.get("webhookConfigs") or []],
        "tombstone": False,
    }
    if ctx.faults.on("workspace_flags_omitted"):  # FAULT: workspace_flags_omitted
        for key in ("anonymousDataCollection", "news", "securityUpdates"):
            doc[key] = body.get(key) or None
    ctx.store.put("workspaces", doc["workspaceId"], doc, tombstone=0)
    return _read(doc)


def get(ctx: Context, body: dict) -> dict:
    return _read(require(ctx, body["workspaceId"]))


def list_all(ctx: Context, body) -> dict:
    return {"workspaces": [_read(d) for d in ctx.store.select("workspaces", "tombstone = 0")]}


def delete(ctx: Context, body: dict) -> None:
    """Deprecates the workspace's connections, tombstones its sources and destinations, then itself."""
    doc = require(ctx, body["workspaceId"])
    wid = doc["workspaceId"]
    ctx.store.execute(
        "UPDATE connections SET status = 'deprecated', doc = json_set(doc, '$.status', 'deprecated') "
        "WHERE workspace_id = ?", (wid,))
    for table in ("sources", "destinations"):
        ctx.store.execute(
            f"UPDATE {table} SET tombstone = 1, doc = json_set(doc, '$.tombstone', json('true')) "
            "WHERE workspace_id = ?", (wid,))
    doc["tombstone"] = True
    ctx.store.put("workspaces", wid, doc, tombstone=1)


def state(ctx: Context, body: dict) -> dict:
    """WebBackendConnectionsHandler.getWorkspaceState (WebBackendConnectionsHandler.java:121-131) over
    ConfigRepository.count*ForWorkspace (ConfigRepository.java:1923-1960): connections whose status is not
    deprecated (a NULL status is not counted) and whose source is not tombstoned, sources and destinations not
    tombstoned. An unknown or null workspace has none (200, all false)."""
    wid = same_id(body["workspaceId"]) if body.get("workspaceId") else None
    live_connections = "workspace_id = ? AND status != 'deprecated'"
    if ctx.faults.on("workspace_state_counts_deleted"):  # FAULT: workspace_state_counts_deleted
        live_connections = "workspace_id = ?"
    elif ctx.faults.on("counts_statusless_connections"):  # FAULT: counts_statusless_connections
        live_connections = "workspace_id = ? AND (status IS NULL OR status != 'deprecated')"
    return {
        "hasConnections": ctx.store.count("connections", live_connections, (wid,)) > 0,
        "hasSources": ctx.store.count("sources", "workspace_id = ? AND tombstone = 0", (wid,)) > 0,
        "hasDestinations": ctx.store.count("destinations", "workspace_id = ? AND tombstone = 0", (wid,)) > 0,
    }
