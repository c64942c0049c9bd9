"""Output folders the build and the site own: recognised by a marker, locked while written, nothing else touched.

A folder is the build's (or the site's) when it does not exist, is empty, or carries the marker file that
the build (or the site) wrote there; the marker lists the files it wrote. Anything else is refused before a
byte is written, and only files listed in a marker are ever replaced or deleted.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import tempfile
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from pipeline.core import files

#: How many foreign files a refusal names.
SHOWN = 3


class OutputError(Exception):
    """An output folder that may not be written: ``folder``, a stable ``code`` and what to do (``message``)."""

    def __init__(self, folder: Path, code: str, message: str) -> None:
        super().__init__(f"{folder}: {message} ({code})")
        self.folder, self.code, self.message = folder, code, message


def real(folder: Path) -> Path:
    """The folder a path names once symbolic links are followed: a symlinked output folder is written through."""
    return Path(os.path.realpath(folder))


def marker_text(header: str, files: list[str]) -> str:
    """A marker: its header as comment lines (``# …``), then the files written, one relative path a line."""
    comments = "".join(f"# {line}\n" for line in header.rstrip("\n").split("\n"))
    return comments + "".join(f"{name}\n" for name in sorted(files))


def listed(folder: Path, marker: str) -> set[str] | None:
    """The files a folder's marker lists (relative paths inside the folder), or None when it has no marker.

    Comment lines (``# …``) and lines that are not a plain relative path inside the folder (absolute, with
    ``..``) are ignored, so a forged marker cannot make anything outside the folder the build's.
    """
    file = folder / marker
    if not file.is_file() or file.is_symlink():
        return None
    try:
        text = files.read(file, folder, files.MAX_BYTES).decode("utf-8", errors="replace")
    except files.Refused:
        return None
    names = set()
    for line in text.splitlines():
        path = PurePosixPath(line)
        if line and not line.startswith("#") and not path.is_absolute() and ".." not in path.parts \
                and "\\" not in line:
            names.add(path.as_posix())
    return names


def files_in(folder: Path) -> list[str]:
    """Every file (and symlink) below a folder, and every empty folder (as ``name/``), as sorted relative paths:
    everything that replacing the folder would delete."""
    out = []
    for root, dirs, names in os.walk(folder):
        base = Path(root).relative_to(folder)
        out += [(base / n).as_posix() for n in names]
        out += [(base / d).as_posix() for d in dirs if (Path(root) / d).is_symlink()]
        if not dirs and not names and base != Path("."):
            out.append(f"{base.as_posix()}/")
    return sorted(out)


def claim(folder: Path, marker: str, *, whole: bool, also: Collection[str] = (), owner: str = "this build") -> None:
    """Raise OutputError unless ``folder`` may be written by the owner of ``marker`` (``owner``, in messages).

    With ``whole`` (the folder is replaced whole), a folder carrying the marker must hold nothing that the
    marker (or ``also``, other files known to be the owner's) does not list, since the swap would delete it.
    """
    if not folder.exists():
        return
    if not folder.is_dir():
        raise OutputError(folder, "output-not-a-folder", "is a file, not a folder")
    present = files_in(folder)
    if not present:
        return
    mine = listed(folder, marker)
    if mine is None:
        why = "the build replaces its output folder whole: " if whole else ""
        raise OutputError(folder, "output-not-owned", f"not empty and not written by {owner} (no {marker} in it); "
                          f"{why}give a new or empty folder, or one it wrote before")
    foreign = [name for name in present if name != marker and name not in mine and name not in also]
    if whole and foreign:
        more = f" and {len(foreign) - SHOWN} more" if len(foreign) > SHOWN else ""
        raise OutputError(folder, "output-foreign-files",
                          f"holds files the build did not write ({', '.join(foreign[:SHOWN])}{more}); the build "
                          "replaces this folder whole: move them elsewhere first")


def ours(folder: Path, marker: str) -> bool:
    """Whether a folder (not a symlink) carries the marker: a staging or previous copy the build made."""
    return folder.is_dir() and not folder.is_symlink() and (folder / marker).is_file()


def claim_sibling(folder: Path, marker: str) -> None:
    """A working copy beside the output (staging, previous) must be absent or the build's own."""
    if (folder.exists() or folder.is_symlink()) and not ours(folder, marker):
        raise OutputError(folder, "output-not-owned",
                          "is in the way: the build keeps its staging and previous copies under this name, but "
                          "this one was not written by the build; move it away")


@contextmanager
def lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the folder that will contain ``folder`` for as long as the block runs.

    The lock is taken on the parent directory itself (no lock file is left behind); a second build of the
    same output is refused at once with OutputError ``output-locked``.
    """
    parent = folder.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as err:  # a file on the way
        raise OutputError(folder, "output-not-a-folder", f"cannot be made: {err.filename} is a file, not a "
                                                         "folder") from None
    fd = os.open(parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            if err.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise OutputError(folder, "output-locked", "another build is writing this folder; wait for it "
                                  "to finish, then run the build again") from None
            raise
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def file_mode(path: Path) -> int:
    """The permission bits of the file being replaced, or those of a new file under the current umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def inside(folder: Path, relpath: str) -> Path:
    """``folder / relpath`` once it is sure to stay inside ``folder`` (no ``..``, no absolute path, no symlinked
    folder on the way that leads elsewhere); OutputError ``output-outside`` otherwise."""
    path = PurePosixPath(relpath)
    target = folder / relpath
    if path.is_absolute() or ".." in path.parts or "\\" in relpath \
            or not real(target.parent).is_relative_to(real(folder)):
        raise OutputError(target, "output-outside", "would be written outside the output folder; nothing was written")
    return target


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it over ``path``: readers see the old
    file or the new one, never half of it, and a failed write (e.g. a full disk) leaves ``path`` as it was."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, file_mode(path))  # mkstemp makes the file private (0600); give it the mode a new file gets
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _previous(path: Path) -> bytes | None:
    """The bytes a staged file replaces (None when there is none), read as any input is."""
    if not path.is_file():
        return None
    try:
        return files.read(path, path.parent, files.MAX_BYTES)
    except files.Refused as err:
        raise OSError(errno.EINVAL, err.message, str(path)) from None


class Staged:
    """Files written beside their targets first and renamed over them together: all of them, or none.

    ``add`` writes a file's new bytes (or, for None, its removal) to a temporary file in the target's folder, so
    that a folder that cannot be written refuses before anything changed; ``commit`` renames every one into
    place, and puts back the ones already renamed if a later one fails; ``discard`` removes what was not
    renamed. A file's previous bytes are kept until then, so that ``restore`` can put them back after a commit.
    """

    def __init__(self) -> None:
        #: target, temporary file (None for a removal), the target's previous bytes (None: it did not exist)
        self.files: list[tuple[Path, str | None, bytes | None]] = []
        self.committed: list[tuple[Path, bytes | None]] = []

    def add(self, path: Path, data: bytes | None) -> None:
        """Stage ``data`` as the new content of ``path`` (None: remove it); OSError naming ``path`` when it cannot
        be written."""
        try:
            if path.is_dir() and not path.is_symlink():
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
            previous = _previous(path)
            temporary = None
            if data is not None:
                fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
                try:
                    os.fchmod(fd, file_mode(path))
                    with os.fdopen(fd, "wb") as out:
                        out.write(data)
                except BaseException:
                    Path(temporary).unlink(missing_ok=True)
                    raise
        except OSError as err:
            raise OSError(err.errno, err.strerror, str(path)) from None
        self.files.append((path, temporary, previous))

    def commit(self) -> None:
        """Rename every staged file into place (OSError naming the file that failed, after putting back those
        already renamed)."""
        for path, temporary, previous in self.files:
            try:
                if temporary is None:
                    path.unlink(missing_ok=True)
                else:
                    os.replace(temporary, path)
            except OSError as err:
                self.restore()
                raise OSError(err.errno, err.strerror, str(path)) from None
            self.committed.append((path, previous))

    def restore(self) -> None:
        """Put back the previous bytes of every file committed (raises OSError if one cannot be put back)."""
        while self.committed:
            path, previous = self.committed[-1]
            if previous is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, previous)
            self.committed.pop()

    def discard(self) -> None:
        """Remove the temporary files not renamed into place (best effort)."""
        for _, temporary, _ in self.files:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
        self.files = []
