"""Files of a publication made again only when what they are made from changed.

Each file made from the tables (a table's CSV, the SQLite database) is a step: the digest of its inputs (the
sha256 of the Parquet files it is made from, which are themselves a function of the validated tables; the
pipeline's code and vocabulary, through the context's digest; the versions of the libraries that write it) and
the sha256 of the file made from them. A build remembers the steps of the publication it made in a signed cache
entry (:mod:`pipeline.core.cache`); the next build takes a file whose inputs did not change from that publication,
once the file it takes has the sha256 remembered: the bytes a cold build would write, without writing them.

A file is made again when its inputs changed, when the last publication's copy is missing, is not a regular file
or has other bytes, when the cache cannot be used (no key, an entry not written with the user's key), or when
the build runs without its cache. Nothing here decides what is published: a step only saves the work of making
a file whose bytes are known.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from pipeline.core import cache, files

#: The libraries whose versions decide the bytes of the files made from the tables.
LIBRARIES = ("pandas", "pyarrow", "sqlean.py", "sqlite_utils", "opencc", "mlcroissant")
#: The prefix of the steps of the SQLite database's parts (kept in the cache, not in the publication).
PART = "part:"
#: The prefix of the shapes of files whose reading back found nothing wrong (:meth:`Steps.read_before`).
READ = "read:"


def _libraries() -> str:
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} absent")
    return " ".join(found)


def _fresh_mode(folder: Path) -> int:
    """The permission bits a file newly written to ``folder`` gets (the user's umask applied)."""
    probe = folder / ".mode"
    with open(probe, "x"):
        pass
    try:
        return stat.S_IMODE(os.stat(probe).st_mode)
    finally:
        probe.unlink()


def _linked(source: Path, target: Path) -> bool:
    """Whether ``target`` could be made a hard link of ``source`` (not across file systems, say)."""
    try:
        os.link(source, target)
    except OSError:
        return False
    return True


class Steps:
    """The steps of one publication folder: what the last build made there, and what this build makes."""

    def __init__(self, root: Path, folder: Path, context_digest: str, enabled: bool) -> None:
        self.folder = folder
        self.key = f"outputs {os.fspath(folder)}"
        named = hashlib.sha256(self.key.encode()).hexdigest()[:16]
        self.entry = cache.folder(root, "index") / f"outputs-{named}"
        #: where the parts of this folder's SQLite database are kept between builds
        self.parts_folder = cache.folder(root, "sqlite") / named
        data = cache.read_entry(self.entry, self.key) if enabled else None
        self.known: dict[str, tuple[str, str]] = data if isinstance(data, dict) else {}
        self.enabled = enabled
        self.base = f"{context_digest} {_libraries()}"
        self.inputs: dict[str, str] = {}
        self.read: dict[str, str] = {}  # file → the shape of it this build read back, or knew the verdict of
        self.mode: int | None = None  # the permission bits of a file newly written to the staging folder

    def digest(self, *parts: str) -> str:
        """The digest of a step's inputs: the build's code, vocabulary and libraries, and ``parts``."""
        return hashlib.sha256(" ".join([self.base, *parts]).encode()).hexdigest()

    def _mode(self, staging: Path) -> int:
        if self.mode is None:
            self.mode = _fresh_mode(staging)
        return self.mode

    def take(self, name: str, inputs: str, staging: Path, hashes: dict[Path, str]) -> bool:
        """Put the last publication's ``name`` into ``staging`` when it was made from ``inputs`` and has the bytes
        it had then (its sha256 then goes into ``hashes``); False when it must be made."""
        self.inputs[name] = inputs
        known = self.known.get(name)
        if not self.enabled or known is None or known[0] != inputs:
            return False
        source, staged = self.folder / name, staging / name
        try:
            info = os.lstat(source)
            if not stat.S_ISREG(info.st_mode):
                return False
            # a hard link (the previous publication goes after the swap: one copy of the bytes), unless the file is
            # linked from elsewhere (it could change with it) or its mode was changed: then a copy
            alone = info.st_nlink == 1 and stat.S_IMODE(info.st_mode) == self._mode(staging)
            if not (alone and _linked(source, staged)):
                shutil.copyfile(source, staged)
            if files.sha256(staged) != known[1]:
                staged.unlink()
                return False
        except OSError:
            if staged.exists():
                staged.unlink()
            return False
        hashes[staged] = known[1]
        return True

    def read_before(self, name: str, shape: str | None) -> bool:
        """Whether a file of this ``shape`` (a digest of all of it that its reading back depends on, with the
        libraries and code in :meth:`digest`) was read back by the last build without a problem. The shape is
        remembered with the publication, which is published only when every read-back found nothing."""
        if shape is None:
            return False
        self.read[name] = self.digest("read back", name, shape)
        known = self.known.get(READ + name)
        return self.enabled and known is not None and known[0] == self.read[name]

    def keeps_parts(self) -> bool:
        """Whether the parts of the database can be kept between builds: the cache is used and its folder for
        them can be made (a cache that cannot be written only costs time)."""
        if not self.enabled:
            return False
        try:
            self.parts_folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return False
        return os.access(self.parts_folder, os.W_OK)

    def parts(self) -> dict[str, tuple[str, str]]:
        """The parts of the last publication's SQLite database (part → the digest of its inputs, its sha256)."""
        return {name.removeprefix(PART): step for name, step in self.known.items() if name.startswith(PART)}

    def remember(self, hashes: dict[Path, str], staging: Path, parts: dict[str, tuple[str, str]] | None) -> None:
        """After the publication is in place: the step of every file this build made or took, and of the parts its
        database was assembled from (``parts``; None when it was taken whole, and the last parts stay), best
        effort; part files of no step are removed."""
        if not self.enabled:
            return
        steps = {name: (inputs, hashes[staging / name]) for name, inputs in self.inputs.items()
                 if staging / name in hashes}
        kept = parts if parts is not None else self.parts()
        steps |= {PART + name: step for name, step in kept.items()}
        steps |= {name: step for name, step in self.known.items()  # what was read back before still holds
                  if name.startswith(READ) and name.removeprefix(READ) not in self.read}
        steps |= {READ + name: (shape, "") for name, shape in self.read.items()}
        if steps != self.known:
            cache.write_entry(self.entry, self.key, steps)
        if parts is not None:
            wanted = {f"{inputs}.sqlite" for inputs, _ in parts.values()}
            try:
                for path in self.parts_folder.glob("*") if self.parts_folder.is_dir() else ():
                    if path.name not in wanted:
                        path.unlink(missing_ok=True)
            except OSError:
                pass  # a part left over costs only space; the next build removes it


__all__ = ["LIBRARIES", "Steps"]
