"""Known Airbyte quirks are reported: counted per rule, added up across xdist workers, and shown in the
summary, summary.json and report.md with an example exchange."""

from suite import quirks, report, report_markdown
from suite.client import Exchange
from suite.settings import Settings


def exchange(status: int) -> Exchange:
    return Exchange("POST", "http://127.0.0.1:1/api/v1/web_backend/connections/get", "/v1/web_backend/connections/get",
                    {"connectionId": None}, False, status, {"content-type": "application/json"},
                    '{"message":"Internal Server Error: null"}', 0.01, None, b'{"connectionId": null}',
                    (("content-type", "application/json"),))


def settings() -> Settings:
    return Settings(api_url=None, token=None, username=None, password=None, timeout=1, verify_tls=True,
                    rate_limit=0, workspace_id=None, source_definition_id=None, destination_definition_id=None,
                    source_config=None, destination_config=None, server_faults=())


def test_quirks_are_counted_merged_and_rendered(monkeypatch):
    worker, controller = quirks.Quirks(), quirks.Quirks()
    monkeypatch.setattr(quirks, "MET", worker)
    quirks.note("get: 500 on a null connectionId (StandardSyncPersistence.java:67)", exchange(500),
                "invalid_body_refusal")
    quirks.note("get: 500 on a null connectionId (StandardSyncPersistence.java:67)", exchange(500),
                "explained_server_error")
    monkeypatch.setattr(quirks, "MET", controller)
    record = report.RunRecord()
    record.merge({**report.RunRecord().state(), "quirks": worker.state()})
    rule = "get: 500 on a null connectionId (StandardSyncPersistence.java:67)"
    assert f"  known Airbyte quirk (tolerated, not a failure): 2 x {rule}" in record.summary_lines()
    data = record.as_dict(settings(), {"exit_status": 0})
    assert data["known_quirks"][0]["rule"] == rule and data["known_quirks"][0]["count"] == 2
    assert data["known_quirks"][0]["checks"] == ["explained_server_error", "invalid_body_refusal"]
    assert "Internal Server Error: null" in data["known_quirks"][0]["example"]
    assert data["verdict"] == "passed"
    markdown = report_markdown.render_markdown(data)
    assert "## Known Airbyte quirks met" in markdown
    assert f"| {rule} | 2 | `explained_server_error`, `invalid_body_refusal` |" in markdown
