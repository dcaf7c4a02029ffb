"""Command line:
    python -m contract_proxy --upstream URL [--port N] [--report DIR] [--record FILE] [--fail-on S]
    python -m contract_proxy replay FILE --upstream URL   (credentials: AIRBYTE_API_TOKEN or
                                                           AIRBYTE_USERNAME / AIRBYTE_PASSWORD)
"""

from __future__ import annotations

import argparse
import base64
import os
import sys
from urllib.parse import urlsplit

from contract_proxy import replay
from contract_proxy.findings import SEVERITIES
from contract_proxy.server import Unreachable, check_upstream, serve
from contract_proxy.session import Session
from suite.outcomes import TARGET_UNUSABLE
from suite.secrets import Secret

UPSTREAM_UNUSABLE = TARGET_UNUSABLE  # the suite's status for a target that cannot be used


def _url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise argparse.ArgumentTypeError(f"not an http(s) URL: {value!r}")
    return value.rstrip("/")


def _port(value: str) -> int:
    if not value.isdigit() or not 0 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number (0-65535): {value!r}")
    return int(value)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m contract_proxy", description=(
        "Forward a client's requests to an Airbyte unchanged and report what in them Airbyte would ignore, "
        "coerce, refuse or lose, and answers that break their contract."))
    p.add_argument("--upstream", type=_url, default=os.environ.get("AIRBYTE_API_URL"),
                   help="the Airbyte's API root, e.g. http://localhost:8000/api (default: $AIRBYTE_API_URL)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=_port, default=8002)
    p.add_argument("--report", metavar="DIR", help="write summary.json, report.md and junit.xml here at the end")
    p.add_argument("--record", metavar="FILE", help="record every exchange as JSON lines (credentials redacted)")
    p.add_argument("--fail-on", choices=(*SEVERITIES, "never"), default="error",
                   help="exit 1 when a finding of this severity or worse was made (default: error)")
    p.add_argument("--quiet", action="store_true", help="no live finding lines")
    return p


def _credential() -> Secret | None:
    if os.environ.get("AIRBYTE_API_TOKEN"):
        return Secret(f"Bearer {os.environ['AIRBYTE_API_TOKEN']}")
    if os.environ.get("AIRBYTE_USERNAME"):
        pair = f"{os.environ['AIRBYTE_USERNAME']}:{os.environ.get('AIRBYTE_PASSWORD', '')}".encode()
        return Secret(f"Basic {base64.b64encode(pair).decode()}")
    return None


def replay_main(argv) -> int:
    p = argparse.ArgumentParser(prog="python -m contract_proxy replay", description=(
        "Replay a recorded session against another server and name each answer that differs."))
    p.add_argument("recording")
    p.add_argument("--upstream", type=_url, default=os.environ.get("AIRBYTE_API_URL"),
                   help="the other server's API root (default: $AIRBYTE_API_URL)")
    args = p.parse_args(argv)
    if not args.upstream:
        p.error("no upstream: give --upstream URL or set AIRBYTE_API_URL")
    try:
        records = replay.load(args.recording)
        check_upstream(args.upstream)
    except (ValueError, Unreachable) as e:
        print(f"contract proxy: {e}", file=sys.stderr)
        return UPSTREAM_UNUSABLE if isinstance(e, Unreachable) else 2
    origin = urlsplit(args.upstream)
    found = replay.replay(records, f"{origin.scheme}://{origin.netloc}", _credential())
    for difference in found:
        print(difference.line())
    print(f"contract proxy: replayed {len(records)} exchanges, {len(found)} differences", file=sys.stderr)
    return 1 if found else 0


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["replay"]:
        return replay_main(argv[1:])
    p = parser()
    args = p.parse_args(argv)
    if not args.upstream:
        p.error("no upstream: give --upstream URL or set AIRBYTE_API_URL")
    try:
        check_upstream(args.upstream)
    except Unreachable as e:
        print(f"contract proxy: {e}", file=sys.stderr)
        return UPSTREAM_UNUSABLE
    origin = urlsplit(args.upstream)
    session = Session(f"{origin.scheme}://{origin.netloc}", live=None if args.quiet else sys.stderr,
                      record=args.record)
    print(f"contract proxy on http://{args.host}:{args.port}{origin.path} -> {args.upstream}", file=sys.stderr,
          flush=True)
    try:
        serve(session.upstream, session, args.host, args.port)
    except OSError as e:  # the port is taken or the address is not this machine's
        p.error(str(e))
    data = session.as_dict()
    print(f"contract proxy: {data['exchanges']} exchanges, findings: "
          + ", ".join(f"{n} {s}" for s, n in data["findings_by_severity"].items()), file=sys.stderr)
    if args.report:
        for path in session.write(args.report):
            print(f"contract proxy: wrote {path}", file=sys.stderr)
    return 1 if args.fail_on != "never" and session.fails(args.fail_on) else 0


if __name__ == "__main__":
    sys.exit(main())
