"""report.md: a run's summary.json (RunRecord.as_dict) as markdown, for people and CI job summaries."""

from __future__ import annotations


def failure_text(failure: dict) -> str:
    """A failure's text in report.md, made from its fields (a check's) or its message (any other error)."""
    if failure.get("check"):
        return f"{failure['title']}\n  expected: {failure['expected']}\n  received: {failure['received']}"
    return (failure.get("message") or "").strip()


def render_markdown(data: dict) -> str:
    tests = data["tests"]
    lines = [
        f"# webBackend contract run {data['run_id']}: {data['verdict']}",
        "",
        f"- target: {data['target']}",
        f"- hypothesis profile: {data.get('profile')}; example database: {data.get('database')}",
        f"- started {data['started']}, {data['seconds']} s, {data['workers'] or 1} process(es)"
        + (f", time budget {data['time_budget']}" if data.get("time_budget") else ""),
        "- tests: " + ", ".join(f"{count} {outcome}" for outcome, count in sorted(tests.items())),
        f"- {data['examples']} examples, {data['requests']} requests ({data['requests_per_second']}/s)",
        "",
        "## Operations",
        "",
        "| operation | examples | failed tests | status codes seen |",
        "|---|---:|---:|---|",
    ]
    for path, row in data["operations"].items():
        statuses = ", ".join(f"{status} x{count}" for status, count in row["statuses"].items())
        lines.append(f"| `{path}` | {row['examples']} | {row['failed_tests']} | {statuses} |")
    setup = sum(count for statuses in data["setup_requests"].values() for count in statuses.values())
    lines += ["", f"Setup and cleanup (workspaces, sources, destinations, deletions): {setup} requests."]
    lines += ["", "## Enum values sent", "",
              f"{data['enum_values_sent']} of {data['enum_values_total']} values of the request enums were sent."]
    if data["enum_values_missing"]:
        lines.append("Never sent: " + ", ".join(f"`{m}`" for m in data["enum_values_missing"]))
    lines += ["", "<details><summary>counts per enum</summary>", ""]
    for name, counts in data["enum_values"].items():
        lines.append(f"- `{name}`: " + ", ".join(f"{value} x{count}" for value, count in counts.items()))
    lines += ["", "</details>", "", f"## Failures ({len(data['failures'])})", ""]
    if not data["failures"]:
        lines.append("None.")
    for failure in data["failures"]:
        if failure.get("same_as"):
            lines += [f"### `{failure['test']}`", "", f"The same error as in the {failure['phase']} of "
                      f"`{failure['same_as']}` above.", ""]
            continue
        lines += [f"### `{failure['test']}`", ""]
        if failure.get("check"):
            lines.append(f"- check: `{failure['check']}` ({failure['family']})")
        if failure.get("operation"):
            lines.append(f"- operation: `{failure['operation']}` ({failure['phase']})")
        if failure.get("seed"):
            lines.append(f"- seed: {failure['seed']}")
        lines += ["", "```", failure_text(failure), "```", ""]
        if failure.get("example"):
            lines += ["Minimal failing example:", "", "```", failure["example"].strip(), "```", ""]
        if failure.get("reproduction"):
            lines += ["Reproduction:", "", "```", failure["reproduction"].strip(), "```", ""]
    if data["known_quirks"]:
        lines += ["## Known Airbyte quirks met", "",
                  "Answers a real Airbyte gives too (contracts/DEVIATIONS.md), tolerated by the rule named and "
                  "counted; not failures. A 5xx no rule predicts is a failure above.", "",
                  "| rule | times | tolerated by |", "|---|---:|---|"]
        lines += [f"| {row['rule']} | {row['count']} | {', '.join(f'`{c}`' for c in row.get('checks', []))} |"
                  for row in data["known_quirks"]]
        lines.append("")
        for row in data["known_quirks"]:
            if row["example"]:
                lines += [f"<details><summary>an example: {row['rule']}</summary>", "", "```",
                          row["example"].strip(), "```", "", "</details>", ""]
    if data.get("additive_changes"):
        lines += ["## Additive changes met (compatibility mode)", "",
                  "Response fields the client's release does not know; additive, not failures.", ""]
        lines += [f"- {row['rule']} ({row['count']} times)" for row in data["additive_changes"]]
        lines.append("")
    if data["replayed_from_database"]:
        lines += ["## Replayed first from the example database", ""]
        lines += [f"- `{r['test']}`: {r['examples']} saved examples, {r['failing']} failing"
                  for r in data["replayed_from_database"]]
        lines.append("")
    if data["stopped_by_time_budget"]:
        lines += ["## Cut short by the time budget", ""]
        lines += [f"- `{s['test']}` after {s['examples']} examples" for s in data["stopped_by_time_budget"]]
        lines.append("")
    if data["cleanup_problems"]:
        lines += ["## Left on the target (delete by hand)", ""] + [f"- {p}" for p in data["cleanup_problems"]]
    return "\n".join(lines).rstrip() + "\n"
