"""v2.0.0 web_backend connection reads and writes: the new fields and the stream mappers
(releases/v2_0_0/connections.py, reads.py, stream_fields.py)."""

from __future__ import annotations

GET, UPDATE = "/v1/web_backend/connections/get", "/v1/web_backend/connections/update"
_EMAIL = "notifySchemaChangesByEmail"


def _pair(v2, workspace_id):
    return v2.source(workspace_id), v2.destination(workspace_id)


def _catalog(v2, source, **config):
    found = v2.call("/v1/sources/discover_schema", {"sourceId": source["sourceId"]})
    first = found["catalog"]["streams"][0]
    first["config"].update(selected=True, **config)
    return found, {"streams": [first]}


def test_reads_carry_the_v2_fields(v2, workspace_id):
    source, destination = _pair(v2, workspace_id)
    made = v2.connection(source, destination)
    assert "geography" not in made and made["tags"] == [] and made["notifySchemaChangesByEmail"] is False
    assert made["sourceActorDefinitionVersion"]["supportState"] == "supported"
    assert "dataplaneGroupId" not in made  # never set on a connection read at v2.0.0
    assert isinstance(made["createdAt"], int)
    got = v2.call(GET, {"connectionId": made["connectionId"]})
    assert got["createdAt"] == made["createdAt"] and got["syncCatalog"] == made["syncCatalog"]


def test_hashed_fields_become_hashing_mappers(v2, workspace_id):
    source, destination = _pair(v2, workspace_id)
    found, catalog = _catalog(v2, source, hashedFields=[{"fieldPath": ["name"]}])
    made = v2.call("/v1/web_backend/connections/create", {
        "sourceId": source["sourceId"], "destinationId": destination["destinationId"], "status": "active",
        "syncCatalog": catalog, "sourceCatalogId": found["catalogId"]})
    config = next(s["config"] for s in made["syncCatalog"]["streams"] if s["config"]["selected"])
    assert config["hashedFields"] == [{"fieldPath": ["name"]}]
    assert config["includeFiles"] is False  # not sent: the stored stream's default (ConfiguredAirbyteStream.kt:172)
    [mapper] = config["mappers"]
    assert mapper["type"] == "hashing" and mapper["id"]
    assert mapper["mapperConfiguration"] == {"targetField": "name", "method": "SHA-256", "fieldNameSuffix": "_hashed"}


def test_sent_mappers_win_over_hashed_fields_and_get_ids(v2, workspace_id):
    source, destination = _pair(v2, workspace_id)
    mapper = {"type": "field-renaming", "mapperConfiguration": {"originalFieldName": "a", "newFieldName": "b"}}
    found, catalog = _catalog(v2, source, hashedFields=[{"fieldPath": ["name"]}], mappers=[mapper])
    made = v2.call("/v1/web_backend/connections/create", {
        "sourceId": source["sourceId"], "destinationId": destination["destinationId"], "status": "active",
        "syncCatalog": catalog, "sourceCatalogId": found["catalogId"]})
    config = next(s["config"] for s in made["syncCatalog"]["streams"] if s["config"]["selected"])
    assert [m["type"] for m in config["mappers"]] == ["field-renaming"] and config["mappers"][0]["id"]
    assert config["hashedFields"] == []


def test_update_patches_the_v2_fields_and_leaves_absent_ones(v2, workspace_id):
    source, destination = _pair(v2, workspace_id)
    made = v2.connection(source, destination)
    patched = v2.call(UPDATE, {"connectionId": made["connectionId"], "notifySchemaChangesByEmail": True,
                               "backfillPreference": "enabled"})
    assert patched["notifySchemaChangesByEmail"] is True and patched["backfillPreference"] == "enabled"
    again = v2.call(UPDATE, {"connectionId": made["connectionId"], "name": "renamed"})
    assert again["notifySchemaChangesByEmail"] is True and again["name"] == "renamed"


def test_only_a_webhook_operator_needs_its_configuration(v2, workspace_id):
    """OperationsConverter.kt:30-53 at v2.0.0 (releases/v2_0_0/operators.py): a normalization or dbt operation is
    stored with its type alone; a webhook one without its webhook, or one without operatorType, is a 500."""
    source, destination = _pair(v2, workspace_id)
    operations = [{"workspaceId": workspace_id, "name": kind, "operatorConfiguration": {"operatorType": kind}}
                  for kind in ("normalization", "dbt")]
    made = v2.connection(source, destination, operations=operations)
    assert len(made["operationIds"]) == 2
    stored = v2.call("/v1/operations/get", {"operationId": made["operationIds"][0]})
    assert stored["operatorConfiguration"] == {"operatorType": "normalization"}
    for config in ({"operatorType": "webhook"}, {}):
        body = {"sourceId": source["sourceId"], "destinationId": destination["destinationId"], "status": "active",
                "operations": [{"workspaceId": workspace_id, "name": "w", "operatorConfiguration": config}]}
        v2.call("/v1/web_backend/connections/create", body, expect=500)


def test_create_defaults_and_a_backfill_preference_kept_only_with_a_non_breaking_one(v2, workspace_id):
    source, destination = _pair(v2, workspace_id)
    bare = v2.connection(source, destination)
    assert (bare["notifySchemaChanges"], bare["notifySchemaChangesByEmail"]) == (False, False)
    assert (bare["nonBreakingChangesPreference"], bare["backfillPreference"]) == ("ignore", "disabled")
    alone = v2.connection(source, destination, backfillPreference="enabled", notifySchemaChanges=True,
                          dataplaneGroupId=v2.workspace()["dataplaneGroupId"])
    assert alone["backfillPreference"] == "disabled" and alone["notifySchemaChanges"] is True
    assert "dataplaneGroupId" not in alone
    both = v2.connection(source, destination, backfillPreference="enabled", nonBreakingChangesPreference="disable")
    assert (both["nonBreakingChangesPreference"], both["backfillPreference"]) == ("disable", "enabled")
    got = v2.call(GET, {"connectionId": alone["connectionId"]})
    assert got["backfillPreference"] == "disabled"


def test_an_email_notification_row_is_rewritten_only_when_it_differs_from_the_webhook_flag(v2, workspace_id):
    source, destination = _pair(v2, workspace_id)
    made = v2.connection(source, destination, notifySchemaChanges=True)
    ident = made["connectionId"]
    assert v2.call(UPDATE, {"connectionId": ident, _EMAIL: True})[_EMAIL] is True  # no row yet: inserted
    assert v2.call(UPDATE, {"connectionId": ident, _EMAIL: False})[_EMAIL] is True  # enabled == webhook: kept
    off = v2.call(UPDATE, {"connectionId": ident, _EMAIL: False, "notifySchemaChanges": False})
    assert off[_EMAIL] is False  # the webhook flag now differs: rewritten
    assert v2.call(UPDATE, {"connectionId": ident, _EMAIL: True})[_EMAIL] is False  # disabled == webhook: kept
    assert v2.call(GET, {"connectionId": ident})[_EMAIL] is False


def test_field_selection_is_checked_as_v2_checks_it(v2, workspace_id):
    """CatalogConverter.kt:183-233: a selected field the schema lacks is only logged (v0.42.1 refused it, 422) and
    the schema keeps only the selected properties it has; a primary key must stay selected in overwrite_dedup too
    (422); a null syncMode is not incremental (no 500)."""
    source, destination = _pair(v2, workspace_id)
    found = v2.call("/v1/sources/discover_schema", {"sourceId": source["sourceId"]})
    stream = found["catalog"]["streams"][0]
    names = sorted(stream["stream"]["jsonSchema"]["properties"])
    kept = names[0]

    def create(**config):
        entry = {"stream": stream["stream"], "config": dict(stream["config"], selected=True, fieldSelectionEnabled=True,
                                                             **config)}
        return v2.raw("/v1/web_backend/connections/create", {
            "sourceId": source["sourceId"], "destinationId": destination["destinationId"], "status": "active",
            "syncCatalog": {"streams": [entry]}, "sourceCatalogId": found["catalogId"]})

    lacking = create(syncMode="full_refresh", destinationSyncMode="append", cursorField=[], primaryKey=[],
                     selectedFields=[{"fieldPath": [kept]}, {"fieldPath": ["not_in_the_schema"]}])
    assert lacking.status_code == 200, lacking.text
    [read] = [s for s in lacking.json()["syncCatalog"]["streams"] if s["config"]["selected"]]
    assert read["config"]["selectedFields"] == [{"fieldPath": [kept]}]
    dropped_key = create(syncMode="full_refresh", destinationSyncMode="overwrite_dedup", cursorField=[],
                         primaryKey=[[names[-1]]], selectedFields=[{"fieldPath": [kept]}])
    assert dropped_key.status_code == 422, dropped_key.text
    no_mode = create(syncMode=None, destinationSyncMode="append", cursorField=None, primaryKey=[],
                     selectedFields=[{"fieldPath": [kept]}])
    assert no_mode.status_code == 200, no_mode.text
