"""The example database: a failure found by one run is stored and replayed first by the next, separate
run, whether the database is a directory, a Redis server, or (read-only) a GitHub Actions artifact."""

import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis.database import (
    DirectoryBasedExampleDatabase,
    GitHubArtifactDatabase,
    MultiplexedDatabase,
    ReadOnlyDatabase,
)

from selftests.suite.runs import run_suite, summary
from suite import database
from suite.secrets import secret_url

# A fault every unknown id trips (500 instead of 404), in a small Hypothesis test: quick to find and shrink.
FAULT = "--reference-server-faults=not_found_as_500"
TEST = "tests/test_operations.py::test_unknown_connections_are_not_found"


def test_the_default_is_a_directory_under_the_project_root(tmp_path):
    chosen = database.choose(None, None, tmp_path)
    assert isinstance(chosen.database, DirectoryBasedExampleDatabase)
    assert chosen.description == f"directory {tmp_path / '.hypothesis' / 'examples'}"


@pytest.mark.parametrize("spec", ["none", "off", " None "])
def test_none_turns_the_database_off(tmp_path, spec):
    assert database.choose(secret_url(spec), None, tmp_path).database is None


def test_a_relative_directory_is_under_the_project_root(tmp_path):
    chosen = database.choose(secret_url("shared/db"), None, tmp_path)
    assert chosen.description == f"directory {tmp_path / 'shared' / 'db'}"


@pytest.mark.parametrize(("spec", "message"), [
    ("ftp://example.org/db", "unsupported scheme 'ftp'"),
    ("redis://127.0.0.1:9/0", "cannot reach the Redis example database at redis://127.0.0.1:9/0"),
    ("redis://user:hunter2@127.0.0.1:9/0", "redis://user:***@127.0.0.1:9/0"),
])
def test_unusable_databases_are_one_clear_line(tmp_path, spec, message):
    with pytest.raises(database.DatabaseError, match="^[^\n]*$") as caught:
        database.choose(secret_url(spec), None, tmp_path)
    assert message in str(caught.value) and "hunter2" not in str(caught.value)


def test_a_file_is_not_a_directory_database(tmp_path):
    (tmp_path / "file").write_text("")
    with pytest.raises(database.DatabaseError, match="is not a directory"):
        database.choose(secret_url("file"), None, tmp_path)


@pytest.mark.parametrize("spec", ["owner", "owner/", "a/b/c/d"])
def test_a_malformed_github_artifact_is_refused(tmp_path, spec):
    with pytest.raises(database.DatabaseError, match="owner/repo or owner/repo/artifact-name"):
        database.choose(None, spec, tmp_path)


def test_the_github_artifact_is_layered_read_only_over_the_local_database(tmp_path):
    local = tmp_path / "local"
    chosen = database.choose(secret_url(str(local)), "owner/repo", tmp_path)
    assert isinstance(chosen.database, MultiplexedDatabase)
    primary, shared = chosen.database._wrapped
    assert isinstance(primary, DirectoryBasedExampleDatabase) and primary.path == local
    assert isinstance(shared, ReadOnlyDatabase) and isinstance(shared._wrapped, GitHubArtifactDatabase)
    # no network here, or no such artifact: a notice for the header, not a failed run
    assert chosen.notices and "only the local database is replayed" in chosen.notices[0]
    assert "GitHub artifact hypothesis-example-db of owner/repo (read-only)" in chosen.description


def _found_and_stored(db_env: dict, tmp_path: Path) -> None:
    """Run 1: a random (dev) run meets the fault and stores the failing example."""
    first = run_suite(TEST, FAULT, env=db_env, profile="dev")
    assert first.returncode == 1, first.stdout[-3000:]
    assert "1 failed" in first.stdout


def _replayed_first(db_env: dict, tmp_path: Path) -> dict:
    """Run 2, a separate process with the ci profile: the stored failure is replayed before generation."""
    report = tmp_path / "report"
    second = run_suite(TEST, FAULT, f"--airbyte-report={report}", env=db_env, profile="ci")
    assert second.returncode == 1, second.stdout[-3000:]
    assert f"replayed from the example database: {TEST} (1 saved, 1 failing)" in second.stdout
    return summary(report)


def test_a_failure_is_replayed_first_from_a_directory_database(tmp_path):
    env = {"AIRBYTE_FUZZ_DB": str(tmp_path / "examples")}
    _found_and_stored(env, tmp_path)
    assert any(path.is_file() for path in (tmp_path / "examples").rglob("*"))
    data = _replayed_first(env, tmp_path)
    assert data["replayed_from_database"] == [{"test": TEST, "examples": 1, "failing": 1}]
    assert data["failures"][0]["test"] == TEST and data["failures"][0]["operation"] == "connections/get"


def test_without_a_stored_failure_nothing_is_replayed(tmp_path):
    report = tmp_path / "report"
    result = run_suite(TEST, FAULT, f"--airbyte-report={report}", env={"AIRBYTE_FUZZ_DB": str(tmp_path / "empty")},
                       profile="ci")
    assert result.returncode == 1  # the ci examples find it too, but nothing came from the database
    assert summary(report)["replayed_from_database"] == []


def test_a_failure_is_replayed_first_from_a_redis_database(tmp_path, redis_url):
    import redis

    env = {"AIRBYTE_FUZZ_DB": redis_url}
    _found_and_stored(env, tmp_path)
    assert redis.Redis.from_url(redis_url).keys(b"hypothesis-example:*"), "nothing was stored in Redis"
    data = _replayed_first(env, tmp_path)
    assert data["replayed_from_database"] == [{"test": TEST, "examples": 1, "failing": 1}]
    assert data["database"] == f"redis {redis_url}"


def test_a_failure_found_at_night_is_replayed_from_the_github_artifact(tmp_path):
    """The nightly job uploads its directory database as an artifact; a CI run, with an empty local
    database, replays it read-only (the artifact is pre-placed in Hypothesis' cache: no network here)."""
    night = tmp_path / "night"
    _found_and_stored({"AIRBYTE_FUZZ_DB": str(night)}, tmp_path)
    storage = tmp_path / "hypothesis-home"
    cache = storage / "github-artifacts" / "hypothesis-example-db"
    cache.mkdir(parents=True)
    stamp = datetime.now(UTC).isoformat().replace(":", "_")
    with zipfile.ZipFile(cache / f"{stamp}.zip", "w") as artifact:
        for path in night.rglob("*"):
            artifact.write(path, path.relative_to(night).as_posix())
    before = sorted(p.name for p in cache.iterdir())
    env = {"AIRBYTE_FUZZ_DB": str(tmp_path / "ci-local"), "AIRBYTE_FUZZ_DB_GITHUB": "owner/repo",
           "HYPOTHESIS_STORAGE_DIRECTORY": str(storage)}
    data = _replayed_first(env, tmp_path)
    assert data["replayed_from_database"] == [{"test": TEST, "examples": 1, "failing": 1}]
    assert sorted(p.name for p in cache.iterdir()) == before  # read-only: the artifact is untouched
