"""The run's prerequisites print short, however many objects the run has made: Hypothesis prints a
failing test's arguments, and a long one (past 30 kB) used to hide the failure itself."""

from hypothesis.vendor.pretty import pretty

from suite.world import Prerequisites


def test_prerequisites_print_a_summary_however_much_the_run_made():
    made = Prerequisites(workspace={"workspaceId": "w"}, source={"sourceId": "s"}, destination={"destinationId": "d"},
                         catalog={"streams": [{"stream": {"name": f"s{i}"}} for i in range(500)]}, catalog_id="c")
    for i in range(5000):
        made.track("connection", f"{i:036d}")
    text = pretty(made)
    assert text == repr(made) and len(text) < 300
    assert "created=<5000 objects>" in text and "catalog=<500 streams>" in text
