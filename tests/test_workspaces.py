"""Workspaces as Airbyte makes them (the setup endpoints every client starts with).

WorkspacesHandler.createWorkspace and generateUniqueSlug at 0f4f4a9331 (`WorkspacesHandler.java:89-123,235-256`):
a second workspace whose name gives a slug already taken gets that slug plus "-" and 8 random letters;
anonymousDataCollection, news, securityUpdates and displaySetupWizard not sent are stored and answered false.
"""

from __future__ import annotations

import re

import pytest

from suite import checks

pytestmark = pytest.mark.writes

FLAGS = ("anonymousDataCollection", "news", "securityUpdates", "displaySetupWizard")


def test_same_name_gets_a_unique_slug_and_flags_default_to_false(api, suite_settings):
    if suite_settings.workspace_id:
        pytest.skip("AIRBYTE_WORKSPACE_ID is set: the suite creates no workspaces")
    name = f"webbackend-contracts {suite_settings.run_id} slug"
    first = api.create_workspace(name)
    exchange = api.client.post("/v1/workspaces/create", {"name": name, "news": False})
    second = checks.accepted_answer(exchange)
    api.prerequisites.track("workspace", second["workspaceId"])
    pattern = re.escape(first["slug"]) + "-[A-Za-z]{8}"
    if re.fullmatch(pattern, second.get("slug") or "") is None:
        raise checks.CheckFailure("a second workspace of the same name: slug not made unique",
                                  f"{first['slug']}-<8 letters>", repr(second.get("slug")), exchange)
    read = api.client.post("/v1/workspaces/get", {"workspaceId": second["workspaceId"]})
    checks.equal("workspace flags not sent (or sent false) are answered false", dict.fromkeys(FLAGS, False),
                 {k: checks.accepted_answer(read).get(k) for k in FLAGS}, read)
