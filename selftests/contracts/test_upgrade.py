"""The upgrade report classifies each kind of change as oasdiff does, by the direction the data flows."""

import pytest

from contracts import releases, upgrade

OLD_MODELS = {
    "Create": {"type": "object", "required": ["id"], "properties": {
        "id": {"type": "string"}, "mode": {"type": ["string", "null"], "enum": ["a", "b", None]},
        "geography": {"type": "string"}}},
    "Read": {"type": "object", "required": ["id", "name"], "properties": {
        "id": {"type": "string"}, "name": {"type": "string"}, "note": {"type": "string"},
        "mode": {"type": "string", "enum": ["a", "b"]}, "count": {"type": "integer"}}},
}


def _op(request, responses, op_id="op"):
    return {"method": "POST", "operationId": op_id, "webBackend": True, "request": request, "responses": responses}


def _sets(new_models, new_ops=None):
    old_ops = {"/v1/web_backend/x/create": _op("Create", {"200": "Read", "422": None}),
               "/v1/web_backend/x/delete": _op(None, {"204": None}, "del"),
               "/v1/web_backend/gone": _op(None, {"200": None}, "gone")}
    ops = new_ops if new_ops is not None else {"/v1/web_backend/x/create": _op("Create", {"200": "Read", "422": None}),
                                               "/v1/web_backend/x/delete": _op(None, {"204": None}, "del"),
                                               "/v1/web_backend/gone": _op(None, {"200": None}, "gone")}
    return upgrade.ContractSet("old", old_ops, OLD_MODELS), upgrade.ContractSet("new", ops, new_models)


def _findings(new_models, new_ops=None):
    older, newer = _sets(new_models, new_ops)
    return {(f.level, f.rule, f.where, f.detail) for f in upgrade.compare(older, newer)}


def _models(changes=None):
    models = {name: {**schema, "properties": dict(schema["properties"]), "required": list(schema["required"])}
              for name, schema in OLD_MODELS.items()}
    for (model, what), value in (changes or {}).items():
        models[model][what] = value
    return models


def test_identical_sets_have_no_findings():
    assert _findings(_models()) == set()


@pytest.mark.parametrize("change, expected", [
    ({("Create", "required"): ["id", "org"],
      ("Create", "properties"): {**OLD_MODELS["Create"]["properties"], "org": {"type": "string"}}},
     ("error", "new-required-request-property", "$.org", "")),
    ({("Create", "properties"): {**OLD_MODELS["Create"]["properties"],
                                 "mode": {"type": ["string", "null"], "enum": ["a", None]}}},
     ("error", "request-property-enum-value-removed", "$.mode", "'b'")),
    ({("Create", "properties"): {**OLD_MODELS["Create"]["properties"], "mode": {"type": "string", "enum": ["a", "b"]}}},
     ("error", "request-property-became-not-nullable", "$.mode", "")),
    ({("Read", "properties"): {k: v for k, v in OLD_MODELS["Read"]["properties"].items() if k != "name"}},
     ("error", "response-required-property-removed", "$.name", "")),
    ({("Read", "properties"): {**OLD_MODELS["Read"]["properties"], "count": {"type": "string"}}},
     ("error", "response-property-type-changed", "$.count", "integer -> string")),
    ({("Read", "properties"): {k: v for k, v in OLD_MODELS["Read"]["properties"].items() if k != "note"}},
     ("warning", "response-optional-property-removed", "$.note", "")),
    ({("Read", "properties"): {**OLD_MODELS["Read"]["properties"],
                               "mode": {"type": "string", "enum": ["a", "b", "c"]}}},
     ("warning", "response-property-enum-value-added", "$.mode", "'c'")),
    ({("Create", "properties"): {k: v for k, v in OLD_MODELS["Create"]["properties"].items() if k != "geography"}},
     ("warning", "request-property-removed", "$.geography", "the server no longer reads it")),
    ({("Create", "properties"): {**OLD_MODELS["Create"]["properties"], "tags": {"type": "array"}}},
     ("info", "new-optional-request-property", "$.tags", "")),
    ({("Read", "properties"): {**OLD_MODELS["Read"]["properties"], "createdAt": {"type": "integer"}}},
     ("info", "response-property-added", "$.createdAt", "")),
])
def test_each_kind_of_change_is_classified(change, expected):
    assert _findings(_models(change)) == {expected}


def test_removed_operations_and_changed_statuses():
    ops = {"/v1/web_backend/x/create": _op("Create", {"200": "Read"}),
           "/v1/web_backend/x/delete": _op(None, {"200": None}, "del"),
           "/v1/web_backend/new": _op(None, {"200": None}, "new")}
    assert _findings(_models(), ops) == {
        ("error", "api-path-removed-without-deprecation", "/v1/web_backend/gone", "gone"),
        ("info", "api-path-added", "/v1/web_backend/new", "new"),
        ("warning", "response-non-success-status-removed", "/v1/web_backend/x/create", "422"),
        ("error", "response-success-status-removed", "/v1/web_backend/x/delete", "204"),
        ("info", "response-success-status-added", "/v1/web_backend/x/delete", "200"),
    }


def test_a_setup_operation_one_set_does_not_cover_is_neither_removed_nor_added():
    """Sets hold every web_backend operation but only the setup operations the suite uses."""
    older, newer = _sets(_models())
    older.operations["/v1/connections/sync"] = _op(None, {"200": None}, "sync")
    newer.operations["/v1/instance_configuration"] = _op(None, {"200": None}, "instance")
    assert upgrade.compare(older, newer) == []
    assert upgrade.uncovered(older, newer) == ["/v1/connections/sync", "/v1/instance_configuration"]
    assert "Not compared" in upgrade.render([], older, newer)


def test_the_report_from_the_pinned_release_to_v2_names_what_breaks(capsys):
    assert upgrade.main(["v0.42.1", "v2.0.0"]) == 0
    text = capsys.readouterr().out
    assert "| `/v1/web_backend/geographies/list` | api-path-removed-without-deprecation |" in text
    assert "| `/v1/workspaces/create` | new-required-request-property | `$.organizationId` |" in text
    assert "| web_backend operations |" in text
    assert "- v2.0.0 `error-id-bodies`: " in text  # behaviour: a deviation only the newer release has
    assert "`geographies-oss`" in text.split("## Behaviour")[1].split("\n- ")[0]  # one only the older has


def test_an_unknown_release_is_one_clear_line(capsys):
    assert upgrade.main(["v0.42.1", "v1.8.0"]) == 2
    expected = "upgrade: no contract set for release 'v1.8.0'; supported: v0.42.1, v2.0.0"
    assert capsys.readouterr().err.strip() == expected


def test_the_committed_report_from_the_pinned_release_to_v2_is_current():
    committed = (releases.RELEASES_DIR / "upgrade-v0.42.1-to-v2.0.0.md").read_text(encoding="utf-8")
    older, newer = upgrade.ContractSet("v0.42.1"), upgrade.ContractSet("v2.0.0")
    regenerate = "python -m contracts.upgrade v0.42.1 v2.0.0 --output contracts/releases/upgrade-v0.42.1-to-v2.0.0.md"
    assert committed == upgrade.render(upgrade.compare(older, newer), older, newer) + "\n", regenerate


def test_error_bodies_are_compared_too():
    err_old = {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}}
    err_new = {"type": "object", "required": ["errorId"], "properties": {"errorId": {"type": "string"}}}
    ops = {"/v1/web_backend/x": _op(None, {"200": None, "422": "Err"})}
    older = upgrade.ContractSet("old", ops, {"Err": err_old})
    newer = upgrade.ContractSet("new", ops, {"Err": err_new})
    found = {(f.level, f.rule, f.where) for f in upgrade.compare(older, newer)}
    assert found == {("error", "response-required-property-removed", "422 $.message"),
                     ("info", "response-property-added", "422 $.errorId")}
