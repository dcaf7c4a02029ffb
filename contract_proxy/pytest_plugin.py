"""A pytest fixture that puts the proxy between a client's own test suite and its Airbyte.

In the client's conftest.py: `pytest_plugins = ["contract_proxy.pytest_plugin"]`; in its tests, point the
client at `contract_proxy.url` (the upstream's API root, proxied). At the end of the run the findings are
summed up on the terminal, written with --contract-proxy-report=DIR, and the run fails (exit status 1)
when a finding of --contract-proxy-fail-on severity or worse was made, even if every test passed.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest

from contract_proxy.findings import SEVERITIES
from contract_proxy.server import Unreachable, running
from contract_proxy.session import Session

_SESSION = pytest.StashKey[Session]()


def pytest_addoption(parser):
    group = parser.getgroup("contract-proxy")
    group.addoption("--contract-proxy-upstream", default=os.environ.get("CONTRACT_PROXY_UPSTREAM"),
                    help="the Airbyte API root the client's tests talk to (default: $CONTRACT_PROXY_UPSTREAM)")
    group.addoption("--contract-proxy-report", default=os.environ.get("CONTRACT_PROXY_REPORT"), metavar="DIR",
                    help="write summary.json, report.md and junit.xml of the proxy's findings here")
    group.addoption("--contract-proxy-fail-on", default=os.environ.get("CONTRACT_PROXY_FAIL_ON", "error"),
                    choices=(*SEVERITIES, "never"), help="fail the run on findings of this severity or worse")


@pytest.fixture(scope="session")
def contract_proxy(request):
    """The proxy (url, session) in front of --contract-proxy-upstream for the whole run."""
    upstream = request.config.getoption("--contract-proxy-upstream")
    if not upstream:
        raise pytest.UsageError("contract_proxy: give --contract-proxy-upstream URL or set CONTRACT_PROXY_UPSTREAM")
    parts = urlsplit(upstream.rstrip("/"))
    origin = f"{parts.scheme}://{parts.netloc}"
    session = Session(origin, live=None)
    request.config.stash[_SESSION] = session
    try:
        with running(origin, session, root=parts.path) as front:
            yield front
    except Unreachable as e:
        pytest.exit(f"contract_proxy: {e}", returncode=20)


def pytest_terminal_summary(terminalreporter, config):
    session = config.stash.get(_SESSION, None)
    if session is None:
        return
    terminalreporter.section("contract proxy")
    for finding in session.findings:
        terminalreporter.line(finding.line(), red=finding.severity == "error")
    data = session.as_dict()
    terminalreporter.line(f"{data['exchanges']} exchanges; findings: "
                          + ", ".join(f"{n} {s}" for s, n in data["findings_by_severity"].items()))
    directory = config.getoption("--contract-proxy-report")
    if directory:
        for path in session.write(directory):
            terminalreporter.line(f"wrote {path}")


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    proxy_session = session.config.stash.get(_SESSION, None)
    threshold = session.config.getoption("--contract-proxy-fail-on")
    if proxy_session and threshold != "never" and exitstatus == 0 and proxy_session.fails(threshold):
        session.exitstatus = 1
