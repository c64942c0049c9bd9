"""Tables → pingan_data.sqlite: every published table in one SQLite database, for Datasette, R, DuckDB or sqlite3.

The tables, indexes and search index are made with sqlite-utils from the pandera models: column types,
NOT NULL, primary keys and foreign keys from the schemas, an index on every column people filter by (a
foreign key, a controlled vocabulary or a year), a unique index on every other unique column. The rows go in
with one ``executemany`` per table (sqlite-utils' row-by-row ``insert_all`` took most of the publish stage on a
synthetic corpus of 20,000 claims).

The database is assembled from parts (:class:`Parts`): one small database a table, holding its rows in key order
and its indexes, and one a search table, holding its texts and their full-text index. A build keeps them (in the
cache) under the digest of what each is made from and takes a kept part while its sha256 is the one remembered;
a new part is read back against its rows at once (the new parts are made two at a time, in threads). A table's
part whose records are the same as the last publication's but for a few changed rows is patched instead
(:func:`_patch`): a copy of the kept part with those rows written over, checked inside SQLite against the kept
part and by reading the changed rows back. The database is then made alike from new, patched or kept parts:
each table created with its indexes and filled by SQLite's transfer of the part's table into it (which copies
the records of the table and of its indexes in order), each full-text index created empty and given its part's
FTS5 tables. :func:`read_back` with the parts compares the database with them inside SQLite.

Search follows the library's rule (:mod:`pingan_data.searchable`): beside ``claims`` and ``honors`` stand
``claims_search`` and ``honors_search``, one row per record (same rowid, same id) holding the record's search
text, folded as the library folds it, followed by a traditional-script copy (OpenCC s2t), because SQLite cannot
fold a query: a word typed in either script is a plain substring of it. Over that text an FTS5 index with the
trigram tokenizer (``claims_search_fts``) serves Datasette's search box for words of three characters or more;
words of one or two characters, which a trigram index cannot match, are found by the ``search`` query of
datasette-metadata.json, which looks every word up in the search text itself (``instr``), at any length.

The bytes are reproducible: SQLite comes from the pinned ``sqlean.py`` wheel rather than from the
operating system (a database's header records the version of SQLite that wrote it), the page size is
fixed, rows go in in primary-key order in a fresh file (each part, then the database), and SQLite stores no
timestamps.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import itertools
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import sqlean
import sqlite_utils

from pipeline.core import files
from pipeline.publish.parquet import read_parquet
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


def search_texts(frames: Mapping[str, pd.DataFrame], only: str | None = None) -> dict[str, dict[str, str]]:
    """Table → record id → the text stored for search: the library's search text (folded, simplified), then a
    traditional-script copy of it where that differs, so that a query in either script is a substring of it
    (``only``: of that table's records alone)."""
    import opencc

    from pingan_data.searchable import records

    s2t = opencc.OpenCC("s2t").convert

    def plain(frame: pd.DataFrame) -> Iterator[dict[str, Any]]:
        names = list(frame.columns)
        for chunk in _chunks(frame):  # one chunk of rows as Python values at a time
            yield from (dict(zip(names, row, strict=True)) for row in chunk)

    tables = {kind: name for name, kind in SEARCHED.items()}
    out: dict[str, dict[str, str]] = {name: {} for name in SEARCHED}
    wanted = {name: plain(frames[name][list(searched_columns(name))]) if only in (None, name) else []
              for name in SEARCHED}
    for kind, row, text in records(wanted["claims"], wanted["honors"], plain(frames["metrics"]),
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


def _chunks(frame: pd.DataFrame) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of a frame (:func:`_rows`), ``_CHUNK`` at a time: a large table's rows as Python values, whole, take
    several times the memory of the table."""
    for start in range(0, len(frame), _CHUNK):
        yield _rows(frame.iloc[start:start + _CHUNK])


#: The rows of a part, in chunks, each time it is called: once to fill the part, once to read it back.
Chunks = Callable[[], Iterator[list[tuple[Any, ...]]]]


def part_names() -> list[str]:
    """The parts a database is assembled from, in the order they go in: every table (referenced tables first),
    then the search tables."""
    return [*order(), *(search_table(name) for name in SEARCHED)]


def _searched(part: str) -> str:
    """The table whose records a search table (a part that is not a published table) holds the texts of."""
    return next(name for name in SEARCHED if search_table(name) == part)


def part_inputs(part: str) -> tuple[str, ...]:
    """The tables a part is made from: a table, itself; a search table, its records' table, metrics and regions
    (a record's search text holds its metric's labels and its places' names)."""
    return (part,) if part in TABLES else (_searched(part), "metrics", "regions")


def searched_columns(name: str) -> tuple[str, ...]:
    """The columns of a searched table its search part is made from: the key, and those its records' search texts
    are made from (``pingan_data.searchable``)."""
    from pingan_data import searchable

    own = {"claims": searchable.CLAIM_COLUMNS, "honors": searchable.HONOR_COLUMNS}[name]
    return (TABLES[name].primary_key[0], *own)


@dataclass
class Parts:
    """The parts of one database: where they are made and used, where they are kept between builds, and which of
    them are known.

    ``folder``: a private folder of this build's own (a temporary one), where every part the database is made
    from lies while it is made and checked: a new part is made there, a kept part copied there from ``store``
    (the cache's folder of parts; None when none is kept) and hashed there, so that what is checked is what is
    used, whatever happens to the kept copy meanwhile. ``inputs``: part → the digest of what it is made from
    (its file's name); ``known``: part → (that digest, sha256) of a part kept by an earlier build, trusted only
    when its copy has that sha256; ``made``: part → (digest, sha256) of every part of this database, as checked;
    ``problems``: what the read-back of a new part found. ``before``: table → the Parquet file of the last
    publication and its sha256, where the part kept for that table was made from that very file (its inputs'
    digest is the one remembered): the part is then patched (:func:`_patch`) rather than made, when only some
    of its rows changed."""

    folder: Path
    inputs: dict[str, str]
    known: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)
    store: Path | None = None
    made: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)
    problems: list[str] = dataclasses.field(default_factory=list)
    taken: set[str] = dataclasses.field(default_factory=set)
    before: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)

    def path(self, part: str) -> Path:
        """Where the part this database is made from lies (in the private folder)."""
        return self.folder / f"{self.inputs[part]}.sqlite"

    def kept(self, part: str) -> Path | None:
        """Where an earlier build kept this part, if parts are kept."""
        return self.store / f"{self.inputs[part]}.sqlite" if self.store is not None else None

    def take(self, part: str) -> bool:
        """Copy the kept part into the private folder when an earlier build made it from the same inputs and the
        copy has the bytes it had then; False when it must be made."""
        known, kept, path = self.known.get(part), self.kept(part), self.path(part)
        if kept is None or known is None or known[0] != self.inputs[part]:
            return False
        try:
            if not stat.S_ISREG(os.lstat(kept).st_mode):
                return False
            if _copied(kept, path) == known[1]:
                self.made[part] = known
                self.taken.add(part)
                return True
        except OSError:
            pass
        path.unlink(missing_ok=True)
        return False

    def keep(self) -> None:
        """After the publication is in place: every new part copied to where parts are kept (best effort: a part
        that cannot be kept is made again next time)."""
        if self.store is None:
            return
        try:
            self.store.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        for part in self.made.keys() - self.taken:
            kept = self.kept(part)
            assert kept is not None
            try:
                handle, name = tempfile.mkstemp(dir=self.store, prefix=".", suffix=".new")
                os.close(handle)
                try:
                    shutil.copyfile(self.path(part), name)
                    os.replace(name, kept)
                finally:
                    Path(name).unlink(missing_ok=True)
            except OSError:
                continue


def _copied(source: Path, target: Path) -> str:
    """Copy ``source`` to a new file ``target`` and return the sha256 of the bytes written (one pass)."""
    digest = hashlib.sha256()
    with open(source, "rb") as read, open(target, "xb") as write:
        while block := read.read(1 << 20):
            digest.update(block)
            write.write(block)
    return digest.hexdigest()


def write_sqlite(frames: Mapping[str, pd.DataFrame], folder: Path, parts: Parts | None = None) -> Path:
    """The published tables → ``folder/pingan_data.sqlite`` (a new file; raises if one is there).

    The database is assembled from parts (:class:`Parts`), one small database a table: a part an earlier build
    made from the same rows is taken as it is, the others are made and read back against their tables first.
    Without ``parts`` every part is made in a temporary folder. SQLite's own errors while writing (a full disk
    reads as "database or disk is full" or "disk I/O error") are raised as OSError naming the file, as a failed
    write of any other file is.
    """
    path = folder / FILE
    if path.exists():
        raise FileExistsError(path)
    try:
        if parts is None:
            with tempfile.TemporaryDirectory(dir=folder.parent) as tmp:
                _write(frames, path, Parts(Path(tmp), {name: name for name in part_names()}))
        else:
            _write(frames, path, parts)
    except sqlean.DatabaseError as err:
        raise OSError(errno.EIO, f"SQLite could not write it ({err})", str(path)) from None
    return path


def _connect(path: Path) -> Any:
    conn = sqlean.connect(str(path), isolation_level=None)  # transactions as written here
    conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    # a new file: nothing to roll back to, nothing to keep if the build stops
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA foreign_keys = OFF")  # checked whole by read_back (foreign_key_check)
    conn.execute("PRAGMA cache_size = -262144")
    return conn


def _create(db: sqlite_utils.Database, part: str, foreign_keys: bool = True) -> None:
    """A part's table (a published table with its keys, or a search table) in a database (without its foreign
    keys in the part itself, which holds no other table); its indexes are :func:`_index`'s."""
    if part not in TABLES:
        name = _searched(part)
        key = TABLES[name].primary_key[0]
        db[part].create({key: str, SEARCH_COLUMN: str}, pk=key, not_null={SEARCH_COLUMN},
                        foreign_keys=[(key, name, key)] if foreign_keys else None)
        return
    table = TABLES[part]
    fields = table_schema(table)["fields"]
    db[part].create(
        {f["name"]: _TYPES[f["type"]] for f in fields},
        pk=table.primary_key[0] if len(table.primary_key) == 1 else tuple(table.primary_key),
        not_null={f["name"] for f in fields if f.get("constraints", {}).get("required")},
        foreign_keys=[(own[0], other, theirs[0]) for own, other, theirs in table.foreign_keys] if foreign_keys
        else None,
    )


def _index(db: sqlite_utils.Database, part: str) -> None:
    """A table's indexes: on every column people filter by, and a unique one on every other unique column."""
    if part not in TABLES:
        return
    table, created = TABLES[part], db[part]
    for column in filtered_columns(table):
        created.create_index([column])
    for f in table_schema(table)["fields"]:
        if f.get("constraints", {}).get("unique") and [f["name"]] != table.primary_key:
            created.create_index([f["name"]], unique=True)


def _make_part(part: str, path: Path, rows: Chunks) -> str:
    """One part, of these rows, written to ``path`` in the private folder: its sha256."""
    path.unlink(missing_ok=True)  # a copy that did not hash as kept
    try:
        _fill_part(part, path, rows)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return files.sha256(path)


def _fields(table: Table) -> list[str]:
    """A table's columns, in the order its schema declares them (and its part stores them)."""
    return [f["name"] for f in table_schema(table)["fields"]]


def _part_rows(frames: Mapping[str, pd.DataFrame], part: str) -> Chunks:
    """The rows of a part as they are stored, in key order: a table's columns; a search table's rowid (the
    record's, whose rows go in in key order), id and search text."""
    if part in TABLES:
        table = TABLES[part]
        ordered = frames[part][_fields(table)].sort_values(table.primary_key)
        return lambda: _chunks(ordered)
    name = _searched(part)
    texts = search_texts(frames, name)[name]
    idents = frames[name][TABLES[name].primary_key[0]].sort_values().tolist()

    def chunks() -> Iterator[list[tuple[Any, ...]]]:
        for start in range(0, len(idents), _CHUNK):
            yield [(row, ident, texts[ident]) for row, ident in enumerate(idents[start:start + _CHUNK], start + 1)]

    return chunks


def _part_columns(part: str) -> str:
    """The columns of a part's rows, as SQL lists them: a table's; a search table's rowid, id and search text."""
    if part in TABLES:
        return ", ".join(f'"{name}"' for name in _fields(TABLES[part]))
    return f'rowid, "{TABLES[_searched(part)].primary_key[0]}", "{SEARCH_COLUMN}"'


def _fill_part(part: str, staged: Path, rows: Chunks) -> None:
    conn = _connect(staged)
    try:
        db = sqlite_utils.Database(conn)
        conn.execute("BEGIN")
        _create(db, part, foreign_keys=False)  # the tables they name are in other parts
        for chunk in rows():
            marks = ", ".join("?" * len(chunk[0]))
            conn.executemany(f'INSERT INTO "{part}" ({_part_columns(part)}) VALUES ({marks})', chunk)
        _index(db, part)  # after the rows: an index made whole is quicker than one kept up row by row
        conn.execute("COMMIT")
        if part not in TABLES:
            _full_text(db, part)
    finally:
        conn.close()


def _read_part(path: Path, part: str, rows: Chunks) -> list[str]:
    """What is wrong with a new part: rows that differ from those it was made from, compared whole, row for row
    (a table's rows; a search table's rowids, ids and search texts)."""
    conn = sqlean.connect(f"file:{path}?mode=ro", uri=True)
    try:
        stored = conn.execute(f'SELECT {_part_columns(part)} FROM "{part}" ORDER BY rowid')
        if _holds(stored, rows()):
            return []
        return [f"table {part} does not hold the rows of the {part} table" if part in TABLES else
                f"the search table {part} does not hold the search texts of its records"]
    finally:
        conn.close()


#: How many parts are made at once (in threads: SQLite runs without Python's lock while it writes).
MAKERS = 2
#: A table's part is patched when at most this share of its rows changed; more, and it is made whole (about as
#: quick, and the patch would rewrite most of its pages).
PATCH_SHARE = 0.1


def _changed(old: pd.DataFrame, new: pd.DataFrame, table: Table) -> tuple[list[int], list[tuple[Any, ...]]] | None:
    """The rows of ``new`` that differ from ``old``'s, as their rowids in a part (their places in key order, from
    1) and their stored values, where both hold the same records (the same columns of the same types, the same
    keys): compared column for column, a missing value equal only to a missing value. None where the records
    differ, or more than PATCH_SHARE of the rows changed."""
    fields = _fields(table)
    if len(old) != len(new) or list(old.columns) != list(new.columns) or set(fields) - set(new.columns):
        return None
    if any(old[name].dtype != new[name].dtype for name in fields):
        return None
    old = old[fields].sort_values(table.primary_key, ignore_index=True)
    new = new[fields].sort_values(table.primary_key, ignore_index=True)
    if not all(old[name].equals(new[name]) for name in table.primary_key):
        return None
    differs = np.zeros(len(new), dtype=bool)
    for name in fields:
        before, after = old[name], new[name]
        same = (before == after).fillna(False).to_numpy(dtype=bool) | (before.isna() & after.isna()).to_numpy()
        differs |= ~same
    places = np.flatnonzero(differs)
    if len(places) > PATCH_SHARE * len(new):
        return None
    return [int(place) + 1 for place in places], _rows(new.iloc[places])


def _patch(part: str, parts: Parts, folder: Path) -> bool:
    """A table's part made from the part kept for the last publication's rows, when the records are the same (the
    same keys) and only some rows changed (:func:`_changed`): False when it cannot be, and it is made.

    The last publication's Parquet file is the one the kept part was made from (its sha256 gives the kept part's
    digest: checked before the build passed it on) and is copied into the private folder, as is the kept part,
    each used only when its copy has that sha256. The rows that changed are found by comparing the staged
    Parquet file (in ``folder``) with that copy, column for column. The part is a copy of the kept one with each
    changed row written over its own (the same rowid), checked before it is used: as many rows as the table, every
    row but the changed ones equal, column for column, to the kept part's row of the same rowid (compared inside
    SQLite), and the changed rows read back as the table's. The database assembled from it has the bytes of one
    assembled from a part made anew: SQLite's transfer copies a part's records in order, whatever its pages."""
    before, known = parts.before.get(part), parts.known.get(part)
    if before is None or known is None or parts.store is None or part not in TABLES:
        return False
    source, sha256 = before
    rows_before = parts.folder / f"{known[0]}.before.parquet"
    kept = parts.folder / f"{known[0]}.before.sqlite"
    path = parts.path(part)
    try:
        if (_copied(Path(source), rows_before) != sha256
                or _copied(parts.store / f"{known[0]}.sqlite", kept) != known[1]):
            return False
        table = read_parquet(folder / f"{part}.parquet")
        changed = _changed(read_parquet(rows_before), table, TABLES[part])
        if changed is None:
            return False
        rowids, rows = changed
        path.unlink(missing_ok=True)  # a copy that did not hash as kept
        shutil.copyfile(kept, path)
        if _patched(path, kept, part, rowids, rows, len(table)):
            parts.made[part] = (parts.inputs[part], files.sha256(path))
            return True
        path.unlink(missing_ok=True)
        return False
    except (OSError, sqlean.DatabaseError):
        path.unlink(missing_ok=True)
        return False
    finally:
        rows_before.unlink(missing_ok=True)
        kept.unlink(missing_ok=True)


def _patched(path: Path, kept: Path, part: str, rowids: list[int], rows: list[tuple[Any, ...]], count: int) -> bool:
    """Write ``rows`` over the rows of these rowids in the part at ``path`` (a copy of ``kept``), then whether it
    holds ``count`` rows: these, and else the kept part's (see :func:`_patch`)."""
    columns = _part_columns(part)
    marks = ", ".join("?" * len(rows[0])) if rows else ""
    conn = _connect(path)
    try:
        conn.execute("BEGIN")
        for rowid, row in zip(rowids, rows, strict=True):
            if conn.execute(f'UPDATE "{part}" SET ({columns}) = ({marks}) WHERE rowid = ?',
                            (*row, rowid)).rowcount != 1:
                conn.execute("ROLLBACK")
                return False
        conn.execute("COMMIT")
        conn.execute("ATTACH DATABASE ? AS part", (f"file:{kept}?mode=ro",))
        ours, theirs, equal = _compared(conn, part)
        if not count == ours == theirs == equal + len(rows):
            return False
        return not rowids or conn.execute(f'SELECT {columns} FROM main."{part}" WHERE rowid IN '
                                          f'({", ".join("?" * len(rowids))}) ORDER BY rowid', rowids).fetchall() == rows
    finally:
        conn.close()


def _write(frames: Mapping[str, pd.DataFrame], path: Path, parts: Parts) -> None:
    """Every part taken or made, then the database: each table created as in its part with its indexes, then
    filled from the part (SQLite's transfer of one table into an empty one of the same shape copies the records
    of the table and of its indexes in order); a search table's full-text index is created empty, and its
    tables (FTS5's own ``_data``, ``_idx``, ``_docsize`` and ``_config``) take the part's rows, the index FTS5
    built there over the same rows."""
    todo = [part for part in part_names() if not (parts.take(part) or _patch(part, parts, path.parent))]

    def made(part: str) -> tuple[str, list[str]]:
        rows = _part_rows(frames, part)
        return _make_part(part, parts.path(part), rows), _read_part(parts.path(part), part, rows)

    # MAKERS at a time: SQLite lets one part's rows, indexes or full-text index be written while another's rows
    # are made in Python; the search parts (the largest) first
    todo.sort(key=lambda part: part in TABLES)
    with ThreadPoolExecutor(MAKERS) as pool:
        for part, (sha256, found) in zip(todo, pool.map(made, todo), strict=True):
            parts.problems += found
            if not found:  # a part that does not read back is used for this database alone, and never kept
                parts.made[part] = (parts.inputs[part], sha256)
    conn = _connect(path)
    try:
        db = sqlite_utils.Database(conn)
        for part in part_names():
            _create(db, part)
            _index(db, part)  # before the rows: the transfer then copies each index's records from the part's
            if part not in TABLES:
                _full_text(db, part)  # on no rows yet: an empty index
        for part in part_names():
            conn.execute("ATTACH DATABASE ? AS part", (f"file:{parts.path(part)}?mode=ro",))
            try:
                conn.execute("BEGIN")
                for table in _stored(part):
                    if table != part:
                        conn.execute(f'DELETE FROM main."{table}"')  # what FTS5 wrote on creating it
                    conn.execute(f'INSERT INTO main."{table}" SELECT * FROM part."{table}"')
                conn.execute("COMMIT")
            finally:
                conn.execute("DETACH DATABASE part")
    finally:
        conn.close()


#: The tables FTS5 keeps a full-text index in (``<index>_<name>``) when its content is another table's.
FTS5_TABLES = ("data", "idx", "docsize", "config")


def _stored(part: str) -> list[str]:
    """The tables a part holds: its table, and for a search table the tables of its full-text index."""
    if part in TABLES:
        return [part]
    name = _searched(part)
    return [part, *(f"{fts_table(name)}_{kind}" for kind in FTS5_TABLES)]


def _full_text(db: sqlite_utils.Database, part: str) -> None:
    """The full-text index (FTS5, trigram tokenizer) of a search table, over the rows it holds, optimised."""
    name = _searched(part)
    db[part].enable_fts([SEARCH_COLUMN], fts_version="FTS5", tokenize="trigram", create_triggers=False)
    db[fts_table(name)].optimize()


def read_back(path: Path, frames: Mapping[str, pd.DataFrame], parts: Parts | None = None) -> list[str]:
    """What is wrong with a written database: rows that differ from the tables, broken keys, a bad search index.

    The file is new and SQLite made its indexes: its structure is checked (``quick_check``), its foreign keys,
    its rows, and that every record has its search text and a place in the full-text index. Given the ``parts``
    it was assembled from (each read back against its rows when it was made, or taken with the sha256 of such a
    part), each table is compared with its part inside SQLite (the same count, and every row equal, column for
    column, to the part's row of the same rowid) rather than with the table in Python: the same guarantee (each
    row is the table's) at a fraction of the cost. The quick check, which reads every page, runs on a connection
    of its own in a second thread (SQLite lets the other checks go on meanwhile)."""
    with ThreadPoolExecutor(1) as pool:
        structure = pool.submit(_quick_check, path)
        found = _read_rows(path, frames, parts)
        well_formed = structure.result()
    return [*(parts.problems if parts is not None else []),
            *([] if well_formed else ["the database fails SQLite's quick check"]), *found]


def _quick_check(path: Path) -> bool:
    """Whether SQLite's quick check of the database finds it well formed."""
    conn = sqlean.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def _read_rows(path: Path, frames: Mapping[str, pd.DataFrame], parts: Parts | None) -> list[str]:
    """What :func:`read_back` finds but the quick check's verdict: broken keys, rows, the search index."""
    problems: list[str] = []
    conn = sqlean.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            problems.append("a foreign key points to no row")
        problems += _against_tables(conn, frames) if parts is None else _against_parts(conn, parts)
        for name in SEARCHED:
            key = TABLES[name].primary_key[0]
            rows = conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            aligned = conn.execute(f'SELECT count(*) FROM "{name}" t JOIN "{search_table(name)}" s ON '
                                   f's.rowid = t.rowid AND s."{key}" = t."{key}"').fetchone()[0]
            count = conn.execute(f'SELECT count(*) FROM "{fts_table(name)}_docsize"').fetchone()[0]
            if aligned != rows or count != rows:
                problems.append(f"the search table {search_table(name)} or its index covers {min(aligned, count)} "
                                f"of {rows} rows")
    finally:
        conn.close()
    return problems


def _against_tables(conn: Any, frames: Mapping[str, pd.DataFrame]) -> list[str]:
    """Every table of the database against the table it was written from, row for row in Python."""
    problems = []
    for name, table in TABLES.items():
        key = table.primary_key
        frame = frames[name].sort_values(key)
        columns = ", ".join(f'"{c}"' for c in frame.columns)
        stored = conn.execute(f'SELECT {columns} FROM "{name}" ORDER BY {", ".join(key)}')
        if not _holds(stored, _chunks(frame)):
            problems.append(f"table {name} does not hold the rows of the {name} table")
    return problems


def _holds(stored: Any, chunks: Iterator[list[tuple[Any, ...]]]) -> bool:
    """Whether a cursor gives these rows, in this order, and no row more: compared a chunk at a time (the rows of
    a large table twice, whole, are a lot)."""
    for chunk in itertools.chain(chunks, [[]]):
        if stored.fetchmany(max(1, len(chunk))) != chunk:
            return False
    return True


def _against_parts(conn: Any, parts: Parts) -> list[str]:
    """Every table of the database against the part it was filled from, inside SQLite."""
    problems = []
    for part in part_names():
        conn.execute("ATTACH DATABASE ? AS part", (f"file:{parts.path(part)}?mode=ro",))
        try:
            for table in _stored(part):
                ours, theirs, equal = _compared(conn, table)
                if not ours == theirs == equal:
                    problems.append(f"table {table} does not hold the rows of its part ({equal} of {theirs} rows "
                                    f"equal, {ours} in the database)")
        finally:
            conn.execute("DETACH DATABASE part")
    return problems


def _compared(conn: Any, table: str) -> tuple[int, int, int]:
    """The rows of ``table`` in the database, in the attached part, and those of the database equal to the part's
    (the row of the same rowid, column for column; for a table without rowid, the same row)."""
    counts = [conn.execute(f'SELECT count(*) FROM {side}."{table}"').fetchone()[0] for side in ("main", "part")]
    columns = [row[1] for row in conn.execute(f'PRAGMA part.table_info("{table}")')]
    rowid = conn.execute("SELECT sql NOT LIKE '%WITHOUT ROWID%' FROM part.sqlite_master WHERE name = ?",
                         (table,)).fetchone()[0]
    if rowid:
        same = " AND ".join(f'm."{c}" IS p."{c}"' for c in columns)
        equal = conn.execute(f'SELECT count(*) FROM main."{table}" m JOIN part."{table}" p ON m.rowid = p.rowid '
                             f'AND {same}').fetchone()[0]
    else:
        differing = conn.execute(f'SELECT count(*) FROM (SELECT * FROM main."{table}" EXCEPT SELECT * FROM '
                                 f'part."{table}")').fetchone()[0]
        equal = counts[0] - differing
    return counts[0], counts[1], equal
