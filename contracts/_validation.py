"""Validators built once per model: a compiled fast path and a detailed report of every violation.

`is_valid` runs jsonschema-rs on the inlined schema (a 16 kB response costs tens of microseconds).
`violations` runs the reference implementation (python-jsonschema with a `referencing` registry) to
report every error with its JSON path; it only runs when something is wrong, or when asked.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass

import jsonschema
import jsonschema_rs

from contracts import _store
from contracts.navigation import NULL, format_path

# Jackson's UUID parser, which Airbyte uses, takes the canonical 8-4-4-4-12 hex form in either case.
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def is_uuid(value: str) -> bool:
    return bool(_UUID.match(value))


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S*$")


def _date(value: str) -> bool:
    try:
        return bool(_DATE.match(value)) and bool(datetime.date.fromisoformat(value))
    except ValueError:
        return False


def _date_time(value: str) -> bool:
    try:
        return bool(_DATE_TIME.match(value)) and bool(datetime.datetime.fromisoformat(value.replace("z", "Z")))
    except ValueError:
        return False


# The formats the contracts use, each checked the same way by both validators (jsonschema-rs would check
# more strictly than python-jsonschema, which skips date-time and uri without optional packages, and a value
# refused by one only would be a violation with no details). Lenient where Airbyte promises no more: an
# email is only something with an "@" (python-jsonschema's own rule). jsonschema-rs checks formats of strings
# only, so "int64" (on integers) is left unchecked by both.
STRING_FORMATS = {"uuid": is_uuid, "date": _date, "date-time": _date_time, "email": lambda v: "@" in v,
                  "uri": lambda v: bool(_URI.match(v))}


_FORMATS = jsonschema.FormatChecker(formats=())
for _name, _rule in STRING_FORMATS.items():
    _FORMATS.checks(_name)(lambda value, rule=_rule: not isinstance(value, str) or rule(value))


@dataclass(frozen=True)
class Violation:
    path: str  # JSONPath-like location in the instance, e.g. $.syncCatalog.streams[0].config.syncMode
    message: str
    keyword: str  # the schema keyword that failed: type, required, enum, format, ...

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ContractViolation(AssertionError):
    def __init__(self, model: str, violations: list[Violation]):
        self.model = model
        self.violations = violations
        lines = "\n".join(f"  - {v}" for v in violations)
        super().__init__(f"{len(violations)} violation(s) of contract {model}:\n{lines}")


def _leaves(error: jsonschema.ValidationError):
    """Flatten anyOf/oneOf errors: for `X or null`, the errors against X are the ones that matter."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        branches: dict[int, list] = {}
        for sub in error.context:
            branches.setdefault(sub.schema_path[0], []).append(sub)
        options = error.schema[error.validator]
        real = [i for i in branches if options[i] != NULL]
        if len(real) == 1:
            for sub in branches[real[0]]:
                yield from _leaves(sub)
            return
    yield error


class Validator:
    def __init__(self, name: str):
        self.name = name
        self._fast = jsonschema_rs.Draft7Validator(
            _store.resolved(name), formats=STRING_FORMATS, validate_formats=True
        )
        self._slow = jsonschema.Draft7Validator(
            {"$ref": _store.uri(name)}, registry=_store.registry(), format_checker=_FORMATS
        )

    def is_valid(self, instance) -> bool:
        return self._fast.is_valid(instance)

    def violations(self, instance) -> list[Violation]:
        found = []
        for error in self._slow.iter_errors(instance):
            for leaf in _leaves(error):
                found.append(Violation(format_path(tuple(leaf.absolute_path)), leaf.message, str(leaf.validator)))
        return sorted(found, key=lambda v: (v.path, v.keyword, v.message))

    def check(self, instance) -> None:
        """Raise ContractViolation listing every error, or return quietly."""
        if self.is_valid(instance):
            return
        found = self.violations(instance) or [
            Violation("$", "rejected by the compiled validator only; please report this", "internal")
        ]
        raise ContractViolation(self.name, found)


@functools.cache
def validator(name: str) -> Validator:
    _store.schema(name)  # a clear KeyError for unknown names
    return Validator(name)
