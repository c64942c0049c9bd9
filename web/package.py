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

import pyarrow as pa
import pyarrow.parquet as pq

from pingan_data import package
from pingan_data.errors import DataIntegrityError

#: The tables of the package, in the order the site lists them.
TABLES = ("claims", "honors", "metrics", "sources", "mentions", "corroboration", "vocabulary")
#: Reference tables the pages read from without a page of their own (China's divisions, for names and places).
REFERENCE = ("regions",)

Record = dict[str, Any]


def _plain(value: Any) -> Any:
    """A cell as a plain Python value: None for missing (NaN included), int, float, str, bool."""
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


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
    #: region code → its row of the regions table
    regions: dict[str, Record] = field(default_factory=dict)

    def resource(self, name: str) -> dict[str, Any]:
        """The descriptor of one resource, by name."""
        for resource in self.descriptor["resources"]:
            if resource["name"] == name:
                return resource
        raise KeyError(name)


def load_package(root: Path, pin: str | None = None) -> Package:
    """Verify the package in ``root`` as the library does (against ``pin``, the sha256 its datapackage.json must
    have: by default the library's own pin), then read every table (from its Parquet file) and every raw source
    text from the verified bytes. Raises pingan_data.DataIntegrityError."""
    pin = pin or package.pinned_sha256()
    descriptor = package.verified_descriptor(root, pin)
    files = {package.DESCRIPTOR: (root / package.DESCRIPTOR).read_bytes()}
    for resource in descriptor["resources"]:
        files[resource["path"]] = package.read_file(root, resource["path"], resource)
    if hashlib.sha256(files[package.DESCRIPTOR]).hexdigest() != pin:
        raise DataIntegrityError(f"{root / package.DESCRIPTOR} changed while it was read; try again")
    tables: dict[str, list[Record]] = {}
    fields: dict[str, dict[str, str]] = {}
    for name in TABLES:
        tables[name] = [{k: _plain(v) for k, v in row.items()}
                        for row in pq.read_table(pa.BufferReader(files[f"{name}.parquet"])).to_pylist()]
    for resource in descriptor["resources"]:
        if resource.get("type") == "table" and resource["name"] in TABLES:
            fields[resource["name"]] = {f["name"]: f.get("description", "") for f in resource["schema"]["fields"]}
    texts = {row["source_file"]: files[row["path"]].decode("utf-8").split("\n") for row in tables["sources"]}
    read = Package(root, descriptor, tables, fields, texts, files)
    for name in REFERENCE:
        if f"{name}.parquet" in files:
            rows = pq.read_table(pa.BufferReader(files[f"{name}.parquet"])).to_pylist()
            read.regions = {row["code"]: {k: _plain(v) for k, v in row.items()} for row in rows}
    keys = {"claims": "claim_id", "honors": "honor_id", "metrics": "metric_id", "sources": "source_file",
            "mentions": "mention_id"}
    read.by_id = {name: {row[key]: row for row in tables[name]} for name, key in keys.items()}
    return read
