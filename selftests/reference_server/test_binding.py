"""binding.py at v0.42.1 (this process's contract set): Jackson 2.14's UUID reading."""

from __future__ import annotations

import base64
import uuid

import pytest

from reference_server import binding

IDENT = "6f1c2a9e-0b7d-4c3e-9a51-2d8e7f6a4b10"
MODEL = "WebBackendConnectionRequestBody"


@pytest.mark.parametrize("blank", ["", " ", "\x00\t\x1f"])
def test_what_java_trims_to_nothing_reads_as_null(blank):
    assert binding.bind(MODEL, {"connectionId": blank}) == {}


@pytest.mark.parametrize("text", ["\u00a0", "\u2003" + IDENT])
def test_unicode_spaces_are_not_trimmed(text):
    with pytest.raises(binding.Unbindable):
        binding.bind(MODEL, {"connectionId": text})


def test_padded_base64_reads_but_not_base64url_before_jackson_2_17():
    raw = uuid.UUID(IDENT).bytes
    assert binding.bind(MODEL, {"connectionId": base64.b64encode(raw).decode()}) == {"connectionId": IDENT}
    with pytest.raises(binding.Unbindable):
        binding.bind(MODEL, {"connectionId": base64.urlsafe_b64encode(raw).decode().rstrip("=")})
