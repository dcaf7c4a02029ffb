"""The curl line of an exchange sends the request that was sent: method, the headers that matter, the
same body bytes, whether JSON, a form, plain text or a body without a Content-Type. Checked by running
curl against a loopback server that records what arrives, next to what the suite's client sent."""

import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from selftests.suite.conftest import needs
from suite.client import Client
from suite.secrets import Secret
from suite.settings import Settings


class Recorder(BaseHTTPRequestHandler):
    seen: list = []

    def do_POST(self):  # noqa: N802 - the standard library's name
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.seen.append((self.command, self.path, self.headers.get("Content-Type"), self.headers.get("Authorization"),
                          body))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api", Recorder.seen
    server.shutdown()
    server.server_close()


def settings(**auth) -> Settings:
    values = dict(api_url=None, token=None, username=None, password=None, timeout=10, verify_tls=True,
                  rate_limit=0, workspace_id=None, source_definition_id=None, destination_definition_id=None,
                  source_config=None, destination_config=None, server_faults=())
    return Settings(**{**values, **auth})


CASES = {
    "json": dict(body={"workspaceId": "ü \"quoted\" 'single' $HOME `x` \\n", "n": [1, 2.5, None]}),
    "json with a charset": dict(body={"a": 1}, content_type="application/json; charset=utf-8"),
    "form": dict(raw="workspaceId=1&x=%20", content_type="application/x-www-form-urlencoded"),
    "plain text starting with @": dict(raw="@/etc/passwd", content_type="text/plain"),
    "malformed JSON": dict(raw='{"workspaceId": ', content_type="application/json"),
    "a body without Content-Type": dict(raw='{"a": 1}', content_type=None),
    "no body": dict(),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_curl_line_sends_the_same_request(recorder, case):
    needs("curl")
    url, seen = recorder
    client = Client(url, settings(token=Secret("tok")))
    exchange = client.post("/v1/web_backend/connections/list", **CASES[case])
    client.close()
    line = exchange.curl()
    assert "tok" not in line and "Authorization: Bearer ***" in line
    # the user puts their credential in place of ***
    result = subprocess.run(["bash", "-c", line.replace("***", "tok")], capture_output=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert len(seen) == 2
    sent, replayed = seen
    assert replayed == sent
