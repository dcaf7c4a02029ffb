"""Credentials held so that no output can show them.

A `Secret`'s repr and str are its redacted form, so a dataclass repr, a failing test's arguments
(pytest, Hypothesis), a log line or an exception message that formats it shows `***`. Only the code
that sends the credential calls `reveal()`; nothing that builds text for people does.
"""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

REDACTED = "***"


class Secret:
    __slots__ = ("_shown", "_value")

    def __init__(self, value: str, shown: str = REDACTED):
        self._value = value
        self._shown = shown

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Secret({self._shown!r})"

    def __str__(self) -> str:
        return self._shown

    def __format__(self, spec: str) -> str:
        return format(self._shown, spec)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash((Secret, self._shown))

    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, memo) -> Secret:
        return self

    def __reduce__(self):
        raise TypeError("a Secret is not pickled: pass the setting's source (option or environment) instead")


def secret_url(url: str) -> Secret:
    """A URL that may carry a password (redis://:pw@host/0): shown with the password as ***."""
    parts = urlsplit(url)
    if parts.password is None:
        return Secret(url, url)
    netloc = parts.netloc.replace(f":{parts.password}@", f":{REDACTED}@")
    return Secret(url, parts._replace(netloc=netloc).geturl())
