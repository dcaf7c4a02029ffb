"""Workspaces as Airbyte makes them (the setup endpoints every client starts with).

WorkspacesHandler.createWorkspace and generateUniqueSlug at 0f4f4a9331 (`WorkspacesHandler.java:89-123,235-256`):
a second workspace whose name gives a slug already taken gets that slug plus "-" and 8 random letters;
anonymousDataCollection, news, securityUpdates and displaySetupWizard not sent are stored and answered false.
The same at tag v2.0.0 (`airbyte-commons-server/src/main/kotlin/io/airbyte/commons/server/handlers/
WorkspacesHandler.kt:187-192,514-535`), where a workspace also needs its organization (:153-155).
"""

from __future__ import annotations

import pytest

from suite import checks

pytestmark = pytest.mark.writes

FLAGS = ("anonymousDataCollection", "news", "securityUpdates", "displaySetupWizard")


def test_same_name_gets_a_unique_slug_and_flags_default_to_false(api, suite_settings):
    if suite_settings.workspace_id:
        pytest.skip("AIRBYTE_WORKSPACE_ID is set: the suite creates no workspaces")
    name = f"webbackend-contracts {suite_settings.run_id} slug"
    first = api.create_workspace(name)
    exchange = api.client.post("/v1/workspaces/create", api.workspace_create_body(name, news=False))
    second = checks.accepted_answer(exchange)
    api.prerequisites.track("workspace", second["workspaceId"])
    checks.unique_slug(exchange, first["slug"], second.get("slug"))
    read = api.client.post("/v1/workspaces/get", {"workspaceId": second["workspaceId"]})
    answered = checks.accepted_answer(read)
    checks.workspace_defaults(read, dict.fromkeys(FLAGS, False), {k: answered.get(k) for k in FLAGS})
