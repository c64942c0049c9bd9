"""The build writes only into a folder it owns, and never deletes or truncates what it did not write.

A table of hostile and careless outputs, in the style of the corruption battery: each case arranges a copy
of ``datasets/`` (and whatever else it needs) below a temporary root, runs ``python -m pipeline build``
there, and states the exit status, the exact lines printed on standard error, and the only paths allowed
to change. Every file and symlink below the root is compared before and after, so a case also proves that
nothing outside its place changed (and, for a refusal, that nothing changed at all).
"""

from __future__ import annotations

import errno
import io
import os
import shutil
from collections.abc import Callable
from contextlib import ExitStack, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from unittest.mock import patch

import pytest

import pipeline.__main__ as cli
import pipeline.publish
from pipeline import outputs
from pipeline.publish import MARKER
from tests.corruption import DOC0, Copy, copy_inputs

PUBLISHED = "datasets/published"
REFUSED = "build failed: 1 problem with the output folder"
UNCHANGED = "nothing was published; the previous publication is unchanged"


def tree(root: Path) -> dict[str, object]:
    """Every file (its bytes) and symlink (its target) below ``root``, by relative path."""
    found: dict[str, object] = {}
    for folder, dirs, names in os.walk(root):
        for name in [*names, *dirs]:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = ("symlink", os.readlink(path))
            elif path.is_file():
                found[rel] = path.read_bytes()
    return found


def changed(before: dict[str, object], after: dict[str, object]) -> set[str]:
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


def inside(path: str, places: tuple[str, ...]) -> bool:
    return any(path == p or path.startswith(f"{p}/") for p in places)


@dataclass(frozen=True)
class Output:
    """A hostile or careless output: ``arrange`` prepares the root and returns the build's extra arguments and
    the exact lines expected on standard error; ``places`` may change (nothing else may)."""

    name: str
    arrange: Callable[[Path, ExitStack], tuple[list[str], list[str]]]
    status: int
    places: tuple[str, ...] = ()


def refusal(where: str, message: str, code: str) -> list[str]:
    return [REFUSED, f"  {where}: {message} ({code})", UNCHANGED]


NOT_OWNED = ("not empty and not written by this build (no .pingan-publication in it); the build replaces its output "
             "folder whole: give a new or empty folder, or one it wrote before")
IN_THE_WAY = ("is in the way: the build keeps its staging and previous copies under this name, but this one was not "
              "written by the build; move it away")


def _out_datasets(root: Path, _: ExitStack) -> tuple[list[str], list[str]]:
    return ["--out", str(root / "datasets")], refusal("datasets", NOT_OWNED, "output-not-owned")


def _out_users_folder(root: Path, _: ExitStack) -> tuple[list[str], list[str]]:
    (root / "mine").mkdir()
    (root / "mine" / "notes.txt").write_text("my notes\n", encoding="utf-8")
    return ["--out", str(root / "mine")], refusal("mine", NOT_OWNED, "output-not-owned")


def _out_hidden_file_only(root: Path, _: ExitStack) -> tuple[list[str], list[str]]:
    (root / "mine").mkdir()
    (root / "mine" / ".keep").write_text("", encoding="utf-8")
    return ["--out", str(root / "mine")], refusal("mine", NOT_OWNED, "output-not-owned")


def _out_file(root: Path, _: ExitStack) -> tuple[list[str], list[str]]:
    (root / "notes.txt").write_text("my notes\n", encoding="utf-8")
    return ["--out", str(root / "notes.txt")], refusal("notes.txt", "is a file, not a folder", "output-not-a-folder")


def _users_file_in_the_publication(root: Path, _: ExitStack) -> tuple[list[str], list[str]]:
    (root / PUBLISHED / "analysis.ipynb").write_text("{}", encoding="utf-8")
    (root / PUBLISHED / "sources" / "my-notes.txt").write_text("notes\n", encoding="utf-8")
    return [], refusal(PUBLISHED, "holds files the build did not write (analysis.ipynb, sources/my-notes.txt); the "
                                  "build replaces this folder whole: move them elsewhere first", "output-foreign-files")


def _users_folder_where_staging_goes(root: Path, _: ExitStack) -> tuple[list[str], list[str]]:
    (root / "datasets" / ".published.staging").mkdir()
    (root / "datasets" / ".published.staging" / "draft.csv").write_text("a,b\n", encoding="utf-8")
    return [], refusal("datasets/.published.staging", IN_THE_WAY, "output-not-owned")


def _users_folder_where_previous_goes(root: Path, _: ExitStack) -> tuple[list[str], list[str]]:
    (root / "datasets" / ".published.previous").mkdir()
    (root / "datasets" / ".published.previous" / "old.csv").write_text("a,b\n", encoding="utf-8")
    return [], refusal("datasets/.published.previous", IN_THE_WAY, "output-not-owned")


def _another_build_running(root: Path, stack: ExitStack) -> tuple[list[str], list[str]]:
    stack.enter_context(outputs.lock(root / PUBLISHED))
    return [], refusal(PUBLISHED, "another build is writing this folder; wait for it to finish, then run the build "
                                  "again", "output-locked")


def _disk_full(root: Path, stack: ExitStack) -> tuple[list[str], list[str]]:
    _change_a_note(root)
    real = pipeline.publish.write_table

    def full(frame: object, folder: Path, name: str) -> None:
        if name == "honors":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder / f"{name}.parquet"))
        real(frame, folder, name)

    stack.enter_context(patch.object(pipeline.publish, "write_table", full))
    target = root / "datasets" / ".published.staging" / "honors.parquet"
    return [], refusal(PUBLISHED, f"could not write {target}: No space left on device", "output-not-writable")


def _change_a_note(root: Path) -> None:
    """Make the build really change the publication, so that a replaced folder shows."""
    Copy(root).set(DOC0, "000-c003", "note", "Read as 2018-2020.")


def _rebuild(root: Path, _: ExitStack) -> tuple[list[str], list[str]]:
    _change_a_note(root)
    return [], []


def _new_folder(root: Path, _: ExitStack) -> tuple[list[str], list[str]]:
    return ["--out", str(root / "new" / "package")], []


def _empty_folder(root: Path, _: ExitStack) -> tuple[list[str], list[str]]:
    (root / "empty").mkdir()
    return ["--out", str(root / "empty")], []


def _symlinked_publication(root: Path, _: ExitStack) -> tuple[list[str], list[str]]:
    _change_a_note(root)
    (root / "elsewhere").mkdir()
    shutil.move(root / PUBLISHED, root / "elsewhere" / "published")
    (root / PUBLISHED).symlink_to(Path("..") / "elsewhere" / "published", target_is_directory=True)
    return [], []


def _staging_left_by_a_crash(root: Path, _: ExitStack) -> tuple[list[str], list[str]]:
    staging = root / "datasets" / ".published.staging"
    staging.mkdir()
    (staging / MARKER).write_text(pipeline.publish.MARKER_HEADER, encoding="utf-8")
    (staging / "claims.csv").write_text("claim_id\n", encoding="utf-8")
    return [], []


OUTPUTS = [
    Output("--out naming the datasets folder, which holds the curated files", _out_datasets, 1),
    Output("--out naming a folder of the user's files", _out_users_folder, 1),
    Output("--out naming a folder that holds only a hidden file", _out_hidden_file_only, 1),
    Output("--out naming a file", _out_file, 1),
    Output("a file of the user's inside the last publication", _users_file_in_the_publication, 1),
    Output("a folder of the user's where the build stages", _users_folder_where_staging_goes, 1),
    Output("a folder of the user's where the build keeps the previous copy", _users_folder_where_previous_goes, 1),
    Output("another build of the same folder running", _another_build_running, 1),
    Output("the disk full while the publication is written", _disk_full, 1),
    Output("the last publication, rebuilt", _rebuild, 0, (PUBLISHED,)),
    Output("--out naming a folder that does not exist yet", _new_folder, 0, ("new",)),
    Output("--out naming an empty folder", _empty_folder, 0, ("empty",)),
    Output("a symlinked publication folder", _symlinked_publication, 0, ("elsewhere/published",)),
    Output("a staging copy left by a crashed build", _staging_left_by_a_crash, 0,
           (PUBLISHED, "datasets/.published.staging")),
]


def run_build(root: Path, extra: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = cli.main(["build", "--root", str(root), *extra])
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("case", OUTPUTS, ids=[c.name for c in OUTPUTS])
def test_the_build_writes_only_into_a_folder_it_owns(case: Output, tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    copy_inputs(root)
    with ExitStack() as stack:
        extra, expected = case.arrange(root, stack)
        before = tree(root)
        status, out, err = run_build(root, extra)
    after = tree(root)
    assert (status, err.splitlines()) == (case.status, expected)
    assert sorted(p for p in changed(before, after) if not inside(p, case.places)) == []
    if case.status == 0:
        assert out.startswith("published ")
        assert any(inside(p, case.places) for p in changed(before, after))
        assert [p.name for p in (root / "datasets").iterdir() if p.name.startswith(".published.")] == []


def test_a_symlinked_publication_folder_stays_a_symlink_through_two_builds(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    copy_inputs(root)
    _symlinked_publication(root, ExitStack())
    for _ in range(2):
        assert run_build(root, [])[0] == 0
        assert (root / PUBLISHED).is_symlink()
        assert os.readlink(root / PUBLISHED) == os.path.join("..", "elsewhere", "published")
    assert (root / "elsewhere" / "published" / MARKER).is_file()
    assert sorted(p.name for p in (root / "elsewhere").iterdir()) == ["published"]


def test_the_marker_lists_every_file_of_the_publication(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    copy_inputs(root)
    assert run_build(root, ["--out", str(root / "out")])[0] == 0
    written = sorted(p.relative_to(root / "out").as_posix() for p in (root / "out").rglob("*") if p.is_file())
    marker = (root / "out" / MARKER).read_text(encoding="utf-8").splitlines()
    assert marker[:2] == pipeline.publish.MARKER_HEADER.splitlines()
    assert marker[2:] == [name for name in written if name != MARKER]
