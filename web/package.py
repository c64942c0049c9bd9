"""The published data package, read for the site: descriptor, tables as plain records, raw texts."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.publish import read_parquet

#: The tables of the package, in the order the site lists them.
TABLES = ("claims", "honors", "metrics", "sources", "mentions", "corroboration")

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
    by_id: dict[str, dict[str, Record]] = field(default_factory=dict)

    def resource(self, name: str) -> dict[str, Any]:
        """The descriptor of one resource, by name."""
        for resource in self.descriptor["resources"]:
            if resource["name"] == name:
                return resource
        raise KeyError(name)


def load_package(root: Path) -> Package:
    """Read ``datapackage.json``, every table (from its Parquet file) and every raw source text."""
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    tables: dict[str, list[Record]] = {}
    fields: dict[str, dict[str, str]] = {}
    for name in TABLES:
        tables[name] = records(read_parquet(root / f"{name}.parquet"))
    for resource in descriptor["resources"]:
        if resource.get("type") == "table" and resource["name"] in TABLES:
            fields[resource["name"]] = {f["name"]: f.get("description", "") for f in resource["schema"]["fields"]}
    texts = {row["source_file"]: (root / row["path"]).read_text(encoding="utf-8").split("\n")
             for row in tables["sources"]}
    package = Package(root, descriptor, tables, fields, texts)
    keys = {"claims": "claim_id", "honors": "honor_id", "metrics": "metric_id", "sources": "source_file",
            "mentions": "mention_id"}
    package.by_id = {name: {row[key]: row for row in tables[name]} for name, key in keys.items()}
    return package
