"""Run the real suite (tests/) in a subprocess, as a user would, and read what it wrote."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_suite(*args: str, env: dict | None = None, profile: str = "triage",
              timeout: int = 900) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("AIRBYTE_", "HYPOTHESIS_"))}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-profile", profile,
               "--airbyte-progress=off", *args]
    return subprocess.run(command, cwd=REPO, env={**base, **(env or {})}, capture_output=True, text=True,
                          timeout=timeout)


def summary(directory: Path) -> dict:
    return json.loads((directory / "summary.json").read_text())
