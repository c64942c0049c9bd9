"""Validated tables → the data package (datasets/published, or the folder given), written whole or not at all.

The package is written to a sibling temporary folder, read back and checked (every Parquet file equal to
the table it was written from, the sha256 of every file), and only then swapped in place of the previous
publication. A build that fails at any point leaves the previous publication as it was.
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

from pipeline.context import Context
from pipeline.diff import Publication, changelog, compare, read_table
from pipeline.errors import BuildError, Problem
from pipeline.releases import releases
from pipeline.tables import Tables
from schemas import TABLES
from schemas.package import descriptor

CHANGELOG = "CHANGELOG.md"
_ARROW = {"Int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}


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


def _check_written(folder: Path, tables: Tables, package: dict) -> None:
    """Read the written files back: each Parquet equals the table it was written from; every hash matches."""
    problems = []
    for name, frame in tables.frames.items():
        back = pq.read_table(folder / f"{name}.parquet")
        if not back.equals(_arrow_table(frame)):
            problems.append(Problem(f"{folder.name}/{name}.parquet", 0, "", "", "read-back-mismatch",
                                    "the written Parquet file does not read back as the table"))
    for resource in package["resources"]:
        if _sha256(folder / resource["path"]) != resource["hash"].removeprefix("sha256:"):
            problems.append(Problem(f"{folder.name}/{resource['path']}", 0, "", "", "hash-mismatch",
                                    "file differs from the hash in datapackage.json"))
    if problems:
        raise BuildError(problems)


def _changelog(context: Context, staging: Path, tables: Tables) -> str:
    """The data changelog of the staged package; refuses changed data under an already released version."""
    version = context.version
    current = Publication(version, {name: read_table(staging / f"{name}.csv") for name in tables.frames},
                          {name: TABLES[name].primary_key for name in tables.frames})
    archived = releases(context.paths)
    same = [r for r in archived if r.version == version]
    if same and any(compare(same[0], current)):
        raise BuildError([Problem("pingan_data/__init__.py", 0, "", "__version__", "version-not-bumped",
                                  f"the published tables differ from release {version} in datasets/releases; "
                                  "published data changes only with a new version: raise __version__ "
                                  "(and archive the release it replaces)")])
    return changelog(archived, current)


def recover(target: Path) -> None:
    """Put back the previous publication if a swap was interrupted between its two renames."""
    previous = target.with_name(f".{target.name}.previous")
    if previous.exists() and not target.exists():
        previous.rename(target)
    shutil.rmtree(previous, ignore_errors=True)


def publish(tables: Tables, context: Context, target: Path | None = None) -> Path:
    """Validated tables → a complete data package at ``target`` (default datasets/published)."""
    paths = context.paths
    target = target or paths.published
    recover(target)
    staging = target.with_name(f".{target.name}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "sources").mkdir(parents=True)
    try:
        for name, frame in tables.frames.items():
            write_table(frame, staging, name)
        for source in tables.frames["sources"]["source_file"]:
            shutil.copyfile(paths.sources / source, staging / "sources" / source)
        (staging / CHANGELOG).write_text(_changelog(context, staging, tables), encoding="utf-8")
        files = sorted(p for p in staging.rglob("*") if p.is_file())
        resources = {p.relative_to(staging).as_posix(): {"bytes": p.stat().st_size, "hash": f"sha256:{_sha256(p)}"}
                     for p in files}
        package = descriptor(context.version, resources, context.vocabulary.sections)
        text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
        (staging / "datapackage.json").write_text(text, encoding="utf-8")
        _check_written(staging, tables, package)
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
