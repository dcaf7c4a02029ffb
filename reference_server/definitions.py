"""Built-in connector definitions: their reads, connection specifications and what their sources discover.

Ids are Airbyte's real definition ids (see BEHAVIOUR.md for where each is stated). Discovery is
computed from the source's configuration, so it is deterministic: the same configuration always yields
the same catalog.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

FAKER = "dfd88b22-b603-4c3d-aad7-3701784586b1"
E2E_SOURCE = "d53f9084-fa6b-4a5a-976c-5b8392f4ad8a"
E2E_DESTINATION = "2eb65e87-983a-4fd7-b3e3-9d9dc6eb8537"
DEV_NULL = "a7bcc9d8-13b3-4e49-b80d-d020b90045e3"

_DRAFT7 = "http://json-schema.org/draft-07/schema#"


@dataclass(frozen=True)
class Definition:
    definition_id: str
    name: str
    docker_repository: str
    docker_image_tag: str
    documentation_url: str
    spec: dict
    kind: str  # "source" or "destination"
    source_type: str | None = None
    destination_sync_modes: tuple[str, ...] = field(default=())

    def read(self) -> dict:
        common = {
            "name": self.name,
            "dockerRepository": self.docker_repository,
            "dockerImageTag": self.docker_image_tag,
            "documentationUrl": self.documentation_url,
            "protocolVersion": "0.2.0",
            "releaseStage": "alpha",
        }
        if self.kind == "source":
            return {"sourceDefinitionId": self.definition_id, **common, "sourceType": self.source_type}
        return {
            "destinationDefinitionId": self.definition_id,
            **common,
            "supportsDbt": False,
            "normalizationConfig": {"supported": False},
        }


def _integer(title, default=None, minimum=None, maximum=None) -> dict:
    schema = {"title": title, "type": "integer"}
    for key, value in (("default", default), ("minimum", minimum), ("maximum", maximum)):
        if value is not None:
            schema[key] = value
    return schema


_FAKER_SPEC = {
    "$schema": _DRAFT7,
    "title": "Faker Source Spec",
    "type": "object",
    "required": ["count"],
    "additionalProperties": False,
    "properties": {
        "count": _integer("Count", 1000, minimum=1),
        "seed": _integer("Seed", -1),
        "records_per_sync": _integer("Records Per Sync", 500, minimum=1),
        "records_per_slice": _integer("Records Per Stream Slice", 100, minimum=1),
    },
}

_SCHEMA_STRING = {"type": "string", "description": "a JSON Schema (draft-07) written as a JSON string"}
_E2E_SOURCE_SPEC = {
    "$schema": _DRAFT7,
    "title": "E2E Test Source Spec",
    "type": "object",
    "required": ["max_messages", "mock_catalog"],
    "additionalProperties": False,
    "properties": {
        # EXCEPTION_AFTER_N: the source's legacy failing mode; every sync of such a source fails (jobs.py)
        "type": {"type": "string", "enum": ["CONTINUOUS_FEED", "EXCEPTION_AFTER_N"], "default": "CONTINUOUS_FEED"},
        "throw_after_n_records": _integer("Throw After N Records", 100, minimum=1),
        "max_messages": _integer("Max Records", 100, minimum=1, maximum=100_000_000_000),
        "seed": _integer("Random Seed", 0, minimum=0, maximum=1_000_000),
        "message_interval_ms": _integer("Message Interval (ms)", 0, minimum=0, maximum=60_000),
        "mock_catalog": {
            "title": "Mock Catalog",
            "type": "object",
            "oneOf": [
                {
                    "title": "Single Schema",
                    "required": ["type", "stream_name", "stream_schema"],
                    "properties": {
                        "type": {"type": "string", "const": "SINGLE_STREAM"},
                        "stream_name": {"type": "string", "minLength": 1},
                        "stream_schema": _SCHEMA_STRING,
                        "stream_duplication": _integer("Duplicate the stream N times", 1, minimum=1, maximum=10_000),
                    },
                },
                {
                    "title": "Multi Schema",
                    "required": ["type", "stream_schemas"],
                    "properties": {
                        "type": {"type": "string", "const": "MULTI_STREAM"},
                        "stream_schemas": {
                            **_SCHEMA_STRING,
                            "description": "a JSON object written as a string: stream name -> JSON Schema",
                        },
                    },
                },
            ],
        },
    },
}

_E2E_DESTINATION_SPEC = {
    "$schema": _DRAFT7,
    "title": "E2E Test Destination Spec",
    "type": "object",
    "required": ["test_destination"],
    "properties": {
        "test_destination": {
            "type": "object",
            "oneOf": [
                {
                    "title": "Logging",
                    "required": ["test_destination_type", "logging_config"],
                    "properties": {
                        "test_destination_type": {"type": "string", "const": "LOGGING"},
                        "logging_config": {
                            "type": "object",
                            "required": ["logging_type"],
                            "properties": {
                                "logging_type": {"type": "string", "enum": ["FirstN", "EveryNth", "RandomSampling"]}
                            },
                        },
                    },
                },
                {
                    "title": "Silent",
                    "required": ["test_destination_type"],
                    "properties": {"test_destination_type": {"type": "string", "const": "SILENT"}},
                },
                {
                    "title": "Throttled",
                    "required": ["test_destination_type", "millis_per_record"],
                    "properties": {
                        "test_destination_type": {"type": "string", "const": "THROTTLED"},
                        "millis_per_record": {"type": "integer"},
                    },
                },
                {
                    "title": "Failing",
                    "required": ["test_destination_type", "num_messages"],
                    "properties": {
                        "test_destination_type": {"type": "string", "const": "FAILING"},
                        "num_messages": {"type": "integer"},
                    },
                },
            ],
        }
    },
}

_DEV_NULL_SPEC = {
    "$schema": _DRAFT7,
    "title": "E2E Test (/dev/null) Destination Spec",
    "type": "object",
    "oneOf": [
        {
            "title": "Silent",
            "required": ["type"],
            "properties": {"type": {"type": "string", "const": "SILENT", "default": "SILENT"}},
        }
    ],
}

SOURCES = {
    d.definition_id: d
    for d in [
        Definition(FAKER, "Faker", "airbyte/source-faker", "0.1.5",
                   "https://docs.airbyte.com/integrations/sources/faker", _FAKER_SPEC, "source", "api"),
        Definition(E2E_SOURCE, "E2E Testing", "airbyte/source-e2e-test", "2.1.3",
                   "https://docs.airbyte.com/integrations/sources/e2e-test", _E2E_SOURCE_SPEC, "source", "api"),
    ]
}
DESTINATIONS = {
    d.definition_id: d
    for d in [
        Definition(E2E_DESTINATION, "E2E Testing", "airbyte/destination-e2e-test", "0.2.4",
                   "https://docs.airbyte.com/integrations/destinations/e2e-test", _E2E_DESTINATION_SPEC,
                   "destination", destination_sync_modes=("overwrite", "append")),
        Definition(DEV_NULL, "End-to-End Testing (/dev/null)", "airbyte/destination-dev-null", "0.1.1",
                   "https://docs.airbyte.com/integrations/destinations/e2e-test", _DEV_NULL_SPEC,
                   "destination", destination_sync_modes=("overwrite", "append")),
    ]
}


# discovery


def _faker_stream(name: str, properties: dict) -> dict:
    return {
        "name": name,
        "jsonSchema": {"$schema": _DRAFT7, "type": "object", "properties": properties},
        "supportedSyncModes": ["full_refresh", "incremental"],
        "sourceDefinedCursor": True,
        "defaultCursorField": ["updated_at"],
        "sourceDefinedPrimaryKey": [["id"]],
    }


_INT = {"type": ["null", "integer"]}
_STR = {"type": ["null", "string"]}
_TIME = {"type": ["null", "string"], "format": "date-time", "airbyte_type": "timestamp_with_timezone"}
_FAKER_STREAMS = [
    _faker_stream("users", {
        "id": _INT, "created_at": _TIME, "updated_at": _TIME, "name": _STR, "title": _STR, "age": _INT,
        "email": _STR, "telephone": _STR, "gender": _STR, "language": _STR, "academic_degree": _STR,
        "nationality": _STR, "occupation": _STR, "height": _STR, "blood_type": _STR, "weight": _INT,
        "address": {"type": ["null", "object"], "properties": {
            "street_number": _STR, "street_name": _STR, "city": _STR, "state": _STR,
            "province": _STR, "postal_code": _STR, "country_code": _STR}},
    }),
    _faker_stream("products", {
        "id": _INT, "make": _STR, "model": _STR, "year": _INT, "price": {"type": ["null", "number"]},
        "created_at": _TIME, "updated_at": _TIME,
    }),
    _faker_stream("purchases", {
        "id": _INT, "user_id": _INT, "product_id": _INT, "created_at": _TIME, "updated_at": _TIME,
        "added_to_cart_at": _TIME, "purchased_at": _TIME, "returned_at": _TIME,
    }),
]


class DiscoveryFailed(Exception):
    pass


def _parse_schema(text: str, where: str) -> dict:
    try:
        schema = json.loads(text)
    except ValueError as e:
        raise DiscoveryFailed(f"{where} is not valid JSON: {e}") from None
    if not isinstance(schema, dict):
        raise DiscoveryFailed(f"{where} must be a JSON object")
    return schema


def _mock_stream(name: str, schema: dict) -> dict:
    return {"name": name, "jsonSchema": schema, "supportedSyncModes": ["full_refresh"],
            "sourceDefinedCursor": False, "defaultCursorField": [], "sourceDefinedPrimaryKey": []}


def _e2e_streams(config: dict) -> list[dict]:
    mock = config["mock_catalog"]
    if mock["type"] == "SINGLE_STREAM":
        schema = _parse_schema(mock["stream_schema"], "mock_catalog.stream_schema")
        copies = mock.get("stream_duplication", 1)
        if copies == 1:
            return [_mock_stream(mock["stream_name"], schema)]
        return [_mock_stream(f"{mock['stream_name']}_{i}", schema) for i in range(copies)]
    schemas = _parse_schema(mock["stream_schemas"], "mock_catalog.stream_schemas")
    streams = []
    for name, schema in schemas.items():
        if not isinstance(schema, dict):
            raise DiscoveryFailed(f"mock_catalog.stream_schemas[{name!r}] must be a JSON object")
        streams.append(_mock_stream(name, schema))
    return streams


def discover(definition_id: str, config: dict) -> list[dict]:
    """The protocol streams a source of this definition reports; DiscoveryFailed when its config cannot."""
    if definition_id == FAKER:
        return json.loads(json.dumps(_FAKER_STREAMS))
    return _e2e_streams(config)
