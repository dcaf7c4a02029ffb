"""Small named checks with one shape: check(exchange, ...) raises CheckFailure or returns quietly.

Property tests and the state machine share them; each failure says what was expected, what came, and
carries the exchange (request, response, curl line) so a user can replay it without reading our code.
"""

from __future__ import annotations

import functools
import json

import contracts
from suite.client import Exchange


class CheckFailure(AssertionError):
    def __init__(self, title: str, expected: str, received: str, exchange: Exchange | None = None):
        self.title, self.exchange = title, exchange
        text = f"{title}\n  expected: {expected}\n  received: {received}"
        if exchange is not None:
            text += "\n" + exchange.describe()
        super().__init__(text)


# read-only here: one copy of the operation table, not a deep copy per response
_operations = functools.cache(contracts.operations)


def _operation(exchange: Exchange) -> dict:
    return _operations()[exchange.path]


def json_body(exchange: Exchange):
    if "json" not in exchange.content_type:
        raise CheckFailure(f"{exchange.path}: response is not JSON", "Content-Type: application/json",
                           f"Content-Type: {exchange.content_type or '(none)'}", exchange)
    try:
        return exchange.json()
    except json.JSONDecodeError as exc:
        raise CheckFailure(f"{exchange.path}: response body is not valid JSON", "a JSON document",
                           f"{exc.msg} at char {exc.pos}", exchange) from None


def status_is_documented(exchange: Exchange) -> None:
    """The status is one the operation table lists (the document's, plus those in DEVIATIONS.md)."""
    documented = {int(s) for s in _operation(exchange)["responses"]}
    if exchange.status not in documented:
        raise CheckFailure(f"{exchange.path}: undocumented status {exchange.status}",
                           f"one of {sorted(documented)}",
                           str(exchange.status), exchange)


def response_conformance(exchange: Exchange) -> object:
    """Documented status, JSON content type, body valid against the contract of that status."""
    status_is_documented(exchange)
    model = _operation(exchange)["responses"][str(exchange.status)]
    if model is None:  # 204: no body
        return None
    body = json_body(exchange)
    validator = contracts.validator(model)
    if not validator.is_valid(body):
        lines = "\n".join(f"    {v}" for v in validator.violations(body))
        raise CheckFailure(f"{exchange.path}: {exchange.status} response violates contract {model}",
                           f"a body valid against contracts/schemas/{model}.json",
                           f"{len(lines.splitlines())} violation(s):\n{lines}", exchange)
    return body


def accepted(exchange: Exchange) -> object:
    """A valid request must succeed, with a conforming body."""
    if not 200 <= exchange.status < 300:
        raise CheckFailure(f"{exchange.path}: a valid request was refused",
                           "a 2xx answer (the request is valid against the contract and Airbyte's rules)",
                           f"{exchange.status}", exchange)
    return response_conformance(exchange)


def rejected_cleanly(exchange: Exchange, why: str) -> object:
    """An invalid request gets a 4xx with an error body; never a 2xx, never a 5xx."""
    if exchange.status >= 500:
        raise CheckFailure(f"{exchange.path}: server error on invalid input ({why})",
                           "a 4xx answer with an error body", f"{exchange.status}", exchange)
    if exchange.status < 400:
        raise CheckFailure(f"{exchange.path}: invalid input was accepted ({why})",
                           "a 4xx answer", f"{exchange.status}", exchange)
    return response_conformance(exchange)


def never_server_error(exchange: Exchange, why: str) -> None:
    """Input whose fate Airbyte leaves open (it may accept or refuse it) must still never give a 5xx."""
    if exchange.status >= 500:
        raise CheckFailure(f"{exchange.path}: server error ({why})", "any answer but a 5xx",
                           str(exchange.status), exchange)
    response_conformance(exchange)


def not_found(exchange: Exchange) -> object:
    if exchange.status != 404:
        raise CheckFailure(f"{exchange.path}: unknown id not reported as missing", "404 with a "
                           "NotFoundKnownExceptionInfo body", str(exchange.status), exchange)
    return response_conformance(exchange)


def equal(title: str, expected, received, exchange: Exchange | None = None) -> None:
    if expected != received:
        raise CheckFailure(title, json.dumps(expected, ensure_ascii=False, sort_keys=True),
                           json.dumps(received, ensure_ascii=False, sort_keys=True), exchange)


def not_found_as_airbyte_words_it(exchange: Exchange, kind: str, ident: str) -> object:
    """A 404 whose message is Airbyte's: ApiHelper.java:29 words a ConfigNotFoundException "Could not find
    configuration for <KIND>: <id>." and IdNotFoundExceptionMapper.java:33 (airbyte-commons-server/.../errors,
    at 0f4f4a9331) prefixes it with "Internal Server Error: ". Clients show this message; the id in it is the
    one sent, written as a Java UUID (lower case)."""
    body = not_found(exchange)
    wanted = f"Internal Server Error: Could not find configuration for {kind}: {ident.lower()}."
    message = body.get("message") if isinstance(body, dict) else None
    if message != wanted:
        raise CheckFailure(f"{exchange.path}: the 404 does not say what Airbyte says", repr(wanted),
                           repr(message), exchange)
    return body
