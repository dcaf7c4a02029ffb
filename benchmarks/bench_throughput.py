"""Requests per second: the suite's nightly profile versus schemathesis' CLI, against one server.

    python benchmarks/bench_throughput.py [--seconds 60] [--workers 1] [--rounds 1] [--order schemathesis,suite]

Starts one reference server (benchmarks/_counting_server.py: `python -m reference_server` on loopback
with an in-memory database and a request counter in front of it; `--server-from REV` serves the
server as committed at a git revision instead of the working tree), then runs, one after the other
against that same server, each for the same time:

- the suite: `pytest --hypothesis-profile=nightly --airbyte-api-url=URL --airbyte-time-budget=Ns
  --airbyte-report=DIR -p no:cacheprovider` over the whole suite (tests/, its schemathesis layer
  included; setup and cleanup requests included), with a fresh example database;
- schemathesis' CLI: `st run contracts/openapi.json --url URL --include-path-regex ^/v1/web_backend/
  --max-time N --workers W` over the same eight webBackend operations, all its phases and default checks.

Both get the same concurrency: 1 process / 1 worker each by default; `--workers 2` runs pytest with
`-n 2` (pytest-xdist) and schemathesis with `--workers 2`. Requests are counted by the server, not by
either tool: every HTTP request it answered while the tool ran. The rate is those requests over the time
from the first to the last of them (start-up and collection excluded for both); the rate over each tool's
whole wall time, the suite's own summary.json figure, and the CPU seconds the tool (with its child
processes) and the server used meanwhile (which side is the limit; requests per CPU second of the tool
moves less with the machine's load than requests per second) are printed as well. On a shared
machine the load moves between runs: `--rounds N` alternates the two tools N times and reports the
median of the N ratios. Each run stops by itself
(time budget / --max-time) and is killed if it overruns by two minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
OVERRUN = 120  # seconds a run may take beyond its budget before it is killed


def start_server(tmp: Path, revision: str | None = None) -> tuple[subprocess.Popen, str]:
    port_file = tmp / "port"
    env = dict(os.environ)
    if revision:  # the server (and the contracts it reads) as committed at `revision`
        tree = tmp / "server-tree"
        tree.mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", revision, "reference_server", "contracts"],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
        env["PYTHONPATH"] = str(tree)
    command = [sys.executable, str(REPO / "benchmarks" / "_counting_server.py"), "--port-file", str(port_file),
               "--db", ":memory:"]
    proc = subprocess.Popen(command, cwd=tmp, env=env, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not (port_file.exists() and port_file.read_text().strip().isdigit()):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise SystemExit("the reference server did not start")
        time.sleep(0.05)
    return proc, f"http://127.0.0.1:{port_file.read_text().strip()}"


def _cpu_seconds(pid: int) -> float | None:
    """CPU time a process has used so far (Linux /proc), or None where that cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def run(command: list[str], cwd: Path, seconds: int, origin: str, server_pid: int) -> dict:
    """Run `command` with the server's counter reset; what the server saw while it ran, and the CPU
    time the tool (with its child processes) and the server used meanwhile."""
    httpx.post(f"{origin}/__bench__/reset")
    server_before = _cpu_seconds(server_pid)
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=seconds + OVERRUN,
                                env={**os.environ, "PYTHONPATH": str(REPO)})
        code, out = result.returncode, result.stdout + result.stderr
    except subprocess.TimeoutExpired as exc:
        partial = exc.stdout or b""
        code, out = "killed", partial.decode(errors="replace") if isinstance(partial, bytes) else partial
    wall = time.perf_counter() - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_after = _cpu_seconds(server_pid)
    seen = httpx.get(f"{origin}/__bench__/count").json()
    span = (seen["last"] - seen["first"]) if seen["first"] is not None else 0.0
    return {"code": code, "wall": wall, "requests": seen["requests"], "span": span, "by_path": seen["by_path"],
            "output": out,
            "tool_cpu": (children.ru_utime + children.ru_stime) - (children_before.ru_utime + children_before.ru_stime),
            "server_cpu": server_after - server_before if None not in (server_before, server_after) else None}


def suite(origin: str, tmp: Path, seconds: int, workers: int, server_pid: int) -> dict:
    report = tmp / "suite-report"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-profile=nightly",
               f"--airbyte-api-url={origin}/api", f"--airbyte-time-budget={seconds}s", f"--airbyte-report={report}",
               f"--airbyte-fuzz-db={tmp / 'suite-examples'}", "--airbyte-progress=off",
               *(["-n", str(workers)] if workers > 1 else [])]
    out = run(command, REPO, seconds, origin, server_pid)
    summary = report / "summary.json"
    out["summary"] = json.loads(summary.read_text()) if summary.exists() else {}
    return out


def schemathesis(origin: str, tmp: Path, seconds: int, workers: int, server_pid: int) -> dict:
    work = tmp / "schemathesis"  # its .hypothesis/ and reports go here, not into the repository
    work.mkdir()
    st = Path(sys.executable).with_name("st")
    command = [str(st) if st.exists() else "st", "run", str(REPO / "contracts" / "openapi.json"),
               "--url", f"{origin}/api", "--include-path-regex", "^/v1/web_backend/", "--max-time", str(seconds),
               "--workers", str(workers), "--report", "json", "--report-dir", str(work / "report")]
    out = run(command, work, seconds, origin, server_pid)
    reports = list((work / "report").glob("json-*.json"))
    out["summary"] = json.loads(reports[0].read_text()) if reports else {}
    return out


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="time budget of each tool (default 60)")
    parser.add_argument("--workers", type=int, default=1, help="processes/workers of each tool (default 1)")
    parser.add_argument("--order", default="schemathesis,suite", help="which runs first (default schemathesis,suite)")
    parser.add_argument("--server-from", metavar="REV",
                        help="serve reference_server/ and contracts/ as committed at this git revision "
                             "(default: the working tree)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run both tools this many times, alternating; the median ratio is reported (default 1)")
    parser.add_argument("--verbose", action="store_true", help="print each tool's output and requests per path")
    args = parser.parse_args()
    tools = {"suite": suite, "schemathesis": schemathesis}
    order = args.order.split(",")
    if sorted(order) != sorted(tools):
        parser.error("--order names suite and schemathesis once each")

    rounds = []
    with tempfile.TemporaryDirectory(prefix="bench-throughput-") as name:
        tmp = Path(name)
        server, origin = start_server(tmp, args.server_from)
        try:
            for n in range(args.rounds):
                results = {}
                for tool in order:
                    work = tmp / f"round-{n}-{tool}"
                    work.mkdir()
                    before = load()
                    results[tool] = tools[tool](origin, work, args.seconds, args.workers, server.pid)
                    results[tool]["load"] = f"{before} -> {load()}"
                rounds.append(results)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()

    server_tree = f"reference server at {args.server_from}" if args.server_from else "one reference server"
    print(f"{server_tree}, {args.workers} worker(s) per tool, {args.seconds} s each, {args.rounds} round(s), "
          f"{os.cpu_count()} cores; load average (1/5/15 min) before -> after each run; CPU seconds used "
          f"meanwhile by the tool and by the server")
    print(f"{'':17s} {'requests':>9s} {'active s':>9s} {'req/s':>7s} {'wall s':>7s} {'req/s wall':>10s} "
          f"{'tool cpu':>8s} {'req/cpu s':>9s} {'srv cpu':>7s}  {'exit':>4s}  load")
    ratios, wall_ratios = [], []
    for n, results in enumerate(rounds):
        for tool in order:
            r = results[tool]
            r["rate"] = r["requests"] / max(r["span"], 1e-9)
            r["wall_rate"] = r["requests"] / r["wall"]
            server_cpu = "?" if r["server_cpu"] is None else f"{r['server_cpu']:.1f}"
            label = f"{tool} ({n + 1})" if args.rounds > 1 else tool
            per_cpu = r["requests"] / max(r["tool_cpu"], 1e-9)
            print(f"{label:17s} {r['requests']:9d} {r['span']:9.1f} {r['rate']:7.0f} {r['wall']:7.1f} "
                  f"{r['wall_rate']:10.0f} {r['tool_cpu']:8.1f} {per_cpu:9.0f} {server_cpu:>7s}  "
                  f"{r['code']!s:>4s}  {r['load']}")
        s, t = results["suite"], results["schemathesis"]
        ratios.append(s["rate"] / max(t["rate"], 1e-9))
        wall_ratios.append(s["wall_rate"] / max(t["wall_rate"], 1e-9))
        summary = s["summary"]
        if summary:
            print(f"  suite's own summary: {summary.get('requests')} requests, {summary.get('requests_per_second')}/s, "
                  f"{summary.get('examples')} examples, verdict {summary.get('verdict')}")
            for failure in summary.get("failures") or []:  # a found failure is shrunk: fewer requests that round
                first = str(failure.get("message") or "").strip().splitlines()[:1]
                print(f"  suite found a failure: {failure.get('test')}: {first[0] if first else ''}"[:300])
        cases = t["summary"].get("test_cases", {})
        if cases:
            print(f"  schemathesis' report: {cases.get('generated')} test cases generated, "
                  f"stop reason {t['summary'].get('stop_reason')}")
    shown = ", ".join(f"{x:.2f}" for x in ratios)
    print(f"ratio suite/schemathesis: {statistics.median(ratios):.2f} (active time; median of {shown}), "
          f"{statistics.median(wall_ratios):.2f} (wall time)")
    for n, results in enumerate(rounds):
        for tool in order:
            r = results[tool]
            if args.verbose or r["code"] == "killed":
                print(f"\n--- {tool} (round {n + 1}): requests per path")
                for path, count in sorted(r["by_path"].items(), key=lambda kv: -kv[1]):
                    print(f"  {count:7d}  {path}")
                print(f"--- {tool} (round {n + 1}): output (tail)\n{r['output'][-3000:]}")


if __name__ == "__main__":
    main()
