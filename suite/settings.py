"""One settings object, resolved once: pytest option, else environment variable, else ini, else default."""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest


@dataclass(frozen=True)
class Option:
    dest: str
    flag: str
    env: str | None
    help: str
    default: object = None
    kind: str = "str"  # str | float | bool | json | secret


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
    Option("server_faults", "--reference-server-fault", "REFERENCE_SERVER_FAULTS",
           "embedded target only: start it with these comma-separated faults (for the project's own tests)"),
]


@dataclass(frozen=True)
class Settings:
    api_url: str | None
    token: str | None
    username: str | None
    password: str | None
    timeout: float
    verify_tls: bool
    rate_limit: float
    workspace_id: str | None
    source_definition_id: str | None
    destination_definition_id: str | None
    source_config: dict | None
    destination_config: dict | None
    server_faults: tuple[str, ...]
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])

    @property
    def embedded(self) -> bool:
        return self.api_url is None

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
        group.addoption(opt.flag, dest=opt.dest, default=None, help=f"{opt.help} [env {opt.env}]")
        parser.addini(opt.dest, help=opt.help, default=None)


def _convert(opt: Option, raw: str, source: str):
    where = f"{opt.flag} / {opt.env} (from {source})"
    if opt.kind == "float":
        try:
            value = float(raw)
        except ValueError:
            raise pytest.UsageError(f"{where} must be a number, got {raw!r}") from None
        if value < 0:
            raise pytest.UsageError(f"{where} must not be negative, got {raw!r}")
        return value
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


def _raw_value(config: pytest.Config, opt: Option) -> tuple[str | None, str]:
    value = config.getoption(opt.dest)
    if value is not None:
        return value, "option"
    if opt.env and os.environ.get(opt.env):
        return os.environ[opt.env], "environment"
    value = config.getini(opt.dest)
    if value:
        return value, "ini"
    return None, "default"


def _check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise pytest.UsageError(
            f"AIRBYTE_API_URL / --airbyte-api-url must be an http(s) URL of the API root, "
            f"e.g. http://localhost:8000/api; got {url!r}"
        )
    return url.rstrip("/")


def resolve(config: pytest.Config) -> Settings:
    values = {}
    for opt in OPTIONS:
        raw, source = _raw_value(config, opt)
        values[opt.dest] = opt.default if raw is None else _convert(opt, raw, source)
    if values["api_url"]:
        values["api_url"] = _check_url(values["api_url"])
    if values["token"] and values["username"]:
        raise pytest.UsageError("give either AIRBYTE_API_TOKEN or AIRBYTE_USERNAME/AIRBYTE_PASSWORD, not both")
    if values["password"] and not values["username"]:
        raise pytest.UsageError("AIRBYTE_PASSWORD is set but AIRBYTE_USERNAME is not")
    faults = values.pop("server_faults")
    values["server_faults"] = tuple(f.strip() for f in (faults or "").split(",") if f.strip())
    if values["server_faults"] and values["api_url"]:
        raise pytest.UsageError("--reference-server-fault only applies to the embedded server (no AIRBYTE_API_URL)")
    return Settings(**values)
