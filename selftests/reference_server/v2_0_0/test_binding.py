"""v2.0.0 request binding (binding.py): Jackson 2.19's UUID reading and no bean validation of @Body arguments."""

from __future__ import annotations

import base64
import uuid

import pytest

GET = "/v1/web_backend/connections/get"


def _base64url(ident: str, padded: bool) -> str:
    text = base64.urlsafe_b64encode(uuid.UUID(ident).bytes).decode()
    return text if padded else text.rstrip("=")


@pytest.mark.parametrize("padded", [True, False])
def test_a_base64url_id_names_the_connection(v2, workspace_id, padded):
    made = v2.connection(v2.source(workspace_id), v2.destination(workspace_id))
    spelled = _base64url(made["connectionId"], padded)
    assert v2.call(GET, {"connectionId": spelled})["connectionId"] == made["connectionId"]


@pytest.mark.parametrize("blank", ["", "  ", "\t\n", "\x01\x1f "])
def test_an_id_java_trims_to_nothing_is_no_id(v2, blank):
    v2.call(GET, {"connectionId": blank}, expect=500, model="ErrorIdBody")


def test_a_unicode_space_is_not_trimmed(v2):
    v2.call(GET, {"connectionId": "\u00a0"}, expect=422, model="InvalidInputOrErrorId")


def test_required_fields_are_not_validated_before_the_handler(v2):
    # a missing connectionId reaches the handler (no micronaut-validation-processor at v2.0.0): 500, not a 400
    v2.call(GET, {}, expect=500, model="ErrorIdBody")
