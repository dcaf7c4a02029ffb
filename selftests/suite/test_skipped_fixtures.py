"""A fixture that skips (rather than fails) is left to pytest: several tests skipped by one shared fixture are
folded into one line of the short summary, never an internal error."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_tests_skipped_by_one_shared_fixture_end_the_run_cleanly(tmp_path):
    (tmp_path / "test_shared_skip.py").write_text(
        "import pytest\n\n\n"
        "@pytest.fixture(scope='module')\n"
        "def source():\n"
        "    pytest.skip('needs a clone of the source')\n\n\n"
        "def test_one(source):\n    pass\n\n\n"
        "def test_two(source):\n    pass\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRBYTE_", "HYPOTHESIS_"))}
    result = subprocess.run([sys.executable, "-m", "pytest", "-c", str(REPO / "tox.ini"), "--rootdir", str(REPO),
                             "-p", "no:cacheprovider", "-rs", "--confcutdir", str(REPO), "-p", "conftest",
                             str(tmp_path / "test_shared_skip.py")],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "2 skipped" in result.stdout and "INTERNALERROR" not in result.stdout + result.stderr
