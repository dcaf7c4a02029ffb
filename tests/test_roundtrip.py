"""Create-then-read round trips: what create and get return is what Airbyte stores for what was sent.

Expected values come from suite.airbyte, where each rule cites the Airbyte file that decides it: fields
stored as sent come back exactly (deep primaryKey and cursorField paths, every enum value); aliasName,
selected and suggested come back as CatalogConverter makes them; defaults as ConnectionsHandler sets them.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

import contracts
import strategies
from contracts.navigation import non_null
from suite import checks, rules
from suite.airbyte import connection_reads, stored_catalogs

pytestmark = pytest.mark.writes


def expected_read(sent: dict, prerequisites) -> dict:
    return connection_reads.connection_after_create(sent, prerequisites.source, prerequisites.destination,
                                           prerequisites.geography)


@given(data=st.data())
def test_create_returns_what_airbyte_stores(api, world, prerequisites, data):
    sent = data.draw(st.one_of(strategies.valid("WebBackendConnectionCreate", world),
                               strategies.edge("WebBackendConnectionCreate", world)), label="create")
    exchange = api.create(sent)
    body = checks.accepted_answer(exchange)
    checks.stored_connection(exchange, expected_read(sent, prerequisites), body, "create")
    checks.created_operations(exchange, sent, body)


@given(data=st.data())
def test_get_returns_what_create_stored(api, world, prerequisites, data):
    sent = data.draw(st.one_of(strategies.valid("WebBackendConnectionCreate", world),
                               strategies.edge("WebBackendConnectionCreate", world)), label="create")
    created = checks.accepted_answer(api.create(sent))
    exchange = api.get(created["connectionId"])
    body = checks.accepted_answer(exchange)
    expected = expected_read(sent, prerequisites)
    expected["connectionId"] = created["connectionId"]
    expected["operationIds"] = created.get("operationIds", [])
    if sent.get("sourceCatalogId") is not None:
        # a connection with a source catalog is read merged with it (WebBackendConnectionsHandler
        # .webBackendGetConnection -> updateSchemaWithRefreshedDiscoveredCatalog)
        expected["syncCatalog"] = stored_catalogs.catalog_as_merged(expected["syncCatalog"], prerequisites.catalog)
    checks.stored_connection(exchange, expected, body, "get after create")


def _not_the_default(name: str):
    """A value of the create field `name` other than the one create answers when it is not kept."""
    values = non_null(contracts.resolved("WebBackendConnectionCreate")["properties"][name])["enum"]
    return st.sampled_from([v for v in values if v != rules.active().created_defaults[name]])


@pytest.mark.skipif(not rules.active().created_only_with, reason="create keeps each sent field on its own here")
@given(data=st.data())
def test_create_drops_a_field_sent_without_the_one_it_needs(api, world, prerequisites, data):
    """A field create keeps only together with another (suite.rules created_only_with; at v2.0.0 a
    backfillPreference needs a nonBreakingChangesPreference) is sent without it: the read answers the default."""
    sent = data.draw(strategies.valid("WebBackendConnectionCreate", world), label="create")
    for name, needed in rules.active().created_only_with.items():
        sent[name] = data.draw(_not_the_default(name), label=name)
        sent.pop(needed, None)
    exchange = api.create(sent)
    checks.stored_connection(exchange, expected_read(sent, prerequisites), checks.accepted_answer(exchange), "create")


@given(data=st.data())
def test_deep_key_paths_survive_the_round_trip(api, world, data):
    """primaryKey and cursorField paths of any depth come back exactly (stored as sent by CatalogConverter)."""
    sent = data.draw(strategies.edge("WebBackendConnectionCreate", world), label="create")
    sent = {k: v for k, v in sent.items() if k != "sourceCatalogId"}  # read the stored catalog, not a merge
    created = checks.accepted_answer(api.create(sent))
    exchange = api.get(created["connectionId"])
    checks.key_paths(exchange, sent, checks.accepted_answer(exchange))


# varchar(256) fields (suite.policy.VARCHAR_COLUMNS): exactly 256 code points must come back unchanged;
# 257 is Airbyte's known 500 (or a clean refusal, or stored whole, never cut).
_CHUNKS = ("x", "\u00e9", "\U0001f600", "ab/c.d", "e\u0301")
VARCHAR_FIELDS = ("name", "prefix", "namespaceFormat", "operations[].name")


def _exactly(chunk: str, length: int) -> str:
    return (chunk * length)[:length]


def _with_text(world, field: str, text: str) -> dict:
    body = {"sourceId": world.source_id, "destinationId": world.destination_id, "status": "inactive"}
    if field == "operations[].name":
        body["operations"] = [{"workspaceId": world.workspace_id, "name": text,
                               "operatorConfiguration": {"operatorType": "normalization",
                                                         "normalization": {"option": "basic"}}}]
    else:
        body[field] = text
    return body


def _check_text_kept(sent: dict, body: dict, exchange, prerequisites) -> None:
    checks.stored_connection(exchange, expected_read(sent, prerequisites), body, "create")
    checks.created_operations(exchange, sent, body)


@given(field=st.sampled_from(VARCHAR_FIELDS), chunk=st.sampled_from(_CHUNKS))
def test_varchar_fields_keep_exactly_256_characters(api, world, prerequisites, field, chunk):
    """schema_dump.txt:118,119,122,176: varchar(256) holds 256 characters (code points: 256 emoji fit)."""
    sent = _with_text(world, field, _exactly(chunk, 256))
    exchange = api.create(sent)
    body = checks.accepted_answer(exchange)
    _check_text_kept(sent, body, exchange, prerequisites)
    reread = api.get(body["connectionId"])
    fresh = checks.accepted_answer(reread)
    _check_text_kept(sent, {**fresh, "syncCatalog": body["syncCatalog"]}, reread, prerequisites)


@given(field=st.sampled_from(VARCHAR_FIELDS), chunk=st.sampled_from(_CHUNKS))
def test_varchar_fields_over_256_characters(api, world, prerequisites, field, chunk):
    """257 characters: Airbyte answers 500 (known quirk, suite.policy.judge_over_varchar_limit)."""
    sent = _with_text(world, field, _exactly(chunk, 257))
    exchange = api.create(sent)
    body = checks.varchar_limit(exchange, sent)
    if body is not None:
        _check_text_kept(sent, body, exchange, prerequisites)


REFRESH_TIMEOUT = 600  # seconds: a refresh waits for a synchronous discover job (the suite's timeout is for reads)


def test_refresh_answers_the_connection_on_a_source_of_its_own(api, world, prerequisites):
    """withRefreshedCatalog runs discover and rewrites status and breakingChange of every live connection of
    the source (SchedulerHandler.java:300-313, 455-475 at 0f4f4a9331), so it runs on a source no other test
    uses, with a timeout of its own. A failed discover leaves the catalog null and Airbyte answers 500
    (WebBackendConnectionsHandler.java:365-380): reported as a failed refresh, not tolerated."""
    source = api.create_actor("source", world.workspace_id)["sourceId"]
    sent = {"sourceId": source, "destinationId": world.destination_id, "status": "inactive",
            "scheduleType": "manual", "syncCatalog": {"streams": []}}
    created = checks.accepted_answer(api.create(sent))
    body = {"connectionId": created["connectionId"], "withRefreshedCatalog": True}
    request = api.client.http.build_request("POST", api.client.url + "/v1/web_backend/connections/get", json=body,
                                            timeout=max(REFRESH_TIMEOUT, api.client.http.timeout.read or 0))
    checks.refreshed_identity(api.client.send(request, "/v1/web_backend/connections/get", body), created)


def _stream_entry(name: str, namespace: str | None, field_selection: bool) -> dict:
    stream = {"name": name, "jsonSchema": {"type": "object", "properties": {"id": {"type": "string"},
                                                                           "x": {"type": "string"}}},
              "supportedSyncModes": ["full_refresh"]}
    if namespace is not None:
        stream["namespace"] = namespace
    config = {"syncMode": "full_refresh", "destinationSyncMode": "append", "selected": True,
              "fieldSelectionEnabled": field_selection}
    if field_selection:
        config["selectedFields"] = [{"fieldPath": ["id"]}]
    return {"stream": stream, "config": config}


SHARED_KEYS = {"no namespace and 'null'": (("a", None), ("a", "null")),
               "slashes": (("b/c", "a"), ("c", "a/b"))}


@pytest.mark.parametrize("pair", sorted(SHARED_KEYS))
@pytest.mark.parametrize("selecting_first", [True, False], ids=["selecting-first", "selecting-last"])
def test_streams_sharing_a_field_selection_key_share_its_flag(api, world, prerequisites, pair, selecting_first):
    """Field-selection flags are stored per "<namespace>/<name>" (deviation field-selection-key-collision):
    two streams with one key read back with the later stream's flag; the schema stays as each was written."""
    (name1, ns1), (name2, ns2) = SHARED_KEYS[pair]
    streams = [_stream_entry(name1, ns1, selecting_first), _stream_entry(name2, ns2, not selecting_first)]
    sent = {"sourceId": world.source_id, "destinationId": world.destination_id, "status": "inactive",
            "syncCatalog": {"streams": streams}}
    exchange = api.create(sent)
    checks.stored_connection(exchange, expected_read(sent, prerequisites), checks.accepted_answer(exchange), "create")


def _hashable(entry: dict) -> list[str]:
    """Top-level fields of a discovered stream that are neither its primary key nor its cursor."""
    config, stream = entry["config"], entry["stream"]
    keys = {path[0] for path in (config.get("primaryKey") or []) + [config.get("cursorField") or []] if path}
    return [name for name in (stream.get("jsonSchema") or {}).get("properties") or {} if name not in keys]


@pytest.mark.skipif("hashedFields" not in contracts.schema("AirbyteStreamConfiguration").get("properties", {}),
                    reason="no hashedFields in this release's stream configuration")
def test_hashed_fields_are_stored_as_hashing_mappers(api, prerequisites):
    """hashedFields sent without mappers become one hashing mapper per field (CatalogConverter.kt:308-315 at
    v2.0.0), read back as hashedFields and mappers (:106-116), by create and by get."""
    entry = next((e for e in prerequisites.catalog["streams"] if _hashable(e)), None)
    if entry is None:
        pytest.skip("the source's catalog has no stream with a field that is neither key nor cursor")
    field = _hashable(entry)[0]
    config = {**entry["config"], "selected": True, "fieldSelectionEnabled": False, "selectedFields": [],
              "hashedFields": [{"fieldPath": [field]}]}
    config.pop("mappers", None)
    sent = {"sourceId": prerequisites.source_id, "destinationId": prerequisites.destination_id,
            "status": "inactive", "scheduleType": "manual",
            "syncCatalog": {"streams": [{"stream": entry["stream"], "config": config}]}}
    hashed = {entry["stream"]["name"]: [field]}
    exchange = api.create(sent)
    created = checks.accepted_answer(exchange)
    checks.stored_mappers(exchange, hashed, created)
    read = api.get(created["connectionId"])
    checks.stored_mappers(read, hashed, checks.accepted_answer(read))
