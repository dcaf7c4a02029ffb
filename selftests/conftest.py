"""Shared fixtures of the project's own tests (never part of a run against a target)."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PINNED_DOCUMENT_CANDIDATES = [
    os.environ.get("AIRBYTE_REFERENCE_DOCUMENT", ""),
    str(REPO.parent / "shared" / "reference" / "airbyte-config-api.yaml"),
]


@pytest.fixture(scope="session")
def pinned_document_path() -> Path:
    """Airbyte's OpenAPI document at the pinned commit; not shipped with the project (its prose is not ours)."""
    for candidate in PINNED_DOCUMENT_CANDIDATES:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    message = (
        "Airbyte's pinned OpenAPI document (platform 0f4f4a9331, airbyte-config-api.yaml) was not found: "
        "set AIRBYTE_REFERENCE_DOCUMENT to its path"
    )
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def pinned_document(pinned_document_path):
    import yaml

    return yaml.safe_load(pinned_document_path.read_text(encoding="utf-8"))
