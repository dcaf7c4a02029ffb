"""The schemathesis layer: schemathesis draws requests from the OpenAPI document in contracts/ and judges
the answers with its generic checks (no 5xx, documented status, content type, response schema), on the
webBackend operations that change nothing. The requests go through the suite's own client, so they
carry its credentials, rate limit, TLS setting and timeout, are counted and recorded, and a failure
shows the suite's redacted replay. Checks that judge what Airbyte leaves open (negative data
rejection: the server coerces and ignores much, see DEVIATIONS.md; methods other than POST) are not run.
"""

import pytest
import schemathesis
from hypothesis import given, settings
from hypothesis import strategies as st
from schemathesis.core import NotSet

import contracts
from contracts import openapi
from suite import checks

READ_ONLY = [path for path in ("/v1/web_backend/connections/list", "/v1/web_backend/connections/get",
                                "/v1/web_backend/state/get_type", "/v1/web_backend/workspace/state",
                                "/v1/web_backend/geographies/list", "/v1/web_backend/check_updates",
                                "/v1/web_backend/connections/status_counts", "/v1/web_backend/describe_cron_expression")
             if path in contracts.operations()]  # of the target's release (geographies/list is gone in 2.0, the
# last two are new in it)
SCHEMA = schemathesis.openapi.from_dict(openapi.document())
CASES = {path: SCHEMA[path]["POST"].as_strategy() for path in READ_ONLY}

# Under a derandomized profile (ci, triage) this layer does without the example database: schemathesis
# hands the profile's settings to Hypothesis one by one, and Hypothesis refuses derandomize=True with a
# database. Its examples are the same on every run anyway.
_MODELS = {path: contracts.operations()[path].get("request") for path in READ_ONLY}
LAYER = settings(database=None) if settings.default.derandomize else settings()


@pytest.mark.read_only
@pytest.mark.parametrize("path", READ_ONLY)
@LAYER
@given(data=st.data())
def test_generic_checks(client, path, data):
    case = data.draw(CASES[path], label="case")
    body = None if isinstance(case.body, NotSet) else case.body
    if isinstance(body, dict) and "withRefreshedCatalog" in body:
        # a refresh runs discover and rewrites the source's connections: never in this read-only layer
        body = {**body, "withRefreshedCatalog": False}
    exchange = client.post(path, body, content_type=case.media_type if body is not None else None)
    checks.explained_server_error(exchange, _MODELS.get(path), body)
    checks.schemathesis_conformance(exchange, case)
