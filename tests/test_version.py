"""The Airbyte version the target reports belongs to the release whose contracts the run checks it against.

GET /v1/instance_configuration answers the deployment's version (airbyte-commons-server/src/main/kotlin/io/airbyte/
commons/server/handlers/InstanceConfigurationHandler.kt:72 at v2.0.0). A run told the release with
--airbyte-version / AIRBYTE_VERSION does not ask the target: this test does. Before 0.50 Airbyte has no such
endpoint, and a build may report a name such as "dev": then there is nothing to compare, and the test passes.
In compatibility mode (--airbyte-client-version) the run judges the target as an older client would, and the
version is compared with the release the target was taken to run."""

import pytest

from contracts import releases
from suite import checks, release
from suite.release import AUTO

pytestmark = pytest.mark.read_only

PATH = "/v1/instance_configuration"


def test_the_reported_version_is_of_the_release_checked(api, suite_settings):
    how = "auto-detected" if suite_settings.airbyte_version == AUTO else \
        f"--airbyte-version / AIRBYTE_VERSION {suite_settings.airbyte_version}"
    request = api.client.http.build_request("GET", api.client.url + PATH)
    exchange = api.client.send(request, PATH)
    if checks.reported_release(exchange, release.compatibility() or releases.active(), how) is None:  # shown with -rP
        print(f"GET {PATH} answered {exchange.status} with no release version: nothing to compare")
