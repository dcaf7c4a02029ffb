"""v2.0.0: workspaces belong to an organization and a dataplane group. Paths at tag v2.0.0 under
airbyte-commons-server/src/main/kotlin/io/airbyte/commons/server/handlers/ unless named."""

from __future__ import annotations

from reference_server import errors, workspaces
from reference_server.context import Context, same_id
from reference_server.releases.v2_0_0.instance import DEFAULT_DATAPLANE_GROUP, DEFAULT_ORGANIZATION


class KnownException(errors.ApiError):
    """A KnownException subclass: its status and KnownExceptionInfo body (errors/handlers/KnownExceptionHandler.kt:
    35-36)."""

    def __init__(self, status: int, java_class: str, message: str):
        super().__init__(message)
        self.status, self.java_class = status, java_class

    def body(self) -> dict:
        return errors.known_exception_info(self.java_class, str(self))


def _read(doc: dict) -> dict:
    """WorkspaceConverters.domainToApiModel: the stored fields; defaultGeography is gone at v2.0.0."""
    read = {k: v for k, v in doc.items() if k not in ("defaultGeography", "tombstone") and v is not None}
    read["tombstone"] = bool(doc.get("tombstone"))
    return read


def create(ctx: Context, body: dict) -> dict:
    """WorkspacesHandler.createWorkspace and createWorkspaceIfNotExist (WorkspacesHandler.kt:103-120,148-200): no
    organizationId is a BadObjectSchemaKnownException (422, :153-155); no dataplaneGroupId takes the default group
    (:163-167); the flags default to false (:189-192). The workspace row's organization_id references the
    organization table: an organization that does not exist fails the insert (409, errors.database_error)."""
    if body.get("organizationId") is None:
        raise KnownException(422, "io.airbyte.commons.server.errors.BadObjectSchemaKnownException",
                             "Workspace missing org ID.")
    organization = same_id(body["organizationId"])
    if organization != DEFAULT_ORGANIZATION["organizationId"]:
        raise errors.database_error('ERROR: insert or update on table "workspace" violates foreign key constraint '
                                    '"workspace_organization_id_fkey"',
                                    errors.NotFound("ORGANIZATION", organization), "$.organizationId")
    group = same_id(body["dataplaneGroupId"]) if body.get("dataplaneGroupId") else None
    if group is not None and group != DEFAULT_DATAPLANE_GROUP["dataplane_group_id"]:
        raise errors.NotFound("DATAPLANE_GROUP", group)  # getDataplaneGroup (:139) of an unknown id
    read = workspaces.create(ctx, dict(body, defaultGeography=None))
    doc = ctx.store.get("workspaces", read["workspaceId"])
    doc.update(organizationId=organization, dataplaneGroupId=group or DEFAULT_DATAPLANE_GROUP["dataplane_group_id"])
    doc.pop("defaultGeography", None)
    ctx.store.put("workspaces", doc["workspaceId"], doc, tombstone=0)
    return _read(doc)


def get(ctx: Context, body: dict) -> dict:
    return _read(workspaces.require(ctx, body["workspaceId"]))


def list_in_organization(ctx: Context, body: dict) -> dict:
    """WorkspacesHandler.listWorkspacesInOrganization (WorkspacesHandler.kt:318-342): the organization's live
    workspaces whose name contains nameContains ignoring case (blank: no filter), ordered by name
    (airbyte-config/config-persistence/.../WorkspacePersistence.kt:131-151); pagination pages them. The database
    orders names by its collation: here by code point of the lower-cased name (open)."""
    organization = same_id(body["organizationId"])
    docs = [d for d in ctx.store.select("workspaces", "tombstone = 0") if d.get("organizationId") == organization]
    contains = (body.get("nameContains") or "").strip().lower()
    docs = sorted((d for d in docs if contains in d["name"].lower()), key=lambda d: d["name"].lower())
    page = body.get("pagination") or {}
    offset = page.get("rowOffset") or 0
    end = offset + page["pageSize"] if page.get("pageSize") is not None else None
    return {"workspaces": [_read(d) for d in docs[offset:end]]}
