"""Where Hypothesis keeps failing examples, so a failure found once is replayed first by every later run.

AIRBYTE_FUZZ_DB picks the database runs read and write:
    (unset)           .hypothesis/examples under the project root (Hypothesis' directory database)
    a path            a directory database there (a checkout, a CI cache, a shared volume)
    redis://host/db   a Redis database shared by every machine that can reach it (rediss:// for TLS)
    none              no database: nothing is replayed or kept
AIRBYTE_FUZZ_DB_GITHUB=owner/repo[/artifact] layers, read-only, the database a GitHub Actions job
uploaded as an artifact (the nightly fuzzing job), so a laptop replays what the night found. It needs
GITHUB_TOKEN, and Hypothesis looks for the artifact among the repository's 30 newest artifacts only.
"""

from __future__ import annotations

import socket
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from hypothesis.database import (
    DirectoryBasedExampleDatabase,
    ExampleDatabase,
    GitHubArtifactDatabase,
    MultiplexedDatabase,
    ReadOnlyDatabase,
)
from hypothesis.errors import HypothesisSideeffectWarning

from suite.secrets import Secret

DEFAULT_DIRECTORY = Path(".hypothesis") / "examples"
DEFAULT_ARTIFACT = "hypothesis-example-db"
GITHUB_TIMEOUT = 30  # seconds


class DatabaseError(Exception):
    """The chosen database cannot be used; the message is the one line the user sees."""


@dataclass
class Chosen:
    database: ExampleDatabase | None
    description: str  # for the report header
    notices: list[str]  # things the user should know but that do not stop the run


def choose(spec: Secret | None, github: str | None, root: Path) -> Chosen:
    notices: list[str] = []
    primary, description = _primary(spec, root)
    if github:
        shared, text, notice = _github(github)
        description += f" + {text} (read-only)"
        if notice:
            notices.append(notice)
        primary = MultiplexedDatabase(primary, shared) if primary is not None else shared
    return Chosen(primary, description, notices)


def _primary(secret: Secret | None, root: Path) -> tuple[ExampleDatabase | None, str]:
    spec = secret.reveal().strip() if secret is not None else ""
    if not spec:
        path = root / DEFAULT_DIRECTORY
        return DirectoryBasedExampleDatabase(path), f"directory {path}"
    if spec.lower() in ("none", "off"):
        return None, "none (nothing is replayed or kept)"
    if "://" in spec:
        scheme = urlsplit(spec).scheme
        shown = str(secret).strip()  # the URL with its password, if any, as ***
        if scheme in ("redis", "rediss", "unix"):
            return _redis(spec, shown), f"redis {shown}"
        raise DatabaseError(f"AIRBYTE_FUZZ_DB: unsupported scheme {scheme!r} in {shown}; give a "
                            f"directory, redis://host:port/db, or none")
    path = Path(spec).expanduser()
    if not path.is_absolute():
        path = root / path
    if path.exists() and not path.is_dir():
        raise DatabaseError(f"AIRBYTE_FUZZ_DB: {path} exists and is not a directory")
    return DirectoryBasedExampleDatabase(path), f"directory {path}"


def _redis(url: str, shown: str) -> ExampleDatabase:
    try:
        import redis
        from hypothesis.extra.redis import RedisExampleDatabase
    except ImportError as exc:  # pragma: no cover - redis is a dependency
        raise DatabaseError(f"AIRBYTE_FUZZ_DB is a Redis URL but {exc.name} is not installed") from None
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30)
        client.ping()
    except ValueError as exc:
        raise DatabaseError(f"AIRBYTE_FUZZ_DB: {shown} is not a Redis URL ({exc})") from None
    except redis.AuthenticationError:
        raise DatabaseError(f"the Redis example database at {shown} rejected the credentials") from None
    except redis.RedisError as exc:
        raise DatabaseError(f"cannot reach the Redis example database at {shown}: {exc}") from None
    return RedisExampleDatabase(client)


def _github(spec: str) -> tuple[ExampleDatabase, str, str | None]:
    parts = spec.strip().strip("/").split("/")
    if len(parts) not in (2, 3) or not all(parts):
        raise DatabaseError(f"AIRBYTE_FUZZ_DB_GITHUB must be owner/repo or owner/repo/artifact-name, got {spec!r}")
    owner, repo, artifact = (*parts, DEFAULT_ARTIFACT)[:3]
    text = f"GitHub artifact {artifact} of {owner}/{repo}"
    # Load it now, not inside the first test: a missing artifact or no network is a notice, not a failure.
    # (Hypothesis warns about touching its storage directory while pytest is still configuring: that is
    # on purpose here.)
    previous_timeout = socket.getdefaulttimeout()
    socket.setdefaulttimeout(GITHUB_TIMEOUT)  # Hypothesis' download has none of its own
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            warnings.simplefilter("ignore", HypothesisSideeffectWarning)
            artifact_db = GitHubArtifactDatabase(owner, repo, artifact_name=artifact)
            list(artifact_db.fetch(b"webbackend-contracts-probe"))
    finally:
        socket.setdefaulttimeout(previous_timeout)
    notice = None
    if caught:
        reason = " ".join(str(caught[0].message).split())
        notice = f"{text}: not available ({reason}); only the local database is replayed"
    return ReadOnlyDatabase(artifact_db), text, notice
