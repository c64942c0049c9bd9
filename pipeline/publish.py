"""Validated tables → the data package in datasets/published, written whole or not at all.

The package is written to a sibling temporary folder, read back and checked
(pandera on every Parquet read-back, sha256 of every file), and only then swapped
in place of the previous publication. A build that fails at any point leaves the
previous publication as it was.

The output folder is the build's own: a marker file (``MARKER``) lists what it wrote, and the build
refuses a folder that holds anything else (see ``pipeline.outputs``). A symlinked output folder is
written through: the link stays, the folder it points to is swapped.
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

from pipeline import outputs
from pipeline.errors import BuildError, Problem
from pipeline.normalize import Tables
from pipeline.paths import Paths
from schemas import TABLES
from schemas.package import descriptor

VERSION = "0.1.0"
#: The file that marks a folder as a publication of this build, listing the files the build wrote there.
MARKER = ".pingan-publication"
MARKER_HEADER = ("This folder is a publication of pingan_data, written by `python -m pipeline build`.\n"
                 "The build replaces it whole, so it refuses to while the folder holds a file not listed here.\n")
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


def _check_written(folder: Path, tables: Tables, package: dict) -> None:
    """Read the written files back: each Parquet equals its table and passes its model; every hash matches."""
    problems = []
    for name, frame in tables.frames.items():
        back = read_parquet(folder / f"{name}.parquet")
        try:
            TABLES[name].model.validate(back)
            pd.testing.assert_frame_equal(back, frame, check_dtype=False)
        except Exception as err:  # noqa: BLE001 - any difference stops the publication
            problems.append(Problem(f"datasets/published/{name}.parquet", 0, "", "", "read-back-mismatch",
                                    f"the written Parquet does not read back as the table: {err}"))
    for resource in package["resources"]:
        if _sha256(folder / resource["path"]) != resource["hash"].removeprefix("sha256:"):
            problems.append(Problem(f"datasets/published/{resource['path']}", 0, "", "", "hash-mismatch",
                                    "file differs from the hash in datapackage.json"))
    if problems:
        raise BuildError(problems)


def siblings(target: Path) -> tuple[Path, Path]:
    """The staging and previous copies of an output folder (beside the folder its symlinks lead to)."""
    folder = outputs.real(target)
    return folder.with_name(f".{folder.name}.staging"), folder.with_name(f".{folder.name}.previous")


def _described(folder: Path) -> set[str]:
    """The files a publication's own datapackage.json lists (the build generated it), if it can be read."""
    try:
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        return {"datapackage.json", *(r["path"] for r in package["resources"] if isinstance(r["path"], str))}
    except (OSError, ValueError, TypeError, KeyError):
        return set()


def claim(target: Path) -> None:
    """Raise OutputError unless the build may replace ``target``: new, empty, or a publication it wrote whose
    files are all its own (listed in its marker or its datapackage.json); and its staging and previous
    copies, if any, are its own too."""
    folder = outputs.real(target)
    outputs.claim(folder, MARKER, whole=True, also=_described(folder))
    for sibling in siblings(target):
        outputs.claim_sibling(sibling, MARKER)


def recover(target: Path) -> None:
    """Put back the previous publication if a swap was interrupted between its two renames.

    Only a previous copy the build made (it carries the marker) is moved or removed; anything else there
    is left alone (and the next publication refuses to run until it is moved away).
    """
    folder = outputs.real(target)
    _, previous = siblings(target)
    if not outputs.ours(previous, MARKER):
        return
    if not folder.exists():
        previous.rename(folder)
    else:
        shutil.rmtree(previous)


def publish(tables: Tables, paths: Paths, target: Path | None = None) -> Path:
    """Validated tables → a complete data package at ``target`` (default datasets/published)."""
    target = target or paths.published
    claim(target)
    recover(target)
    staging, _ = siblings(target)
    if staging.exists():
        shutil.rmtree(staging)  # a staging copy left by a crash: claim() saw the marker, so it is the build's
    staging.mkdir()
    try:
        # marked at once, so that a crash at any point leaves a staging copy the next build knows as its own
        (staging / MARKER).write_text(MARKER_HEADER, encoding="utf-8")
        (staging / "sources").mkdir()
        for name, frame in tables.frames.items():
            write_table(frame, staging, name)
        for source in tables.frames["sources"]["source_file"]:
            shutil.copyfile(paths.sources / source, staging / "sources" / source)
        files = sorted(p for p in staging.rglob("*") if p.is_file() and p.name != MARKER)
        resources = {p.relative_to(staging).as_posix(): {"bytes": p.stat().st_size, "hash": f"sha256:{_sha256(p)}"}
                     for p in files}
        package = descriptor(VERSION, resources)
        text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
        (staging / "datapackage.json").write_text(text, encoding="utf-8")
        (staging / MARKER).write_text(outputs.marker_text(MARKER_HEADER, ["datapackage.json", *resources]),
                                      encoding="utf-8")
        _check_written(staging, tables, package)
        claim(target)  # nothing was put in the folder while the build ran
        _swap(staging, outputs.real(target))
    finally:
        if staging.exists():
            shutil.rmtree(staging)
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
    shutil.rmtree(previous, ignore_errors=True)  # the new publication is in place: a leftover is cleared next time
