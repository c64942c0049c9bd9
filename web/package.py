"""The published data package, read for the site: descriptor, tables as plain records, raw texts.

The package is verified exactly as the library verifies it (``pingan_data.package``): the descriptor is a
regular file shaped as a data package and pinned by its sha256, every resource path stays inside the
folder, every file is a regular file of the declared size and sha256. The site is made from the verified
bytes alone, so what it shows and offers for download is what was checked.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from pingan_data import package
from pingan_data.errors import DataIntegrityError
from pipeline.publish.package import read_parquet

#: The tables of the package, in the order the site lists them.
TABLES = ("claims", "honors", "metrics", "sources", "mentions", "corroboration", "vocabulary")

Record = dict[str, Any]


def _plain(value: Any) -> Any:
    """A cell as a plain Python value: None for missing, int for whole integers, float, str."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def records(frame: pd.DataFrame) -> list[Record]:
    """Rows of a table as dicts of plain values, in the table's order."""
    columns = list(frame.columns)
    return [{name: _plain(value) for name, value in zip(columns, row, strict=True)}
            for row in frame.itertuples(index=False, name=None)]


@dataclass
class Package:
    """Everything the site shows, read from one published package folder."""

    root: Path
    descriptor: dict[str, Any]
    tables: dict[str, list[Record]]
    #: field name → description, per table (from the table schemas)
    fields: dict[str, dict[str, str]]
    #: source_file → its lines (split on "\n", as the ``line`` column counts them)
    texts: dict[str, list[str]]
    #: every file of the package (datapackage.json and each resource) by its path, as verified
    files: dict[str, bytes] = field(default_factory=dict)
    by_id: dict[str, dict[str, Record]] = field(default_factory=dict)

    def resource(self, name: str) -> dict[str, Any]:
        """The descriptor of one resource, by name."""
        for resource in self.descriptor["resources"]:
            if resource["name"] == name:
                return resource
        raise KeyError(name)


def load_package(root: Path) -> Package:
    """Verify the package in ``root`` as the library does, then read every table (from its Parquet file) and
    every raw source text from the verified bytes. Raises pingan_data.DataIntegrityError."""
    descriptor = package.verified_descriptor(root)
    files = {package.DESCRIPTOR: (root / package.DESCRIPTOR).read_bytes()}
    for resource in descriptor["resources"]:
        files[resource["path"]] = package.read_file(root, resource["path"], resource)
    if hashlib.sha256(files[package.DESCRIPTOR]).hexdigest() != package.pinned_sha256():
        raise DataIntegrityError(f"{root / package.DESCRIPTOR} changed while it was read; try again")
    tables: dict[str, list[Record]] = {}
    fields: dict[str, dict[str, str]] = {}
    for name in TABLES:
        tables[name] = records(read_parquet(pa.BufferReader(files[f"{name}.parquet"])))
    for resource in descriptor["resources"]:
        if resource.get("type") == "table" and resource["name"] in TABLES:
            fields[resource["name"]] = {f["name"]: f.get("description", "") for f in resource["schema"]["fields"]}
    texts = {row["source_file"]: files[row["path"]].decode("utf-8").split("\n") for row in tables["sources"]}
    read = Package(root, descriptor, tables, fields, texts, files)
    keys = {"claims": "claim_id", "honors": "honor_id", "metrics": "metric_id", "sources": "source_file",
            "mentions": "mention_id"}
    read.by_id = {name: {row[key]: row for row in tables[name]} for name, key in keys.items()}
    return read
