"""A source of a test's own from Airbyte's E2E Testing definition, whose configuration decides its streams (mock
catalog) and whether its syncs fail: the job and refresh tests change it on purpose, so no other test uses it."""

from __future__ import annotations

import json

import pytest

from suite import checks, release
from suite.world import smallest_configuration

DEFINITION = "E2E Testing"


def post(api, path: str, body: dict) -> tuple[dict, object]:
    exchange = api.client.post(path, body)
    return checks.accepted_answer(exchange), exchange


def create_source(api, prerequisites, name: str, why: str) -> tuple[dict, dict]:
    """(the source, the configuration it was made with), deleted at the end of the run; the test is skipped,
    saying why it needs one, when the target has no E2E Testing source definition. Setup: the target's way, also
    in compatibility mode."""
    with release.target_side():
        return _create_source(api, prerequisites, name, why)


def _create_source(api, prerequisites, name: str, why: str) -> tuple[dict, dict]:
    definitions, _ = post(api, "/v1/source_definitions/list", {})
    e2e = next((d for d in definitions["sourceDefinitions"] if d["name"] == DEFINITION), None)
    if e2e is None:
        pytest.skip(f"the target lists no {DEFINITION} source definition, which {why}")
    spec, _ = post(api, "/v1/source_definition_specifications/get",
                   {"sourceDefinitionId": e2e["sourceDefinitionId"], "workspaceId": prerequisites.workspace_id})
    config = smallest_configuration(spec["connectionSpecification"])
    source, _ = post(api, "/v1/sources/create", {"workspaceId": prerequisites.workspace_id, "name": name,
                                                 "sourceDefinitionId": e2e["sourceDefinitionId"],
                                                 "connectionConfiguration": config})
    prerequisites.track("source", source["sourceId"])
    return source, config


def own_source(api, prerequisites, run_id: str, purpose: str, why: str) -> dict:
    """An E2E source of a test's own (a refresh rewrites every connection of its source), with the run's
    destination: {"source", "config", "destination"}."""
    source, config = create_source(api, prerequisites, f"webbackend-contracts {run_id} {purpose}", why)
    return {"source": source, "config": config, "destination": prerequisites.destination_id}


DISCOVER_TIMEOUT = 600.0  # seconds: a discover job (refresh, discover_schema) may start a connector container


def slow_post(api, path: str, body: dict):
    """POST for a request that runs a discover job: its own timeout, else the client's settings
    (DEVIATIONS.md, refresh-writes)."""
    request = api.client.http.build_request("POST", api.client.url + path, json=body, timeout=DISCOVER_TIMEOUT)
    return api.client.send(request, path, body)


def mock_configuration(base: dict, streams: dict[str, dict]) -> dict:
    """The source configuration whose mock catalog has `streams` ({name: JSON schema}), one stream each."""
    return dict(base, mock_catalog={"type": "MULTI_STREAM", "stream_schemas": json.dumps(streams)})


def set_schema(api, source: dict, config: dict, streams: dict[str, dict]) -> None:
    """sources/update: the source's streams are `streams` from its next discover on."""
    post(api, "/v1/sources/update", {"sourceId": source["sourceId"], "name": source["name"],
                                     "connectionConfiguration": mock_configuration(config, streams)})


def discover(api, source_id: str) -> dict:
    """A fresh discover of the source (its catalog cache bypassed), checked as every discover is."""
    exchange = slow_post(api, "/v1/sources/discover_schema", {"sourceId": source_id, "disable_cache": True})
    found = checks.accepted_answer(exchange)
    checks.discovery(exchange, found)
    return found


def sync_catalog(discovered: dict, configured: dict[str, dict]) -> dict:
    """The discovered catalog with the streams named in `configured` selected and configured as it says
    (syncMode, cursorField, destinationSyncMode, primaryKey), the others unselected."""
    streams = []
    for entry in discovered["catalog"]["streams"]:
        config = dict(entry["config"], selected=entry["stream"]["name"] in configured)
        config.update(configured.get(entry["stream"]["name"], {}))
        streams.append({"stream": entry["stream"], "config": config})
    return {"streams": streams}
