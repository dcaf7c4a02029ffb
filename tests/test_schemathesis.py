"""The schemathesis layer: generic checks over the OpenAPI document in contracts/ (no 5xx, documented
status codes, content types and response schemas), on the webBackend operations that change nothing.
Same target, credentials and Hypothesis profile as the rest of the run. Checks that judge what Airbyte
leaves open (negative data rejection: the server coerces and ignores much, see DEVIATIONS.md; methods
other than POST) are not run."""

import pytest
import schemathesis
from hypothesis import settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from contracts import openapi

schema = schemathesis.openapi.from_dict(openapi.document())
READ_ONLY = ["/v1/web_backend/connections/list", "/v1/web_backend/connections/get",
             "/v1/web_backend/state/get_type", "/v1/web_backend/workspace/state",
             "/v1/web_backend/geographies/list", "/v1/web_backend/check_updates"]


@pytest.fixture(scope="session")
def base_url(target_url, client):  # `client` first: it proves the target answers before schemathesis runs
    return target_url


schemathesis_schema = schema.include(path=READ_ONLY)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


# Schemathesis passes the profile's settings on one by one, and Hypothesis refuses derandomize=True with
# a database: under a derandomized profile (ci, triage) this layer does without the database (its
# examples are the same on every run anyway).
LAYER = settings(database=None) if settings.default.derandomize else settings()


@pytest.mark.read_only
@schemathesis_schema.parametrize()
@LAYER
def test_generic_checks(case, base_url, client):
    response = case.call_and_validate(base_url=base_url, headers=client.auth_headers(), checks=CHECKS)
    client.statuses[(case.path, response.status_code)] += 1
