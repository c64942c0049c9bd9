"""The pipeline's command line ends its process with its exit handlers run and what it made frozen, so that the
cycle collector's last pass at exit does not walk it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pipeline.core.paths import REPO

#: ``python -m pipeline ARGS`` run as ``-m`` runs it, with an exit handler that says whether the objects were frozen.
RUN = ("import atexit, gc, runpy, sys; "
       "atexit.register(lambda: print('frozen' if gc.get_freeze_count() else 'walked')); "
       "sys.argv = ['pipeline', *sys.argv[1:]]; runpy.run_module('pipeline', run_name='__main__', alter_sys=True)")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", RUN, *args], cwd=REPO, capture_output=True, text=True, timeout=120)


def test_a_failed_command_keeps_its_status_and_message_and_runs_its_exit_handlers_on_frozen_objects(
        tmp_path: Path) -> None:
    done = _run("build", "--root", str(tmp_path / "absent"))
    assert done.returncode == 2
    assert done.stderr.strip() == f"python -m pipeline build: error: --root {tmp_path / 'absent'} is not a folder"
    assert done.stdout.splitlines()[-1] == "frozen"


def test_a_command_that_succeeds_exits_0_with_its_output_and_its_exit_handlers_run_on_frozen_objects() -> None:
    published = str(REPO / "datasets" / "published")
    done = _run("diff", published, published)
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert "No table changed." in lines
    assert lines[-1] == "frozen"
