"""Tables → pingan_data.sqlite: every published table in one SQLite database, for Datasette, R, DuckDB or sqlite3.

The tables, indexes and search index are made with sqlite-utils from the pandera models: column types,
NOT NULL, primary keys and foreign keys from the schemas, an index on every column people filter by (a
foreign key, a controlled vocabulary or a year), a unique index on every other unique column, and
full-text search (FTS5, trigram tokenizer) over the quote columns of every table that has them (``quote``
and its simplified copy ``quote_hans``), so that a search in simplified script finds a quote printed in
traditional script. The rows go in with one ``executemany`` per table (sqlite-utils' row-by-row
``insert_all`` took most of the publish stage on a synthetic corpus of 20,000 claims).

The bytes are reproducible: SQLite comes from the pinned ``sqlean.py`` wheel rather than from the
operating system (a database's header records the version of SQLite that wrote it), the page size is
fixed, rows go in in primary-key order in a fresh file, and SQLite stores no timestamps.
"""

from __future__ import annotations

import errno
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import sqlean
import sqlite_utils

from schemas import TABLES, Table
from schemas.fields import FIRST_YEAR
from schemas.package import table_schema

FILE = "pingan_data.sqlite"
PAGE_SIZE = 4096
_CHUNK = 20_000
#: The SQLite type of each Table Schema type.
_TYPES: dict[str, type] = {"integer": int, "number": float, "string": str, "boolean": int}

RESOURCE = {
    "name": "sqlite", "type": "file", "title": "All tables as one SQLite database",
    "description": "Every table of the package in one SQLite database (the same rows as the CSV files), with "
                   "primary and foreign keys, indexes on the columns people filter by, and full-text search over "
                   "the quotes in both scripts (tables claims_fts and honors_fts, FTS5 with the trigram "
                   "tokenizer). Open it with Datasette (see datasette-metadata.json), the sqlite3 shell, R or "
                   "DuckDB.",
    "path": FILE, "format": "sqlite", "mediatype": "application/vnd.sqlite3",
}


def searched_columns(table: Table) -> list[str]:
    """The columns of a table that full-text search covers: ``quote`` and its copies (``quote_hans``)."""
    names = [f["name"] for f in table_schema(table)["fields"]]
    return [n for n in names if n == "quote" or n.startswith("quote_")] if "quote" in names else []


def filtered_columns(table: Table) -> list[str]:
    """Columns people filter by: foreign keys, controlled vocabularies (an enum), years, and every column its
    declaration marks as indexed."""
    keys = {column for own, _, _ in table.foreign_keys for column in own}
    columns = table.model.to_schema().columns
    out = []
    for field in table_schema(table)["fields"]:
        constraints = field.get("constraints", {})
        meta = columns[field["name"]].metadata or {}
        coded = "enum" in constraints or meta.get("vocabulary") or meta.get("indexed")
        if field["name"] in table.primary_key[:1]:
            continue  # the primary key has its own index
        if field["name"] in keys or coded or constraints.get("minimum") == FIRST_YEAR:
            out.append(field["name"])
    return out


def order() -> list[str]:
    """Table names, every referenced table before the tables that refer to it, else in the order of TABLES."""
    waiting = {name: {other for _, other, _ in t.foreign_keys if other != name} for name, t in TABLES.items()}
    placed: list[str] = []
    while waiting:
        ready = next(name for name, needs in waiting.items() if needs <= set(placed))  # StopIteration on a cycle
        placed.append(ready)
        del waiting[ready]
    return placed


def _rows(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
    """The rows of a frame as tuples of plain Python values (None for a missing value)."""
    columns = [column.astype(object).where(column.notna(), None).tolist() for _, column in frame.items()]
    return list(zip(*columns, strict=True))


def write_sqlite(frames: Mapping[str, pd.DataFrame], folder: Path) -> Path:
    """The published tables → ``folder/pingan_data.sqlite`` (a new file; raises if one is there).

    SQLite's own errors while writing (a full disk reads as "database or disk is full" or "disk I/O error") are
    raised as OSError naming the file, as a failed write of any other file is.
    """
    path = folder / FILE
    if path.exists():
        raise FileExistsError(path)
    try:
        _write(frames, path)
    except sqlean.DatabaseError as err:
        raise OSError(errno.EIO, f"SQLite could not write it ({err})", str(path)) from None
    return path


def _write(frames: Mapping[str, pd.DataFrame], path: Path) -> None:
    conn = sqlean.connect(str(path))
    try:
        conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        # a new file in the staging folder: nothing to roll back to, nothing to keep if the build stops
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA foreign_keys = OFF")  # checked whole by read_back (foreign_key_check)
        conn.execute("PRAGMA cache_size = -262144")
        db = sqlite_utils.Database(conn)
        for name in order():
            table = TABLES[name]
            schema = table_schema(table)
            fields = schema["fields"]
            created = db[name].create(
                {f["name"]: _TYPES[f["type"]] for f in fields},
                pk=table.primary_key[0] if len(table.primary_key) == 1 else tuple(table.primary_key),
                not_null={f["name"] for f in fields if f.get("constraints", {}).get("required")},
                foreign_keys=[(own[0], other, theirs[0]) for own, other, theirs in table.foreign_keys],
            )
            names = ", ".join(f'"{f["name"]}"' for f in fields)
            ordered = frames[name][[f["name"] for f in fields]].sort_values(table.primary_key)
            for start in range(0, len(ordered), _CHUNK):  # in chunks: a large table as Python tuples is a lot
                conn.executemany(f'INSERT INTO "{name}" ({names}) VALUES ({", ".join("?" * len(fields))})',
                                 _rows(ordered.iloc[start:start + _CHUNK]))
            for column in filtered_columns(table):
                created.create_index([column])
            for field in fields:
                if field.get("constraints", {}).get("unique") and [field["name"]] != table.primary_key:
                    created.create_index([field["name"]], unique=True)
            searched = searched_columns(table)
            if searched:
                created.enable_fts(searched, fts_version="FTS5", tokenize="trigram", create_triggers=False)
                db[f"{name}_fts"].optimize()
        conn.commit()
    finally:
        conn.close()


def read_back(path: Path, frames: Mapping[str, pd.DataFrame]) -> list[str]:
    """What is wrong with a written database: rows that differ from the tables, broken keys, a bad search index."""
    problems: list[str] = []
    conn = sqlean.connect(f"file:{path}?mode=ro", uri=True)
    try:
        # the file is new and SQLite made its indexes: its structure is checked (quick_check), its rows below
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            problems.append("the database fails SQLite's quick check")
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            problems.append("a foreign key points to no row")
        for name, table in TABLES.items():
            key = table.primary_key
            frame = frames[name].sort_values(key)
            columns = ", ".join(f'"{c}"' for c in frame.columns)
            stored = conn.execute(f'SELECT {columns} FROM "{name}" ORDER BY {", ".join(key)}')
            for start in range(0, len(frame) + 1, _CHUNK):  # in chunks: the rows of a large table twice is a lot
                if stored.fetchmany(_CHUNK) != _rows(frame.iloc[start:start + _CHUNK]):
                    problems.append(f"table {name} does not hold the rows of the {name} table")
                    break
            searched = searched_columns(table)
            if searched:
                count = conn.execute(f'SELECT count(*) FROM "{name}_fts_docsize"').fetchone()[0]
                if count != len(frame):
                    problems.append(f"the search index {name}_fts covers {count} of {len(frame)} rows")
    finally:
        conn.close()
    return problems
