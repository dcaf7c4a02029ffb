"""Fixtures for the tests of the suite's plumbing: a reference server started apart from the suite (as a
user's own server would be), and a real redis-server, both on loopback."""

import os
import shutil
import socket
import subprocess
import sys
import time

import pytest


def needs(binary: str) -> str:
    """The path of a program a test needs; skipped where it is missing, but a failure in CI (.ci/run installs
    it), so a CI run never passes without the test."""
    path = shutil.which(binary)
    if path is None:
        message = f"{binary} is not installed (apt-get install {binary}; .ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def start_server(tmp_path):
    """Start `python -m reference_server` with the given arguments (auth, faults); return its API root.
    Every server started is stopped after the test."""
    started = []

    def start(*args: str) -> str:
        port_file = tmp_path / f"server-port-{len(started)}"
        process = subprocess.Popen([sys.executable, "-m", "reference_server", "--port", "0", "--port-file",
                                    str(port_file), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started.append(process)
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().strip().isdigit()):
            assert time.monotonic() < deadline and process.poll() is None, "the reference server did not start"
            time.sleep(0.05)
        return f"http://127.0.0.1:{port_file.read_text().strip()}/api"

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    """A redis-server of its own, on loopback, keeping nothing on disk; its URL."""
    binary = needs("redis-server")
    port = _free_port()
    process = subprocess.Popen([binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                                "--appendonly", "no", "--dir", str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            assert process.poll() is None and time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    client.close()
    process.terminate()
    process.wait(timeout=10)
