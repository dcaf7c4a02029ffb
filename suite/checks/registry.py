"""How a behaviour check is written: a small function with a noun name, registered under that name in a
family, that judges one answer (its exchange) against what Airbyte would answer and raises its own failure.

A failure is a record (`Failure`), not a sentence: the check, the operation, what was expected, what came
and the exchange. The report renders it from those fields. Each check raises its own subclass of
`CheckFailure`, so Hypothesis, which tells bugs apart by the exception's type and where it was raised,
keeps two checks' failures apart instead of slipping from one to the other while it shrinks.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any, NoReturn

from suite.client import Exchange
from suite.progress import operation_of

FAMILIES = ("conformance", "refusal", "answers", "round trip", "patch", "lists", "state", "lifecycle", "jobs",
            "refresh", "setup", "generic")


@dataclasses.dataclass(frozen=True, eq=False)
class Failure:
    check: str
    family: str
    title: str
    expected: str
    received: str
    exchange: Exchange | None = None

    @property
    def operation(self) -> str | None:
        return operation_of(self.exchange.path) if self.exchange is not None else None

    def text(self) -> str:
        """The failure as the terminal shows it: title, expected, received, then the exchange."""
        text = f"{self.title}\n  check:    {self.check} ({self.family})\n  expected: {self.expected}\n" \
               f"  received: {self.received}"
        if self.exchange is not None:
            text += "\n" + self.exchange.describe()
        return text


class CheckFailure(AssertionError):
    """What a check raises. Each registered check has a subclass of its own (Check.error)."""

    def __init__(self, failure: Failure):
        self.failure = failure
        super().__init__(failure.text())

    @property
    def title(self) -> str:
        return self.failure.title

    @property
    def exchange(self) -> Exchange | None:
        return self.failure.exchange


@dataclasses.dataclass(frozen=True, eq=False)
class Check:
    name: str
    family: str
    summary: str
    function: Callable[..., Any]
    error: type[CheckFailure]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.function(*args, **kwargs)

    def fail(self, title: str, expected: str, received: str, exchange: Exchange | None = None) -> NoReturn:
        raise self.error(Failure(self.name, self.family, title, expected, received, exchange))

    def equal(self, title: str, expected: object, received: object, exchange: Exchange | None = None) -> None:
        """Fail with `title` unless `received` equals `expected` (both shown as JSON)."""
        if expected != received:
            self.fail(title, _json(expected), _json(received), exchange)


REGISTRY: dict[str, Check] = {}


def check(family: str) -> Callable[[Callable[..., Any]], Check]:
    """Register the decorated function as the check named after it, in `family`."""
    if family not in FAMILIES:
        raise ValueError(f"unknown check family {family!r}; one of {FAMILIES}")

    def register(function: Callable[..., Any]) -> Check:
        name = function.__name__
        if name in REGISTRY:
            raise ValueError(f"two checks are named {name!r}")
        error = type(_camel(name) + "Failure", (CheckFailure,), {"__module__": function.__module__})
        summary = (function.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        REGISTRY[name] = Check(name, family, " ".join(summary.split()), function, error)
        return REGISTRY[name]

    return register


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=repr)
