"""Refusal: what the target answers to a body that breaks the contract or Airbyte's rules.

A mistake Airbyte certainly refuses gets a 4xx with an error body; any other may be accepted or refused but
never breaks the server; a 5xx that Airbyte gives for the same body is tolerated as a known quirk by the rule
(suite.policy) that predicts it, and counted (suite.quirks), never passed silently.
"""

from __future__ import annotations

from typing import Any

from strategies import Invalid, Refused
from suite import policy, quirks, rules
from suite.checks.conformance import accepted_answer, clean_refusal, no_server_error, schema_conformance
from suite.checks.registry import check
from suite.client import Exchange


@check("refusal")
def invalid_body_refusal(exchange: Exchange, model: str, bad: Invalid) -> None:
    """A body invalid against the contract: a 4xx where Airbyte certainly refuses it, else anything but an
    unpredicted 5xx; an id Jackson reads as absent is never looked up; an unknown field is never echoed."""
    why = f"{bad.kind} at {bad.path}: {bad.reason}"
    if policy.certainly_refused(model, bad):
        clean_refusal(exchange, why)
        return
    rule = None
    if exchange.status == 500:  # invalid bodies carry random ids: every workspace they name is unknown
        rule = policy.absent_but_dereferenced(model, bad) or policy.operation_in_unknown_workspace(model, bad.payload)
    if rule is not None:
        quirks.note(f"{exchange.path}: {rule}", exchange, invalid_body_refusal.name)
        schema_conformance(exchange)
        return
    if exchange.status == 404 and bad.kind == "bad_uuid" and len(bad.parts) == 1 \
            and policy.absent_but_dereferenced(model, bad) and not policy.names_another_id(exchange, bad):
        invalid_body_refusal.fail(f"{exchange.path}: an id Jackson reads as absent was looked up ({why})",
                                  "no lookup: Airbyte reads null, \"\" and blank ids as no id (500 where it "
                                  "needs one, suite.policy.dereferenced); a refusal (400/422) is clean too",
                                  "404", exchange)
    no_server_error(exchange, why)
    if exchange.status < 300 and bad.kind == "unknown_field" and '"notInTheContract"' in exchange.text:
        invalid_body_refusal.fail(f"{exchange.path}: an unknown request field was echoed back",
                                  "unknown fields ignored (unknown-request-fields-ignored)",
                                  "the response contains it", exchange)


@check("refusal")
def rule_refusal(exchange: Exchange, refused: Refused) -> None:
    """A body valid against the contract that Airbyte's handlers refuse: refused cleanly, or the same 5xx
    Airbyte gives (a known quirk)."""
    why = f"{refused.kind}: {refused.reason}"
    if exchange.status >= 500 and refused.status >= 500:
        quirks.note(f"{exchange.path}: {exchange.status} on {refused.kind}, {refused.source} "
                    "(server-errors-on-client-input)", exchange, rule_refusal.name)
        schema_conformance(exchange)
        return
    clean_refusal(exchange, f"{why} (Airbyte: {refused.status}, {refused.source})")


@check("refusal")
def explained_server_error(exchange: Exchange, model: str | None, payload: object) -> None:
    """A 5xx is a failure unless a rule predicts Airbyte's own 500 for the same body (then a known quirk)."""
    if exchange.status < 500:
        return
    rule = (policy.absent_id_rule(model, payload) or policy.unmapped_value_rule(model, payload)
            if exchange.status == 500 and model else None)
    if rule is None:
        explained_server_error.fail(f"{exchange.path}: server error",
                                    "any answer but a 5xx, or a 500 Airbyte gives for the same body (suite.policy)",
                                    str(exchange.status), exchange)
    quirks.note(f"{exchange.path}: {rule}", exchange, explained_server_error.name)


@check("refusal")
def varchar_limit(exchange: Exchange, payload: dict[str, Any]) -> object:
    """A value over 256 code points for a varchar(256) column: Airbyte's insert fails, and the release decides
    the status (suite.rules over_varchar): 500 at v0.42.1 (StandardSyncPersistence.java:89-96 for connections,
    the operation insert for operations; ApiHelper.java:35-37), 409 at v2.0.0 (ApiHelper.kt:45): noted as a
    known quirk either way. Another refusal (4xx) is clean; a 2xx must keep the value whole (a server that
    truncates loses data): the caller compares what it reads back. Returns the body of a 2xx, else None."""
    fields = policy.over_varchar_limit(payload)
    status, where = rules.active().over_varchar
    if exchange.status == status and fields:
        columns = ", ".join(policy.varchar_column(f) for f in fields)
        quirks.note(f"{exchange.path}: {status} on a value over 256 characters for {columns} (varchar(256); "
                    f"{where}) (varchar-256)", exchange, varchar_limit.name)
        schema_conformance(exchange)
        return None
    if exchange.status >= 300:
        clean_refusal(exchange, f"{', '.join(fields)} over {policy.VARCHAR_LIMIT} characters")
        return None
    return accepted_answer(exchange)
