"""The build writes only into a folder it owns, and never deletes or truncates what it did not write.

A table of hostile and careless outputs, in the style of the corruption battery: each case arranges a copy
of ``datasets/`` (and whatever else it needs) below a temporary root, runs ``python -m pipeline build``
there, and states the exit status, the exact lines printed on standard error, and the only paths allowed
to change. Every file and symlink below the root is compared before and after, so a case also proves that
nothing outside its place changed (and, for a refusal, that nothing changed at all).
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import shutil
from collections.abc import Callable
from contextlib import ExitStack, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from unittest.mock import patch

import pytest

import pipeline.__main__ as cli
import pipeline.publish.package
from pipeline.core import outputs
from pipeline.publish.package import MARKER
from tests.corruption import DOC0, REPO, Copy, copy_inputs, tree
from tests.published import copy_package

pytestmark = pytest.mark.slow  # whole builds, servers or second interpreters: `make test` runs them

PUBLISHED = "datasets/published"
REFUSED = "build failed: 1 problem with the output folder"
UNCHANGED = "nothing was published; the previous publication is unchanged"


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
    real = pipeline.publish.package.write_parquet

    def full(frame: object, folder: Path, name: str) -> None:
        if name == "honors":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder / f"{name}.parquet"))
        real(frame, folder, name)

    stack.enter_context(patch.object(pipeline.publish.package, "write_parquet", full))
    target = root / "datasets" / ".published.staging" / "honors.parquet"
    return [], refusal(PUBLISHED, f"could not write {target}: No space left on device", "output-not-writable")


def _change_a_note(root: Path) -> None:
    """Make the build really change the publication, so that a replaced folder shows."""
    Copy(root).set(DOC0, "000-c003", "note", "Read as 2018-2020.")
    Copy(root).explain("claims", "000-c003", "note")


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
    (staging / MARKER).write_text(outputs.marker_text(pipeline.publish.package.MARKER_HEADER, []), encoding="utf-8")
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
    # besides its output, the build writes only its cache of checked documents, in the root's .cache/ folder
    assert sorted(p for p in changed(before, after) if not inside(p, (*case.places, ".cache"))) == []
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
    assert marker[:2] == [f"# {line}" for line in pipeline.publish.package.MARKER_HEADER.splitlines()]
    assert marker[2:] == [name for name in written if name != MARKER]


# --- the web edition ---------------------------------------------------------------------------------------

SITE_NOT_OWNED = ("not empty and not written by the site build (no .pingan-site in it); give a new or empty "
                  "folder, or one it wrote before")


def _package(root: Path) -> Path:
    return copy_package(root / "package")


def _site_users_folder(root: Path, _: ExitStack) -> tuple[list[str], list[str]]:
    for name in ("sources", "data", "tables"):  # folders whose names the site uses
        (root / "out" / name).mkdir(parents=True)
        (root / "out" / name / "mine.txt").write_text("my notes\n", encoding="utf-8")
    return ["--out", str(root / "out")], [f"python -m web: error: {root / 'out'}: {SITE_NOT_OWNED} (output-not-owned)"]


def _site_file(root: Path, _: ExitStack) -> tuple[list[str], list[str]]:
    (root / "out").write_text("my notes\n", encoding="utf-8")
    return ["--out", str(root / "out")], [f"python -m web: error: {root / 'out'}: is a file, not a folder "
                                          "(output-not-a-folder)"]


def _site_subfolder_linked_outside(root: Path, _: ExitStack) -> tuple[list[str], list[str]]:
    folder = _package(root)
    build_site(folder, root / "out")
    (root / "elsewhere").mkdir()
    shutil.rmtree(root / "out" / "data")
    (root / "out" / "data").symlink_to(root / "elsewhere", target_is_directory=True)
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    first = min([r["path"] for r in package["resources"]] + ["datapackage.json"])  # the site writes them in order
    target = root / "out" / "data" / first
    return ["--out", str(root / "out")], [f"python -m web: error: {target}: would be written outside the output "
                                          "folder; nothing was written (output-outside)"]


def _site_locked(root: Path, stack: ExitStack) -> tuple[list[str], list[str]]:
    stack.enter_context(outputs.lock(root / "out"))
    return ["--out", str(root / "out")], [f"python -m web: error: {root / 'out'}: another build is writing this "
                                          "folder; wait for it to finish, then run the build again (output-locked)"]


def _site_escaping_resource(root: Path, _: ExitStack) -> tuple[list[str], list[str]]:
    package = _package(root)
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["path"] == "claims.csv")
    resource["path"] = "../../escape.txt"
    (package / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    number = descriptor["resources"].index(resource) + 1
    return ["--out", str(root / "out")], [
        f"python -m web: error: the package in {package} is refused: datapackage.json is not shaped as the data "
        f"package the library reads: resource {number} (claims) has the path '../../escape.txt'; a resource path "
        "is relative and stays inside the package folder; reinstall pingan_data or restore the file"]


def _site_forged_package(root: Path, _: ExitStack) -> tuple[list[str], list[str]]:
    package = _package(root)
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["title"] = "Another data set"
    (package / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    forged = hashlib.sha256((package / "datapackage.json").read_bytes()).hexdigest()
    pin = hashlib.sha256((REPO / PUBLISHED / "datapackage.json").read_bytes()).hexdigest()
    return ["--out", str(root / "out")], [
        f"python -m web: error: the package in {package} is refused: datapackage.json is not the one this version "
        f"of pingan_data was published with: its sha256 is {forged[:12]}…, but the library is pinned to "
        f"{pin[:12]}… ({package / 'datapackage.json'}); reinstall pingan_data, or in a checkout rebuild the "
        "package with `make`"]


def _site_damaged_file(root: Path, _: ExitStack) -> tuple[list[str], list[str]]:
    package = _package(root)
    data = bytearray((package / "metrics.csv").read_bytes())
    data[100] ^= 1
    (package / "metrics.csv").write_bytes(bytes(data))
    expected = hashlib.sha256((REPO / PUBLISHED / "metrics.csv").read_bytes()).hexdigest()
    actual = hashlib.sha256(bytes(data)).hexdigest()
    return ["--out", str(root / "out")], [
        f"python -m web: error: the package in {package} is refused: metrics.csv is damaged or was replaced: its "
        f"sha256 is {actual[:12]}…, but datapackage.json expects {expected[:12]}… ({package / 'metrics.csv'}); "
        "reinstall pingan_data or restore the file"]


def _site_previous_with_users_files(root: Path, _: ExitStack) -> tuple[list[str], list[str]]:
    build_site(_package(root), root / "out")
    (root / "out" / "index.html").write_text("edited by hand", encoding="utf-8")
    (root / "out" / "screenshots").mkdir()
    (root / "out" / "screenshots" / "a.png").write_bytes(b"png")
    (root / "out" / "tables" / "notes.txt").write_text("mine\n", encoding="utf-8")
    return ["--out", str(root / "out")], []


def _site_symlinked(root: Path, _: ExitStack) -> tuple[list[str], list[str]]:
    (root / "real-site").mkdir()
    (root / "out").symlink_to("real-site", target_is_directory=True)
    return ["--out", str(root / "out")], []


@dataclass(frozen=True)
class Site:
    """A hostile or careless site build: as Output, and ``kept``, the user's files that must survive."""

    name: str
    arrange: Callable[[Path, ExitStack], tuple[list[str], list[str]]]
    status: int
    places: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()


SITES = [
    Site("--out naming a folder of the user's with sources/, data/ and tables/ in it", _site_users_folder, 3),
    Site("--out naming a file", _site_file, 3),
    Site("a folder of an earlier site replaced by a symlink leading outside", _site_subfolder_linked_outside, 3),
    Site("another site build of the same folder running", _site_locked, 3),
    Site("a package whose resource path leads out of it", _site_escaping_resource, 1),
    Site("a package rewritten with a consistent descriptor", _site_forged_package, 1),
    Site("a package with a damaged file", _site_damaged_file, 1),
    Site("an earlier site with files of the user's in it", _site_previous_with_users_files, 0, ("out",),
         ("out/screenshots/a.png", "out/tables/notes.txt")),
    Site("a symlinked site folder", _site_symlinked, 0, ("real-site",), ("out",)),
]


def build_site(package: Path, out: Path) -> None:
    from web.build import build

    build(package, out)


@pytest.mark.parametrize("case", SITES, ids=[c.name for c in SITES])
def test_the_site_writes_only_into_a_folder_it_owns_from_a_verified_package(case: Site, tmp_path: Path) -> None:
    import web.__main__ as site_cli

    root = tmp_path / "root"
    root.mkdir()
    with ExitStack() as stack:
        extra, expected = case.arrange(root, stack)
        package = root / "package" if (root / "package").exists() else _package(root)
        before = tree(root)
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            status = site_cli.main(["build", "--package", str(package), *extra])
    after = tree(root)
    assert (status, err.getvalue().splitlines()) == (case.status, expected)
    assert sorted(p for p in changed(before, after) if not inside(p, case.places)) == []
    assert all(after[p] == before[p] for p in case.kept)
    if case.status == 0:
        assert outputs.real(root / "out").joinpath("index.html").read_bytes().startswith(b"<!doctype html>")
