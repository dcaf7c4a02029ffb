"""What a proxy session saw and found: live lines, summary.json, report.md, JUnit XML, and a recording."""

from __future__ import annotations

import base64
import json
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from contract_proxy.checker import Checker, operation_of
from contract_proxy.findings import SEVERITIES, Finding, at_least
from suite.client import REPLAYED_HEADERS, curl_line
from suite.secrets import REDACTED

SECRET_HEADERS = ("authorization", "cookie", "x-api-key")


@dataclass
class Seen:
    method: str
    path: str
    query: str
    request_headers: list  # [(name, value)] as the client sent them
    request: bytes
    status: int
    response_headers: list
    response: bytes
    seconds: float
    url: str = ""  # where it went upstream
    number: int = 0

    def auth_scheme(self) -> str | None:
        value = next((v for k, v in self.request_headers if k.lower() == "authorization"), "")
        return value.split(" ", 1)[0] or None

    def curl(self) -> str:
        headers = [(k.lower(), v) for k, v in self.request_headers if k.lower() in REPLAYED_HEADERS]
        return curl_line(self.method, self.url, headers, self.request or None, self.auth_scheme())

    def recorded(self) -> dict:
        """The exchange as a JSON line, credentials redacted: a replayable example."""
        def redact(headers):
            return [[k, REDACTED if k.lower() in SECRET_HEADERS else v] for k, v in headers]
        return {"number": self.number, "method": self.method, "path": self.path, "query": self.query,
                "request_headers": redact(self.request_headers),
                "request": base64.b64encode(self.request).decode(), "status": self.status,
                "response_headers": redact(self.response_headers),
                "response": base64.b64encode(self.response).decode(), "seconds": round(self.seconds, 6)}


@dataclass
class Session:
    upstream: str
    live: object = sys.stderr  # where findings are printed as they happen (None: quiet)
    record: Path | None = None
    checker: Checker = field(default_factory=Checker)
    findings: list[Finding] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.time)
    count: int = 0

    def __post_init__(self):
        self.lock = threading.Lock()
        self.examples: dict[int, Seen] = {}  # the first exchange behind each kind of finding
        if self.record:
            Path(self.record).write_text("", encoding="utf-8")

    def observe(self, seen: Seen, decoded_response: bytes) -> list[Finding]:
        with self.lock:
            self.count += 1
            seen.number = self.count
            self.statuses[(operation_of(seen.path) or seen.path, seen.status)] += 1
            found = [_numbered(f, seen.number) for f in
                     self.checker.check(seen.method, seen.path, seen.request, seen.status, decoded_response)]
            self.findings += found
            if found:
                self.examples[seen.number] = seen
            if self.record:
                with open(self.record, "a", encoding="utf-8") as out:
                    out.write(json.dumps(seen.recorded()) + "\n")
        if self.live:
            for finding in found:
                print(f"proxy: {finding.line()}", file=self.live, flush=True)
        return found

    def problem(self, message: str) -> None:
        with self.lock:
            self.problems.append(message)
        if self.live:
            print(f"proxy: {message}", file=self.live, flush=True)

    def worst(self) -> str | None:
        return max((f.severity for f in self.findings), key=SEVERITIES.index, default=None)

    def fails(self, threshold: str) -> bool:
        return bool(self.problems) or any(at_least(f.severity, threshold) for f in self.findings)

    def as_dict(self) -> dict:
        counts = Counter(f.severity for f in self.findings)
        operations: dict[str, dict] = {}
        for (operation, status), n in sorted(self.statuses.items()):
            operations.setdefault(operation, {})[str(status)] = n
        return {"upstream": self.upstream, "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.started)),
                "seconds": round(time.time() - self.started, 1), "exchanges": self.count,
                "findings_by_severity": {s: counts.get(s, 0) for s in SEVERITIES},
                "findings_by_rule": dict(Counter(f.rule for f in self.findings)), "operations": operations,
                "upstream_problems": self.problems, "findings": [f.as_dict() for f in self.findings],
                "exchanges_with_findings": {n: s.curl() for n, s in self.examples.items()}}

    def write(self, directory) -> list[Path]:
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        data = self.as_dict()
        paths = [out / "summary.json", out / "report.md", out / "junit.xml"]
        paths[0].write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        paths[1].write_text(render_markdown(data, self.examples), encoding="utf-8")
        paths[2].write_bytes(render_junit(data))
        return paths


def _numbered(finding: Finding, number: int) -> Finding:
    return Finding(**{**finding.as_dict(), "exchange": number})


def render_markdown(data: dict, examples: dict) -> str:
    counts = ", ".join(f"{n} {s}" for s, n in data["findings_by_severity"].items())
    lines = [f"# Contract proxy session: {len(data['findings'])} findings ({counts})", "",
             f"- upstream: {data['upstream']}", f"- started {data['started']}, {data['seconds']} s, "
             f"{data['exchanges']} exchanges", "", "## Operations", "",
             "| operation | status codes seen |", "|---|---|"]
    lines += [f"| `{op}` | {', '.join(f'{s} x{n}' for s, n in st.items())} |" for op, st in data["operations"].items()]
    lines += ["", "## Findings", ""]
    if not data["findings"]:
        lines.append("None.")
    for f in data["findings"]:
        lines += [f"### {f['severity']}: {f['rule']} at `{f['path']}` ({f['operation']}, exchange {f['exchange']})", "",
                  f"- {f['message']}", f"- Airbyte: {f['airbyte']}", f"- rule: {f['citation']}", ""]
        seen = examples.get(f["exchange"])
        if seen:
            lines += ["```", seen.curl(), f"# answered {seen.status}", "```", ""]
    for problem in data["upstream_problems"]:
        lines.append(f"- upstream problem: {problem}")
    return "\n".join(lines).rstrip() + "\n"


def render_junit(data: dict) -> bytes:
    """A test case per finding of warning or worse (failed), and one per operation seen without one (passed):
    one failure per case, as every CI reader takes it."""
    suite = ElementTree.Element("testsuite", name="contract-proxy")
    failing = [f for f in data["findings"] if f["severity"] != "info"]
    for f in failing:
        case = ElementTree.SubElement(suite, "testcase", classname=f"contract_proxy.{f['operation']}",
                                      name=f"exchange {f['exchange']} {f['direction']} {f['path']} {f['rule']}")
        failure = ElementTree.SubElement(case, "failure", type=f["rule"],
                                         message=f"{f['severity']} {f['path']}: {f['message']}")
        failure.text = f"Airbyte: {f['airbyte']}\nrule: {f['citation']}\nexchange: {f['exchange']}"
    flagged = {f["operation"] for f in failing}
    for operation in data["operations"]:
        if operation not in flagged:
            ElementTree.SubElement(suite, "testcase", classname=f"contract_proxy.{operation}", name="no finding")
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(len(failing)))
    return ElementTree.tostring(suite, encoding="utf-8", xml_declaration=True)
