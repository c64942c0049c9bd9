"""A file the pipeline reads → its bytes, once it is sure to be a regular file inside its folder, of sane size.

Every input is read through here: the curated YAML, the raw sources, regions.csv, the cache and the manifest, the
digests of the inputs, the publications ``python -m pipeline diff`` compares and the source a draft reads. A file
is read only when

* it stays inside the folder it belongs to (the repository, or the publication being read): a symbolic link that
  leads outside is refused;
* it is a regular file: a folder, FIFO, device or socket is refused before a byte is read (a FIFO opened for
  reading would wait for a writer for ever, ``/dev/zero`` never ends);
* it is not larger than the bound of what it is (``limit``), checked before reading.

Opening and checking are the library's own (:func:`pingan_data.package.open_regular`): the library and the
pipeline hold files to the same rules. A refusal is a :class:`Refused` with a stable code of
:data:`pipeline.core.problems.CODES` and a message that says what was found.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from pingan_data.package import RefusedFile, open_regular, read_regular
from pipeline.core.problems import Problems

#: The largest file the build reads as an input (curated YAML, a raw source, regions.csv); the real ones are
#: tens of kilobytes, a synthetic corpus of 10,000 documents has a metrics.yml of a few tens of megabytes.
MAX_BYTES = 256 * 2**20
#: The largest file of a publication whose digest the build checks (read in blocks, never held): far above any
#: real one (the SQLite database of 1000 synthetic documents is over 500 MB), a bound only against a device.
MAX_PUBLISHED_BYTES = 64 * 2**30
#: The largest cache entry read back (one document's rows, or the parsed records of metrics.yml or sources.yml).
MAX_CACHE_BYTES = 1024 * 2**20


class Refused(Exception):
    """A file that is not read: ``code`` (of CODES) and ``message`` (what was found, what is expected)."""

    def __init__(self, path: Path, code: str, message: str) -> None:
        super().__init__(f"{path}: {message} ({code})")
        self.path, self.code, self.message = path, code, message


def _mib(size: int) -> str:
    return f"{size / 2**20:.0f} MiB" if size >= 2**20 else f"{size} bytes"


def resolved(path: Path, within: Path) -> Path:
    """``path`` with its symbolic links followed, once it is sure to stay inside ``within`` (Refused
    ``link-outside`` otherwise)."""
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(os.path.realpath(within)):
        raise Refused(path, "link-outside", f"is a symbolic link to {real}, outside {within}: the build reads only "
                                            "files inside the repository (or the publication it reads); put the "
                                            "file itself here")
    return real


@contextmanager
def _refusals(path: Path, limit: int, size: int | None) -> Iterator[None]:
    """The library's refusals of ``path`` (RefusedFile, OSError) as Refused, with the build's codes and words."""
    try:
        yield
    except RefusedFile as err:
        if err.reason == "special":
            raise Refused(path, "not-a-regular-file", f"is {err.kind}, not a regular file: the build reads regular "
                                                      "files only (a FIFO or a device could keep it waiting for "
                                                      "ever)") from None
        if err.reason == "size":
            raise Refused(path, "size-mismatch", f"has {err.size} bytes, but its datapackage.json declares {size}: "
                                                 "it is damaged or was replaced") from None
        if err.reason == "changed":
            raise Refused(path, "file-changed", "changed while it was read; run the build again") from None
        raise Refused(path, "file-too-large", f"has {err.size} bytes, more than the {_mib(limit)} the build "
                                              "reads of one file") from None
    except FileNotFoundError:
        raise Refused(path, "file-missing", "file not found") from None
    except OSError as err:
        raise Refused(path, "file-missing", f"cannot read the file: {err.strerror or err}") from None


@contextmanager
def open_input(path: Path, within: Path, limit: int = MAX_BYTES, size: int | None = None) -> Iterator[BinaryIO]:
    """``path`` opened for reading, checked as the module docstring says, and of ``size`` bytes when one is
    declared (Refused otherwise)."""
    real = resolved(path, within)
    with _refusals(path, limit, size), open_regular(real, limit=limit, size=size) as handle:
        yield handle


def read(path: Path, within: Path, limit: int = MAX_BYTES, size: int | None = None) -> bytes:
    """The bytes of ``path``, read whole (Refused when it is not read, or changed while it was)."""
    real = resolved(path, within)
    with _refusals(path, limit, size):
        return read_regular(real, limit=limit, size=size)


def sha256(path: Path) -> str:
    """The sha256 (hex) of a file the build wrote, read in blocks (a large file is never held whole)."""
    with open(path, "rb") as data:
        return hashlib.file_digest(data, "sha256").hexdigest()


def digest(path: Path, within: Path, limit: int = MAX_BYTES) -> bytes:
    """The sha256 of ``path``'s bytes, read in blocks; when it is not read, a marker naming why (never raises), so
    that a digest of inputs changes with the state of a file the build refuses."""
    try:
        with open_input(path, within, limit) as handle:
            return hashlib.file_digest(handle, "sha256").digest()
    except Refused as err:
        return f"\0{err.code}\0{err.message}".encode()
    except OSError as err:
        return f"\0unreadable\0{err}".encode()


def root_of(path: Path, rel: str) -> Path:
    """The folder ``rel`` (``path`` relative to it, as problems name files) is relative to."""
    parts = PurePosixPath(rel).parts
    if parts and not PurePosixPath(rel).is_absolute() and path.parts[-len(parts):] == parts:
        return path.parents[len(parts) - 1]
    return path.parent


def read_input(path: Path, rel: str, problems: Problems, within: Path | None = None, ident: str = "",
               limit: int = MAX_BYTES) -> bytes | None:
    """The bytes of an input, or None after reporting why not at ``rel`` (``ident``: the record it is)."""
    try:
        return read(path, within if within is not None else root_of(path, rel), limit)
    except Refused as err:
        problems.add(rel, 0, ident, "", err.code, err.message)
        return None


__all__ = ["MAX_BYTES", "MAX_CACHE_BYTES", "MAX_PUBLISHED_BYTES", "Refused", "digest", "open_input", "read",
           "read_input", "resolved", "root_of", "sha256"]
