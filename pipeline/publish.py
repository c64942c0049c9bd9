"""Validated tables → the data package in datasets/published, written whole or not at all.

The package is written to a sibling temporary folder: the tables as Parquet and CSV, the raw sources,
then the other formats (``pipeline.formats``: SQLite, Datasette metadata, Web Annotations, Croissant),
then datapackage.json, which lists every file with its sha256. Everything is read back and checked
(pandera on every Parquet read-back, the SQLite rows against the tables, every annotation selector
against the raw texts, the Croissant file with mlcroissant, the sha256 of every file), and only then
swapped in place of the previous publication. A build that fails at any point leaves the previous
publication as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.errors import BuildError, Problem
from pipeline.formats import RESOURCES, croissant, datasette, sqlite, web_annotations
from pipeline.normalize import Tables
from pipeline.paths import Paths
from schemas import TABLES
from schemas.package import descriptor

VERSION = "0.1.0"
_ARROW = {"Int64": pa.int64(), "float64": pa.float64()}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _arrow_table(frame: pd.DataFrame) -> pa.Table:
    schema = pa.schema([(name, _ARROW.get(str(dtype), pa.string())) for name, dtype in frame.dtypes.items()])
    return pa.Table.from_pandas(frame, schema=schema, preserve_index=False)


def write_table(frame: pd.DataFrame, folder: Path, name: str) -> None:
    """One table as Parquet and as UTF-8 CSV (LF line ends, no index)."""
    pq.write_table(_arrow_table(frame), folder / f"{name}.parquet", compression="zstd", version="2.6")
    frame.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n", encoding="utf-8", float_format="%.15g")


def read_parquet(path: Path) -> pd.DataFrame:
    """A published Parquet file as pandas, with nullable integers and plain strings."""
    frame = pq.read_table(path).to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
    for name in frame.columns:
        if frame[name].dtype == object or str(frame[name].dtype).startswith("str"):
            frame[name] = frame[name].astype("str")
    return frame


def _check_formats(folder: Path, tables: Tables, package: dict) -> list[Problem]:
    """Read the other formats back: SQLite rows, Datasette metadata, annotation selectors, Croissant."""
    found = {
        sqlite.FILE: sqlite.read_back(folder / sqlite.FILE, tables.frames),
        datasette.FILE: datasette.read_back(folder / datasette.FILE, package),
        web_annotations.FILE: web_annotations.read_back(folder / web_annotations.FILE, tables.frames),
        croissant.FILE: croissant.read_back(folder / croissant.FILE),
    }
    return [Problem(f"datasets/published/{file}", 0, "", "", "read-back-mismatch", message)
            for file, messages in found.items() for message in messages]


def _check_tables(folder: Path, tables: Tables) -> list[Problem]:
    """Read the written Parquet files back: each equals its table and passes its model."""
    problems = []
    for name, frame in tables.frames.items():
        back = read_parquet(folder / f"{name}.parquet")
        try:
            TABLES[name].model.validate(back)
            pd.testing.assert_frame_equal(back, frame, check_dtype=False)
        except Exception as err:  # noqa: BLE001 - any difference stops the publication
            problems.append(Problem(f"datasets/published/{name}.parquet", 0, "", "", "read-back-mismatch",
                                    f"the written Parquet does not read back as the table: {err}"))
    return problems


def _check_written(folder: Path, tables: Tables, package: dict, problems: list[Problem]) -> None:
    """Read the other formats back and check every hash; raise with these and the earlier ``problems``."""
    problems = [*problems, *_check_formats(folder, tables, package)]
    for resource in package["resources"]:
        if _sha256(folder / resource["path"]) != resource["hash"].removeprefix("sha256:"):
            problems.append(Problem(f"datasets/published/{resource['path']}", 0, "", "", "hash-mismatch",
                                    "file differs from the hash in datapackage.json"))
    if problems:
        raise BuildError(problems)


def _describe(staging: Path, hashes: dict[Path, str]) -> dict:
    """The descriptor of every file written to ``staging`` so far, with its size and sha256 (``hashes`` caches)."""
    files = sorted(p for p in staging.rglob("*") if p.is_file())
    for p in files:
        if p not in hashes:
            hashes[p] = _sha256(p)
    resources = {p.relative_to(staging).as_posix(): {"bytes": p.stat().st_size, "hash": f"sha256:{hashes[p]}"}
                 for p in files}
    return descriptor(VERSION, resources, RESOURCES)


def recover(target: Path) -> None:
    """Put back the previous publication if a swap was interrupted between its two renames."""
    previous = target.with_name(f".{target.name}.previous")
    if previous.exists() and not target.exists():
        previous.rename(target)
    shutil.rmtree(previous, ignore_errors=True)


def publish(tables: Tables, paths: Paths, target: Path | None = None) -> Path:
    """Validated tables → a complete data package at ``target`` (default datasets/published)."""
    target = target or paths.published
    recover(target)
    staging = target.with_name(f".{target.name}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "sources").mkdir(parents=True)
    try:
        for name, frame in tables.frames.items():
            write_table(frame, staging, name)
        # the Parquet files are read back at once, before the other formats fill the memory
        problems = _check_tables(staging, tables)
        for source in tables.frames["sources"]["source_file"]:
            shutil.copyfile(paths.sources / source, staging / "sources" / source)
        sqlite.write_sqlite(tables.frames, staging)
        web_annotations.write_annotations(tables.frames, staging)
        hashes: dict[Path, str] = {}  # a written file does not change: hash each once
        datasette.write_datasette(_describe(staging, hashes), staging)
        croissant.write_croissant(_describe(staging, hashes), staging)
        package = _describe(staging, hashes)
        text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
        (staging / "datapackage.json").write_text(text, encoding="utf-8")
        _check_written(staging, tables, package, problems)
        _swap(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _swap(staging: Path, target: Path) -> None:
    previous = target.with_name(f".{target.name}.previous")
    if target.exists():
        os.rename(target, previous)
    try:
        os.rename(staging, target)
    except BaseException:
        recover(target)  # put the previous publication back at once
        raise
    shutil.rmtree(previous, ignore_errors=True)
