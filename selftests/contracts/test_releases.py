"""Contract sets per release: the generator, the release's deviations, the selection API."""

import copy
import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

import contracts
from contracts import drift, generate, releases

REPO = Path(__file__).resolve().parents[2]
PLATFORM_REPO_CANDIDATES = [os.environ.get("AIRBYTE_PLATFORM_REPO", ""),
                            str(REPO.parent / ".mirror" / "airbytehq+airbyte-platform" / "repo")]
V2_DOCUMENT = "v2.0.0:airbyte-api/server-api/src/main/openapi/config.yaml"


@pytest.fixture(scope="module")
def v2_document() -> dict:
    """Airbyte's config.yaml at tag v2.0.0, read from a clone of airbytehq/airbyte-platform (not shipped)."""
    for candidate in PLATFORM_REPO_CANDIDATES:
        if candidate and Path(candidate).exists():
            text = subprocess.run(["git", "-C", candidate, "show", V2_DOCUMENT], capture_output=True,
                                  text=True, check=True).stdout
            return yaml.safe_load(text)
    pytest.skip("set AIRBYTE_PLATFORM_REPO to a clone of airbytehq/airbyte-platform (with tag v2.0.0)")


@pytest.fixture
def serving_v2():
    releases.use("v2.0.0")
    yield
    releases.use(releases.DEFAULT)


def _doc(**schemas):
    ref = {"$ref": "#/components/schemas/Body"}
    return {
        "openapi": "3.0.0",
        "paths": {
            "/v1/web_backend/things/get": {"post": {
                "operationId": "webBackendGetThing",
                "requestBody": {"content": {"application/json": {"schema": ref}}},
                "responses": {"200": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Read"}}}},
                              "404": {"$ref": "#/components/responses/NotFound"}}}},
            "/v1/workspaces/create": {"post": {"operationId": "createWorkspace", "responses": {"200": {}}}},
            "/v1/jobs/list": {"post": {"operationId": "listJobs", "requestBody": {
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Unused"}}}},
                "responses": {"200": {}}}},
        },
        "components": {
            "responses": {"NotFound": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/NotFoundInfo"}}}}},
            "schemas": {
                "Body": {"type": "object", "required": ["id"], "description": "dropped",
                         "properties": {"id": {"type": "string", "format": "uuid"},
                                        "count": {"type": "integer", "format": "int32"},
                                        "kind": {"$ref": "#/components/schemas/Kind", "nullable": True}}},
                "Kind": {"type": "string", "enum": ["a", "b"]},
                "Read": {"type": "object", "properties": {"name": {"type": "string", "nullable": True}}},
                "NotFoundInfo": {"type": "object", "properties": {"message": {"type": "string"}}},
                "Unused": {"type": "object"},
                **schemas,
            },
        },
    }


def test_the_generator_takes_every_web_backend_operation_the_setup_ones_and_only_their_models():
    schemas, operations = generate.generate(_doc(), [])
    assert set(operations) == {"/v1/web_backend/things/get", "/v1/workspaces/create"}
    assert operations["/v1/web_backend/things/get"] == {
        "method": "POST", "operationId": "webBackendGetThing", "webBackend": True, "request": "Body",
        "responses": {"200": "Read", "404": "NotFoundInfo"}}
    assert sorted(schemas) == ["Body", "Kind", "NotFoundInfo", "Read"]


def test_the_generator_converts_openapi_3_0_to_draft_07():
    schemas, _ = generate.generate(_doc(), [])
    body = schemas["Body"]
    assert body["title"] == "Body" and "description" not in body
    assert body["properties"]["count"]["minimum"] == -(2**31)
    assert body["properties"]["kind"] == {"anyOf": [{"$ref": "Kind.json"}, {"type": "null"}]}
    assert schemas["Read"]["properties"]["name"]["type"] == ["string", "null"]


def test_a_model_referred_to_but_not_defined_is_one_clear_error():
    doc = _doc()
    del doc["components"]["schemas"]["Kind"]
    with pytest.raises(drift.DocumentError, match="'Kind' is referred to but not defined"):
        generate.generate(doc, [])


def test_patches_apply_each_step():
    deviations = [{"id": "d", "patch": [
        {"op": "nullable_optional", "models": ["Body"]},
        {"op": "not_required", "model": "Body", "field": "id"},
        {"op": "add_model", "name": "FrameworkError", "schema": {"type": "object"}},
        {"op": "add_status", "status": "400", "model": "FrameworkError", "operations": "with-body"},
        {"op": "replace_model", "name": "Kind", "schema": {"type": "string"}},
        {"op": "add_status", "status": "500", "model": "FrameworkError", "operations": "all"},
        {"op": "add_status", "status": "404", "model": "FrameworkError", "operations": "with-body", "replace": True},
    ]}]
    schemas, operations = generate.generate(_doc(), deviations)
    assert schemas["Body"]["properties"]["count"]["type"] == ["integer", "null"]
    assert schemas["Body"]["properties"]["id"] == {"type": "string", "format": "uuid"}  # was required
    assert schemas["Body"].get("required") == []
    assert operations["/v1/web_backend/things/get"]["responses"]["400"] == "FrameworkError"
    assert "400" not in operations["/v1/workspaces/create"]["responses"]  # no body
    assert operations["/v1/workspaces/create"]["responses"]["500"] == "FrameworkError"  # all operations
    assert operations["/v1/web_backend/things/get"]["responses"]["404"] == "FrameworkError"  # replaced
    assert schemas["Kind"]["type"] == "string" and "enum" not in schemas["Kind"]


@pytest.mark.parametrize("step, message", [
    ({"op": "rename"}, "unknown patch op 'rename'"),
    ({"op": "not_required", "model": "Body", "field": "count"}, "Body.count is not required"),
    ({"op": "nullable_optional", "models": ["Nope"]}, "patches 'Nope', which the generated set lacks"),
])
def test_a_wrong_patch_is_one_clear_error(step, message):
    with pytest.raises(ValueError, match=message):
        generate.generate(_doc(), [{"id": "d", "patch": [step]}])


def test_the_committed_v2_set_is_what_the_generator_makes_of_the_v2_document(v2_document):
    deviations = json.loads((releases.directory("v2.0.0") / "deviations.json").read_text())["deviations"]
    schemas, operations = generate.generate(v2_document, deviations)
    root = releases.directory("v2.0.0")
    assert operations == json.loads((root / "operations.json").read_text())
    committed = {p.stem: json.loads(p.read_text()) for p in (root / "schemas").glob("*.json")}
    assert schemas == committed


def test_the_v2_set_has_every_web_backend_operation_of_v2(v2_document):
    ops = releases.directory("v2.0.0") / "operations.json"
    ours = {p for p, e in json.loads(ops.read_text()).items() if e["webBackend"]}
    assert ours == {p for p in v2_document["paths"] if p.startswith("/v1/web_backend/")}
    assert "/v1/web_backend/geographies/list" not in ours and len(ours) == 11


def test_the_v2_document_differs_from_the_v2_set_only_by_its_deviations(v2_document, serving_v2):
    known, unexplained = drift.triage(drift.compare(v2_document))
    assert unexplained == []
    used = {dev for _, dev in known}
    with_changes = {d["id"] for d in drift.deviations() if d["changes"]}
    assert with_changes == used


def test_drift_of_the_v2_set_reports_a_changed_v2_document(v2_document, tmp_path, capsys):
    doc = copy.deepcopy(v2_document)
    doc["components"]["schemas"]["SyncMode"]["enum"].remove("incremental")
    doc["components"]["schemas"]["WebBackendConnectionRead"]["required"].append("createdAt")
    path = tmp_path / "changed.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    try:
        code = drift.main([str(path), "--release", "v2.0.0", "--json"])
    finally:
        releases.use(releases.DEFAULT)
    assert code == 1
    found = json.loads(capsys.readouterr().out)["unexplained"]
    assert found == [
        {"model": "SyncMode", "location": "", "kind": "enum_value_removed", "detail": "'incremental'"},
        {"model": "WebBackendConnectionRead", "location": "", "kind": "required_added", "detail": "'createdAt'"},
    ]


def test_use_serves_a_release_and_back(serving_v2):
    assert releases.active() == "v2.0.0"
    assert "WebBackendValidateMappersRequestBody" in contracts.names()
    assert "/v1/web_backend/geographies/list" not in contracts.operations()
    assert contracts.validator("WorkspaceCreate").is_valid({"name": "w"}) is False  # organizationId required
    releases.use(releases.DEFAULT)
    assert "/v1/web_backend/geographies/list" in contracts.operations()
    assert contracts.validator("WorkspaceCreate").is_valid({"name": "w"}) is True


@pytest.mark.parametrize("version, release", [
    ("2.0.0", "v2.0.0"), ("v2.0.3", "v2.0.0"), ("0.42.1", "v0.42.1"), ("0.42.0-alpha", "v0.42.1"),
    ("1.8.0", None), ("0.50.24", None), ("dev", None),
])
def test_for_version_picks_the_set_of_the_release_line(version, release):
    assert releases.for_version(version) == release


def test_nearest_names_the_sets_around_an_unsupported_version():
    assert releases.nearest("1.8.0") == ["v0.42.1", "v2.0.0"]
    assert releases.nearest("3.1.0") == ["v2.0.0"]
    assert releases.nearest("0.30.0") == ["v0.42.1"]


def test_an_unknown_release_is_one_clear_error():
    with pytest.raises(KeyError, match="supported: v0.42.1, v2.0.0"):
        releases.use("v9.9.9")


@pytest.mark.parametrize("release", releases.available())
def test_every_model_of_every_release_is_draft_07_and_compiles(release):
    import jsonschema

    releases.use(release)
    try:
        for name in contracts.names():
            jsonschema.Draft7Validator.check_schema(contracts.schema(name))
            contracts.validator(name)  # inlines every reference: a recursive model would never end
        models = set(contracts.names())
        used = {m for e in contracts.operations().values() for m in [e["request"], *e["responses"].values()] if m}
        assert used <= models
    finally:
        releases.use(releases.DEFAULT)


@pytest.mark.parametrize("release", releases.available())
def test_every_deviation_of_every_release_is_explained_in_its_deviations_md(release):
    folder = releases.directory(release)
    ids = {d["id"] for d in json.loads((folder / "deviations.json").read_text(encoding="utf-8"))["deviations"]}
    text = (folder / "DEVIATIONS.md").read_text(encoding="utf-8")
    assert ids == {line[4:].strip() for line in text.splitlines() if line.startswith("### ")}


def test_every_behavioural_deviation_of_the_pinned_set_is_re_read_for_v2():
    """Each deviation of v0.42.1 is written for v2.0.0 too: still true, changed, or gone (under a name that
    says so), so no v0.42.1 rule is silently dropped."""
    pinned = {d["id"] for d in json.loads((releases.directory(releases.DEFAULT) / "deviations.json")
                                          .read_text(encoding="utf-8"))["deviations"]}
    v2 = {d["id"] for d in json.loads((releases.directory("v2.0.0") / "deviations.json")
                                      .read_text(encoding="utf-8"))["deviations"]}
    renamed = {"geographies-oss": "geographies-gone"}
    assert {renamed.get(i, i) for i in pinned} <= v2
