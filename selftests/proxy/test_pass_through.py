"""The proxy changes nothing: the upstream receives the client's request byte for byte (but hop-by-hop
headers), and the client receives the upstream's answer byte for byte; and its command line ends in one
line for bad input."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import threading

import httpx
import pytest
import uvicorn

from contract_proxy.server import running as proxy
from contract_proxy.session import Session

ODD_BODY = b'{"connectionId": "11111111-1111-1111-1111-111111111111" ,\n "x":"\xc3\xa9\\u00e9", "n": 1.50}'
ANSWER = b'{"status":  "odd spacing kept",\t"n": 1.0e0}'


async def echo(scope, receive, send):
    """An upstream that answers with what it received, in a header, and a body of odd but valid JSON."""
    if scope["type"] != "http":
        return
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    seen = {"method": scope["method"], "path": scope["raw_path"].decode(), "query": scope["query_string"].decode(),
            "headers": [[k.decode(), v.decode()] for k, v in scope["headers"]],
            "body": base64.b64encode(body).decode()}
    shown = b"" if scope["query_string"] == b"quiet" else json.dumps(seen).encode()  # quiet: echo no secret
    await send({"type": "http.response.start", "status": 418, "headers": [
        (b"content-type", b"application/json; charset=utf-8"), (b"x-seen", shown),
        (b"x-repeated", b"one"), (b"x-repeated", b"two"), (b"set-cookie", b"a=b; Path=/")]})
    await send({"type": "http.response.body", "body": ANSWER})


@pytest.fixture(scope="module")
def upstream():
    server = uvicorn.Server(uvicorn.Config(echo, host="127.0.0.1", port=0, log_level="warning", lifespan="off",
                                          server_header=False, date_header=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        thread.join(0.01)
    yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    server.should_exit = True
    thread.join(5)


def test_request_and_answer_pass_through_unchanged(upstream):
    headers = [("Content-Type", "application/json"), ("Authorization", "Bearer s3cret"), ("X-Custom", "A b"),
               ("X-Custom", "second"), ("Accept", "*/*")]
    with proxy(upstream, Session(upstream, live=None)) as front:
        response = httpx.post(front.url + "/api/v1/web_backend/connections/get?a=1&b=%20x", content=ODD_BODY,
                              headers=headers)
    seen = json.loads(response.headers["x-seen"])
    assert seen["method"] == "POST" and seen["path"] == "/api/v1/web_backend/connections/get"
    assert seen["query"] == "a=1&b=%20x"
    assert base64.b64decode(seen["body"]) == ODD_BODY
    sent = [(k.lower(), v) for k, v in headers]
    forwarded = [(k, v) for k, v in seen["headers"] if k in {name for name, _ in sent}]
    assert forwarded == sent  # same values, same order, repeated headers kept
    assert response.status_code == 418 and response.content == ANSWER
    assert response.headers.get_list("x-repeated") == ["one", "two"]
    assert response.headers["set-cookie"] == "a=b; Path=/"
    assert "server" not in response.headers and "date" not in response.headers  # none of the proxy's own
    undocumented = [f for f in front.session.findings if f.rule == "undocumented-status"]
    assert undocumented and undocumented[0].direction == "response"


def test_credentials_never_appear_in_a_recording(upstream, tmp_path):
    record = tmp_path / "session.jsonl"
    with proxy(upstream, Session(upstream, live=None, record=record)) as front:
        httpx.post(front.url + "/api/v1/web_backend/connections/get?quiet", content=b"{}",
                   headers={"Authorization": "Bearer s3cret", "Content-Type": "application/json"})
        paths = front.session.write(tmp_path / "report")
    assert "s3cret" not in record.read_text()
    assert all("s3cret" not in path.read_text() for path in paths)
    assert "Authorization: Bearer ***" in (tmp_path / "report" / "report.md").read_text()


def _cli(*args, timeout=30):
    return subprocess.run([sys.executable, "-m", "contract_proxy", *args], capture_output=True, text=True,
                          timeout=timeout)


def test_an_unreachable_upstream_is_one_line_and_status_20():
    done = _cli("--upstream", "http://127.0.0.1:9/api")
    assert done.returncode == 20
    assert done.stderr.count("\n") == 1 and "does not answer" in done.stderr and "Traceback" not in done.stderr


def test_a_bad_option_is_one_line():
    done = _cli("--upstream", "ftp://x")
    assert done.returncode == 2 and "not an http(s) URL: 'ftp://x'" in done.stderr and "Traceback" not in done.stderr


def test_a_failing_rule_never_breaks_the_clients_traffic(upstream, monkeypatch):
    session = Session(upstream, live=None)

    def broken(*_):
        raise RuntimeError("a rule's bug")
    monkeypatch.setattr(session.checker, "check", broken)
    with proxy(upstream, session) as front:
        response = httpx.post(front.url + "/api/v1/web_backend/connections/get?quiet", content=b"{}")
    assert response.status_code == 418 and response.content == ANSWER
    assert session.problems == ["exchange 1: the checker failed (RuntimeError: a rule's bug); please report it"]
    assert session.fails("error")


def test_sigterm_ends_the_session_with_its_report_and_status(upstream, tmp_path):
    import signal
    import socket
    import time
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "contract_proxy", "--upstream", upstream + "/api", "--port",
                             str(port), f"--report={tmp_path}"], stderr=subprocess.PIPE, text=True)
    for _ in range(200):
        try:
            httpx.post(f"http://127.0.0.1:{port}/api/v1/web_backend/connections/get?quiet", json={"connectionid": 1})
            break
        except httpx.HTTPError:
            time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 1, err  # an error finding was made: --fail-on error
    assert "did you mean 'connectionId'" in (tmp_path / "report.md").read_text()
