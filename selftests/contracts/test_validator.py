import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

import contracts

UUID = "123e4567-e89b-12d3-a456-426614174000"


def test_every_error_is_reported_with_its_path():
    payload = {
        "sourceId": "not-a-uuid",
        "destinationId": UUID,
        "status": "paused",
        "syncCatalog": {"streams": [{"stream": {"name": "users"}, "config": {"syncMode": "incremental"}},
                                    {"stream": {"name": 7}, "config": {"syncMode": "full_refresh",
                                                                       "destinationSyncMode": "append",
                                                                       "primaryKey": [["id", 3]]}}]},
    }
    found = {(v.path, v.keyword) for v in contracts.validator("WebBackendConnectionCreate").violations(payload)}
    assert found == {
        ("$.sourceId", "format"),
        ("$.status", "enum"),
        ("$.syncCatalog.streams[0].config", "required"),
        ("$.syncCatalog.streams[1].stream.name", "type"),
        ("$.syncCatalog.streams[1].config.primaryKey[0][1]", "type"),
    }


def test_check_raises_with_every_violation_in_the_message():
    with pytest.raises(contracts.ContractViolation) as info:
        contracts.validator("WebBackendWorkspaceStateResult").check({"hasSources": "yes"})
    text = str(info.value)
    assert "3 violation(s)" in text
    assert "$.hasSources: 'yes' is not of type 'boolean'" in text
    assert "'hasConnections' is a required property" in text


def test_null_in_an_optional_request_field_reads_as_absent_but_responses_never_carry_null():
    update = contracts.validator("WebBackendConnectionUpdate")
    assert update.is_valid({"connectionId": UUID, "name": None, "syncCatalog": None, "scheduleType": None})
    assert not update.is_valid({"connectionId": None})
    read = contracts.validator("WebBackendWorkspaceStateResult")
    assert not read.is_valid({"hasConnections": True, "hasSources": None, "hasDestinations": False})


@pytest.mark.parametrize(("value", "ok"), [
    (2**63 - 1, True), (2**63, False), (-(2**63), True), (-(2**63) - 1, False),
])
def test_int64_fields_are_bounded(value, ok):
    assert contracts.validator("ConnectionSchedule").is_valid({"units": value, "timeUnit": "hours"}) is ok


@pytest.mark.parametrize(("value", "ok"), [(2**31 - 1, True), (2**31, False), (-(2**31), True)])
def test_plain_integers_are_java_ints(value, ok):
    body = {"sourceDefinitions": value, "destinationDefinitions": 0}
    assert contracts.validator("WebBackendCheckUpdatesRead").is_valid(body) is ok


@pytest.mark.parametrize("value", ["123E4567-E89B-12D3-A456-426614174000", UUID])
def test_uuids_in_either_case_are_accepted(value):
    assert contracts.validator("ConnectionIdRequestBody").is_valid({"connectionId": value})


@pytest.mark.parametrize("value", ["123e4567e89b12d3a456426614174000", "{123e4567-e89b-12d3-a456-426614174000}",
                                   "123e4567-e89b-12d3-a456-42661417400g", "", "urn:uuid:" + UUID])
def test_malformed_uuids_are_refused(value):
    violations = contracts.validator("ConnectionIdRequestBody").violations({"connectionId": value})
    assert [(v.path, v.keyword) for v in violations] == [("$.connectionId", "format")]


MODELS = ["WebBackendConnectionUpdate", "OperationRead", "WebBackendConnectionListItem", "ConnectionState"]


@settings(max_examples=60, deadline=None)
@given(data=st.data(), name=st.sampled_from(MODELS))
def test_fast_and_detailed_validators_agree(data, name):
    """The compiled verdict and the detailed report must never disagree, on valid and broken data."""
    schema = contracts.resolved(name)
    instance = data.draw(st.one_of(from_schema(schema), from_schema({}) ))
    validator = contracts.validator(name)
    assert validator.is_valid(instance) == (validator.violations(instance) == [])


@pytest.mark.parametrize(("good", "bad"), [("ops@example.com", "no-at-sign"), ("a@b", "")])
def test_both_validators_judge_formats_alike(good, bad):
    """The compiled validator and the detailed one apply the same format rules: a value refused by one only
    would be reported as a violation with no details."""
    assert contracts.schema("WorkspaceCreate")["properties"]["email"].get("format") == "email"
    validator = contracts.validator("WorkspaceCreate")
    assert validator.is_valid({"name": "w", "email": good})
    assert not validator.violations({"name": "w", "email": good})
    assert not validator.is_valid({"name": "w", "email": bad})
    assert [(v.path, v.keyword) for v in validator.violations({"name": "w", "email": bad})] == [("$.email", "format")]


@pytest.mark.parametrize(("fmt", "good", "bad"), [
    ("uuid", UUID, "123e4567e89b12d3a456426614174000"),
    ("date", "2024-02-29", "2023-02-29"),
    ("date-time", "2024-01-01T00:00:00.5+02:00", "2024-01-01"),
    ("email", "a@b", "ab"),
    ("uri", "https://example.com/x", "no scheme"),
])
def test_each_format_of_the_contracts_has_one_rule(fmt, good, bad):
    from contracts._validation import _FORMATS, STRING_FORMATS

    assert STRING_FORMATS[fmt](good) and _FORMATS.conforms(good, fmt)
    assert not STRING_FORMATS[fmt](bad) and not _FORMATS.conforms(bad, fmt)

