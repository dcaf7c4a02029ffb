"""v2.0.0 describe_cron_expression (releases/v2_0_0/cron.py, schedule.py, web.py) and mappers/validate."""

from __future__ import annotations

import datetime as dt
import time

import pytest

CRON = "/v1/web_backend/describe_cron_expression"


@pytest.mark.parametrize("expression", ["not a cron", "0 0 25 * * ?", "* * * * *", "", "7", "0/5 * * * * ?",
                                        "1,2 0 12 * * ?"])
def test_an_expression_airbyte_refuses_is_a_400_problem(v2, expression):
    problem = v2.call(CRON, {"cronExpression": expression}, expect=400, model="ProblemBody")
    assert problem["type"] == "error:cron-validation/invalid-expression"
    assert problem["data"]["cronExpression"] == expression
    assert problem["data"]["validationErrorMessage"].startswith("Invalid cron expression: ")


def test_no_expression_is_a_500_and_a_form_not_evaluated_is_a_500(v2):
    assert set(v2.call(CRON, {}, expect=500)) == {"errorId"}
    assert set(v2.call(CRON, {"cronExpression": "0 0 12 30W * ?"}, expect=500)) == {"errorId"}


def test_a_valid_expression_is_described_with_its_next_three_runs(v2):
    """WebBackendCronExpressionHandler.kt:22-25: as sent, three runs from now in epoch seconds, noon UTC here."""
    before = time.time()
    answer = v2.call(CRON, {"cronExpression": "0 0 12 ? * mon-fri"})
    assert answer["cronExpression"] == "0 0 12 ? * mon-fri" and answer["description"]
    runs = answer["nextExecutions"]
    assert len(runs) == 3 and before < runs[0] < runs[1] < runs[2] < before + 6 * 86400
    for run in runs:
        day = dt.datetime.fromtimestamp(run, dt.UTC)
        assert (day.hour, day.minute, day.second) == (12, 0, 0) and day.weekday() < 5


def test_mappers_of_an_unknown_connection_are_a_404(v2):
    body = {"connectionId": " 00000000-0000-0000-0000-0000000000e3", "streamDescriptor": {"name": "s"}, "mappers": []}
    assert set(v2.call("/v1/web_backend/mappers/validate", body, expect=404)) == {"errorId"}
    assert set(v2.call("/v1/web_backend/mappers/validate", dict(body, connectionId=None), expect=500)) == {"errorId"}


def test_the_fields_of_a_selected_stream_without_mappers(v2, workspace_id):
    """mapper_fields.py: the top-level properties, typed as FieldGenerator.kt does, flagged for key and cursor; an
    unselected stream is not found (500); mappers themselves are not emulated (500)."""
    source = v2.source(workspace_id)
    found = v2.call("/v1/sources/discover_schema", {"sourceId": source["sourceId"]})
    first = found["catalog"]["streams"][0]
    first["config"].update(selected=True, primaryKey=[["id"]], cursorField=["updated_at"])
    made = v2.connection(source, v2.destination(workspace_id), syncCatalog={"streams": [first]})
    body = {"connectionId": made["connectionId"], "streamDescriptor": {"name": first["stream"]["name"]}, "mappers": []}
    answer = v2.call("/v1/web_backend/mappers/validate", body)
    fields = {f["name"]: f for f in answer["initialFields"]}
    assert answer["outputFields"] == answer["initialFields"] and answer["mappers"] == []
    assert list(fields) == list(first["stream"]["jsonSchema"]["properties"])
    assert fields["id"]["type"] == "INTEGER" and fields["id"]["isSelectedPrimaryKey"]
    assert fields["updated_at"] == {"name": "updated_at", "type": "TIMESTAMP_WITH_TIMEZONE",
                                    "isSelectedPrimaryKey": False, "isSelectedCursor": True}
    v2.call("/v1/web_backend/mappers/validate", dict(body, streamDescriptor={"name": "nope"}), expect=500)
    v2.call("/v1/web_backend/mappers/validate", dict(body, mappers=[{"type": "hashing", "mapperConfiguration": {}}]),
            expect=500)
