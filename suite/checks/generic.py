"""Generic: schemathesis' own checks of an answer (documented status, content type, response schema), judged
on the suite's exchange so a failure shows the suite's redacted replay, not schemathesis' own. Its
not_a_server_error is replaced by the refusal family's explained_server_error."""

from __future__ import annotations

from typing import Any

from schemathesis import Case
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from suite.checks.registry import check
from suite.client import Exchange

SCHEMATHESIS_CHECKS = [status_code_conformance, content_type_conformance, response_schema_conformance]


@check("generic")
def schemathesis_conformance(exchange: Exchange, case: Case[Any]) -> None:
    """Every generic check of schemathesis passes for the answer to `case` (a schemathesis Case)."""
    try:
        case.validate_response(exchange.response, checks=SCHEMATHESIS_CHECKS)
    except (FailureGroup, Failure) as failure:
        schemathesis_conformance.fail(f"{exchange.path}: schemathesis' checks failed", "every generic check passes",
                                      _failures(failure), exchange)


def _failures(error: FailureGroup | Failure) -> str:
    found = error.exceptions if isinstance(error, FailureGroup) else (error,)
    return "; ".join(" ".join(f"{f.title}: {f.message}".split()) for f in found)
