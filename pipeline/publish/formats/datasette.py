"""Package descriptor → datasette-metadata.json: Datasette's metadata for pingan_data.sqlite.

Title, description, licence and source of the data set, and a title, description and per-column
descriptions for every table, all taken from the descriptor (which is generated from the pandera
models), plus the full-text search table of each table that has one. Serve it with
``datasette serve -i pingan_data.sqlite --metadata datasette-metadata.json`` (``make serve``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.publish.formats import sqlite
from schemas import TABLES

FILE = "datasette-metadata.json"

RESOURCE = {
    "name": "datasette-metadata", "type": "file", "title": "Datasette metadata for the SQLite database",
    "description": "Titles, descriptions, licence, source and column descriptions of pingan_data.sqlite, for "
                   "Datasette: datasette serve -i pingan_data.sqlite --metadata datasette-metadata.json.",
    "path": FILE, "format": "json", "mediatype": "application/json", "encoding": "utf-8",
}


def metadata(package: dict[str, Any]) -> dict[str, Any]:
    """Datasette's metadata (the format of Datasette 0.65's ``--metadata``) from the package descriptor."""
    licence = package["licenses"][0]
    resources = {r["name"]: r for r in package["resources"]}
    tables: dict[str, Any] = {}
    for name, table in TABLES.items():
        resource = resources[name]
        entry: dict[str, Any] = {
            "title": resource["title"], "description": resource["description"],
            "columns": {f["name"]: f["description"] for f in resource["schema"]["fields"]},
        }
        if sqlite.searched_columns(table):
            entry |= {"fts_table": f"{name}_fts", "fts_pk": "rowid"}
        tables[name] = entry
    return {
        "title": package["title"],
        "description": package["description"],
        "license": licence.get("title", licence["name"]).split(":")[0],
        "license_url": licence["path"],
        "source": "; ".join(s["title"] for s in package.get("sources", [])),
        "databases": {Path(sqlite.FILE).stem: {
            "title": package["title"],
            "description": f"{package['rights']} Full-text search covers the quotes in both scripts: a search in "
                          "simplified script finds a quote printed in traditional script (three characters or more).",
            "tables": tables,
        }},
    }


def write_datasette(package: dict[str, Any], folder: Path) -> Path:
    """The package descriptor → ``folder/datasette-metadata.json``."""
    path = folder / FILE
    path.write_text(json.dumps(metadata(package), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def read_back(path: Path, package: dict[str, Any]) -> list[str]:
    """What is wrong with written metadata: it does not parse, or differs from what the descriptor gives."""
    try:
        written = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as err:
        return [f"{FILE} is not valid JSON: {err}"]
    return [] if written == metadata(package) else [f"{FILE} differs from the metadata of the descriptor"]
