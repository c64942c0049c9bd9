"""Where the published files are, and whether they are still the files this version of the library was published with.

The data folder is, in this order:

1. the folder named by the environment variable ``PINGAN_DATA_DIR`` (a copy of the package, e.g. for tests);
2. ``importlib.resources.files("pingan_data") / "data"``, inside an installed wheel;
3. ``datasets/published`` of the repository, in a checkout.

Trust runs in one chain, checked before any path or byte is handed out:

- ``datapackage.json`` is a regular file of reasonable size, shaped as the library reads it (a wrongly
  shaped one is one :class:`DataIntegrityError` naming what is wrong), and its sha256 is the one pinned
  in :mod:`pingan_data._pin`, which the build writes beside the library when it publishes; so a package
  rewritten with consistent hashes is not taken for the published one;
- every resource path is relative and stays inside the data folder;
- every file is a regular file (never a FIFO or a device, which could block), of the size the descriptor
  declares (checked before reading), with the sha256 it declares.

:func:`verified_descriptor` and :func:`read_file` take the folder as an argument, so the web edition
checks a package exactly as the library does.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from pingan_data.errors import ArgumentTypeError, DataIntegrityError, UnknownIdError

ENV = "PINGAN_DATA_DIR"
DESCRIPTOR = "datapackage.json"
#: The descriptor of this package is about 60 KB; a larger one is refused before it is parsed.
MAX_DESCRIPTOR_BYTES = 16 * 1024 * 1024
_HEX = frozenset("0123456789abcdef")

_descriptor_cache: dict[tuple[str, int, int, int], dict[str, Any]] = {}


def data_dir() -> Path:
    """The folder holding datapackage.json and the published files (see the module docstring for the order)."""
    override = os.environ.get(ENV)
    if override:
        folder = Path(override).expanduser().resolve()
        if not (folder / DESCRIPTOR).is_file():
            raise DataIntegrityError(f"{ENV} is set to {folder}, but there is no {DESCRIPTOR} in it", folder)
        return folder
    return _installed_or_checkout()


@lru_cache(maxsize=1)
def _installed_or_checkout() -> Path:
    from importlib.resources import files  # only here: it costs more than the rest of the import

    installed = files("pingan_data") / "data"
    if isinstance(installed, Path) and (installed / DESCRIPTOR).is_file():
        return installed
    checkout = Path(__file__).resolve().parents[1] / "datasets" / "published"
    if (checkout / DESCRIPTOR).is_file():
        return checkout
    raise DataIntegrityError(
        f"the data package is missing: no {DESCRIPTOR} in {installed} (installed wheel) "
        f"nor in {checkout} (checkout); reinstall pingan_data or run `make` in the repository", installed)


def datapackage_path() -> Path:
    """Path of datapackage.json, the Frictionless descriptor (schemas, licences, sha256 of every file)."""
    return data_dir() / DESCRIPTOR


def descriptor() -> dict[str, Any]:
    """datapackage.json of the data folder, verified and parsed (cached while unchanged). Do not modify it."""
    return verified_descriptor(data_dir())


def pinned_sha256() -> str:
    """The sha256 of the datapackage.json this version of the library was published with."""
    from pingan_data._pin import DATAPACKAGE_SHA256

    return DATAPACKAGE_SHA256


def verified_descriptor(folder: Path, pin: str | None = None) -> dict[str, Any]:
    """The datapackage.json of ``folder`` once it is a regular file of sane size, is JSON shaped as a data
    package, and has the pinned sha256 (``pin``, by default the library's own); raises DataIntegrityError naming
    what is wrong."""
    pin = pin or pinned_sha256()
    file = folder / DESCRIPTOR
    try:
        info = file.stat()
    except OSError as err:
        raise DataIntegrityError(f"{DESCRIPTOR} cannot be read ({err.strerror}: {file}); reinstall pingan_data "
                                 "or restore the file", file) from None
    key = (str(file), info.st_mtime_ns, info.st_size, info.st_ino, pin)
    if key not in _descriptor_cache:
        data = _read_regular(file, DESCRIPTOR, limit=MAX_DESCRIPTOR_BYTES)
        try:
            package = json.loads(data.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as err:
            raise DataIntegrityError(f"{file} is damaged: it is not valid JSON ({err})", file) from None
        check_shape(package)
        digest = hashlib.sha256(data).hexdigest()
        if digest != pin:
            raise DataIntegrityError(
                f"{DESCRIPTOR} is not the one this version of pingan_data was published with: its sha256 is "
                f"{digest[:12]}…, but the library is pinned to {pin[:12]}… ({file}); reinstall "
                "pingan_data, or in a checkout rebuild the package with `make`", file, pin, digest)
        _descriptor_cache.clear()
        _descriptor_cache[key] = package
    return _descriptor_cache[key]


def _wrong(what: str) -> DataIntegrityError:
    return DataIntegrityError(f"{DESCRIPTOR} is not shaped as the data package the library reads: {what}; "
                              "reinstall pingan_data or restore the file", DESCRIPTOR)


def _text(value: object) -> bool:
    return isinstance(value, str) and value != ""


def safe_relative(path: object) -> bool:
    """Whether ``path`` is a plain relative POSIX path that cannot leave the folder it is relative to (no
    ``..``, no leading ``/``, no backslash, no scheme or drive such as ``javascript:`` or ``C:``)."""
    if not isinstance(path, str) or not path or path.startswith("/") or "\\" in path or "\x00" in path:
        return False
    parts = path.split("/")
    return all(part not in ("", ".", "..") for part in parts) and ":" not in parts[0]


def check_shape(package: object) -> None:
    """Raise DataIntegrityError naming the first thing in a parsed descriptor that the library cannot read."""
    if not isinstance(package, dict):
        raise _wrong(f"expected a JSON object, found {type(package).__name__}")
    for key in ("title", "version"):
        if not _text(package.get(key)):
            raise _wrong(f"'{key}' is missing or not text")
    resources = package.get("resources")
    if not isinstance(resources, list) or not resources:
        raise _wrong("'resources' is missing or not a list of resources")
    seen: set[str] = set()
    for number, resource in enumerate(resources, start=1):
        if not isinstance(resource, dict):
            raise _wrong(f"resource {number} is not an object")
        label = f"resource {number} ({resource['name']})" if _text(resource.get("name")) else f"resource {number}"
        path = resource.get("path")
        if not safe_relative(path) or path == DESCRIPTOR:
            raise _wrong(f"{label} has the path {path!r}; a resource path is relative and stays inside the "
                         "package folder")
        if path in seen:
            raise _wrong(f"{label} has the path {path!r}, which another resource has too")
        seen.add(path)
        digest = resource.get("hash")
        if not (isinstance(digest, str) and digest.startswith("sha256:") and len(digest) == 71
                and set(digest[7:]) <= _HEX):
            raise _wrong(f"{label} has no 'hash' of the form sha256:<64 hex digits>")
        size = resource.get("bytes")
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise _wrong(f"{label} has no 'bytes' (its size, a whole number)")
    for number, resource in enumerate(resources, start=1):
        if resource.get("type") == "table":
            _check_table(resource, f"resource {number} ({resource.get('name')})", seen)
    for key in ("licenses", "contributors"):
        items = package.get(key, [])
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise _wrong(f"'{key}' is not a list of objects")


def _check_table(resource: dict[str, Any], label: str, paths: set[object]) -> None:
    if not _text(resource.get("name")) or not _text(resource.get("title")) or not _text(resource.get("description")):
        raise _wrong(f"table {label} needs a name, a title and a description")
    schema = resource.get("schema")
    fields = schema.get("fields") if isinstance(schema, dict) else None
    if not isinstance(fields, list) or not fields or not all(
            isinstance(f, dict) and _text(f.get("name")) for f in fields):
        raise _wrong(f"table {label} has no 'schema' with a list of named 'fields'")
    if f"{resource['name']}.parquet" not in paths:
        raise _wrong(f"table {label} has no Parquet file {resource['name']}.parquet among the resources")


def resources() -> dict[str, dict[str, Any]]:
    """Every file of the package by its path inside the package (claims.csv, sources/000_….txt, …)."""
    return {r["path"]: r for r in descriptor()["resources"]}


def table_resources() -> dict[str, dict[str, Any]]:
    """The table resources (with their Table Schema) by table name, in datapackage.json order."""
    return {r["name"]: r for r in descriptor()["resources"] if r.get("type") == "table"}


def table_name(name: str) -> str | None:
    """The published table ``name`` stands for, in any letter case ("Claims" → "claims"), or None."""
    wanted = name.strip().lower()
    return next((table for table in table_resources() if table.lower() == wanted), None)


def resolve(name: str) -> str:
    """A table name, file name or package path → the file's path inside the package.

    ``"claims"`` → ``claims.parquet``; ``"claims.csv"`` → itself; ``"000_2b8feb0ae4f9f377.txt"`` →
    ``sources/000_2b8feb0ae4f9f377.txt``; ``"datapackage.json"`` → itself. Letter case does not matter.
    """
    if not isinstance(name, str):
        raise ArgumentTypeError(f"path() takes the name of a table or a published file, such as 'claims' or "
                                f"'claims.csv', not {name!r}")
    known = resources()
    by_case = {p.lower(): p for p in [*known, DESCRIPTOR]}
    wanted = name.strip()
    table = table_name(wanted)
    if table is not None:
        return f"{table}.parquet"
    for candidate in (wanted, f"sources/{wanted}"):
        if candidate.lower() in by_case:
            return by_case[candidate.lower()]
    import difflib

    choices = [*table_resources(), *known, DESCRIPTOR]
    close = difflib.get_close_matches(wanted, choices, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    tables = ", ".join(table_resources())
    raise UnknownIdError(f"no published table or file is called {name!r}{hint} (tables: {tables}; "
                         "`pingan_data.files()` lists every file)", name, choices,
                         cli=f"no published table or file is called {name!r}{hint} (tables: {tables}; "
                             "`pingan-data path` lists every file)")


class RefusedFile(OSError):
    """A file :func:`read_regular` refuses before or while reading it; ``reason`` says why: ``"special"`` (a folder,
    FIFO, device or socket, whose ``kind`` it names), ``"size"`` (not the declared size), ``"too-large"`` (over the
    limit), ``"changed"`` (it grew or shrank while it was read). ``size`` is the size found."""

    def __init__(self, file: Path, reason: str, *, kind: str = "", size: int = 0) -> None:
        super().__init__(f"{file}: refused ({reason}{': ' + kind if kind else ''})")
        self.file, self.reason, self.kind, self.size = file, reason, kind, size


def file_kind(mode: int) -> str:
    """What a file is, from its ``st_mode``: "a regular file", "a folder", "a FIFO", "a device", "a socket"…"""
    for test, name in ((stat.S_ISREG, "a regular file"), (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"),
                       (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a special file"


@contextmanager
def open_regular(file: Path, *, size: int | None = None, limit: int | None = None) -> Iterator[BinaryIO]:
    """``file`` opened for reading once it is sure to be a regular file of ``size`` bytes (at most ``limit``).

    It is opened without blocking (a FIFO opened for reading would wait for a writer for ever) and without
    making a terminal the controlling one, then checked on the open descriptor, so that what is checked is what
    is read. Raises OSError when it cannot be opened (FileNotFoundError when it is missing) and
    :class:`RefusedFile` for anything but a regular file, or one of another size or over the limit.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(file, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise RefusedFile(file, "special", kind=file_kind(info.st_mode), size=info.st_size)
        if size is not None and info.st_size != size:
            raise RefusedFile(file, "size", size=info.st_size)
        if limit is not None and info.st_size > limit:
            raise RefusedFile(file, "too-large", size=info.st_size)
        handle = os.fdopen(fd, "rb", buffering=0)
    except BaseException:
        os.close(fd)
        raise
    with handle:
        yield handle


def read_regular(file: Path, *, size: int | None = None, limit: int | None = None) -> bytes:
    """The bytes of a regular file, checked as :func:`open_regular` checks it and read whole, never more than it
    had when it was opened (RefusedFile ``"changed"`` when it grew or shrank meanwhile)."""
    with open_regular(file, size=size, limit=limit) as handle:
        expected = os.fstat(handle.fileno()).st_size
        chunks, left = [], expected + 1  # one byte more than it had: a file that grew is caught below
        while left > 0:
            chunk = handle.read(min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    data = b"".join(chunks)
    if len(data) != expected:
        raise RefusedFile(file, "changed", size=len(data))
    return data


def _read_regular(file: Path, relpath: str, *, size: int | None = None, limit: int | None = None) -> bytes:
    """The bytes of a regular file (:func:`read_regular`), or DataIntegrityError saying why not."""
    try:
        return read_regular(file, size=size, limit=limit)
    except RefusedFile as err:
        if err.reason == "special":
            raise DataIntegrityError(f"{relpath} is not a regular file ({file}); reinstall pingan_data or "
                                     "restore the file", file) from None
        if err.reason == "size":
            raise DataIntegrityError(f"{relpath} is damaged or was replaced: it has {err.size} bytes, but "
                                     f"datapackage.json declares {size} ({file}); reinstall pingan_data or "
                                     "restore the file", file) from None
        if err.reason == "too-large":
            raise DataIntegrityError(f"{relpath} has {err.size} bytes, more than a data package descriptor "
                                     f"may have ({limit}); reinstall pingan_data or restore the file", file) from None
        raise DataIntegrityError(f"{relpath} changed while it was read ({file}); try again", file) from None
    except FileNotFoundError:
        raise DataIntegrityError(f"{relpath} is missing from the data package ({file}); "
                                 "reinstall pingan_data or restore the file", file) from None
    except OSError as err:
        raise DataIntegrityError(f"{relpath} cannot be read ({err.strerror}: {file}); "
                                 "reinstall pingan_data or restore the file", file) from None


def read_file(folder: Path, relpath: str, resource: dict[str, Any]) -> bytes:
    """The bytes of one resource of the package in ``folder``, once its path stays inside the folder, it is a
    regular file of the declared size, and its sha256 is the declared one."""
    file = folder / relpath
    try:
        inside = file.resolve().is_relative_to(folder.resolve())
    except OSError:
        inside = False
    if not inside:
        raise DataIntegrityError(f"{relpath} leads outside the data package ({file}); reinstall pingan_data or "
                                 "restore the file", file)
    expected = resource["hash"].removeprefix("sha256:")
    data = _read_regular(file, relpath, size=resource["bytes"])
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise DataIntegrityError(
            f"{relpath} is damaged or was replaced: its sha256 is {actual[:12]}…, but datapackage.json "
            f"expects {expected[:12]}… ({file}); reinstall pingan_data or restore the file", file, expected, actual)
    return data


def read_verified(relpath: str) -> bytes:
    """The bytes of a published file, after checking them against datapackage.json (see :func:`read_file`)."""
    return read_file(data_dir(), relpath, resources()[relpath])


def path(name: str, *, verify: bool = True) -> Path:
    """Absolute path of a published file, for DuckDB, Polars, R or any other reader.

    ``name`` is a table name (its Parquet file: ``path("claims")`` → …/claims.parquet), a file name
    (``"claims.csv"``, ``"000_2b8feb0ae4f9f377.txt"``, ``"sources/000_2b8feb0ae4f9f377.txt"``) or
    ``"datapackage.json"``; letter case does not matter. With ``verify`` (the default) the file is first
    checked against its size and sha256 and :class:`DataIntegrityError` is raised if it is missing,
    damaged or was replaced. Raises :class:`UnknownIdError` for a name that is not published.
    """
    if not isinstance(verify, bool):
        raise ArgumentTypeError(f"path(verify=...) is True or False, not {verify!r}")
    relpath = resolve(name)
    if relpath == DESCRIPTOR:
        return datapackage_path()
    if verify:
        read_verified(relpath)
    else:
        descriptor()  # the descriptor is still checked: its paths are the ones handed out
    return data_dir() / relpath


def files() -> dict[str, Path]:
    """Every published file by its path inside the package, datapackage.json first (not read, but the
    descriptor that lists them is verified)."""
    folder = data_dir()
    return {DESCRIPTOR: folder / DESCRIPTOR, **{rel: folder / rel for rel in resources()}}


def record_kind(text: str) -> str | None:
    """ "claims" or "honors" when ``text`` has the form of a claim or honour id (the id pattern the published
    datapackage.json declares for the table's key, e.g. 000-c001 or 1000-h1000), else None."""
    import re

    for name, resource in table_resources().items():
        if name in ("claims", "honors"):
            key = resource["schema"]["primaryKey"][0]
            field = next(f for f in resource["schema"]["fields"] if f["name"] == key)
            pattern = field.get("constraints", {}).get("pattern")
            if pattern and re.fullmatch(pattern, text):
                return name
    return None
