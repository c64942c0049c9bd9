"""Where the published files are, and whether they are still the files datapackage.json describes.

The data folder is, in this order:

1. the folder named by the environment variable ``PINGAN_DATA_DIR`` (a copy of the package, e.g. for tests);
2. ``importlib.resources.files("pingan_data") / "data"``, inside an installed wheel;
3. ``datasets/published`` of the repository, in a checkout.

Every file is checked against the sha256 that datapackage.json gives for it before its path or its
contents are handed out, so a damaged or replaced file is reported instead of read.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from pingan_data.errors import DataIntegrityError, UnknownIdError

ENV = "PINGAN_DATA_DIR"
DESCRIPTOR = "datapackage.json"

_descriptor_cache: dict[tuple[str, int, int], dict[str, Any]] = {}


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
    """datapackage.json, parsed (cached while the file is unchanged). Do not modify the result."""
    file = datapackage_path()
    stat = file.stat()
    key = (str(file), stat.st_mtime_ns, stat.st_size)
    if key not in _descriptor_cache:
        try:
            _descriptor_cache[key] = json.loads(file.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as err:
            raise DataIntegrityError(f"{file} is damaged: it is not valid JSON ({err})", file) from err
    return _descriptor_cache[key]


def resources() -> dict[str, dict[str, Any]]:
    """Every file of the package by its path inside the package (claims.csv, sources/000_….txt, …)."""
    return {r["path"]: r for r in descriptor()["resources"]}


def table_resources() -> dict[str, dict[str, Any]]:
    """The table resources (with their Table Schema) by table name, in datapackage.json order."""
    return {r["name"]: r for r in descriptor()["resources"] if r.get("type") == "table"}


def resolve(name: str) -> str:
    """A table name, file name or package path → the file's path inside the package.

    ``"claims"`` → ``claims.parquet``; ``"claims.csv"`` → itself; ``"000_2b8feb0ae4f9f377.txt"`` →
    ``sources/000_2b8feb0ae4f9f377.txt``; ``"datapackage.json"`` → itself.
    """
    known = resources()
    if name == DESCRIPTOR or name in known:
        return name
    if name in table_resources():
        return f"{name}.parquet"
    if f"sources/{name}" in known:
        return f"sources/{name}"
    import difflib

    choices = [*table_resources(), *known, DESCRIPTOR]
    close = difflib.get_close_matches(name, choices, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UnknownIdError(f"no published table or file is called {name!r}{hint} "
                         f"(tables: {', '.join(table_resources())}; `pingan_data.files()` lists every file)",
                         name, choices)


def read_verified(relpath: str) -> bytes:
    """The bytes of a published file, after checking them against the sha256 in datapackage.json."""
    resource = resources()[relpath]
    file = data_dir() / relpath
    expected = resource["hash"].removeprefix("sha256:")
    try:
        data = file.read_bytes()
    except FileNotFoundError as err:
        raise DataIntegrityError(f"{relpath} is missing from the data package ({file}); "
                                 "reinstall pingan_data or restore the file", file, expected) from err
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise DataIntegrityError(
            f"{relpath} is damaged or was replaced: its sha256 is {actual[:12]}…, but datapackage.json "
            f"expects {expected[:12]}… ({file}); reinstall pingan_data or restore the file", file, expected, actual)
    return data


def path(name: str, *, verify: bool = True) -> Path:
    """Absolute path of a published file, for DuckDB, Polars, R or any other reader.

    ``name`` is a table name (its Parquet file: ``path("claims")`` → …/claims.parquet), a file name
    (``"claims.csv"``, ``"000_2b8feb0ae4f9f377.txt"``, ``"sources/000_2b8feb0ae4f9f377.txt"``) or
    ``"datapackage.json"``. With ``verify`` (the default) the file is first checked against its sha256
    and :class:`DataIntegrityError` is raised if it is missing, damaged or was replaced.
    """
    relpath = resolve(name)
    if relpath == DESCRIPTOR:
        return datapackage_path()
    if verify:
        read_verified(relpath)
    return data_dir() / relpath


def files() -> dict[str, Path]:
    """Every published file by its path inside the package, datapackage.json first (not verified)."""
    folder = data_dir()
    return {DESCRIPTOR: folder / DESCRIPTOR, **{rel: folder / rel for rel in resources()}}
