"""Tables → pingan_data.sqlite: every published table in one SQLite database, for Datasette, R, DuckDB or sqlite3.

The tables, indexes and search index are made with sqlite-utils from the pandera models: column types,
NOT NULL, primary keys and foreign keys from the schemas, an index on every column people filter by (a
foreign key, a controlled vocabulary or a year), a unique index on every other unique column. The rows go in
with one ``executemany`` per table (sqlite-utils' row-by-row ``insert_all`` took most of the publish stage on a
synthetic corpus of 20,000 claims).

Search follows the library's rule (:mod:`pingan_data.searchable`): beside ``claims`` and ``honors`` stand
``claims_search`` and ``honors_search``, one row per record (same rowid, same id) holding the record's search
text, folded as the library folds it, followed by a traditional-script copy (OpenCC s2t), because SQLite cannot
fold a query: a word typed in either script is a plain substring of it. Over that text an FTS5 index with the
trigram tokenizer (``claims_search_fts``) serves Datasette's search box for words of three characters or more;
words of one or two characters, which a trigram index cannot match, are found by the ``search`` query of
datasette-metadata.json, which looks every word up in the search text itself (``instr``), at any length.

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
                   "primary and foreign keys, indexes on the columns people filter by, and search in both scripts "
                   "by the library's rule: claims_search and honors_search hold each record's folded search text "
                   "in simplified and traditional script, indexed for full-text search (FTS5, trigram tokenizer). "
                   "Open it with Datasette (see datasette-metadata.json), the sqlite3 shell, R or DuckDB.",
    "path": FILE, "format": "sqlite", "mediatype": "application/vnd.sqlite3",
}


#: The tables whose records the library's search finds, and the kind of record (pingan_data.searchable.records).
SEARCHED = {"claims": "claim", "honors": "honor"}
#: The column of a search table that holds a record's search text.
SEARCH_COLUMN = "search"


def search_table(name: str) -> str:
    """The table beside ``name`` that holds its records' search text (claims → claims_search)."""
    return f"{name}_search"


def fts_table(name: str) -> str:
    """The full-text index of a table's search text (claims → claims_search_fts), for Datasette's search box."""
    return f"{search_table(name)}_fts"


def search_texts(frames: Mapping[str, pd.DataFrame]) -> dict[str, dict[str, str]]:
    """Table → record id → the text stored for search: the library's search text (folded, simplified), then a
    traditional-script copy of it where that differs, so that a query in either script is a substring of it."""
    import opencc

    from pingan_data.searchable import records

    s2t = opencc.OpenCC("s2t").convert

    def plain(frame: pd.DataFrame) -> list[dict[str, Any]]:
        names = list(frame.columns)
        return [dict(zip(names, row, strict=True)) for row in _rows(frame)]

    tables = {kind: name for name, kind in SEARCHED.items()}
    out: dict[str, dict[str, str]] = {name: {} for name in SEARCHED}
    for kind, row, text in records(plain(frames["claims"]), plain(frames["honors"]), plain(frames["metrics"]),
                                   plain(frames["regions"])):
        name = tables[kind]
        traditional = s2t(text)
        out[name][row[TABLES[name].primary_key[0]]] = text if traditional == text else f"{text} {traditional}"
    return out


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
        _write_search(db, conn, frames)
        conn.commit()
    finally:
        conn.close()


def _write_search(db: sqlite_utils.Database, conn: Any, frames: Mapping[str, pd.DataFrame]) -> None:
    """The search tables (each row with the rowid of its record) and their full-text indexes."""
    texts = search_texts(frames)
    for name in SEARCHED:
        key = TABLES[name].primary_key[0]
        searched = db[search_table(name)].create({key: str, SEARCH_COLUMN: str}, pk=key, not_null={SEARCH_COLUMN},
                                                 foreign_keys=[(key, name, key)])
        rows = conn.execute(f'SELECT rowid, "{key}" FROM "{name}" ORDER BY rowid').fetchall()
        conn.executemany(f'INSERT INTO "{search_table(name)}" (rowid, "{key}", "{SEARCH_COLUMN}") VALUES (?, ?, ?)',
                         [(rowid, ident, texts[name][ident]) for rowid, ident in rows])
        searched.enable_fts([SEARCH_COLUMN], fts_version="FTS5", tokenize="trigram", create_triggers=False)
        db[fts_table(name)].optimize()


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
            if name in SEARCHED:
                aligned = conn.execute(f'SELECT count(*) FROM "{name}" t JOIN "{search_table(name)}" s ON '
                                       f's.rowid = t.rowid AND s."{key[0]}" = t."{key[0]}"').fetchone()[0]
                count = conn.execute(f'SELECT count(*) FROM "{fts_table(name)}_docsize"').fetchone()[0]
                if aligned != len(frame) or count != len(frame):
                    problems.append(f"the search table {search_table(name)} or its index covers {min(aligned, count)}"
                                    f" of {len(frame)} rows")
    finally:
        conn.close()
    return problems
