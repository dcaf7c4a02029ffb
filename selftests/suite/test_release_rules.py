"""Behaviour rules per release (suite.rules): each check judges a target by the release whose contract set the
run uses. Every test runs under each supported release and fails when that release's rule is reverted to the
other release's."""

from __future__ import annotations

import dataclasses
import json

import pytest

from contracts import releases
from strategies import Invalid
from suite import checks, policy, quirks, rules
from suite.airbyte import connection_reads, stored_catalogs
from suite.client import Exchange

UUID = "3f2c8d4e-1b7a-4c9e-8f00-0a1b2c3d4e5f"
ERROR_ID = {"errorId": "0b0c0d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e"}
GET, CREATE, LIST = ("/v1/web_backend/connections/get", "/v1/web_backend/connections/create",
                     "/v1/web_backend/connections/list")
STATE = "/v1/web_backend/workspace/state"


@pytest.fixture(params=releases.available())
def release(request):
    releases.use(request.param)
    yield request.param
    releases.use(releases.DEFAULT)


@pytest.fixture
def met(monkeypatch):
    fresh = quirks.Quirks()
    monkeypatch.setattr(quirks, "MET", fresh)
    return fresh


def exchange(path: str, status: int, body, sent=None) -> Exchange:
    return Exchange("POST", "http://127.0.0.1:1/api" + path, path, sent, False, status,
                    {"content-type": "application/json"}, json.dumps(body), 0.01)


def test_every_supported_release_has_rules_and_only_those():
    assert set(rules.RULES) == set(releases.available())


def test_the_rules_follow_the_release_in_use(release):
    assert rules.active().release == release


def test_a_404_is_judged_by_the_release_s_error_body(release):
    words = {"message": f"Internal Server Error: Could not find configuration for STANDARD_SYNC: {UUID}."}
    if release == "v0.42.1":
        checks.airbyte_not_found_message(exchange(GET, 404, words), "connection", UUID)
        with pytest.raises(checks.CheckFailure):
            checks.airbyte_not_found_message(exchange(GET, 404, ERROR_ID), "connection", UUID)
    else:  # IdNotFoundExceptionHandler.kt:33-41: an errorId alone; Airbyte's words are gone
        checks.airbyte_not_found_message(exchange(GET, 404, ERROR_ID), "connection", UUID)
        with pytest.raises(checks.CheckFailure):
            checks.airbyte_not_found_message(exchange(GET, 404, words), "connection", UUID)


def test_malformed_json_is_judged_by_the_release_s_error_body(release):
    words = {"message": "Invalid json. Unexpected end-of-input", "exceptionClassName": "JsonParseException"}
    good, bad = (words, ERROR_ID) if release == "v0.42.1" else (ERROR_ID, words)
    checks.malformed_json_answer(exchange(LIST, 422, good))
    with pytest.raises(checks.CheckFailure):
        checks.malformed_json_answer(exchange(LIST, 422, bad))


def test_a_value_over_varchar_256_gets_the_release_s_status(release, met):
    sent = {"sourceId": UUID, "destinationId": UUID, "status": "active", "name": "n" * 257}
    airbyte_500 = exchange(CREATE, 500, {"message": "Internal Server Error: value too long"}, sent)
    airbyte_409 = exchange(CREATE, 409, {"message": "Failed to access database. Check the server logs"}, sent)
    # ApiHelper.java:35-37 at 0f4f4a9331 / ApiHelper.kt:45 at v2.0.0
    mine, other = (airbyte_500, airbyte_409) if release == "v0.42.1" else (airbyte_409, airbyte_500)
    assert checks.varchar_limit(mine, sent) is None
    assert met.rows()[0]["rule"].startswith(f"{CREATE}: {mine.status} on a value over 256 characters")
    with pytest.raises(checks.CheckFailure):  # the other release's answer: undocumented here, or a 5xx
        checks.varchar_limit(other, sent)


@pytest.mark.parametrize("ident", [None, "", " "])
def test_an_id_read_as_absent_gets_the_release_s_answer(release, met, ident):
    """workspace/state without a workspace: 200 all false at v0.42.1; Airbyte's 500 at v2.0.0 (a Kotlin
    non-null parameter), noted as a quirk."""
    model = "WebBackendWorkspaceState"
    sent = {"workspaceId": ident}
    expected = rules.active().answers_without_id.get(model, ("workspaceId", None))[1]
    empty = {"hasConnections": False, "hasSources": False, "hasDestinations": False}
    server_error = exchange(STATE, 500, ERROR_ID if release != "v0.42.1" else {"message": "x"}, sent)
    if release == "v0.42.1":
        assert expected == empty
        checks.absent_id_answer(exchange(STATE, 200, empty, sent), model, expected, "no id")
        with pytest.raises(checks.CheckFailure):
            checks.absent_id_answer(server_error, model, expected, "no id")
    else:
        assert expected is None
        checks.absent_id_answer(server_error, model, expected, "no id")
        assert "WorkspaceServiceJooqImpl.kt:473" in met.rows()[0]["rule"]
        with pytest.raises(checks.CheckFailure):
            checks.absent_id_answer(exchange(STATE, 200, empty, sent), model, expected, "no id")
    checks.absent_id_answer(exchange(STATE, 400, {"message": "bad"}, sent), model, expected, "no id")


def test_a_missing_workspace_id_is_explained_only_where_the_release_dereferences_it(release):
    rule = policy.absent_id_rule("WebBackendConnectionListRequestBody", {"workspaceId": ""})
    assert (rule is None) == (release == "v0.42.1")
    assert policy.absent_id_rule("WebBackendConnectionRequestBody", {"connectionId": None}) is not None


def test_a_paused_status_filter_s_500_is_explained_only_at_v2(release, met):
    """v2.0.0 cannot map the `paused` status filter (unmapped-enum-values): its 500 is a known quirk there and a
    failure at v0.42.1, which has no such filter; other statuses and other bodies are not explained."""
    model = "WebBackendConnectionListRequestBody"
    body = {"workspaceId": UUID, "filters": {"statuses": ["healthy", "paused"]}}
    assert (policy.unmapped_value_rule(model, body) is None) == (release == "v0.42.1")
    assert policy.unmapped_value_rule(model, {"workspaceId": UUID, "filters": {"statuses": ["healthy"]}}) is None
    assert policy.unmapped_value_rule(model, {"workspaceId": UUID, "filters": None}) is None
    broken = exchange(LIST, 500, ERROR_ID, body)
    if release == "v0.42.1":
        with pytest.raises(checks.CheckFailure):
            checks.explained_server_error(broken, model, body)
    else:
        checks.explained_server_error(broken, model, body)
        assert "WorkspaceResourceCursorPagination.kt:28-32,256" in met.rows()[0]["rule"]


def test_a_404_for_a_blank_destination_is_blamed_only_where_the_404_names_its_id(release):
    """create looks the source up first: at v0.42.1 the 404's words tell whether it was about the source; v2.0.0's
    404 is an errorId alone (error-id-bodies), so a 404 there may be about the source and is not a failure."""
    body = {"sourceId": UUID, "destinationId": "", "status": "active"}
    bad = Invalid(body, "bad_uuid", ("destinationId",), "format", "'' is not a uuid")
    if release == "v0.42.1":
        unnamed = exchange(CREATE, 404, {"message": "Internal Server Error: Could not find configuration for "
                                                    "DESTINATION_CONNECTION: null."}, body)
        with pytest.raises(checks.CheckFailure):
            checks.invalid_body_refusal(unnamed, "WebBackendConnectionCreate", bad)
    else:
        checks.invalid_body_refusal(exchange(CREATE, 404, ERROR_ID, body), "WebBackendConnectionCreate", bad)
        alone = Invalid({"destinationId": ""}, "bad_uuid", ("destinationId",), "format", "'' is not a uuid")
        with pytest.raises(checks.CheckFailure):
            checks.invalid_body_refusal(exchange(CREATE, 404, ERROR_ID, alone.payload), "WebBackendConnectionCreate",
                                        alone)


def _page(names_ids, size=20, total=None):
    items = [{"connectionId": i, "name": n, "source": {}, "destination": {}, "isSyncing": False,
              "schemaChange": "no_change"} for n, i in names_ids]
    return {"connections": items, "page_size": size, "num_connections": len(items) if total is None else total}


def test_a_list_page_is_checked_where_the_release_answers_pages():
    releases.use("v2.0.0")
    try:
        ids = sorted(["00000000-0000-4000-8000-000000000002", "00000000-0000-4000-8000-000000000001"])
        good = _page([("A <> B", ids[0]), ("a <> b", ids[1])], size=50)
        checks.listed_page(exchange(LIST, 200, good, {"workspaceId": UUID, "pageSize": 50}), good)
        for wrong in (_page([("a", ids[1]), ("A", ids[0])], size=50),  # a tie of lower(name) out of id order
                      _page([("a", ids[0])], size=20),  # page_size is not the size asked for
                      _page([("a", ids[0])], size=50, total=3),  # a short page must hold every match
                      _page([("a", ids[0]), ("b", ids[1])], size=1)):  # more than a page
            with pytest.raises(checks.CheckFailure):
                checks.listed_page(exchange(LIST, 200, wrong, {"workspaceId": UUID, "pageSize": 50}), wrong)
        default = _page([("a", ids[0])])
        checks.listed_page(exchange(LIST, 200, default, {"workspaceId": UUID}), default)  # 20 when not asked
    finally:
        releases.use(releases.DEFAULT)


def test_a_stored_stream_reads_back_with_the_release_s_fields(release):
    entry = {"stream": {"name": "s", "jsonSchema": {"type": "object", "properties": {"a": {}}},
                        "supportedSyncModes": ["full_refresh"]},
             "config": {"syncMode": "full_refresh", "destinationSyncMode": "append", "selected": True,
                        "destinationObjectName": "target"}}
    stored = stored_catalogs.entry_as_stored(entry)
    if release == "v0.42.1":
        assert "suggested" not in stored["config"] and "sourceDefinedCursor" not in stored["stream"]
        assert "destinationObjectName" not in stored["config"]
    else:  # CatalogConverter.kt:64, :100, :102, :105-116
        assert stored["stream"]["sourceDefinedCursor"] is False
        assert {k: stored["config"][k] for k in ("suggested", "selectedFields", "hashedFields", "mappers",
                                                 "destinationObjectName")} == \
            {"suggested": False, "selectedFields": [], "hashedFields": [], "mappers": [],
             "destinationObjectName": "target"}
        read = {"streams": [{"stream": stored["stream"], "config": {**stored["config"], "generationId": 3}}]}
        # generationId is set by the server: not predicted
        assert stored_catalogs.comparable(read) == stored_catalogs.comparable({"streams": [stored]})


def test_what_a_patch_changes_is_the_release_s(release):
    before = {"name": "n", "geography": "auto", "scheduleType": "manual"}
    after = connection_reads.connection_after_patch(before, {"geography": "eu", "backfillPreference": "enabled"})
    if release == "v0.42.1":
        assert after["geography"] == "eu" and "backfillPreference" not in after
    else:  # ConnectionsHandler.kt:286-343: no geography; backfillPreference patched
        assert "geography" not in after and after["backfillPreference"] == "enabled"


def test_create_answers_geography_only_where_the_release_has_it(release):
    sent = {"sourceId": UUID, "destinationId": UUID, "status": "active"}
    expected = connection_reads.connection_after_create(sent, {"name": "s"}, {"name": "d"}, "auto")
    assert ("geography" in expected) == (release == "v0.42.1")
    assert expected["notifySchemaChanges"] is False and expected["nonBreakingChangesPreference"] == "ignore"
    sent = {**sent, "notifySchemaChanges": True}
    created = connection_reads.connection_after_create(sent, {"name": "s"}, {"name": "d"}, "auto")
    assert created["notifySchemaChanges"] is (release != "v0.42.1")


def test_create_defaults_of_v2_and_a_backfill_preference_kept_only_with_its_partner(release):
    sent = {"sourceId": UUID, "destinationId": UUID, "backfillPreference": "enabled"}
    alone = connection_reads.connection_after_create(sent, {"name": "s"}, {"name": "d"}, "auto")
    both = connection_reads.connection_after_create({**sent, "nonBreakingChangesPreference": "disable"},
                                                    {"name": "s"}, {"name": "d"}, "auto")
    if release == "v0.42.1":
        assert "backfillPreference" not in alone and "notifySchemaChangesByEmail" not in alone
    else:  # ConnectionServiceJooqImpl.kt:1940-1942, DbConverter.kt:182-196 at v2.0.0
        assert alone["backfillPreference"] == "disabled" and alone["notifySchemaChangesByEmail"] is False
        assert (both["backfillPreference"], both["nonBreakingChangesPreference"]) == ("enabled", "disable")


def test_documented_statuses_are_the_release_s(release):
    checks.documented_status(exchange(CREATE, 404, ERROR_ID))  # undocumented-statuses, both releases
    if release == "v0.42.1":
        with pytest.raises(checks.CheckFailure):
            checks.documented_status(exchange(CREATE, 409, {"message": "x"}))
    else:
        checks.schema_conformance(exchange(CREATE, 409, {"message": "Failed to access database"}))
        checks.schema_conformance(exchange("/v1/web_backend/describe_cron_expression", 400,
                                           {"type": "error:cron-validation/invalid-expression",
                                            "title": "Invalid cron expression", "status": 400}))


def test_a_merged_read_takes_the_primary_key_the_release_prefers(release):
    stream = {"name": "s", "jsonSchema": {"type": "object", "properties": {"a": {}, "b": {}}},
              "supportedSyncModes": ["full_refresh"], "sourceDefinedPrimaryKey": [["a"]]}
    sent = {"streams": [{"stream": stream, "config": {"syncMode": "full_refresh", "destinationSyncMode": "append",
                                                      "selected": True, "primaryKey": [["b"]]}}]}
    stored = stored_catalogs.catalog_as_stored(sent)
    discovered = {"streams": [{"stream": stream, "config": {"syncMode": "full_refresh", "destinationSyncMode": "append",
                                                            "primaryKey": [["a"]], "selected": True}}]}
    merged = stored_catalogs.catalog_as_merged(stored, discovered)["streams"][0]["config"]
    # WebBackendConnectionsHandler.java at 0f4f4a9331: the configured key first; .kt:605-612 at v2.0.0: the source's
    assert merged["primaryKey"] == ([["b"]] if release == "v0.42.1" else [["a"]])
    assert ("suggested" in merged) == (release != "v0.42.1")


def test_a_missing_cron_expression_is_explained_only_at_v2(release):
    """CronExpressionHelper.kt:23 at v2.0.0: a Kotlin non-null parameter, so no expression is a 500; "" is
    an expression (refused cleanly), not an absent one."""
    model = "WebBackendDescribeCronExpressionRequestBody"
    assert (policy.absent_id_rule(model, {}) is None) == (release == "v0.42.1")
    assert policy.absent_id_rule(model, {"cronExpression": ""}) is None


def test_an_operation_reads_back_the_branches_the_release_keeps(release):
    from suite.airbyte import operation_reads

    normalization = {"name": "n", "operatorConfiguration": {"operatorType": "normalization",
                                                            "normalization": {"option": "basic"}}}
    expected = operation_reads.operation_as_read(normalization)
    if release == "v0.42.1":
        assert expected["normalization"] == {"option": "basic"}
    else:  # OperationsConverter.kt:56-79 at v2.0.0: only a webhook's branch is read back
        assert "normalization" not in expected
    other_host = {"name": "w", "operatorConfiguration": {"operatorType": "webhook", "webhook": {
        "executionUrl": "https://dbt.example.com/api/v2/accounts/1/jobs/2/run/"}}}
    parsed = operation_reads.operation_as_read(other_host)["webhook"]
    assert ("dbtCloud" in parsed) == (release != "v0.42.1")  # :124 at v2.0.0: any https host


def test_the_refresh_model_follows_the_release_s_diff(release):
    from suite import refresh

    before = {"s": {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}},
              "t": {"type": "object", "properties": {"a": {"type": "string"}}}}
    after = {"s": {"type": "object", "properties": {"b": {"type": "string"}}},
             "t": {"type": "object", "properties": {"a": {"type": "integer"}}}}
    configured = {"s": refresh.StreamConfig("full_refresh", (), "overwrite_dedup", (("a",),))}
    found = refresh.expected_transforms(before, after, configured)
    updated = {t[1] for t in found if t[0] == "update_stream"}
    if release == "v0.42.1":
        assert updated == {"s", "t"} and not refresh.is_breaking(found)
    else:  # CatalogDiffHelpers.kt:207-221 (configured streams only), :371-373 (overwrite_dedup)
        assert updated == {"s"} and refresh.is_breaking(found)
    answered = {"transforms": [{"transformType": "update_stream", "streamDescriptor": {"name": "s"}, "updateStream": {
        "fieldTransforms": [{"transformType": "remove_field", "fieldName": ["a"], "breaking": True}],
        "streamAttributeTransforms": []}}]}
    assert refresh.observed_transforms(answered) == {("update_stream", "s", (("remove_field", ("a",), True),))}


def test_a_sync_of_a_connection_not_active_is_a_500_only_at_v2(release):
    inactive = exchange("/v1/connections/sync", 500, ERROR_ID, {"connectionId": UUID})
    assert (rules.active().sync_needs_active is None) == (release == "v0.42.1")
    if release != "v0.42.1":
        checks.inactive_sync_refusal(inactive, rules.active().sync_needs_active)
        with pytest.raises(checks.CheckFailure):
            checks.inactive_sync_refusal(exchange("/v1/connections/sync", 200, {}), "x")


def test_a_connection_read_with_a_field_the_release_never_answers_fails(release):
    body = {"name": "n", "dataplaneGroupId": UUID}
    if release == "v0.42.1":
        checks.stored_connection(exchange(CREATE, 200, body), {"name": "n"}, body, "create")
    else:  # WebBackendConnectionsHandler.kt:999 copies it from a ConnectionRead that never has one
        with pytest.raises(checks.CheckFailure, match="unexpected dataplaneGroupId"):
            checks.stored_connection(exchange(CREATE, 200, body), {"name": "n"}, body, "create")


def test_an_email_notification_row_follows_the_webhook_flag_only_in_v2(release):
    on = {"notifySchemaChanges": True, "notifySchemaChangesByEmail": True}
    off = {"notifySchemaChangesByEmail": False}
    assert connection_reads.email_row_after_patch(None, on, {}) is True  # no row: inserted for true
    assert connection_reads.email_row_after_patch(None, on, off) is None
    kept = connection_reads.email_row_after_patch(True, on, off)  # enabled == notifySchemaChanges
    assert kept is (release != "v0.42.1")
    assert connection_reads.email_row_after_patch(True, {**on, "notifySchemaChanges": False}, off) is False


def test_an_operation_in_an_unknown_workspace_excuses_a_500_only_at_v0_42_1(release, met):
    """v0.42.1 never looks an operation's workspace up (a broken foreign key, 500); v2.0.0 reads it before anything
    else (WebBackendConnectionsHandler.kt:693, OperationsHandler.kt:69-76): a 404, so no 500 for such a body is
    Airbyte's, not even one for a value it would dereference later (here the destination)."""
    model = "WebBackendConnectionCreate"
    operations = [{"workspaceId": UUID, "name": "n", "operatorConfiguration": {"operatorType": "normalization"}}]
    payload = {"sourceId": UUID, "destinationId": "", "operations": operations}
    bad = Invalid(payload, "bad_uuid", ("destinationId",), "format", "'' is not a uuid")
    server_error = exchange(CREATE, 500, ERROR_ID if release != "v0.42.1" else {"message": "x"}, payload)
    if release == "v0.42.1":
        assert "operation_workspace_id_fkey" in policy.operation_in_unknown_workspace(model, payload)
        assert policy.unknown_workspace_refused_first(model, payload) is None
        checks.invalid_body_refusal(server_error, model, bad)
        assert met.rows()[0]["count"] == 1
    else:
        assert policy.operation_in_unknown_workspace(model, payload) is None
        assert "OperationsHandler.kt:69-76" in policy.unknown_workspace_refused_first(model, payload)
        assert policy.unknown_workspace_refused_first(model, payload, [UUID.upper()]) is None
        with pytest.raises(checks.CheckFailure):
            checks.invalid_body_refusal(server_error, model, bad)
        checks.invalid_body_refusal(exchange(CREATE, 404, ERROR_ID, payload), model, bad)
        without = {k: v for k, v in payload.items() if k != "operations"}  # then the destination is read: 500
        checks.invalid_body_refusal(server_error, model, dataclasses.replace(bad, payload=without))
        assert "ConnectionsHandler.kt:496" in met.rows()[0]["rule"]


def test_every_value_read_as_absent_cites_the_release_s_code(release):
    """The rules a v2.0.0 run applies cite its Kotlin (.kt), never v0.42.1's Java."""
    models = ("WebBackendConnectionRequestBody", "WebBackendConnectionUpdate", "WebBackendConnectionCreate")
    wheres = [where for model in models for _, _, where in policy.dereferenced(model)]
    assert wheres and all((".java:" in w) == (release == "v0.42.1") for w in wheres)
    assert all(".java" not in policy.varchar_column(f) for f in policy.VARCHAR_COLUMNS)
