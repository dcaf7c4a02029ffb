"""The operation table documents the statuses Airbyte really gives: a 500 (KnownExceptionInfo, from
UncaughtExceptionHandler) where a webBackend operation can fail on a client's mistake, Micronaut's own 400
body, and no 500 where Airbyte answers without one."""

import pytest

import contracts

MAY_500 = ["/v1/web_backend/connections/get", "/v1/web_backend/connections/create",
           "/v1/web_backend/connections/update"]
NEVER_500 = ["/v1/web_backend/connections/list", "/v1/web_backend/workspace/state",
             "/v1/web_backend/state/get_type", "/v1/web_backend/geographies/list", "/v1/web_backend/check_updates"]

# Micronaut 3.8's answer to a body it cannot bind (UnsatisfiedArgumentException) and to no body
MICRONAUT_400 = {"message": "Required argument [WebBackendConnectionRequestBody webBackendConnectionRequestBody] "
                            "not specified", "path": "/webBackendConnectionRequestBody",
                 "_links": {"self": {"href": "/api/v1/web_backend/connections/get", "templated": False}}}
# airbyte-server/.../errors/UncaughtExceptionHandler.java:32-33 at 0f4f4a9331
AIRBYTE_500 = {"message": "Internal Server Error: null", "exceptionClassName": "java.lang.NullPointerException",
               "exceptionStack": ["java.lang.NullPointerException"]}


@pytest.mark.parametrize("path", MAY_500)
def test_operations_that_can_fail_document_500_with_airbyte_s_body(path):
    model = contracts.operations()[path]["responses"]["500"]
    contracts.validator(model).check(AIRBYTE_500)


@pytest.mark.parametrize("path", NEVER_500)
def test_operations_airbyte_answers_without_a_500_do_not_document_one(path):
    assert "500" not in contracts.operations()[path]["responses"]


@pytest.mark.parametrize("path", MAY_500 + NEVER_500[:3])
def test_micronaut_s_400_body_is_valid(path):
    model = contracts.operations()[path]["responses"]["400"]
    assert model == "MicronautJsonError"
    contracts.validator(model).check(MICRONAUT_400)
    contracts.validator(model).check({"message": "bad", "exceptionClassName": "x"})  # KnownExceptionInfo too
    assert not contracts.validator(model).is_valid({"path": "/x"})
