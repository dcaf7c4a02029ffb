import json

import jsonschema
import pytest

import contracts

NAMES = contracts.names()


@pytest.mark.parametrize("name", NAMES)
def test_each_contract_is_a_valid_draft07_schema(name):
    schema = contracts.schema(name)
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["$id"] == contracts.uri(name)
    assert schema["title"] == name


@pytest.mark.parametrize("name", NAMES)
def test_every_reference_points_at_an_existing_contract(name):
    targets = contracts.references(name)
    assert targets <= set(NAMES), f"{name} refers to missing contracts {targets - set(NAMES)}"


def test_every_model_the_issue_names_exists():
    required = [
        "WebBackendConnectionCreate", "WebBackendConnectionUpdate", "WebBackendConnectionRead",
        "WebBackendConnectionReadList", "WebBackendConnectionListItem", "WebBackendConnectionListRequestBody",
        "WebBackendConnectionRequestBody", "WebBackendOperationCreateOrUpdate", "WebBackendWorkspaceState",
        "WebBackendWorkspaceStateResult", "WebBackendCheckUpdatesRead", "WebBackendGeographiesListResult",
        "ConnectionIdRequestBody", "ConnectionStateType", "AirbyteCatalog", "AirbyteStreamAndConfiguration",
        "AirbyteStream", "AirbyteStreamConfiguration", "SelectedFieldInfo", "ConnectionSchedule",
        "ConnectionScheduleType", "ConnectionScheduleData", "ResourceRequirements", "OperationCreate",
        "OperationRead", "OperatorConfiguration", "OperatorNormalization", "OperatorDbt", "OperatorWebhook",
        "SourceRead", "DestinationRead", "SourceSnippetRead", "DestinationSnippetRead", "CatalogDiff",
        "StreamTransform", "FieldTransform", "JobStatus", "SchemaChange", "Geography", "KnownExceptionInfo",
        "NotFoundKnownExceptionInfo", "InvalidInputExceptionInfo", "WorkspaceCreate", "WorkspaceRead",
        "WorkspaceReadList", "SourceDefinitionReadList", "DestinationDefinitionReadList",
        "SourceDefinitionSpecificationRead", "DestinationDefinitionSpecificationRead", "SourceCreate",
        "DestinationCreate", "SourceDiscoverSchemaRead", "ConnectionRead", "ConnectionReadList",
        "OperationReadList", "ConnectionState", "ConnectionStateCreateOrUpdate", "HealthCheckRead",
    ]
    assert set(required) - set(NAMES) == set()


def test_every_operation_names_existing_contracts():
    for path, entry in contracts.operations().items():
        models = [entry["request"], *entry["responses"].values()]
        missing = [m for m in models if m and m not in NAMES]
        assert not missing, f"{path} names unknown models {missing}"


def test_resolved_schemas_are_self_contained():
    text = json.dumps(contracts.resolved("WebBackendConnectionRead"))
    assert "$ref" not in text and "$id" not in text


def test_unknown_model_names_are_reported_with_the_known_ones():
    with pytest.raises(KeyError, match="known models: .*WebBackendConnectionRead"):
        contracts.validator("WebBackendConnectionReed")
