"""The CI definitions users copy (tox envs, .github/workflows/) use only options and variables the
suite knows, and the workflows run the tox envs, so that `tox -e NAME` locally is what CI runs."""

import configparser
import re
from pathlib import Path

import yaml

from suite.settings import OPTIONS

REPO = Path(__file__).resolve().parents[2]
KNOWN_FLAGS = {opt.flag for opt in OPTIONS} | {"--airbyte-api-url"}
KNOWN_ENV = {opt.env for opt in OPTIONS} | {"AIRBYTE_WORKERS"}  # AIRBYTE_WORKERS: tox nightly's -n


def tox() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(REPO / "tox.ini")
    return parser


def workflows() -> dict[str, dict]:
    return {path.name: yaml.safe_load(path.read_text()) for path in (REPO / ".github" / "workflows").glob("*.yml")}


def test_tox_has_the_ci_staging_and_nightly_envs_with_known_options():
    config = tox()
    for env in ("ci", "staging", "nightly"):
        commands = config[f"testenv:{env}"]["commands"]
        assert "--junitxml=reports/junit.xml" in commands and "--airbyte-report=reports" in commands
        assert set(re.findall(r"--airbyte-[a-z-]+", commands)) <= KNOWN_FLAGS
        assert set(re.findall(r"\{env:(AIRBYTE_\w+)", commands)) <= KNOWN_ENV
    assert "--airbyte-api-url={env:AIRBYTE_API_URL:}" in config["testenv:staging"]["commands"]


def test_the_workflows_run_the_tox_envs_and_keep_what_they_produce():
    flows = workflows()
    assert set(flows) == {"contract-tests.yml", "nightly-fuzz.yml"}
    runs = {name: " ".join(step.get("run", "") for job in flow["jobs"].values() for step in job["steps"])
            for name, flow in flows.items()}
    assert "tox -e staging" in runs["contract-tests.yml"] and "tox -e nightly" in runs["nightly-fuzz.yml"]
    for flow in flows.values():
        for job in flow["jobs"].values():
            assert set(k for k in job.get("env", {}) if k.startswith("AIRBYTE_")) <= KNOWN_ENV | {
                "AIRBYTE_API_TOKEN", "AIRBYTE_USERNAME", "AIRBYTE_PASSWORD"}
    nightly_steps = flows["nightly-fuzz.yml"]["jobs"]["fuzz"]["steps"]
    uploads = [step["with"] for step in nightly_steps if str(step.get("uses", "")).startswith("actions/upload")]
    database = next(u for u in uploads if u["name"] == "hypothesis-example-db")
    assert database["path"] == ".hypothesis/examples" and database["include-hidden-files"] is True
    # both jobs start from the newest example database the nightly job uploaded, wherever the run ended
    for name, job in (("nightly-fuzz.yml", "fuzz"), ("contract-tests.yml", "contracts")):
        download = next(step["with"] for step in flows[name]["jobs"][job]["steps"]
                        if str(step.get("uses", "")).startswith("dawidd6/action-download-artifact"))
        assert download["name"] == database["name"] and download["path"] == database["path"]
        assert download["search_artifacts"] is True and download["workflow_conclusion"] == ""
    staging = next(step["with"] for step in flows["contract-tests.yml"]["jobs"]["contracts"]["steps"]
                   if str(step.get("uses", "")).startswith("dawidd6/action-download-artifact"))
    assert staging["workflow"] == "nightly-fuzz.yml"


def _commands_under(lines: list[str], heading: str) -> list[str]:
    """The commands after the comment line starting with `heading`, up to the next comment or blank line."""
    start = next(i for i, line in enumerate(lines) if line.startswith(heading)) + 1
    block = []
    for line in lines[start:]:
        if not line.strip() or line.startswith("#"):
            break
        block.append(line.strip())
    return block


def _readme_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return readme.split("```sh\n", 1)[1].split("```", 1)[0].splitlines()


def test_ci_runs_the_readme_commands_and_lints_as_tox_does():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    readme = _readme_commands()
    documented = [i for i, line in enumerate(ci) if line.startswith("# README: ")]
    assert documented, "the pattern found no '# README:' block in .ci/run"
    for i in documented:
        for command in _commands_under(ci[i:], ci[i]):
            assert command.replace(" --quiet", "") in readme, f"{ci[i]}: {command!r} is not in the README"
    lint = _commands_under(ci, "# README: lint")
    tox_lint = [line.strip() for line in tox()["testenv:lint"]["commands"].splitlines() if line.strip()]
    assert "mypy" in lint and lint == _commands_under(readme, "# lint") == tox_lint


def test_the_nightly_run_exercises_refresh_and_jobs():
    """Nothing deselects tests at night (refresh, update and lifecycle run as in tests/), and the workflow passes
    AIRBYTE_SYNCS through, so staging can opt in to the job checks."""
    commands = tox()["testenv:nightly"]["commands"]
    assert not re.search(r"(^|\s)(-m|-k|--deselect|--ignore)(\s|=)", commands)
    assert tox()["pytest"]["testpaths"].split() == ["tests"]
    assert "AIRBYTE_SYNCS" in workflows()["nightly-fuzz.yml"]["jobs"]["fuzz"]["env"]
    assert {"test_refresh.py", "test_update_breaking_change.py", "test_jobs.py", "test_lifecycle.py"} <= {
        path.name for path in (REPO / "tests").glob("test_*.py")}
