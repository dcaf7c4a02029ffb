"""v2.0.0 mode: the command line, the setup operations, the error bodies (BEHAVIOUR.md, "Release v2.0.0")."""

from __future__ import annotations

import subprocess
import sys

NIL = "00000000-0000-0000-0000-000000000000"


def test_an_unknown_release_is_one_line_naming_the_supported_ones():
    done = subprocess.run([sys.executable, "-m", "reference_server", "--airbyte-version", "v1.7.0"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    last = done.stderr.strip().splitlines()[-1]
    assert "unknown Airbyte release 'v1.7.0'" in last and "v0.42.1, v2.0.0" in last
    assert "Traceback" not in done.stderr


def test_instance_configuration_reports_the_release_and_the_default_organization(v2):
    found = v2.call("/v1/instance_configuration")
    assert found["version"] == "2.0.0" and found["defaultOrganizationId"] == NIL
    assert "defaultWorkspaceId" not in found and "licenseStatus" not in found
    assert found["initialSetupComplete"] is True and "@" in found["defaultOrganizationEmail"]
    assert v2.call("/v1/web_backend/config") == {"version": "2.0.0", "edition": "community"}


def test_organizations_of_the_default_user_and_of_another(v2):
    found = v2.call("/v1/organizations/list_by_user_id", {"userId": NIL})["organizations"]
    assert [o["organizationId"] for o in found] == [NIL]
    assert v2.call("/v1/organizations/list_by_user_id", {"userId": NIL, "nameContains": "nope"}) == {
        "organizations": []}
    other = "11111111-1111-1111-1111-111111111111"
    assert v2.call("/v1/organizations/list_by_user_id", {"userId": other}) == {"organizations": []}


def test_a_workspace_needs_an_organization_and_gets_the_default_dataplane_group(v2):
    groups = v2.call("/v1/dataplane_group/list", {"organization_id": NIL})["dataplaneGroups"]
    assert [g["name"] for g in groups] == ["AUTO"]
    made = v2.workspace("Acme v2")
    assert made["organizationId"] == NIL and made["dataplaneGroupId"] == groups[0]["dataplane_group_id"]
    assert "defaultGeography" not in made and made["tombstone"] is False
    # A KnownException's message and errorId only (KnownExceptionHandler.kt:35, KnownException.kt:43,70-87)
    refused = v2.call("/v1/workspaces/create", {"name": "orphan"}, expect=422)
    assert refused["message"] == "Workspace missing org ID." and set(refused) == {"message", "errorId"}
    listed = v2.call("/v1/workspaces/list_by_organization_id", {"organizationId": NIL, "nameContains": "ACME V"})
    assert made["workspaceId"] in [w["workspaceId"] for w in listed["workspaces"]]


def test_a_source_without_name_is_named_default_and_reads_carry_created_at(v2, workspace_id):
    from reference_server.definitions import FAKER

    made = v2.call("/v1/sources/create", {"workspaceId": workspace_id, "sourceDefinitionId": FAKER,
                                          "connectionConfiguration": {"count": 1}})
    assert made["name"] == "default" and isinstance(made["createdAt"], int)
    assert v2.call("/v1/sources/get", {"sourceId": made["sourceId"]}) == made


def test_errors_carry_only_an_error_id(v2):
    unknown = v2.call("/v1/web_backend/connections/get", {"connectionId": "00000000-0000-0000-0000-000000000001"},
                      expect=404, model="ErrorIdBody")
    assert set(unknown) == {"errorId"}
    assert set(v2.call("/v1/web_backend/connections/get", {"connectionId": 5}, expect=422)) == {"errorId"}
    bad_json = v2.http.post("/v1/web_backend/connections/get", content=b"{nope",
                            headers={"content-type": "application/json"})
    assert bad_json.status_code == 422 and set(bad_json.json()) == {"errorId"}


def test_geographies_list_is_gone(v2):
    response = v2.raw("/v1/web_backend/geographies/list", {})
    assert response.status_code == 404 and response.text == "Object not found."
