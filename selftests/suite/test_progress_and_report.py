"""Progress lines while a run goes and the report at its end: what they count, how workers' records
add up, and what a failure shows."""

from collections import Counter
from types import SimpleNamespace

from suite import progress, report, report_markdown


def exchange(path: str):
    return SimpleNamespace(path=path, body=None, raw=False)


def test_examples_are_counted_per_operation_they_called():
    tally = progress.Tally()
    tally.example_started()
    for path in ("/v1/web_backend/connections/create", "/v1/web_backend/connections/get",
                 "/v1/web_backend/connections/get", "/v1/workspaces/create"):
        tally.observe(exchange(path))
    tally.example_finished()
    assert tally.examples == Counter({"connections/create": 1, "connections/get": 1, "setup": 1})
    assert tally.requests["connections/get"] == 2 and tally.count == 1


def test_progress_lines_name_each_operation_with_its_rate():
    total = progress.add([{"requests": {"connections/get": 30}, "examples": {"connections/get": 10}},
                          {"requests": {"connections/get": 10, "setup": 4}, "failures": {"connections/get": 1}}])
    lines = progress.render(total, elapsed=10.0, workers=2)
    assert lines[0] == "airbyte 0:00:10: 44 requests, 4.4/s, 2 workers"
    get = next(line for line in lines if "connections/get" in line)
    assert "10 examples" in get and "40 requests" in get and "4.0/s" in get and "1 FAILED" in get
    assert lines[-1].strip().startswith("setup")


def test_plain_lines_go_to_the_real_output_and_start_on_a_line_of_their_own(capfd):
    display = progress.Display(live=False, column=lambda: 5)
    display.show(["hidden while paused"])
    display.resume()
    display.show(["line one", "line two"])
    display.close()
    out = capfd.readouterr().out
    assert out == "\nline one\nline two\n"


def test_the_live_display_redraws_in_place_and_gives_the_cursor_back(capfd):
    display = progress.Display(live=True, column=lambda: 7)
    display.resume()
    display.show(["a", "b"])
    display.show(["c", "d"])
    display.pause()
    out = capfd.readouterr().out
    assert out.startswith("\n" + progress.ERASE_LINE + "a\n" + progress.ERASE_LINE + "b")
    assert "\r" + progress.UP + progress.ERASE_LINE + "c" in out  # back up one line, redraw
    assert out.endswith(progress.UP + "\x1b[8G")  # erased, and back at column 8 of pytest's line
    display.close()


def test_workers_records_add_up_in_the_controller():
    first, second = report.RunRecord(), report.RunRecord()
    for record, status in ((first, 200), (second, 404)):
        record.statuses[("/v1/web_backend/connections/get", status)] += 3
        record.enums.record("WebBackendConnectionListRequestBody", {"workspaceId": "x"})
        record.tally.example_started()
        record.tally.observe(exchange("/v1/web_backend/connections/get"))
        record.tally.example_finished()
    first.stopped.append({"test": "t", "examples": 5})
    controller = report.RunRecord()
    controller.merge(first.state())
    controller.merge(second.state())
    assert controller.workers == 2 and controller.examples == 2 and controller.requests == 6
    assert controller.by_operation() == {"/v1/web_backend/connections/get": {200: 3, 404: 3}}
    assert controller.tally.examples["connections/get"] == 2 and controller.stopped == [{"test": "t", "examples": 5}]


def test_the_markdown_report_shows_each_failure_with_its_reproduction():
    record = report.RunRecord()
    record.statuses[("/v1/web_backend/connections/get", 500)] += 1
    failed = SimpleNamespace(when="call", outcome="failed", failed=True, skipped=False, nodeid="tests/t.py::test_x",
                             sections=[("hypothesis seed", "123 (replay: pytest ... --hypothesis-seed=123)")],
                             airbyte_failure={"operation": "connections/get", "message": "get: undocumented 500",
                                              "example": "Falsifying example: test_x(unknown='0')",
                                              "reproduction": "request:  POST http://h/api/v1/web_backend/..."})
    record.observe_report(failed)
    settings = SimpleNamespace(api_url=None, run_id="r1")
    data = record.as_dict(settings, {"profile": "ci", "database": "none", "time_budget": None})
    assert data["tests"] == {"failed": 1}
    assert data["operations"]["/v1/web_backend/connections/get"] == {"statuses": {"500": 1}, "examples": 0,
                                                                     "failed_tests": 1}
    markdown = report_markdown.render_markdown(data)
    assert markdown.startswith("# webBackend contract run r1: FAILED")
    for text in ("### `tests/t.py::test_x`", "operation: `connections/get`", "--hypothesis-seed=123",
                 "get: undocumented 500", "Falsifying example: test_x(unknown='0')", "request:  POST http://h"):
        assert text in markdown


def test_the_verdict_says_how_the_run_ended():
    assert report.verdict([], [], 0) == "passed"
    assert report.verdict([{"test": "t"}], [], 1) == "FAILED"
    assert report.verdict([], [], 2) == "DID NOT COMPLETE (pytest exit status 2)"  # interrupted
    assert report.verdict([], ["connection c: 500"], 0) == "passed, but objects were left on the target"
