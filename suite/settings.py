"""One settings object, resolved once: pytest option, else environment variable, else ini, else default."""

from __future__ import annotations

import argparse
import json
import os
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest

from suite.secrets import Secret, secret_url


@dataclass(frozen=True)
class Option:
    dest: str  # the Settings field
    flag: str
    env: str | None
    help: str
    default: object = None
    kind: str = "str"  # str | float | duration | bool | json | secret | secret_url | choice:a,b,c
    old_flags: tuple[str, ...] = ()  # former spellings, still accepted on the command line, not in --help

    @property
    def key(self) -> str:
        """The option's dest and ini key: namespaced like its flag (airbyte_timeout, not timeout), so no
        other plugin's option or ini key collides with ours (pytest-timeout has `timeout`)."""
        return self.flag.removeprefix("--").replace("-", "_")


OPTIONS = [
    Option("api_url", "--airbyte-api-url", "AIRBYTE_API_URL",
           "API root of the target, e.g. http://localhost:8000/api (default: start the embedded reference server)"),
    Option("token", "--airbyte-api-token", "AIRBYTE_API_TOKEN", "bearer token for the target", kind="secret"),
    Option("username", "--airbyte-username", "AIRBYTE_USERNAME", "basic-auth user name for the target"),
    Option("password", "--airbyte-password", "AIRBYTE_PASSWORD", "basic-auth password for the target",
           kind="secret"),
    Option("timeout", "--airbyte-timeout", "AIRBYTE_TIMEOUT", "seconds to wait for each response", 30.0, "float"),
    Option("verify_tls", "--airbyte-verify-tls", "AIRBYTE_VERIFY_TLS",
           "verify the target's TLS certificate (true/false)", True, "bool"),
    Option("rate_limit", "--airbyte-rate-limit", "AIRBYTE_RATE_LIMIT",
           "at most this many requests per second (0: no limit)", 0.0, "float"),
    Option("workspace_id", "--airbyte-workspace-id", "AIRBYTE_WORKSPACE_ID",
           "use this existing workspace instead of creating one (it is never deleted)"),
    Option("source_definition_id", "--airbyte-source-definition-id", "AIRBYTE_SOURCE_DEFINITION_ID",
           "source definition for the run's source (default: Faker or E2E Testing, else the first listed)"),
    Option("destination_definition_id", "--airbyte-destination-definition-id",
           "AIRBYTE_DESTINATION_DEFINITION_ID",
           "destination definition for the run's destination (default: E2E Testing or Dev Null, else the first)"),
    Option("source_config", "--airbyte-source-config", "AIRBYTE_SOURCE_CONFIG",
           "source connectionConfiguration as JSON (default: the smallest the specification accepts)", kind="json"),
    Option("destination_config", "--airbyte-destination-config", "AIRBYTE_DESTINATION_CONFIG",
           "destination connectionConfiguration as JSON (default: the smallest the specification accepts)",
           kind="json"),
    Option("fuzz_db", "--airbyte-fuzz-db", "AIRBYTE_FUZZ_DB",
           "where failing examples are kept and replayed first: a directory (default .hypothesis/examples), "
           "redis://host:port/db, or none", kind="secret_url"),
    Option("fuzz_db_github", "--airbyte-fuzz-db-github", "AIRBYTE_FUZZ_DB_GITHUB",
           "also replay, read-only, the example database a GitHub Actions job uploaded: owner/repo[/artifact] "
           "(needs GITHUB_TOKEN)"),
    Option("time_budget", "--airbyte-time-budget", "AIRBYTE_TIME_BUDGET",
           "stop fuzzing after this long (e.g. 900, 45m, 8h); tests share it fairly, the run ends cleanly "
           "with its summary (0: no budget)", 0.0, "duration"),
    Option("report_dir", "--airbyte-report", "AIRBYTE_REPORT_DIR",
           "write the run's summary.json and report.md into this directory"),
    Option("progress", "--airbyte-progress", "AIRBYTE_PROGRESS",
           "progress per operation while tests run: auto (live on a terminal, else lines), live, lines, off",
           "auto", "choice:auto,live,lines,off"),
    Option("progress_interval", "--airbyte-progress-interval", "AIRBYTE_PROGRESS_INTERVAL",
           "seconds between plain progress lines", 30.0, "float"),
    Option("syncs", "--airbyte-syncs", "AIRBYTE_SYNCS",
           "run sync and reset jobs to check the job fields (true/false; default: true on the embedded server, "
           "false elsewhere, where syncs cost compute)", None, "bool"),
    Option("airbyte_version", "--airbyte-version", "AIRBYTE_VERSION",
           "the Airbyte release whose contracts the target is checked against, e.g. v2.0.0 or 2.0.4 "
           "(default auto: the version the target reports, else the release its served document matches)",
           "auto"),
    Option("client_version", "--airbyte-client-version", "AIRBYTE_CLIENT_VERSION",
           "compatibility mode: judge the target as a client of this Airbyte release would (its contracts and "
           "rules), while the run's workspace, source and destination are set up the target's way; e.g. v0.42.1 "
           "against a v2.0.0 server (default: the target's own release)"),
    Option("server_faults", "--reference-server-faults", "REFERENCE_SERVER_FAULTS",
           "embedded target only: start it with these comma-separated faults (for the project's own tests)",
           old_flags=("--reference-server-fault",)),
    Option("server_airbyte_500s", "--reference-server-airbyte-500s", "REFERENCE_SERVER_AIRBYTE_500S",
           "embedded target only: answer client mistakes with Airbyte's own 500s (true, the default), or with "
           "the friendlier 4xx of `python -m reference_server --no-airbyte-500s` (false)", True, "bool"),
    Option("server_db", "--reference-server-db", "REFERENCE_SERVER_DB",
           "embedded target only: keep its data in this SQLite file, to inspect after the run (default: memory)"),
]


@dataclass(frozen=True)
class Settings:
    api_url: str | None
    token: Secret | None
    username: str | None
    password: Secret | None
    timeout: float
    verify_tls: bool
    rate_limit: float
    workspace_id: str | None
    source_definition_id: str | None
    destination_definition_id: str | None
    source_config: dict | None
    destination_config: dict | None
    server_faults: tuple[str, ...]
    fuzz_db: Secret | None = None  # a Redis URL may carry a password
    fuzz_db_github: str | None = None
    time_budget: float = 0.0
    report_dir: str | None = None
    progress: str = "auto"
    progress_interval: float = 30.0
    server_db: str | None = None
    server_airbyte_500s: bool = True
    syncs: bool | None = None
    airbyte_version: str = "auto"
    client_version: str | None = None  # a release name (compatibility mode); None: the target's release
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    # set in pytest-xdist workers: the controller's run id and the embedded server it started for all
    worker_id: str | None = None
    shared_server_url: str | None = None

    @property
    def embedded(self) -> bool:
        return self.api_url is None

    @property
    def run_syncs(self) -> bool:
        return self.embedded if self.syncs is None else self.syncs

    @property
    def auth_description(self) -> str:
        if self.token:
            return "bearer token"
        if self.username:
            return f"basic ({self.username})"
        return "none"


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("airbyte", "webBackend contract suite: the target and its prerequisites")
    for opt in OPTIONS:
        group.addoption(opt.flag, dest=opt.key, default=None, help=f"{opt.help} [env {opt.env}; ini {opt.key}]")
        for old in opt.old_flags:
            group.addoption(old, dest=opt.key, default=None, help=argparse.SUPPRESS)
        parser.addini(opt.key, help=opt.help, default=None)


def _convert(opt: Option, raw: str, source: str) -> object:
    where = f"{opt.flag} / {opt.env} (from {source})"
    if opt.kind == "float":
        try:
            value = float(raw)
        except ValueError:
            raise pytest.UsageError(f"{where} must be a number, got {raw!r}") from None
        if value < 0:
            raise pytest.UsageError(f"{where} must not be negative, got {raw!r}")
        return value
    if opt.kind == "duration":
        return parse_duration(raw, where)
    if opt.kind.startswith("choice:"):
        choices = opt.kind.split(":", 1)[1].split(",")
        if raw.strip().lower() not in choices:
            raise pytest.UsageError(f"{where} must be one of {', '.join(choices)}, got {raw!r}")
        return raw.strip().lower()
    if opt.kind == "secret":
        return Secret(raw)
    if opt.kind == "secret_url":
        return secret_url(raw)
    if opt.kind == "bool":
        lowered = raw.strip().lower()
        if lowered not in ("1", "0", "true", "false", "yes", "no"):
            raise pytest.UsageError(f"{where} must be true or false, got {raw!r}")
        return lowered in ("1", "true", "yes")
    if opt.kind == "json":
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise pytest.UsageError(f"{where} is not valid JSON ({exc.msg} at char {exc.pos})") from None
        if not isinstance(value, dict):
            raise pytest.UsageError(f"{where} must be a JSON object, got {type(value).__name__}")
        return value
    return raw


DURATION_UNITS = {"s": 1, "m": 60, "h": 3600}


def parse_duration(raw: str, where: str = "duration") -> float:
    """Seconds in `raw`: a number of seconds, or a number followed by s, m or h (e.g. 45m, 1.5h)."""
    text = raw.strip().lower()
    unit = DURATION_UNITS.get(text[-1:]) if text else None
    number = text[:-1] if unit else text
    try:
        value = float(number) * (unit or 1)
    except ValueError:
        raise pytest.UsageError(f"{where} must be a duration like 900, 45m or 8h, got {raw!r}") from None
    if value < 0:
        raise pytest.UsageError(f"{where} must not be negative, got {raw!r}")
    return value


def _raw_value(config: pytest.Config, opt: Option) -> tuple[str | None, str]:
    value = config.getoption(opt.key)
    if value is not None:
        return value, "option"
    if opt.env and os.environ.get(opt.env):
        return os.environ[opt.env], "environment"
    value = config.getini(opt.key)
    if value:
        return value, "ini"
    return None, "default"


def _check_url(url: str) -> str:
    if not url.strip():
        raise pytest.UsageError("AIRBYTE_API_URL / --airbyte-api-url is empty: set it to the API root of the server "
                                "to test, e.g. http://localhost:8000/api")
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        # credentials in the URL would be printed wherever the target is (header, reports, replays)
        raise pytest.UsageError("AIRBYTE_API_URL / --airbyte-api-url must not carry credentials (user:pass@): "
                                "give them as AIRBYTE_USERNAME / AIRBYTE_PASSWORD or AIRBYTE_API_TOKEN")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise pytest.UsageError(
            f"AIRBYTE_API_URL / --airbyte-api-url must be an http(s) URL of the API root, "
            f"e.g. http://localhost:8000/api; got {url!r}"
        )
    return url.rstrip("/")


def _check_version(raw: str) -> str:
    from contracts import releases

    text = raw.strip()
    if text.lower() == "auto":
        return "auto"
    if releases.for_version(text) is None:
        raise pytest.UsageError(f"--airbyte-version / AIRBYTE_VERSION: no contract set for {raw!r}; supported: "
                                f"{', '.join(releases.available())} (or auto)")
    return text


def _client_release(raw: str) -> str:
    from contracts import releases

    release = releases.for_version(raw.strip())
    if release is None:
        raise pytest.UsageError(f"--airbyte-client-version / AIRBYTE_CLIENT_VERSION: no contract set for {raw!r}; "
                                f"supported: {', '.join(releases.available())}")
    return release


def resolve(config: pytest.Config) -> Settings:
    # each value's type follows its Option's kind; Settings(**values) is where the types are pinned
    values: dict[str, Any] = {}
    for opt in OPTIONS:
        raw, source = _raw_value(config, opt)
        values[opt.dest] = opt.default if raw is None else _convert(opt, raw, source)
    if values["api_url"] is not None:  # given, even empty (an unset variable in a CI job): it must be a URL
        values["api_url"] = _check_url(values["api_url"])
    if values["token"] and values["username"]:
        raise pytest.UsageError("give either AIRBYTE_API_TOKEN or AIRBYTE_USERNAME/AIRBYTE_PASSWORD, not both")
    if values["password"] and not values["username"]:
        raise pytest.UsageError("AIRBYTE_PASSWORD is set but AIRBYTE_USERNAME is not")
    values["airbyte_version"] = _check_version(values["airbyte_version"])
    if values["client_version"] is not None:
        values["client_version"] = _client_release(values["client_version"])
    faults = values.pop("server_faults")
    values["server_faults"] = tuple(f.strip() for f in (faults or "").split(",") if f.strip())
    if values["api_url"] and (values["server_faults"] or values["server_db"] or not values["server_airbyte_500s"]):
        raise pytest.UsageError("--reference-server-faults, --reference-server-db and --reference-server-airbyte-500s "
                                "only apply to the embedded server (no AIRBYTE_API_URL)")
    worker = getattr(config, "workerinput", None)  # set by pytest-xdist in its workers
    if worker is not None:
        values["worker_id"] = worker["workerid"]
        values["run_id"] = f"{worker['airbyte_run_id']}-{worker['workerid']}"
        values["shared_server_url"] = worker.get("airbyte_server_url")
        workers = int(worker.get("workercount", 1))
        values["rate_limit"] = values["rate_limit"] / workers  # the limit is the run's, shared by its workers
    return Settings(**values)
