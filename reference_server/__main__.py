"""Command line: python -m reference_server --port 8001 --db PATH [--airbyte-version v2.0.0] [--fault NAME ...]
[--no-airbyte-500s]."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reference_server import faults, releases
from reference_server.app import DEFAULT_MAX_BODY_BYTES, Auth
from reference_server.server import create_app, serve


def _basic(value: str) -> str:
    if ":" not in value or value.startswith(":"):
        raise argparse.ArgumentTypeError(f"expected user:pass, got {value!r}")
    return value


def _fault(value: str) -> str:
    if not any(value in faults.registry(release) for release in releases.supported()):
        raise argparse.ArgumentTypeError(f"unknown fault {value!r}; --list-faults shows the names")
    return value


def _release(value: str) -> str:
    if value not in releases.supported():
        raise argparse.ArgumentTypeError(f"unknown Airbyte release {value!r}; supported: "
                                         f"{', '.join(releases.supported())}")
    return value


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port must be between 0 and 65535, got {port}")
    return port


def _remote_catalog(path: str) -> dict:
    try:
        catalog = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise argparse.ArgumentTypeError(f"cannot read {path}: {e}") from None
    if not isinstance(catalog, dict):
        raise argparse.ArgumentTypeError(f"{path} must hold a JSON object")
    return catalog


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {n}")
    return n


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m reference_server",
                                description="A reference implementation of Airbyte's webBackend API for tests.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=_port, default=8001, help="0 picks a free port")
    p.add_argument("--db", default=":memory:", help="SQLite file (kept across restarts) or :memory:")
    p.add_argument("--port-file", help="write the port here once the server accepts requests")
    auth = p.add_mutually_exclusive_group()
    auth.add_argument("--basic-auth", type=_basic, metavar="USER:PASS", help="require HTTP basic auth")
    auth.add_argument("--token", metavar="T", help="require 'Authorization: Bearer T'")
    p.add_argument("--airbyte-version", type=_release, default=releases.DEFAULT, metavar="RELEASE",
                   help=f"the Airbyte release to emulate: {', '.join(releases.supported())} (default %(default)s)")
    p.add_argument("--fault", type=_fault, action="append", default=[], metavar="NAME",
                   help="switch on a fault (repeatable); see --list-faults (with --airbyte-version: that release's)")
    p.add_argument("--list-faults", action="store_true",
                   help="list the faults of the release emulated (--airbyte-version) and exit: those of every "
                        "release, then that release's own")
    p.add_argument("--no-airbyte-500s", dest="airbyte_500s", action="store_false",
                   help="answer the inputs Airbyte answers with a 500 with a 4xx naming the problem "
                        "(by default the server answers as Airbyte does, 500s included)")
    p.add_argument("--max-body-bytes", type=_positive, default=DEFAULT_MAX_BODY_BYTES,
                   help="larger request bodies get 413 (default %(default)s)")
    p.add_argument("--remote-catalog", type=_remote_catalog, metavar="FILE",
                   help="a connector catalog (JSON: sourceDefinitions and destinationDefinitions, each with its "
                        "definition id and dockerImageTag) that check_updates compares the definitions with")
    p.add_argument("--sync-ms", type=_positive, default=300,
                   help="how long a sync or reset job runs before it ends (default %(default)s)")
    return p


def main(argv=None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if args.list_faults:
        print(faults.describe(args.airbyte_version))
        return 0
    try:
        app = create_app(db=args.db, auth=Auth(basic=args.basic_auth, token=args.token), faults=args.fault,
                         max_body_bytes=args.max_body_bytes, airbyte_500s=args.airbyte_500s, sync_ms=args.sync_ms,
                         remote_catalog=args.remote_catalog, airbyte_version=args.airbyte_version)
    except Exception as e:  # e.g. a database path that cannot be opened
        p.error(f"cannot start: {e}")
    try:
        serve(app, args.host, args.port, args.port_file)
    except OSError as e:  # the address is taken or cannot be bound
        p.error(str(e))
    return 0


if __name__ == "__main__":
    sys.exit(main())
