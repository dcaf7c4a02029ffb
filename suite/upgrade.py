"""Upgrade report, documents and behaviour: what a client of one Airbyte release meets on a server of another.

    python -m suite.upgrade v0.42.1 v2.0.0 [--target URL] [--output-dir reports] [--profile NAME]

Two parts, in one directory:
    upgrade-<old>-to-<new>.md            the contract sets compared (contracts.upgrade, oasdiff's levels)
    upgrade-<old>-to-<new>-behaviour.md  the older release's suite run in compatibility mode against a server of
                                         the newer one (--airbyte-client-version): every check the client's
                                         release makes, with the newer server's answers
The run's target is the embedded reference server emulating the newer release, or --target (AIRBYTE_API_URL
credentials apply). The run's own summary.json and report.md are kept in <output-dir>/compatibility-run/.
Exit status 0 when both parts were written, 2 for a release without a contract set, 3 when the run did not
complete (its one line is printed).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from contracts import upgrade as documents

# a check that judges the answer to a client's mistake (still refused, or now accepted, with another status): may
# break a client that reads the status; any other check that failed broke what the client reads or relies on (a
# 5xx is an error: explained_server_error also meets valid requests)
WARNING_CHECKS = frozenset({"documented_status", "invalid_body_refusal", "clean_refusal", "varchar_limit",
                            "absent_id_answer"})
# what differs between failures of one finding: ids, quoted values and None, long numbers (not a status: 422)
VARIABLE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\b\d{4,}\b|'[^']*'|\bNone\b")


def run_suite(older: str, newer: str, target: str | None, out: Path, profile: str | None) -> dict:
    """The older release's suite against the newer server; its summary.json, read back."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRBYTE_VERSION", "AIRBYTE_CLIENT_VERSION"))}
    command = [sys.executable, "-m", "pytest", "tests", "-q", "-p", "no:cacheprovider", "--airbyte-progress=off",
               "--airbyte-client-version", older, "--airbyte-report", str(out)]
    if profile:
        command += ["--hypothesis-profile", profile]
    if target:
        env["AIRBYTE_API_URL"] = target
    else:
        env.pop("AIRBYTE_API_URL", None)
        command += ["--airbyte-version", newer]  # the embedded server emulates the newer release
    subprocess.run(command, cwd=Path(__file__).resolve().parents[1], env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    summary = out / "summary.json"
    if not summary.is_file():
        raise RunFailed(f"the compatibility run wrote no summary (see `pytest --airbyte-client-version {older}`)")
    return json.loads(summary.read_text(encoding="utf-8"))


class RunFailed(Exception):
    """The compatibility run did not complete; the message is the one line the user sees."""


def group(failures: Sequence[dict]) -> list[dict]:
    """Failures with the same check and the same title (ids and numbers aside) are one finding."""
    found: dict[tuple, dict] = {}
    for failure in failures:
        if failure.get("same_as"):
            continue
        title = failure.get("title") or (failure.get("message") or "").split("\n", 1)[0]
        key = (failure.get("check"), VARIABLE.sub("N", title))
        entry = found.setdefault(key, {"check": failure.get("check"), "title": title, "tests": [], "first": failure})
        entry["tests"].append(failure["test"])
    return sorted(found.values(), key=lambda e: (level(e) != "error", e["first"].get("operation") or "", e["title"]))


def level(entry: dict) -> str:
    return "warning" if entry["check"] in WARNING_CHECKS else "error"


def render(older: str, newer: str, data: dict) -> str:
    findings = group(data["failures"])
    counts = {name: sum(1 for f in findings if level(f) == name) for name in ("error", "warning")}
    lines = [f"# Behaviour: the {older} suite against a server of {newer}", "",
             f"The checks a client of {older} relies on, run in compatibility mode (`pytest "
             f"--airbyte-client-version {older}`) against {_target(data, newer)} (release "
             f"{data.get('target_release')}, {data.get('release_how')}): the run's workspace, source and "
             f"destination are set up the {newer} way, every answer is judged by the {older} contracts and rules.", "",
             f"- verdict: {data['verdict']}; tests: "
             + ", ".join(f"{count} {outcome}" for outcome, count in sorted(data["tests"].items())),
             f"- {data['examples']} examples, {data['requests']} requests; hypothesis profile {data.get('profile')}",
             f"- findings: {counts['error']} that break what the client reads or relies on (error), "
             f"{counts['warning']} where an error answer changed (warning), "
             f"{len(data.get('additive_changes', []))} additive (info)", ""]
    for name, heading in (("error", "Breaks the client (error)"), ("warning", "A different error answer (warning)")):
        chosen = [f for f in findings if level(f) == name]
        lines += [f"## {heading}: {len(chosen)}", ""]
        for entry in chosen:
            lines += _finding(entry)
    lines += ["## Additive (info)", ""]
    lines += [f"- {row['rule']} ({row['count']} answers)" for row in data.get("additive_changes", [])] or ["None."]
    if data.get("known_quirks"):
        lines += ["", f"## 500s {older}'s rules predict, which the server still gives (tolerated)", ""]
        lines += [f"- {row['rule']} ({row['count']} times)" for row in data["known_quirks"]]
    return "\n".join(lines) + "\n"


def _target(data: dict, newer: str) -> str:
    return f"the embedded reference server emulating {newer}" if data["target"] == "embedded" else data["target"]


def _finding(entry: dict) -> list[str]:
    first = entry["first"]
    tests = sorted(set(entry["tests"]))
    lines = [f"### {entry['title']}", "",
             f"- check: `{entry['check'] or 'error'}`; {len(entry['tests'])} failing test(s): "
             + ", ".join(f"`{t}`" for t in tests[:4]) + (" ..." if len(tests) > 4 else "")]
    if first.get("check"):
        lines += [f"- expected: {_short(first['expected'])}", f"- received: {_short(first['received'])}"]
    else:
        lines.append(f"- error: {_short(first.get('message') or '')}")
    if first.get("reproduction"):
        reproduction = first["reproduction"].strip()
        lines += ["", "<details><summary>reproduction</summary>", "", "```",
                  reproduction[:3000] + (" ..." if len(reproduction) > 3000 else ""), "```", "", "</details>"]
    return [*lines, ""]


def _short(text: str, limit: int = 400) -> str:
    flat = " ".join(str(text).split()).replace("|", "\\|")
    return flat if len(flat) <= limit else flat[:limit] + " ..."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m suite.upgrade", description=__doc__.splitlines()[0])
    parser.add_argument("older", help="the release the client speaks, e.g. v0.42.1")
    parser.add_argument("newer", help="the release the server runs, e.g. v2.0.0")
    parser.add_argument("--target", help="the newer server's API root (default: the embedded reference server "
                                         "emulating the newer release)")
    parser.add_argument("--output-dir", default="reports", help="where both reports go (default: reports)")
    parser.add_argument("--profile", help="the run's Hypothesis profile (default: the suite's, as plain pytest)")
    args = parser.parse_args(argv)
    try:
        older, newer = documents.ContractSet(args.older), documents.ContractSet(args.newer)
    except KeyError as exc:
        print(f"upgrade: {exc.args[0]}", file=sys.stderr)
        return 2
    out = Path(args.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"upgrade-{older.release}-to-{newer.release}"
    (out / f"{stem}.md").write_text(documents.render(documents.compare(older, newer), older, newer) + "\n",
                                    encoding="utf-8")
    try:
        data = run_suite(older.release, newer.release, args.target, out / "compatibility-run", args.profile)
    except RunFailed as exc:
        print(f"upgrade: {exc}", file=sys.stderr)
        return 3
    if data["verdict"].startswith("DID NOT COMPLETE"):
        print(f"upgrade: the compatibility run {data['verdict']}", file=sys.stderr)
        return 3
    (out / f"{stem}-behaviour.md").write_text(render(older.release, newer.release, data), encoding="utf-8")
    print(f"wrote {out / (stem + '.md')} and {out / (stem + '-behaviour.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
