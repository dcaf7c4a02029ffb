"""pytest-xdist: two workers share the one embedded server the controller started, each creates and
deletes its own prerequisites, and the run passes and leaves nothing behind."""

import json
import sqlite3

from selftests.suite.runs import run_suite, summary


def test_two_workers_share_one_server_pass_and_leave_nothing_behind(tmp_path):
    server_db, report = tmp_path / "server.sqlite", tmp_path / "report"
    result = run_suite("-n", "2", f"--reference-server-db={server_db}", f"--airbyte-report={report}", profile="ci")
    assert result.returncode == 0, result.stdout[-4000:]
    data = summary(report)
    assert data["workers"] == 2 and data["tests"].get("failed", 0) == 0 and data["tests"]["passed"] > 50
    assert data["failures"] == [] and data["cleanup_problems"] == [] and data["verdict"] == "passed"
    # one server for both workers: the controller's (a worker that started its own would add a second URL)
    assert len(data["target_urls"]) == 1, data["target_urls"]
    with sqlite3.connect(server_db) as db:
        names = [json.loads(doc)["name"] for (doc,) in db.execute("SELECT doc FROM workspaces")]
        # each worker made its own prerequisites, named with the run id and its worker id (and the controller
        # proved once, before the workers began, that the run can set up: "check")
        run_ids = {name.split()[1] for name in names}
        assert {run_id.rsplit("-", 1)[1] for run_id in run_ids} == {"gw0", "gw1", "check"}
        assert {run_id.rsplit("-", 1)[0] for run_id in run_ids} == {data["run_id"]}
        left = {
            "workspaces": db.execute("SELECT count(*) FROM workspaces WHERE tombstone = 0").fetchone()[0],
            "sources": db.execute("SELECT count(*) FROM sources WHERE tombstone = 0").fetchone()[0],
            "destinations": db.execute("SELECT count(*) FROM destinations WHERE tombstone = 0").fetchone()[0],
            "operations": db.execute("SELECT count(*) FROM operations WHERE tombstone = 0").fetchone()[0],
            "connections": db.execute(
                "SELECT count(*) FROM connections WHERE status IS NOT 'deprecated'").fetchone()[0],
        }
    assert left == dict.fromkeys(left, 0)
    # the controller added up both workers' records
    assert data["operations"]["/v1/web_backend/connections/create"]["examples"] > 0
    assert data["enum_values_sent"] == data["enum_values_total"]
