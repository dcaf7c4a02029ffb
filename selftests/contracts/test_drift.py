import copy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import yaml

from contracts import drift


def run(args, capsys):
    code = drift.main([str(a) for a in args])
    return code, capsys.readouterr()


def test_the_pinned_document_differs_only_by_the_listed_deviations(pinned_document):
    known, unexplained = drift.triage(drift.compare(pinned_document))
    assert unexplained == []
    used = {dev for _, dev in known}
    listed = {d["id"] for d in drift.deviations()}
    # a deviation that explains nothing is stale, except those that are about behaviour, not the document
    behavioural = {d["id"] for d in drift.deviations() if not d["changes"]}
    assert listed - behavioural == used


def test_the_cli_on_the_pinned_document_exits_zero(pinned_document_path, capsys):
    code, out = run([pinned_document_path], capsys)
    assert code == 0, out.out
    assert "up to date" in out.out


@pytest.fixture
def modified_copy(pinned_document, tmp_path):
    doc = copy.deepcopy(pinned_document)
    schemas = doc["components"]["schemas"]
    schemas["Geography"]["enum"].remove("eu")
    schemas["WebBackendConnectionRead"]["properties"]["lastEditedBy"] = {"type": "string"}
    path = tmp_path / "changed.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return path


def test_a_modified_document_reports_exactly_those_changes(modified_copy, capsys):
    code, out = run([modified_copy, "--json"], capsys)
    assert code == 1
    found = json.loads(out.out)["unexplained"]
    assert found == [
        {"model": "Geography", "location": "", "kind": "enum_value_removed", "detail": "'eu'"},
        {"model": "WebBackendConnectionRead", "location": "", "kind": "field_added", "detail": "'lastEditedBy'"},
    ]


def test_the_readable_report_names_model_field_and_what_to_do(modified_copy, capsys):
    code, out = run([modified_copy], capsys)
    assert code == 1
    assert "OUT OF DATE: 2 difference(s)" in out.out
    assert "lastEditedBy" in out.out and "enum_value_removed 'eu'" in out.out
    assert "Update contracts/schemas" in out.out


@pytest.mark.parametrize(("edit", "expected"), [
    (lambda s: s["ConnectionSchedule"]["required"].remove("units"), ("ConnectionSchedule", "", "required_removed")),
    (lambda s: s["JobStatus"]["enum"].append("queued"), ("JobStatus", "", "enum_value_added")),
    (lambda s: s["WebBackendConnectionRead"]["properties"].pop("catalogId"),
     ("WebBackendConnectionRead", "", "field_removed")),
    (lambda s: s["ConnectionSchedule"]["properties"]["units"].update(type="string"),
     ("ConnectionSchedule", "units", "type_changed")),
    (lambda s: s["AirbyteStreamConfiguration"]["properties"]["syncMode"].update(
        {"$ref": "#/components/schemas/DestinationSyncMode"}),
     ("AirbyteStreamConfiguration", "syncMode", "ref_changed")),
    (lambda s: s["ConnectionScheduleData"]["properties"]["basicSchedule"]["properties"]["timeUnit"]["enum"].remove(
        "weeks"), ("ConnectionScheduleData", "basicSchedule.timeUnit", "enum_value_removed")),
])
def test_each_kind_of_change_is_detected(pinned_document, edit, expected):
    doc = copy.deepcopy(pinned_document)
    edit(doc["components"]["schemas"])
    _, unexplained = drift.triage(drift.compare(doc))
    assert [(c.model, c.location, c.kind) for c in unexplained] == [expected]


def test_the_document_can_come_from_a_url(pinned_document_path, capsys):
    text = pinned_document_path.read_bytes()

    class Serve(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(text)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Serve)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        code, out = run([f"http://127.0.0.1:{server.server_port}/api/v1/openapi"], capsys)
    finally:
        server.shutdown()
        server.server_close()
    assert code == 0, out.out


@pytest.mark.parametrize(("source", "message"), [
    ("no/such/file.yaml", "no such file"),
    ("http://127.0.0.1:9/api/v1/openapi", "cannot fetch"),
])
def test_unreadable_sources_give_one_clear_line(source, message, capsys):
    code, out = run([source], capsys)
    assert code == 2
    assert message in out.err and "Traceback" not in out.err
    assert len(out.err.strip().splitlines()) == 1


def test_a_file_that_is_not_openapi_is_refused(tmp_path, capsys):
    path = tmp_path / "x.json"
    path.write_text("[1, 2]")
    code, out = run([path], capsys)
    assert code == 2 and "not an OpenAPI document" in out.err


def test_every_deviation_is_explained_in_deviations_md():
    text = (drift.DEVIATIONS_PATH.parent / "DEVIATIONS.md").read_text(encoding="utf-8")
    headings = {line[4:].strip() for line in text.splitlines() if line.startswith("### ")}
    assert {d["id"] for d in drift.deviations()} == headings
