"""Interrupting a run (Ctrl-C, SIGTERM), even twice or three times: the tests stop, everything the run
created is still deleted, the summary is printed, and nothing ends in a traceback."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def live_objects(server_db: Path) -> dict:
    with sqlite3.connect(server_db) as db:
        count = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "workspaces": count("SELECT count(*) FROM workspaces WHERE tombstone = 0"),
            "sources": count("SELECT count(*) FROM sources WHERE tombstone = 0"),
            "connections": count("SELECT count(*) FROM connections WHERE status IS NOT 'deprecated'"),
        }


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["Ctrl-C", "SIGTERM"])
def test_interrupting_again_and_again_still_cleans_up_and_summarises(tmp_path, signum):
    server_db = tmp_path / "server.sqlite"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRBYTE_", "HYPOTHESIS_"))}
    # a slow run (3 requests a second): tests are under way when the first interrupt comes, and the
    # cleanup takes seconds, so the next interrupts land in it
    process = subprocess.Popen(
        [sys.executable, "-m", "pytest", "tests/test_lists.py", "tests/test_roundtrip.py", "-p", "no:cacheprovider",
         "--hypothesis-profile=dev", "--airbyte-rate-limit=3", "--airbyte-progress=off",
         f"--reference-server-db={server_db}", f"--airbyte-report={tmp_path / 'report'}"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (server_db.exists() and live_objects_or_none(server_db, "connections")):
        assert process.poll() is None and time.monotonic() < deadline, "the run made no connection in time"
        time.sleep(0.5)
    process.send_signal(signum)
    for _ in range(2):
        time.sleep(1.0)
        if process.poll() is None:
            process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=300)
    output = stdout + stderr
    assert process.returncode == 2, output[-3000:]
    assert "Traceback" not in output and "INTERNALERROR" not in output, output[-3000:]
    assert "airbyte: interrupted again" in stderr  # the later interrupts came while it cleaned up
    assert "webBackend contract suite: what this run exercised" in stdout  # the summary
    assert "CLEANUP FAILED" not in stdout
    assert live_objects(server_db) == {"workspaces": 0, "sources": 0, "connections": 0}
    assert (tmp_path / "report" / "report.md").is_file()


def live_objects_or_none(server_db: Path, kind: str):
    try:
        return live_objects(server_db)[kind]
    except sqlite3.Error:  # the server has not made its tables yet
        return None
