"""The hostile battery: inputs, cache states and file-system states a build must refuse, or survive, in one line each.

A case arranges a copy of the repository (``datasets/``, the library's pin ``pingan_data/_pin.py`` and
``CITATION.cff``) below a temporary root, in one hostile way: a FIFO, a folder or a link out of the repository in
place of an input; YAML nested fifty thousand deep; a number of thousands of digits; a cache entry or a manifest
rewritten with a recomputed sha256; a cache key that cannot be made; a folder the pin cannot be written to; a full
disk while SQLite is written; an id withdrawn by a release given to another record; a package for
``python -m pipeline diff`` with paths out of it, special files, terminal escapes or a key twice; odd path
arguments. It returns what the command must do: its arguments, its exit status, the exact lines it prints on
standard error (and, where it says something, on standard output) and the only places below the root allowed to
change. Every file, folder, link and FIFO below the root is compared before and after.

A case runs in a second interpreter with a timeout and a bound on its memory, so that a hang or a runaway read
fails the case instead of the suite; the few that need to make a step fail from inside (a rename after the swap)
run in this process. ``python -m tests.hostile`` runs the battery and prints each case's faults.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from contextlib import ExitStack, redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest.mock import patch

from tests.corruption import DOC0, DOC1, DOC3, METRICS, SOURCES, SRC0, SRC1, VOCABULARY, Copy, tree

REPO = Path(__file__).resolve().parents[1]
PUBLISHED = "datasets/published"
PIN = "pingan_data/_pin.py"
CITATION = "CITATION.cff"
UNCHANGED = "nothing was published; the previous publication is unchanged"
INPUTS = "build failed: {n} problem{s} in the inputs"
OUTPUT = "build failed: 1 problem with the output folder"
#: How long one command may take before it counts as hanging (a build of the real data takes a few seconds).
TIMEOUT = 180
#: The memory a command may take: a runaway read (of /dev/zero) fails at this bound instead of filling the machine.
MEMORY = 4 << 30


def refused(kind: str) -> str:
    return (f"is {kind}, not a regular file: the build reads regular files only (a FIFO or a device could keep it "
            "waiting for ever)")


def outside(path: Path, root: Path) -> str:
    return (f"is a symbolic link to {path}, outside {root}: the build reads only files inside the repository (or "
            "the publication it reads); put the file itself here")


def failed(*lines: str) -> list[str]:
    """The lines of a build refused for its inputs."""
    n = len(lines)
    return [INPUTS.format(n=n, s="s" if n != 1 else ""), *(f"  {line}" for line in lines), UNCHANGED]


@dataclass
class Run:
    """What a case runs (``python -m pipeline ARGS``) and what it must give."""

    args: list[str]
    status: int
    stderr: list[str]
    #: the exact lines on standard output; None: not checked
    stdout: list[str] | None = None
    #: paths below the root (and everything below them) that may change
    places: tuple[str, ...] = (".cache",)
    #: environment variables set for the command
    env: dict[str, str] = field(default_factory=dict)
    #: bytes any one file may grow to (RLIMIT_FSIZE): a disk that fills up
    file_size: int | None = None
    #: patches applied around an in-process run (None: the command runs in a second interpreter)
    patches: Callable[[ExitStack], None] | None = None


@dataclass(frozen=True)
class Case:
    name: str
    arrange: Callable[[Hostile], Run]


CASES: list[Case] = []


def case(name: str) -> Callable[[Callable[[Hostile], Run]], Callable[[Hostile], Run]]:
    def register(arrange: Callable[[Hostile], Run]) -> Callable[[Hostile], Run]:
        assert name not in {c.name for c in CASES}, name
        CASES.append(Case(name, arrange))
        return arrange
    return register


class Hostile(Copy):
    """A copy of the repository below ``root``, with the hostile edits of the cases."""

    def __init__(self, root: Path, key: Path) -> None:
        super().__init__(root)
        self.key = key

    @property
    def r(self) -> str:
        return str(self.root)

    def fifo(self, rel: str) -> None:
        """Put a FIFO (a named pipe, which no one writes) in place of a file."""
        path = self.path(rel)
        path.unlink(missing_ok=True)
        os.mkfifo(path)

    def folder(self, rel: str) -> None:
        """Put a folder in place of a file."""
        self.path(rel).unlink()
        self.path(rel).mkdir()

    def link_out(self, rel: str) -> Path:
        """Move a file out of the repository and leave a symbolic link to it in its place; the file's new path."""
        away = self.root.parent / "elsewhere" / Path(rel).name
        away.parent.mkdir(exist_ok=True)
        shutil.move(self.path(rel), away)
        self.path(rel).symlink_to(away)
        return away

    def command(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """Run ``python -m pipeline ARGS`` on the copy as a case runs it (to prepare a case: a build before)."""
        return _subprocess(list(args), self, env or {}, None)

    def change_a_note(self) -> None:
        """Make a build really change the publication (a note edited, with its change note)."""
        self.set(DOC0, "000-c003", "note", "Read as 2018-2020.")
        self.explain("claims", "000-c003", "note")


def copy_repository(root: Path) -> None:
    """The inputs, the publication, the library's pin and CITATION.cff below ``root`` (no review notes, no
    evaluation sets, no staging copies)."""
    shutil.copytree(REPO / "datasets", root / "datasets", copy_function=shutil.copyfile,
                    ignore=shutil.ignore_patterns("review", "evaluation", ".published.*"))
    (root / "pingan_data").mkdir()
    shutil.copyfile(REPO / PIN, root / PIN)
    shutil.copyfile(REPO / CITATION, root / CITATION)


def changed(before: dict[str, object], after: dict[str, object]) -> set[str]:
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


def _within(path: str, places: tuple[str, ...]) -> bool:
    return any(path == p or path.startswith(f"{p}/") for p in places)


def _limits(file_size: int | None) -> Callable[[], None]:
    def limit() -> None:  # in the child, before it runs the command
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if file_size is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the bound fails with EFBIG instead
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
    return limit


def _environment(h: Hostile, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PINGAN_DATA_DIR")}
    return env | {"PYTHONPATH": str(REPO), "PINGAN_DATA_CACHE_KEY": str(h.key)} | extra


def _subprocess(args: list[str], h: Hostile, env: dict[str, str], file_size: int | None
                ) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=REPO, env=_environment(h, env),
                              capture_output=True, text=True, encoding="utf-8", errors="replace",
                              timeout=TIMEOUT, preexec_fn=_limits(file_size))
    except subprocess.TimeoutExpired as err:
        out = err.stdout.decode("utf-8", "replace") if isinstance(err.stdout, bytes) else err.stdout or ""
        return subprocess.CompletedProcess(err.cmd, -9, out, f"(hung: still running after {TIMEOUT} s)")


def _in_process(args: list[str], h: Hostile, spec: Run) -> tuple[int, str, str]:
    import pipeline.__main__ as cli
    from pipeline.core import cache

    out, err = io.StringIO(), io.StringIO()
    with ExitStack() as stack:
        stack.enter_context(patch.dict(os.environ, {"PINGAN_DATA_CACHE_KEY": str(h.key), **spec.env}))
        cache_keys = getattr(cache, "_keys", None)
        if isinstance(cache_keys, dict):
            stack.enter_context(patch.dict(cache_keys, {}))
        assert spec.patches is not None
        spec.patches(stack)
        stack.enter_context(redirect_stdout(out))
        stack.enter_context(redirect_stderr(err))
        try:
            status = cli.main(args)
        except Exception as crash:  # noqa: BLE001 - a crash is what the battery looks for
            return -1, out.getvalue(), f"{err.getvalue()}Traceback: {type(crash).__name__}: {crash}"
    return status, out.getvalue(), err.getvalue()


@dataclass
class Outcome:
    status: int
    stdout: str
    stderr: str
    changed: list[str]


def run(one: Case, root: Path, key: Path) -> tuple[Run, Outcome]:
    """Arrange a case below ``root`` (with the cache key ``key``) and run its command."""
    copy_repository(root)
    h = Hostile(root, key)
    spec = one.arrange(h)
    before = tree(root)
    if spec.patches is None:
        done = _subprocess(spec.args, h, spec.env, spec.file_size)
        status, out, err = done.returncode, done.stdout, done.stderr
    else:
        status, out, err = _in_process(spec.args, h, spec)
    moved = sorted(p for p in changed(before, tree(root)) if not _within(p, spec.places))
    return spec, Outcome(status, out, err, moved)


def verdict(spec: Run, outcome: Outcome) -> list[str]:
    """Everything wrong with how the command met its case; empty when it did what the case says."""
    faults = []
    if "Traceback" in outcome.stderr or outcome.status < 0:
        faults.append(f"the command crashed or hung (status {outcome.status}): {outcome.stderr[-600:]!r}")
    if outcome.status != spec.status:
        faults.append(f"exit status {outcome.status}, expected {spec.status}")
    if outcome.stderr.splitlines() != spec.stderr:
        faults.append(f"standard error was {outcome.stderr.splitlines()!r}, expected {spec.stderr!r}")
    if spec.stdout is not None and outcome.stdout.splitlines() != spec.stdout:
        faults.append(f"standard output was {outcome.stdout.splitlines()!r}, expected {spec.stdout!r}")
    if outcome.changed:
        faults.append(f"changed outside {spec.places}: {outcome.changed}")
    return faults


# --- the cache ---------------------------------------------------------------------------------------------------


def _forge(path: Path, cache_key: str, payload: bytes) -> None:
    """Write a cache entry as anyone can who reads the code: the entry's header with a recomputed sha256."""
    from pipeline.core import cache

    path.parent.mkdir(parents=True, exist_ok=True)
    head = b" ".join([cache.FORMAT, cache_key.encode(), hashlib.sha256(payload).hexdigest().encode()])
    path.write_bytes(head + b"\n" + payload)


def _payload(path: Path) -> bytes:
    return path.read_bytes().partition(b"\n")[2]


def _hide_a_wrong_value(h: Hostile) -> int:
    """Warm the cache, make a value wrong, and forge the entries of the wrong document from the right one's (as if
    the entry had been rewritten): the line of the wrong value."""
    from pipeline.build import CHECKED, RENDERED, _entry, document_key
    from pipeline.check.context import load_context
    from pipeline.core.paths import Paths

    assert h.command("build", "--root", h.r, "--dry-run").returncode == 0
    paths = Paths(h.root)
    document = h.path(DOC0)
    with patch.dict(os.environ, {"PINGAN_DATA_CACHE_KEY": str(h.key)}):
        context = load_context(paths, use_cache=False)
        right = document_key(context, document)
        edit = h.set(DOC0, "000-c001", "value", "300000")
        wrong = document_key(context, document)
    for step in (CHECKED, RENDERED):
        _forge(_entry(context, step, wrong), wrong, _payload(_entry(context, step, right)))
    return edit.line


def _value_wrong(line: int) -> str:
    return (f"{DOC0}:{line}: 000-c001 [value]: the quote says '3万余人' = 30000, but value is 300000 "
            "(value-mismatch)")


@case("a cache entry rewritten with a recomputed digest does not hide a wrong value")
def _cache_entry_rewritten(h: Hostile) -> Run:
    line = _hide_a_wrong_value(h)
    return Run(["build", "--root", h.r], 1, failed(_value_wrong(line)))


@case("python -m pipeline check does not agree with a build that reused a rewritten entry")
def _check_with_a_rewritten_entry(h: Hostile) -> Run:
    line = _hide_a_wrong_value(h)
    return Run(["check", "--root", h.r], 1, failed(_value_wrong(line)))


@case("a source's pin rewritten in the cached sources.yml does not let an edited source through")
def _cached_pin_rewritten(h: Hostile) -> Run:
    import pickle

    from pipeline.check import context as ctx
    from pipeline.core import cache
    from pipeline.core.paths import Paths
    from pipeline.core.records import SourceMeta

    assert h.command("build", "--root", h.r, "--dry-run").returncode == 0
    paths = Paths(h.root)
    source = h.path(f"datasets/sources/{SRC1}")
    pinned = hashlib.sha256(source.read_bytes()).hexdigest()
    source.write_bytes(source.read_bytes() + "编者按:本文有删改。\n".encode())  # the raw source edited
    edited = hashlib.sha256(source.read_bytes()).hexdigest()
    key = ctx._key(paths, paths.sources_meta, cache.code_digest())
    entry = cache.folder(paths.root, "context") / key
    data = pickle.loads(_payload(entry))
    at = [f.name for f in ctx.fields(SourceMeta)].index("sha256")
    for record in data["records"]:
        if record[at] == pinned:
            record[at] = edited  # the pin the forged entry says sources.yml holds
    _forge(entry, key, pickle.dumps(data, protocol=5))
    h.explain("sources", SRC1)
    return Run(["build", "--root", h.r], 1, failed(
        f"{SOURCES}:{h.field(SOURCES, SRC1, 'sha256')}: {SRC1} [sha256]: {SRC1} has sha256 {edited}, expected "
        f"{pinned}; raw sources are never edited (source-changed)"))


@case("a manifest rewritten to say the inputs are unchanged does not stop the build")
def _manifest_rewritten(h: Hostile) -> Run:
    from pipeline.core import outputs
    from pipeline.core.paths import Paths
    from pipeline.publish import manifest

    assert h.command("build", "--root", h.r).returncode == 0
    edit = h.set(DOC0, "000-c003", "note", "Read as 2018-2020.")  # a change the build must refuse: no change note
    paths = Paths(h.root)
    published = outputs.real(paths.published)
    record = {"inputs": manifest.inputs_digest(paths), "output": str(published),
              "datapackage": hashlib.sha256((published / "datapackage.json").read_bytes()).hexdigest()}
    last = h.path(".cache/builds/last.json")
    last.write_text(json.dumps(record), encoding="utf-8")  # the manifest as an unsigned file holds it
    del edit
    return Run(["build", "--root", h.r], 1, failed(
        "datasets/curated/changes.yml: 000-c003 [note]: claims: 1 row whose note changed (000-c003) since the last "
        "release, with no note; say why in a note of version 0.3.0 (table: claims, what: changed, columns: note) "
        "(change-without-note)"))


@case("a FIFO in place of the manifest does not hang the build")
def _manifest_fifo(h: Hostile) -> Run:
    assert h.command("build", "--root", h.r).returncode == 0
    h.fifo(".cache/builds/last.json")
    return Run(["build", "--root", h.r], 0, [], [f"published {h.path(PUBLISHED)}"],
               places=(".cache", PUBLISHED, PIN, CITATION))


@case("a FIFO in place of a cache entry does not hang the build")
def _cache_entry_fifo(h: Hostile) -> Run:
    assert h.command("build", "--root", h.r, "--dry-run").returncode == 0
    entries = sorted(h.path(".cache/documents").rglob("*"))
    h.fifo(next(p for p in entries if p.is_file()).relative_to(h.root).as_posix())
    return Run(["build", "--root", h.r, "--dry-run"], 0, [],
               ["no problems in 5 documents (--dry-run: nothing was published)"])


@case("a cache key that cannot be made lets the build run without the cache and say so once")
def _key_cannot_be_made(h: Hostile) -> Run:
    h.path("notes.txt").write_text("my notes\n", encoding="utf-8")
    key = h.path("notes.txt") / "cache.key"
    return Run(["build", "--root", h.r, "--dry-run"], 0,
               [f"note: the build ran without its cache (every document was checked anew): its key {key} cannot be "
                "made or read (Not a directory)"],
               ["no problems in 5 documents (--dry-run: nothing was published)"], places=(),
               env={"PINGAN_DATA_CACHE_KEY": str(key)})


@case("a cache key that others may read is not used, and the build says so once")
def _key_not_private(h: Hostile) -> Run:
    key = h.root.parent / "shared.key"
    key.write_text("ab" * 32 + "\n", encoding="ascii")
    key.chmod(0o644)
    return Run(["build", "--root", h.r, "--dry-run"], 0,
               [f"note: the build ran without its cache (every document was checked anew): its key {key} is not "
                f"private to this user (mode 644, owner {os.getuid()}): anyone who can read or write it could forge "
                "cache entries; delete it and a new key is made"],
               ["no problems in 5 documents (--dry-run: nothing was published)"], places=(),
               env={"PINGAN_DATA_CACHE_KEY": str(key)})


# --- reports that are true ---------------------------------------------------------------------------------------


def _read_only(folder: Path, stack: ExitStack) -> str:
    """Make ``folder`` read-only, even for root (chattr +i); the error a write into it gives."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        stack.callback(folder.chmod, 0o755)
        return os.strerror(errno.EACCES)
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True)
    if done.returncode != 0:
        import pytest

        pytest.skip("running as root where chattr cannot make a folder read-only")
    stack.callback(subprocess.run, ["chattr", "-i", str(folder)], check=True)
    return os.strerror(errno.EPERM)


_STACK = ExitStack()  # what the read-only case undoes once its command ran (see test_hostile)


@case("with pingan_data/ read-only the build changes nothing and says so")
def _pin_folder_read_only(h: Hostile) -> Run:
    h.change_a_note()
    why = _read_only(h.path("pingan_data"), _STACK)
    return Run(["build", "--root", h.r], 1, [OUTPUT, f"  {PIN}: could not write {h.path(PIN)}: {why} "
                                                     "(output-not-writable)", UNCHANGED])


@case("a folder in place of CITATION.cff refuses the build before anything changes")
def _citation_is_a_folder(h: Hostile) -> Run:
    h.change_a_note()
    h.path(CITATION).unlink()
    h.path(CITATION).mkdir()
    return Run(["build", "--root", h.r], 1, [OUTPUT, f"  {CITATION}: could not write {h.path(CITATION)}: "
                                                     "Is a directory (output-not-writable)", UNCHANGED])


def _fail_rename(target: Path) -> Callable[[ExitStack], None]:
    """Make renaming a file over ``target`` fail (as on a file system that refuses it), nothing else."""
    def patches(stack: ExitStack) -> None:
        real = os.replace

        def replace(source: Any, destination: Any, *args: Any, **kwargs: Any) -> None:
            if Path(destination) == target:
                raise OSError(errno.EIO, os.strerror(errno.EIO), str(destination))
            real(source, destination, *args, **kwargs)

        stack.enter_context(patch.object(os, "replace", replace))
    return patches


@case("when the pin cannot be renamed into place after the swap the previous publication is put back")
def _pin_rename_fails(h: Hostile) -> Run:
    h.change_a_note()
    return Run(["build", "--root", h.r], 1, [OUTPUT, f"  {PIN}: could not write {h.path(PIN)}: "
                                                     f"{os.strerror(errno.EIO)} (output-not-writable)", UNCHANGED],
               patches=_fail_rename(h.path(PIN)))


@case("when the previous publication cannot be put back either the message says where things are")
def _undo_fails(h: Hostile) -> Run:
    h.change_a_note()
    pin_fails = _fail_rename(h.path(PIN))

    def patches(stack: ExitStack) -> None:
        import pipeline.publish.package as package

        pin_fails(stack)

        def unswap(folder: Path, previous: Path | None) -> None:
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(previous))

        stack.enter_context(patch.object(package, "unswap", unswap))

    previous = h.path("datasets/.published.previous")
    return Run(["build", "--root", h.r], 1, [
        OUTPUT, f"  {PIN}: could not write {h.path(PIN)}: {os.strerror(errno.EIO)} (output-not-writable)",
        f"the new publication is in {PUBLISHED}, but {h.path(PIN)} could not be written ({os.strerror(errno.EIO)}) "
        f"and the previous publication could not be put back ({os.strerror(errno.EIO)}: {previous}); run the build "
        "again"], places=(".cache", PUBLISHED, "datasets/.published.previous"), patches=patches)


@case("a disk that fills up while SQLite is written is one line and leaves the publication")
def _sqlite_disk_full(h: Hostile) -> Run:
    h.change_a_note()
    sizes = {p.name: p.stat().st_size for p in h.path(PUBLISHED).iterdir() if p.is_file()}
    largest_other = max(size for name, size in sizes.items() if name != "pingan_data.sqlite")
    assert sizes["pingan_data.sqlite"] > largest_other + 4096  # only the database outgrows the bound
    database = h.path("datasets/.published.staging/pingan_data.sqlite")
    return Run(["build", "--root", h.r], 1, [OUTPUT, f"  {PUBLISHED}: could not write {database}: SQLite could not "
                                                     "write it (disk I/O error) (output-not-writable)", UNCHANGED],
               file_size=largest_other + 1)


# --- ids for ever ------------------------------------------------------------------------------------------------


@case("an id withdrawn by a release does not name another record once its retirement is deleted")
def _withdrawn_id_reused(h: Hostile) -> Run:
    text = h.path(DOC3).read_text(encoding="utf-8")
    head = text.split("\n# Ids once published and withdrawn")[0].split("\nretired:")[0]
    h.path(DOC3).write_text(head.rstrip("\n") + "\n", encoding="utf-8")  # the retirement of 003-c001 deleted
    edit = h.set(DOC3, "003-c009", "id", "003-c001")  # and its id given to another claim
    h.path(DOC3).write_text(h.path(DOC3).read_text(encoding="utf-8")
                            + "retired:\n  - id: 003-c009\n    reason: renumbered\n", encoding="utf-8")
    return Run(["build", "--root", h.r, "--dry-run"], 1, failed(
        f"{DOC3}:{edit.line}: 003-c001 [id]: 003-c001 was published in release 0.1.0 and withdrawn in release 0.2.0: "
        "an id names one record for ever, even once its `retired` entry is gone; give this record a new id, and keep "
        "003-c001 in `retired` with the reason it was withdrawn (retired-id)"))


def _retire(h: Hostile, rel: str, ident: str) -> int:
    lines = h.lines(rel)
    kept = lines[:-1] if lines[-1] == "" else lines
    h.write(rel, [*kept, "retired:", f"  - id: {ident}", "    reason: withdrawn by a test", ""])
    return h.record(rel, ident)


@case("a document does not retire another document's id")
def _foreign_retirement(h: Hostile) -> Run:
    line = _retire(h, DOC1, "000-c001")
    return Run(["build", "--root", h.r, "--dry-run"], 1, failed(
        f"{DOC1}:{line}: 000-c001 [id]: '000-c001' is not an id of this document ({SRC1}): a document retires only "
        "its own claim and honour ids (001-c001, 001-h001, …); retire an id in the file of the document that "
        "published it (retired-id-foreign)"))


@case("a document does not retire an id that was never published")
def _unknown_retirement(h: Hostile) -> Run:
    line = _retire(h, DOC1, "001-c099")
    return Run(["build", "--root", h.r, "--dry-run"], 1, failed(
        f"{DOC1}:{line}: 001-c099 [id]: 001-c099 was never published (no release in datasets/releases holds it, nor "
        "the current publication): only a published id is retired; remove this entry (retired-id-unknown)"))


# --- inputs that are not regular files ---------------------------------------------------------------------------


def _special(rel: str, kind: str, ident: str = "") -> str:
    return f"{rel}: {ident + ': ' if ident else ''}{refused(kind)} (not-a-regular-file)"


@case("a FIFO in place of a raw source does not hang the build")
def _source_fifo(h: Hostile) -> Run:
    h.fifo(f"datasets/sources/{SRC1}")
    return Run(["build", "--root", h.r], 1, failed(_special(f"datasets/sources/{SRC1}", "a FIFO", SRC1)))


@case("a folder in place of a raw source is one line")
def _source_folder(h: Hostile) -> Run:
    h.folder(f"datasets/sources/{SRC1}")
    return Run(["build", "--root", h.r], 1, failed(_special(f"datasets/sources/{SRC1}", "a folder", SRC1)))


@case("a raw source linked to /dev/zero is refused, not read for ever")
def _source_dev_zero(h: Hostile) -> Run:
    h.path(f"datasets/sources/{SRC1}").unlink()
    h.path(f"datasets/sources/{SRC1}").symlink_to("/dev/zero")
    return Run(["build", "--root", h.r], 1, failed(
        f"datasets/sources/{SRC1}: {SRC1}: {outside(Path('/dev/zero'), h.root)} (link-outside)"))


@case("a FIFO in place of a curated document does not hang the build")
def _document_fifo(h: Hostile) -> Run:
    h.fifo(DOC1)
    return Run(["build", "--root", h.r], 1, failed(_special(DOC1, "a FIFO")))


@case("a folder in place of a curated document is one line")
def _document_folder(h: Hostile) -> Run:
    h.folder(DOC1)
    return Run(["build", "--root", h.r], 1, failed(_special(DOC1, "a folder")))


@case("a curated document linked from outside the repository is refused")
def _document_linked_out(h: Hostile) -> Run:
    away = h.link_out(DOC1)
    return Run(["build", "--root", h.r], 1, failed(f"{DOC1}: {outside(away, h.root)} (link-outside)"))


@case("a curated document larger than the build reads is refused before it is read")
def _document_too_large(h: Hostile) -> Run:
    with h.path(DOC1).open("r+b") as out:  # sparse: nothing of it is written to the disk
        out.truncate(256 * 2**20 + 1)
    return Run(["build", "--root", h.r], 1, failed(
        f"{DOC1}: has {256 * 2**20 + 1} bytes, more than the 256 MiB the build reads of one file (file-too-large)"))


@case("a FIFO in place of metrics.yml does not hang the build")
def _metrics_fifo(h: Hostile) -> Run:
    h.fifo(METRICS)
    return Run(["build", "--root", h.r], 1, failed(_special(METRICS, "a FIFO")))


@case("a FIFO in place of vocabulary.yml does not hang the build")
def _vocabulary_fifo(h: Hostile) -> Run:
    h.fifo(VOCABULARY)
    return Run(["build", "--root", h.r], 1, failed(_special(VOCABULARY, "a FIFO")))


@case("a FIFO in place of regions.csv does not hang the build")
def _regions_fifo(h: Hostile) -> Run:
    h.fifo("datasets/reference/regions.csv")
    return Run(["build", "--root", h.r], 1, failed(_special("datasets/reference/regions.csv", "a FIFO")))


@case("a FIFO in place of changes.yml is refused, not taken for no notes")
def _changes_fifo(h: Hostile) -> Run:
    h.fifo("datasets/curated/changes.yml")
    return Run(["build", "--root", h.r], 1, failed(_special("datasets/curated/changes.yml", "a FIFO")))


@case("a FIFO in place of the publication's datapackage.json does not hang the build, which rebuilds it")
def _published_descriptor_fifo(h: Hostile) -> Run:
    h.fifo(f"{PUBLISHED}/datapackage.json")
    return Run(["build", "--root", h.r], 0, [], [f"published {h.path(PUBLISHED)}"],
               places=(".cache", PUBLISHED))


# --- what YAML and numbers can do ------------------------------------------------------------------------------


def _too_deep(rel: str, line: int) -> str:
    return (f"{rel}:{line}: lists and mappings nested more than 1000 levels deep; a curated file nests a few levels: "
            "the file is damaged or is not a curated file (yaml-too-deep)")


@case("YAML nested fifty thousand deep in metrics.yml is one line, not a crash")
def _metrics_nested_deep(h: Hostile) -> Run:
    lines = h.lines(METRICS)
    h.write(METRICS, [*lines, "deep: " + "[" * 50_000 + "]" * 50_000, ""])
    return Run(["build", "--root", h.r], 1, failed(_too_deep(METRICS, len(lines) + 1)))


@case("a list nested fifty thousand deep on one line of a curated document is one line, not a crash")
def _document_nested_deep(h: Hostile) -> Run:
    lines = h.lines(DOC0)
    h.write(DOC0, [*lines, "deep:", "- " * 50_000 + "x", ""])
    return Run(["build", "--root", h.r], 1, failed(_too_deep(DOC0, len(lines) + 2)))


@case("a value of four hundred digits is refused before it is read")
def _value_of_400_digits(h: Hostile) -> Run:
    edit = h.set(DOC0, "000-c001", "value", "9" * 400)
    return Run(["build", "--root", h.r], 1, failed(
        f"{DOC0}:{edit.line}: 000-c001 [value]: a number of 400 characters (9999999999999999…) is not read: no field "
        "takes more than 32 (number-too-long)"))


@case("an id with a serial of five thousand digits is a bad id, not a crash")
def _id_of_5000_digits(h: Hostile) -> Run:
    ident = "000-c" + "9" * 5000
    edit = h.set(DOC0, "000-c001", "id", ident)
    return Run(["build", "--root", h.r], 1, failed(
        f"{DOC0}: 000-c001 [id]: 000-c001 was published in release 0.1.0, release 0.2.0, the current publication "
        "and is gone; ids stay stable: restore the record, or withdraw the id in the document's `retired` list with "
        "a reason (id-vanished)",
        f"{DOC0}:{edit.line}: {ident} [id]: id {ident!r} should look like 000-c001: the document's number, 'c' and a "
        "serial of at least 3 digits (bad-id)"))


@case("a count of years back of five thousand digits in the vocabulary is one line, not a crash")
def _years_back_of_5000_digits(h: Hostile) -> Run:
    line = next(i for i, text in enumerate(h.lines(VOCABULARY), start=1) if "去年: 1, 前年: 2" in text)
    h.replace(VOCABULARY, line, h.lines(VOCABULARY)[line - 1].replace("前年: 2", "前年: " + "2" * 5000))
    return Run(["build", "--root", h.r], 1, failed(
        f"{VOCABULARY}:{line}: relative [markers]: markers of year_basis 'relative' must be a mapping of words to the "
        "whole number of years back from the article's year (-1: the year after) (wrong-type)"))


@case("fields of the wrong type in the vocabulary are one line each at their field, not a crash")
def _vocabulary_wrong_types(h: Hostile) -> Run:
    lines = h.lines(VOCABULARY)
    persons = next(i for i, text in enumerate(lines, start=1) if text.startswith("  persons:"))
    more = next(i for i, text in enumerate(lines, start=1) if text.startswith("  more_than:"))
    h.replace(VOCABULARY, persons, lines[persons - 1].replace("measures: [人, 名, 位]", "measures: 5"))
    h.replace(VOCABULARY, more, lines[more - 1].replace('range: "(1, inf)"', "range: {low: 1}"))
    return Run(["build", "--root", h.r], 1, failed(
        f"{VOCABULARY}:{persons}: persons [measures]: measures of units 'persons' must be a list of words "
        "(wrong-type)",
        f"{VOCABULARY}:{more}: more_than [range]: range of qualifiers 'more_than' must be text (wrong-type)"))


@case("a curated id holding terminal escapes is printed escaped")
def _id_with_escapes(h: Hostile) -> Run:
    edit = h.set(DOC0, "000-c001", "id", '"000-c001\\e]0;pwned\\a\\e[2J"')
    shown = "000-c001\\x1b]0;pwned\\x07\\x1b[2J"
    return Run(["build", "--root", h.r], 1, failed(
        f"{DOC0}: 000-c001 [id]: 000-c001 was published in release 0.1.0, release 0.2.0, the current publication "
        "and is gone; ids stay stable: restore the record, or withdraw the id in the document's `retired` list with "
        "a reason (id-vanished)",
        f"{DOC0}:{edit.line}: {shown} [id]: id '{shown}' should look like 000-c001: the document's number, 'c' and a "
        "serial of at least 3 digits (bad-id)",
        f"{DOC0}:{edit.line}: {shown} [id]: id holds U+001B (a control character) at character 8, which a terminal "
        "or a browser would act on or hide; remove it (control-character)"))


# --- the draft ---------------------------------------------------------------------------------------------------

NEW = "005_1a2b3c4d5e6f7a8b.txt"


@case("the draft does not follow a link out of datasets/sources")
def _draft_link_out(h: Hostile) -> Run:
    secret = h.root.parent / "secret.txt"
    secret.write_text("密码 123456\n", encoding="utf-8")
    h.path(f"datasets/sources/{NEW}").symlink_to(secret)
    source = h.path(f"datasets/sources/{NEW}")
    return Run(["draft", "--root", h.r, str(source)], 2, [
        f"python -m pipeline draft: error: {source}: is a symbolic link to {secret}, outside "
        f"{h.path('datasets/sources')}; a source to draft is the file itself (copy it there)"], places=())


@case("the draft of a FIFO says what it is and does not hang")
def _draft_fifo(h: Hostile) -> Run:
    h.fifo(f"datasets/sources/{NEW}")
    source = h.path(f"datasets/sources/{NEW}")
    return Run(["draft", "--root", h.r, str(source)], 2, [
        f"python -m pipeline draft: error: {source}: {refused('a FIFO')}"], places=())


@case("the draft of a source with a number of five thousand digits proposes it for exclusion, not a crash")
def _draft_enormous_number(h: Hostile) -> Run:
    text = "福州市平安建设\n全市共破获案件" + "9" * 5000 + "起。\n"
    h.path(f"datasets/sources/{NEW}").write_text(text, encoding="utf-8")
    return Run(["draft", "--root", h.r, str(h.path(f"datasets/sources/{NEW}"))], 0, [], [
        f"drafted datasets/curated/documents/{NEW.removesuffix('.txt')}.yml: 0 claims, 0 honours and 1 exclusions "
        "account for the 1 numbers of the source; its metadata was appended to datasets/sources/sources.yml",
        "the text gives no year for the article: give published_year in sources.yml (the build refuses the source "
        "until then, and 今年, 去年 are resolved once it is given)",
        "every entry is `review: proposed`: check each against its line, correct it, then change it to `review: "
        "accepted` (see CONTRIBUTING.md); the build refuses the source until then"],
        places=("datasets/curated", "datasets/sources/sources.yml", ".cache"))


@case("a source without published_year, as the draft writes one, is a problem at its line, not a traceback")
def _no_published_year(h: Hostile) -> Run:
    line = h.field(SOURCES, SRC0, "published_year")
    h.delete(SOURCES, line)
    return Run(["build", "--root", h.r], 1, failed(
        f"{SOURCES}:{h.record(SOURCES, SRC0)}: {SRC0} [published_year]: required field 'published_year' is missing "
        "(missing-field)"))


# --- path arguments ----------------------------------------------------------------------------------------------


@case("a --root that is not a repository is refused before anything is written there")
def _foreign_root(h: Hostile) -> Run:
    (h.root / "elsewhere").mkdir()
    return Run(["build", "--root", str(h.root / "elsewhere")], 2, [
        f"python -m pipeline build: error: --root {h.root / 'elsewhere'} is not a repository of pingan_data (it has "
        "no datasets/curated/package.yml); give the folder of a checkout"], places=())


@case("a --root that is a file is one line")
def _root_is_a_file(h: Hostile) -> Run:
    h.path("notes.txt").write_text("my notes\n", encoding="utf-8")
    return Run(["build", "--root", str(h.path("notes.txt"))], 2, [
        f"python -m pipeline build: error: --root {h.path('notes.txt')} is not a folder"], places=())


@case("an --out below a file is one line")
def _out_below_a_file(h: Hostile) -> Run:
    h.path("notes.txt").write_text("my notes\n", encoding="utf-8")
    return Run(["build", "--root", h.r, "--out", str(h.path("notes.txt") / "package")], 1, [
        OUTPUT, f"  notes.txt/package: cannot be made: {h.path('notes.txt')} is a file, not a folder "
                "(output-not-a-folder)", UNCHANGED], places=())


@case("an --out inside the curated files is refused")
def _out_in_curated(h: Hostile) -> Run:
    out = h.path("datasets/curated/documents/006_0000000000000000.yml")
    return Run(["build", "--root", h.r, "--out", str(out)], 1, [
        OUTPUT, "  datasets/curated/documents/006_0000000000000000.yml: is inside datasets/curated, which the build "
                "reads or publishes: a publication there would mix with it; give a folder elsewhere (output-in-inputs)",
        UNCHANGED], places=())


@case("an empty folder of the user's inside the publication is not deleted")
def _empty_folder_in_publication(h: Hostile) -> Run:
    h.change_a_note()
    h.path(f"{PUBLISHED}/mine").mkdir()
    return Run(["build", "--root", h.r], 1, [
        OUTPUT, f"  {PUBLISHED}: holds files the build did not write (mine/); the build replaces this folder whole: "
                "move them elsewhere first (output-foreign-files)", UNCHANGED], places=())


# --- python -m pipeline diff on a hostile package --------------------------------------------------------------

RELEASE = "datasets/releases/0.2.0"


def _package(h: Hostile) -> Path:
    """A copy of release 0.2.0 to make hostile, and the tables' descriptor entries."""
    folder = h.root / "package"
    shutil.copytree(h.path(RELEASE), folder)
    return folder


def _redeclare(folder: Path, relpath: str, **changes: Any) -> None:
    """Rewrite a resource of a package's datapackage.json: its path, or its size and sha256 to match its file."""
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for resource_ in descriptor["resources"]:
        if resource_["path"] == relpath:
            if changes:
                resource_.update(changes)
            else:
                data = (folder / relpath).read_bytes()
                resource_.update(bytes=len(data), hash=f"sha256:{hashlib.sha256(data).hexdigest()}")
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")


def _diff(h: Hostile, folder: Path, status: int, stderr: list[str], stdout: list[str] | None = None) -> Run:
    return Run(["diff", "--root", h.r, str(h.path(RELEASE)), str(folder)], status, stderr, stdout, places=())


def _diff_error(message: str) -> list[str]:
    return [f"python -m pipeline diff: error: {message}"]


@case("diff does not read a table whose path leads out of the package")
def _diff_path_out(h: Hostile) -> Run:
    folder = _package(h)
    _redeclare(folder, "claims.csv", path="../../../../../../etc/hostname")
    return _diff(h, folder, 2, _diff_error(
        f"{folder / 'datapackage.json'}: table claims has the path '../../../../../../etc/hostname'; a resource path "
        "is relative and stays inside the folder"))


@case("diff does not follow a table linked out of the package")
def _diff_link_out(h: Hostile) -> Run:
    folder = _package(h)
    away = h.root / "claims.csv"
    shutil.move(folder / "claims.csv", away)
    (folder / "claims.csv").symlink_to(away)
    return _diff(h, folder, 2, _diff_error(
        f"{folder / 'claims.csv'}: cannot read table claims: is a symbolic link to {away}, outside {folder}: the build "
        "reads only files inside the repository (or the publication it reads); put the file itself here"))


@case("diff does not hang on a FIFO in place of a table")
def _diff_fifo(h: Hostile) -> Run:
    folder = _package(h)
    (folder / "claims.csv").unlink()
    os.mkfifo(folder / "claims.csv")
    return _diff(h, folder, 2, _diff_error(f"{folder / 'claims.csv'}: cannot read table claims: {refused('a FIFO')}"))


@case("diff does not hang on a FIFO in place of datapackage.json")
def _diff_descriptor_fifo(h: Hostile) -> Run:
    folder = _package(h)
    (folder / "datapackage.json").unlink()
    os.mkfifo(folder / "datapackage.json")
    return _diff(h, folder, 2, _diff_error(f"{folder / 'datapackage.json'}: {refused('a FIFO')}"))


@case("diff does not read /dev/zero for ever")
def _diff_dev_zero(h: Hostile) -> Run:
    folder = _package(h)
    (folder / "claims.csv").unlink()
    (folder / "claims.csv").symlink_to("/dev/zero")
    return _diff(h, folder, 2, _diff_error(
        f"{folder / 'claims.csv'}: cannot read table claims: is a symbolic link to /dev/zero, outside {folder}: the "
        "build reads only files inside the repository (or the publication it reads); put the file itself here"))


@case("diff refuses a table that is not the size its package declares")
def _diff_grown(h: Hostile) -> Run:
    folder = _package(h)
    size = (folder / "claims.csv").stat().st_size
    with (folder / "claims.csv").open("a", encoding="utf-8") as out:
        out.write("000-c999\n")
    return _diff(h, folder, 2, _diff_error(
        f"{folder / 'claims.csv'}: cannot read table claims: has {size + 9} bytes, but its datapackage.json declares "
        f"{size}: it is damaged or was replaced"))


@case("diff reports a primary key given twice")
def _diff_duplicate_key(h: Hostile) -> Run:
    folder = _package(h)
    lines = (folder / "claims.csv").read_text(encoding="utf-8").split("\n")
    (folder / "claims.csv").write_text("\n".join([*lines[:2], lines[1], *lines[2:]]), encoding="utf-8")
    _redeclare(folder, "claims.csv")
    first = lines[1].split(",")[0]
    return _diff(h, folder, 2, _diff_error(
        f"{folder / 'claims.csv'}: table claims has the primary key claim_id = {first!r} more than once (rows 1 and "
        "2): a key names one row"))


@case("diff prints terminal escapes in a changed cell escaped")
def _diff_escapes(h: Hostile) -> Run:
    folder = _package(h)
    text = (folder / "claims.csv").read_text(encoding="utf-8")
    (folder / "claims.csv").write_text(text.replace("3万余人", "3万余人\x1b]0;pwned\x07\x1b[2J\u202e", 1),
                                       encoding="utf-8")
    _redeclare(folder, "claims.csv")
    quote = "福州组织3万余人的五级巡防队伍开展联勤联防"
    escaped = quote.replace("3万余人", "3万余人\\x1b]0;pwned\\x07\\x1b[2J\\u202e")
    return _diff(h, folder, 0, [], ["# 0.2.0 (compared with 0.2.0)", "", "## claims", "", "- rows changed (1):",
                                    f"  - 000-c001: quote: {quote} → {escaped}"])


if __name__ == "__main__":
    broken = 0
    with tempfile.TemporaryDirectory() as tmp:
        for number, one in enumerate(CASES):
            root = Path(tmp) / str(number) / "root"
            root.mkdir(parents=True)
            try:
                spec, outcome = run(one, root, Path(tmp) / "cache.key")
                faults = verdict(spec, outcome)
            except Exception as crash:  # noqa: BLE001 - a case that cannot even be arranged has failed
                faults = [f"the case could not be run: {type(crash).__name__}: {crash}"]
            finally:
                _STACK.close()
            broken += bool(faults)
            for fault in faults:
                print(f"{one.name}: {fault}", file=sys.stderr)
    print(f"- hostile cases tried: {len(CASES)}\n- cases that failed: {broken}")
    sys.exit(1 if broken else 0)
