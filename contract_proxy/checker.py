"""Judging one exchange: the request in strict mode, update semantics, and the answer against its contract."""

from __future__ import annotations

import functools
import json

import contracts
from contract_proxy import patch, strict
from contract_proxy.findings import Finding

INVALID_JSON = ("airbyte-server/src/main/java/io/airbyte/server/errors/InvalidJsonExceptionHandler.java:24-31 "
                "(contracts/DEVIATIONS.md#error-bodies)")
_operations = functools.cache(contracts.operations)


def operation_of(path: str) -> str | None:
    """The contract's operation for a request path under any API root (/api/v1/... -> /v1/...)."""
    at = path.find("/v1/")
    operation = path[at:].rstrip("/") if at >= 0 else None
    return operation if operation in _operations() else None


def _decode(raw: bytes):
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return _UNREADABLE


_UNREADABLE = object()


class Checker:
    def __init__(self):
        self.memory = patch.Memory()

    def check(self, method: str, path: str, request: bytes, status: int, response: bytes) -> list[Finding]:
        operation = operation_of(path)
        if operation is None:
            return []
        entry = _operations()[operation]
        found = self.request(operation, entry, request)
        answer = _decode(response) if response else None
        found += self.response(operation, entry, status, answer)
        if answer is not _UNREADABLE:
            self.memory.observe(operation, status, answer)
        return found

    def request(self, operation: str, entry: dict, raw: bytes) -> list[Finding]:
        model = entry.get("request")
        if model is None or not raw:
            return []
        body = _decode(raw)
        if body is _UNREADABLE:
            return [Finding("error", "unreadable-json", operation, "$", "the body is not JSON", "422 Invalid json",
                            INVALID_JSON)]
        found = strict.check(operation, model, body)
        if operation == patch.UPDATE:
            found += patch.check(body, self.memory)
        return found

    def response(self, operation: str, entry: dict, status: int, answer) -> list[Finding]:
        responses = entry["responses"]
        if str(status) not in responses:
            return [Finding("warning", "undocumented-status", operation, "$", f"status {status} is not in the "
                            f"contract ({', '.join(responses)})", "-", "contracts/operations.json", "response")]
        model = responses[str(status)]
        if model is None:
            return []
        if answer is _UNREADABLE or answer is None:
            return [Finding("error", "response-contract", operation, "$", "the answer is not JSON", "-",
                            f"contracts/schemas/{model}.json", "response")]
        validator = contracts.validator(model)
        if validator.is_valid(answer):
            return []
        return [Finding("error", "response-contract", operation, v.path, v.message, "-",
                        f"contracts/schemas/{model}.json", "response") for v in validator.violations(answer)]
