import json
from pathlib import Path

import pytest

import contracts

CASES = json.loads((Path(__file__).parent / "wire_payloads.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_wire_payload(case):
    validator = contracts.validator(case["model"])
    assert validator.is_valid(case["payload"]) is case["valid"]
    found = sorted([v.path, v.keyword] for v in validator.violations(case["payload"]))
    assert found == sorted(case.get("violations", []))
