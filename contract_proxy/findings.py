"""A finding: one thing a client sent (or a server answered) that the contract or Airbyte's handling flags."""

from __future__ import annotations

from dataclasses import asdict, dataclass

# error: Airbyte loses, refuses or fails on it; warning: Airbyte changes or ignores it, the client may not
# mean that; info: worth knowing, harmless.
SEVERITIES = ("info", "warning", "error")

# Airbyte platform files at commit 0f4f4a9331 (release v0.42.1) that the rules cite.
HANDLERS = "airbyte-commons-server/src/main/java/io/airbyte/commons/server/handlers/"
MAPPERS = "airbyte-commons/src/main/java/io/airbyte/commons/jackson/MoreMappers.java"


@dataclass(frozen=True)
class Finding:
    severity: str
    rule: str  # short name, e.g. unknown-property
    operation: str  # e.g. /v1/web_backend/connections/update
    path: str  # JSON path in the request (or response) body
    message: str
    airbyte: str  # what Airbyte does with it: ignore, coerce, 400, 500, erase, ...
    citation: str  # where Airbyte decides it (path:line at 0f4f4a9331, or the project's DEVIATIONS entry)
    direction: str = "request"  # or "response"
    exchange: int = 0  # the exchange's number in the session

    def line(self) -> str:
        return (f"{self.severity.upper():7s} #{self.exchange} {self.operation} {self.path}: {self.message} "
                f"-> Airbyte: {self.airbyte} [{self.citation}]")

    def as_dict(self) -> dict:
        return asdict(self)


def at_least(severity: str, threshold: str) -> bool:
    return SEVERITIES.index(severity) >= SEVERITIES.index(threshold)
