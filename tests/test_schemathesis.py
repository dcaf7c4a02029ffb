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
from contracts import openapi, releases
from suite import checks

# The webBackend operations that change nothing on the target (the operation table does not say which do),
# and the releases whose contracts do not have one (gone in v2.0.0, or new in it: see
# contracts/releases/upgrade-v0.42.1-to-v2.0.0.md). A path the table of the target's release does not have
# otherwise (renamed, removed) fails the collection.
READ_ONLY_PATHS = ("/v1/web_backend/connections/list", "/v1/web_backend/connections/get",
                   "/v1/web_backend/state/get_type", "/v1/web_backend/workspace/state",
                   "/v1/web_backend/geographies/list", "/v1/web_backend/check_updates",
                   "/v1/web_backend/connections/status_counts", "/v1/web_backend/describe_cron_expression")
ABSENT_IN = {"/v1/web_backend/geographies/list": {"v2.0.0"},
             "/v1/web_backend/connections/status_counts": {"v0.42.1"},
             "/v1/web_backend/describe_cron_expression": {"v0.42.1"}}
READ_ONLY = [path for path in READ_ONLY_PATHS if releases.active() not in ABSENT_IN.get(path, ())]
OPERATIONS = {path: contracts.operation(path) for path in READ_ONLY}
SCHEMA = schemathesis.openapi.from_dict(openapi.document())
CASES = {path: SCHEMA[path][operation["method"]].as_strategy() for path, operation in OPERATIONS.items()}

# Under a derandomized profile (ci, triage) this layer does without the example database: schemathesis
# hands the profile's settings to Hypothesis one by one, and Hypothesis refuses derandomize=True with a
# database. Its examples are the same on every run anyway.
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
    checks.explained_server_error(exchange, OPERATIONS[path]["request"], body)
    checks.schemathesis_conformance(exchange, case)
