"""`make test` says what it skipped and why: each skipped test is named with what was left out and what to install."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.published import REPO

pytestmark = pytest.mark.slow  # a second pytest


def test_a_run_without_r_or_a_browser_names_each_skipped_test_with_what_to_install(tmp_path: Path) -> None:
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": str(bin_dir), "PINGAN_CHROMIUM": str(tmp_path / "no-chromium")}
    browser = "tests/test_site.py::test_a_linked_line_is_not_hidden_under_the_toolbar"
    command = [sys.executable, "-m", "pytest", "-rs", "-p", "no:cacheprovider", "tests/test_r.py", browser]
    result = subprocess.run(command,
                            capture_output=True, text=True, cwd=REPO, env=env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    skipped = [line for line in result.stdout.splitlines() if line.startswith("SKIPPED")]
    assert any("R example" in line and "apt-get install --no-install-recommends r-base-core r-cran-jsonlite" in line
               for line in skipped), result.stdout
    assert any("not tried in a browser" in line and "apt-get install chromium fonts-noto-cjk" in line
               for line in skipped), result.stdout


def test_make_test_runs_pytest_with_the_reasons_of_skipped_tests() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "pytest -rs" in recipe
