"""No credential ever appears in any output of a run: the terminal, JUnit XML, summary.json, report.md,
the example database, curl lines, reprs of the settings a failing test or fixture took. Failing runs
(failures in tests, in fixtures, and in setup) against a separately started server with a distinctive
token and with a distinctive password; every artifact is searched for the raw and the base64 forms."""

import base64
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TOKEN = "tok-7f3a9c1e5d-SEKRET"
USER, PASSWORD = "airbyte", "pw-Zq81xV0-SEKRET"
# A test and a fixture of our own that take the settings and fail with a plain traceback, the way pytest
# prints a failing test's arguments (made louder with --showlocals).
LEAKY = textwrap.dedent("""
    import pytest

    @pytest.fixture
    def broken(suite_settings, client):
        raise RuntimeError("fixture failed with " + repr(suite_settings) + " and " + str(suite_settings.token))

    def test_takes_the_settings_and_fails(suite_settings, client, prerequisites):
        assert suite_settings is None, "%s / %s / %s" % (suite_settings, suite_settings.password, suite_settings.token)

    def test_fixture_fails(broken):
        pass
""")


def forms(*secrets: str) -> list[bytes]:
    found = []
    for secret in secrets:
        found += [secret.encode(), base64.b64encode(secret.encode()), base64.urlsafe_b64encode(secret.encode())]
    return found


@pytest.fixture
def server(start_server):
    def start(*auth: str, faults=()):
        return start_server(*auth, *[arg for fault in faults for arg in ("--fault", fault)])

    return start


def run(tmp_path: Path, name: str, env: dict, *args: str, db: str | None = None):
    out = tmp_path / name
    out.mkdir()
    (out / "test_leaky.py").write_text(LEAKY)
    base = {k: v for k, v in os.environ.items() if not k.startswith(("AIRBYTE_", "HYPOTHESIS_"))}
    command = [sys.executable, "-m", "pytest", "-c", str(REPO / "tox.ini"), "--rootdir", str(REPO),
               "-p", "no:cacheprovider", "--hypothesis-profile=ci", "--showlocals", "--tb=long", "-vv",
               f"--junitxml={out / 'junit.xml'}", f"--airbyte-report={out / 'report'}",
               f"--airbyte-fuzz-db={db or out / 'examples'}", *args]
    result = subprocess.run(command, cwd=REPO, env={**base, **env}, capture_output=True, text=True, timeout=900)
    (out / "stdout.txt").write_text(result.stdout)
    (out / "stderr.txt").write_text(result.stderr)
    return result, out


def leaks(directory: Path, secrets: list[bytes]) -> list[str]:
    found = []
    for path in directory.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.relative_to(directory)}: {secret!r}" for secret in secrets if secret in data]
    return found


def test_a_token_never_appears_in_any_output(tmp_path, server):
    url = server("--token", TOKEN, faults=["missing_required_response_field", "not_found_as_500"])
    env = {"AIRBYTE_API_URL": url, "AIRBYTE_API_TOKEN": TOKEN}
    result, out = run(tmp_path, "token", env, "tests/test_operations.py", "tests/test_lists.py",
                      "tests/test_schemathesis.py", str(tmp_path / "token" / "test_leaky.py"))
    assert leaks(out, forms(TOKEN)) == []
    # the run really failed in tests, in a fixture, and printed the settings those took
    assert result.returncode == 1, result.stdout[-3000:]
    assert "FAILED" in result.stdout and "ERROR" in result.stdout
    assert "token=Secret('***')" in result.stdout and "Authorization: Bearer ***" in result.stdout
    assert (out / "report" / "report.md").is_file() and any((out / "examples").rglob("*"))


def test_a_password_never_appears_in_any_output(tmp_path, server):
    url = server("--basic-auth", f"{USER}:{PASSWORD}", faults=["workspace_state_counts_deleted"])
    env = {"AIRBYTE_API_URL": url, "AIRBYTE_USERNAME": USER, "AIRBYTE_PASSWORD": PASSWORD}
    result, out = run(tmp_path, "password", env, "tests/test_lists.py", str(tmp_path / "password" / "test_leaky.py"))
    assert leaks(out, forms(PASSWORD, f"{USER}:{PASSWORD}")) == []
    assert result.returncode == 1, result.stdout[-3000:]
    assert "password=Secret('***')" in result.stdout and "Authorization: Basic ***" in result.stdout


def test_a_refused_setup_shows_the_reason_and_no_credential(tmp_path, server):
    url = server("--basic-auth", f"{USER}:{PASSWORD}")
    env = {"AIRBYTE_API_URL": url, "AIRBYTE_USERNAME": USER, "AIRBYTE_PASSWORD": PASSWORD,
           "AIRBYTE_SOURCE_CONFIG": '{"count": "many"}'}
    result, out = run(tmp_path, "setup", env, "tests/test_state.py")
    assert result.returncode == 21, result.stdout[-3000:]
    assert "/v1/sources/create answered 422: Some properties contained invalid input." in result.stdout
    assert "'many' is not of type 'integer'" in result.stdout  # the target's own reason
    assert "Traceback" not in result.stdout + result.stderr
    assert leaks(out, forms(PASSWORD, f"{USER}:{PASSWORD}")) == []


def test_a_redis_password_is_never_shown(tmp_path):
    result, out = run(tmp_path, "redis", {}, "tests/test_state.py", db=f"redis://:{PASSWORD}@127.0.0.1:9/0")
    assert result.returncode == 4
    assert "redis://:***@127.0.0.1:9/0" in result.stderr
    assert leaks(out, forms(PASSWORD)) == []
