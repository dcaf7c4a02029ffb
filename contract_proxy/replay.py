"""A recorded session replayed against another server (another Airbyte release, a staging instance), and
the answers compared with the recorded ones.

Ids differ between servers: where a recorded answer and the new one hold different UUIDs at the same place,
the recorded id stands for the new one from then on, in later request bodies too. Values that change
from run to run (createdAt, ...) are left out of the comparison. Credentials were never recorded: the
replay sends the ones it is given.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from pathlib import Path

import httpx

from contracts.navigation import format_path
from suite.secrets import REDACTED, Secret

UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
VOLATILE = ("createdAt", "updatedAt", "endedAt", "latestSyncJobCreatedAt")
SENT_AGAIN_BY_HTTPX = ("host", "content-length")


@dataclass(frozen=True)
class Difference:
    number: int  # the exchange in the recording
    operation: str
    where: str  # "status" or a JSON path
    recorded: object
    replayed: object

    def line(self) -> str:
        return (f"#{self.number} {self.operation} {self.where}: recorded {json.dumps(self.recorded)[:200]}, "
                f"now {json.dumps(self.replayed)[:200]}")


def load(path) -> list[dict]:
    try:
        return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, ValueError) as e:
        raise ValueError(f"cannot read the recording {path}: {e}") from None


def _map_ids(text: str, ids: dict) -> str:
    return UUID.sub(lambda m: ids.get(m.group(0).lower(), m.group(0)), text)


def _json(raw: bytes):
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")


def compare(recorded, replayed, ids: dict, parts=(), volatile=VOLATILE) -> list[tuple[str, object, object]]:
    """Differences between two answers, learning id correspondences on the way."""
    if isinstance(recorded, dict) and isinstance(replayed, dict):
        out = []
        for key in sorted(set(recorded) | set(replayed)):
            if key in volatile:
                continue
            if key not in recorded or key not in replayed:
                out.append((format_path([*parts, key]), recorded.get(key, "(absent)"), replayed.get(key, "(absent)")))
            else:
                out += compare(recorded[key], replayed[key], ids, (*parts, key), volatile)
        return out
    if isinstance(recorded, list) and isinstance(replayed, list) and len(recorded) == len(replayed):
        return [d for i, (a, b) in enumerate(zip(recorded, replayed, strict=True))
                for d in compare(a, b, ids, (*parts, i), volatile)]
    if all(isinstance(v, str) and UUID.fullmatch(v) for v in (recorded, replayed)):
        known = ids.setdefault(recorded.lower(), replayed.lower())
        return [] if known == replayed.lower() else [(format_path(parts), recorded, replayed)]
    return [] if recorded == replayed else [(format_path(parts), recorded, replayed)]


def replay(records: list[dict], origin: str, authorization: Secret | None = None,
           timeout: float = 60.0) -> list[Difference]:
    ids: dict[str, str] = {}
    found = []
    with httpx.Client(timeout=timeout) as http:
        for record in records:
            headers = [(k, v) for k, v in record["request_headers"] if k.lower() not in SENT_AGAIN_BY_HTTPX]
            if authorization:
                headers = [(k, v) for k, v in headers if k.lower() != "authorization"]
                headers.append(("Authorization", authorization.reveal()))
            headers = [(k, v) for k, v in headers if v != REDACTED]
            body = _map_ids(base64.b64decode(record["request"]).decode("utf-8", "surrogateescape"), ids)
            query = f"?{record['query']}" if record["query"] else ""
            url = origin.rstrip("/") + _map_ids(record["path"], ids) + query
            answer = http.request(record["method"], url, headers=headers,
                                  content=body.encode("utf-8", "surrogateescape"))
            operation = record["path"]
            if answer.status_code != record["status"]:
                found.append(Difference(record["number"], operation, "status", record["status"], answer.status_code))
                continue
            for where, was, now in compare(_json(base64.b64decode(record["response"])), _json(answer.content), ids):
                found.append(Difference(record["number"], operation, where, was, now))
    return found
