"""Answers: what one operation answers about what exists (or does not), beyond conformance."""

from __future__ import annotations

from suite import policy, quirks
from suite.checks.conformance import accepted_answer, clean_refusal, not_found_answer, schema_conformance
from suite.checks.registry import check
from suite.client import Exchange


@check("answers")
def geographies_answer(exchange: Exchange) -> object:
    """geographies/list lists auto (every Airbyte does: WebBackendGeographiesHandler) and no value twice."""
    body = accepted_answer(exchange)
    values = body["geographies"]
    if "auto" not in values:
        geographies_answer.fail("geographies/list lacks auto", "a list containing 'auto'", str(values), exchange)
    geographies_answer.equal("geographies/list repeats a value", sorted(set(values)), sorted(values), exchange)
    return body


@check("answers")
def update_counts(exchange: Exchange) -> object:
    """check_updates answers counts, never negative."""
    body = accepted_answer(exchange)
    for key in ("sourceDefinitions", "destinationDefinitions"):
        if body[key] < 0:
            update_counts.fail(f"check_updates: negative {key}", "a count >= 0", str(body[key]), exchange)
    return body


@check("answers")
def unlooked_up_answer(exchange: Exchange, expected: object, what: str) -> None:
    """An id Airbyte does not look up gets the answer for nothing stored (deviation unknown-ids-answer-200);
    a 404 is a reasonable answer too, anything else is not."""
    if exchange.status == 404:
        not_found_answer(exchange)
        return
    unlooked_up_answer.equal(what, expected, accepted_answer(exchange), exchange)


@check("answers")
def absent_id_answer(exchange: Exchange, model: str, expected: object, what: str) -> None:
    """A null, "" or blank id is read as no id: the release's answer for none (200 with `expected`), or, where
    the release dereferences the id (`expected` None: suite.rules, ids-read-as-absent), Airbyte's 500, noted as
    a known quirk. A refusal (400/422) is clean too; a lookup (404) or any other 5xx is not."""
    if exchange.status in (400, 422):
        clean_refusal(exchange, what)
        return
    if expected is None:
        rule = policy.absent_id_rule(model, exchange.body) if exchange.status == 500 else None
        if rule is None:
            absent_id_answer.fail(f"{exchange.path} with {what} (read as no id)",
                                  "Airbyte's 500 (the id is dereferenced) or a clean refusal (400/422)",
                                  str(exchange.status), exchange)
        quirks.note(f"{exchange.path}: {rule}", exchange, absent_id_answer.name)
        schema_conformance(exchange)
        return
    if not 200 <= exchange.status < 300:  # named as this check: the answer to an id read as absent changed
        absent_id_answer.fail(f"{exchange.path} with {what} (read as no id)", f"200 with {expected}",
                              str(exchange.status), exchange)
    absent_id_answer.equal(f"{exchange.path} with {what} (read as no id)", expected, accepted_answer(exchange),
                           exchange)


@check("state")
def state_type_answer(exchange: Exchange, expected: str, when: str) -> None:
    """state/get_type answers the type of the stored state: not_set without one, else legacy, stream or
    global (StateHandler, StatePersistence.getCurrentState, StateConverter)."""
    state_type_answer.equal(f"state/get_type {when}", expected, accepted_answer(exchange), exchange)


@check("state")
def stored_state_answer(exchange: Exchange, expected: str) -> None:
    """state/create_or_update answers the type of the state it stored."""
    stored_state_answer.equal("state/create_or_update answered the wrong type", expected,
                              accepted_answer(exchange)["stateType"], exchange)
