"""Conformance: every answer has a documented status, is JSON, and its body is valid against the contract of
that status; a valid request is accepted, an invalid one refused cleanly, an unknown id is not found."""

from __future__ import annotations

import copy
import functools
import json
import re
from typing import Any

import contracts
from contracts import Violation, releases
from suite import quirks, release, rules
from suite.checks.registry import check
from suite.client import Exchange


@functools.cache
def _operations_of(release: str) -> dict[str, Any]:
    """Read-only here: one copy of a release's operation table, not a deep copy per response."""
    return contracts.operations()


def _operation(exchange: Exchange) -> dict[str, Any]:
    operation: dict[str, Any] = _operations_of(releases.active())[exchange.path]
    return operation


@check("conformance")
def json_answer(exchange: Exchange) -> object:
    """The answer says it is JSON and is."""
    if "json" not in exchange.content_type:
        json_answer.fail(f"{exchange.path}: response is not JSON", "Content-Type: application/json",
                         f"Content-Type: {exchange.content_type or '(none)'}", exchange)
    try:
        return exchange.json()
    except json.JSONDecodeError as exc:
        json_answer.fail(f"{exchange.path}: response body is not valid JSON", "a JSON document",
                         f"{exc.msg} at char {exc.pos}", exchange)


@check("conformance")
def documented_status(exchange: Exchange) -> None:
    """The status is one the operation table lists (the document's, plus those in DEVIATIONS.md)."""
    documented = {int(s) for s in _operation(exchange)["responses"]}
    if exchange.status not in documented:
        documented_status.fail(f"{exchange.path}: undocumented status {exchange.status}",
                               f"one of {sorted(documented)}", str(exchange.status), exchange)


@check("conformance")
def schema_conformance(exchange: Exchange) -> object:
    """Documented status, JSON content type, body valid against the contract of that status."""
    documented_status(exchange)
    model = _operation(exchange)["responses"][str(exchange.status)]
    if model is None:  # 204: no body
        return None
    body = json_answer(exchange)
    validator = contracts.validator(model)
    if not validator.is_valid(body):
        violations = validator.violations(body)
        if _only_new_fields(exchange, model, violations):
            return _as_the_client_reads(body, violations)
        lines = "\n".join(f"    {v}" for v in violations)
        schema_conformance.fail(f"{exchange.path}: {exchange.status} response violates contract {model}",
                                f"a body valid against contracts/schemas/{model}.json",
                                f"{len(lines.splitlines())} violation(s):\n{lines}", exchange)
    return body


def _only_new_fields(exchange: Exchange, model: str, violations: list[Violation]) -> bool:
    """In compatibility mode a response field the client's release does not know is additive (oasdiff:
    response-optional-property-added, info): noted, not failed. Any other violation still fails."""
    target = release.compatibility()
    if target is None or not violations or any(v.keyword != "additionalProperties" for v in violations):
        return False
    for violation in violations:
        where = re.sub(r"\[\d+\]", "[]", violation.path)
        names = ", ".join(re.findall(r"'([^']+)'", violation.message))
        quirks.ADDITIVE.note(f"{exchange.path} {model} {where}: {names} (new in {target}; unknown to "
                             f"{releases.active()})", exchange, "schema_conformance")
    return True


def _as_the_client_reads(body: Any, violations: list[Violation]) -> Any:
    """The body without the fields the client's release does not know, as a client generated from its document
    reads it: what the checks after this one compare."""
    body = copy.deepcopy(body)
    for violation in violations:
        node = body
        for key, index in re.findall(r"\.([^.\[]+)|\[(\d+)\]", violation.path):
            node = node[int(index)] if index else node[key]
        for name in re.findall(r"'([^']+)'", violation.message):
            node.pop(name, None)
    return body


@check("conformance")
def accepted_answer(exchange: Exchange) -> object:
    """A valid request succeeds, with a conforming body (returned)."""
    if not 200 <= exchange.status < 300:
        accepted_answer.fail(f"{exchange.path}: a valid request was refused",
                             "a 2xx answer (the request is valid against the contract and Airbyte's rules)",
                             f"{exchange.status}", exchange)
    return schema_conformance(exchange)


@check("conformance")
def clean_refusal(exchange: Exchange, why: str) -> object:
    """An invalid request gets a 4xx with an error body; never a 2xx, never a 5xx."""
    if exchange.status >= 500:
        clean_refusal.fail(f"{exchange.path}: server error on invalid input ({why})",
                           "a 4xx answer with an error body", f"{exchange.status}", exchange)
    if exchange.status < 400:
        clean_refusal.fail(f"{exchange.path}: invalid input was accepted ({why})", "a 4xx answer",
                           f"{exchange.status}", exchange)
    return schema_conformance(exchange)


@check("conformance")
def no_server_error(exchange: Exchange, why: str) -> None:
    """Input whose fate Airbyte leaves open (it may accept or refuse it) never gets a 5xx."""
    if exchange.status >= 500:
        no_server_error.fail(f"{exchange.path}: server error ({why})", "any answer but a 5xx",
                             str(exchange.status), exchange)
    schema_conformance(exchange)


@check("conformance")
def not_found_answer(exchange: Exchange) -> object:
    """An unknown id is answered 404 with a NotFoundKnownExceptionInfo body."""
    if exchange.status != 404:
        not_found_answer.fail(f"{exchange.path}: unknown id not reported as missing",
                              "404 with a NotFoundKnownExceptionInfo body", str(exchange.status), exchange)
    return schema_conformance(exchange)


@check("conformance")
def airbyte_not_found_message(exchange: Exchange, what: str, ident: str) -> object:
    """A 404 whose body is Airbyte's, for an unknown `what` (connection, source, destination).

    v0.42.1: ApiHelper.java:29 words a ConfigNotFoundException "Could not find configuration for <KIND>: <id>."
    and IdNotFoundExceptionMapper.java:33 (airbyte-commons-server/.../errors, at 0f4f4a9331) prefixes it with
    "Internal Server Error: ". Clients show this message; the id in it is the one sent, written as a Java
    UUID (lower case). v2.0.0: the body is an errorId alone (suite.rules, error-bodies), which the contract of
    the 404 checks."""
    body = not_found_answer(exchange)
    release = rules.active()
    if release.not_found_prefix is None:
        return body
    kind = release.not_found_kinds[what]
    wanted = f"{release.not_found_prefix}Could not find configuration for {kind}: {ident.lower()}."
    message = body.get("message") if isinstance(body, dict) else None
    if message != wanted:
        airbyte_not_found_message.fail(f"{exchange.path}: the 404 does not say what Airbyte says", repr(wanted),
                                       repr(message), exchange)
    return body


@check("conformance")
def malformed_json_answer(exchange: Exchange) -> object:
    """A body that is not JSON at all gets Airbyte's 422.

    Jackson's JsonParseException is answered by InvalidJsonExceptionHandler: at v0.42.1
    (airbyte-server/.../errors/InvalidJsonExceptionHandler.java:24-31) a KnownExceptionInfo saying
    "Invalid json. ..."; at v2.0.0 (InvalidJsonExceptionHandler.kt:45) an errorId alone, which the contract
    of the 422 checks (suite.rules)."""
    if exchange.status != 422:
        malformed_json_answer.fail(f"{exchange.path}: status for malformed JSON", "422", str(exchange.status),
                                   exchange)
    body = clean_refusal(exchange, "malformed JSON")
    wanted = rules.active().malformed_json_message
    if wanted is None:
        if not isinstance(body, dict) or "errorId" not in body:
            malformed_json_answer.fail(f"{exchange.path}: malformed JSON not reported as Airbyte does",
                                       "an errorId body", repr(body), exchange)
        return body
    if not str(body.get("message", "")).startswith(wanted):
        malformed_json_answer.fail(f"{exchange.path}: malformed JSON not reported as Airbyte does",
                                   f"a message starting {wanted!r}", repr(body.get("message")), exchange)
    return body
