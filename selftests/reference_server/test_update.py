"""connections/update is a patch; operations in it are created, updated and deleted."""

from __future__ import annotations

import copy

import pytest

NORMALIZE = {"operatorType": "normalization", "normalization": {"option": "basic"}}
DBT = {"operatorType": "dbt", "dbt": {"gitRepoUrl": "https://example.invalid/repo.git"}}

PATCHABLE = {
    "name": "renamed",
    "namespaceDefinition": "customformat",
    "namespaceFormat": "ns_${SOURCE_NAMESPACE}",
    "prefix": "pre_",
    "status": "inactive",
    "geography": "eu",
    "notifySchemaChanges": True,
    "nonBreakingChangesPreference": "disable",
    "resourceRequirements": {"memory_limit": "1Gi"},
}


@pytest.mark.parametrize("field", sorted(PATCHABLE))
def test_one_field_changes_and_the_others_stay(api, world, field):
    created = api.connection(world, syncCatalog=world.catalog, sourceCatalogId=world.catalog_id,
                             prefix="keep_", namespaceFormat="keep")
    before = api.get(created["connectionId"])
    after = api.update(created["connectionId"], **{field: PATCHABLE[field]})
    assert after[field] == PATCHABLE[field]
    expected = {**before, field: PATCHABLE[field]}
    assert after == expected
    assert api.get(created["connectionId"]) == expected


def test_nulls_leave_fields_unchanged(api, world):
    created = api.connection(world, name="n", prefix="p_", syncCatalog=world.catalog)
    patch = {k: None for k in ("name", "prefix", "syncCatalog", "status", "operations", "scheduleType", "geography")}
    assert api.update(created["connectionId"], **patch) == api.get(created["connectionId"])
    assert api.get(created["connectionId"])["name"] == "n"


def test_sync_catalog_replaces_the_whole_catalog(api, world):
    created = api.connection(world, syncCatalog=world.catalog)
    only_users = {"streams": [copy.deepcopy(world.stream("users"))]}
    read = api.update(created["connectionId"], syncCatalog=only_users)
    assert [s["stream"]["name"] for s in read["syncCatalog"]["streams"]] == ["users"]


def test_operations_are_created_updated_and_deleted(api, world):
    ws = world.workspace_id
    created = api.connection(world, operations=[{"name": "a", "workspaceId": ws, "operatorConfiguration": NORMALIZE},
                                                {"name": "b", "workspaceId": ws, "operatorConfiguration": NORMALIZE}])
    a, b = created["operationIds"]
    read = api.update(created["connectionId"], operations=[
        {"operationId": a, "name": "a2", "workspaceId": ws, "operatorConfiguration": DBT},
        {"name": "c", "workspaceId": ws, "operatorConfiguration": NORMALIZE},
    ])
    assert read["operationIds"][0] == a and len(read["operationIds"]) == 2 and b not in read["operationIds"]
    assert read["operations"][0] == {"operationId": a, "name": "a2", "workspaceId": ws, "operatorConfiguration": DBT}
    assert [o["name"] for o in read["operations"]] == ["a2", "c"]
    listed = api.call("/v1/operations/list", {"connectionId": created["connectionId"]})
    assert [o["operationId"] for o in listed["operations"]] == read["operationIds"]


def test_absent_operations_leave_them_alone(api, world):
    ws = world.workspace_id
    created = api.connection(world, operations=[{"name": "a", "workspaceId": ws, "operatorConfiguration": NORMALIZE}])
    read = api.update(created["connectionId"], name="x")
    assert read["operationIds"] == created["operationIds"]


def test_an_unknown_operation_id_creates_a_new_operation(api, world):
    created = api.connection(world)
    stray = "00000000-0000-0000-0000-000000000001"
    read = api.update(created["connectionId"], operations=[
        {"operationId": stray, "name": "x", "workspaceId": world.workspace_id, "operatorConfiguration": NORMALIZE}])
    assert len(read["operationIds"]) == 1 and read["operationIds"][0] != stray


def test_empty_operations_delete_them_all(api, world):
    ws = world.workspace_id
    created = api.connection(world, operations=[{"name": "a", "workspaceId": ws, "operatorConfiguration": NORMALIZE}])
    read = api.update(created["connectionId"], operations=[])
    assert read["operationIds"] == [] and read["operations"] == []


def test_unknown_connection_is_404(api):
    api.call("/v1/web_backend/connections/update", {"connectionId": "00000000-0000-0000-0000-0000000000aa"},
             expect=404)


def test_deprecated_status_deletes(api, world):
    created = api.connection(world)
    api.update(created["connectionId"], status="deprecated")
    listed = api.call("/v1/web_backend/connections/list", {"workspaceId": world.workspace_id})
    assert listed["connections"] == []
