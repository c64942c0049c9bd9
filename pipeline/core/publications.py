"""Two publications → what changed between them, per table and id: the data changelog.

A publication is a folder with ``datapackage.json`` and the CSV file of each table it lists (a published
package, an installed wheel's data folder, or an archived release under ``datasets/releases``). Tables are
compared as published text, row by row on their primary key; every added or removed row and every changed
cell is reported. ``python -m pipeline diff OLD NEW`` prints the comparison of any two versions.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from pingan_data.package import MAX_DESCRIPTOR_BYTES, safe_relative
from pipeline.core import files
from pipeline.core.problems import printable
from schemas import ids

#: A cell longer than this is shortened in the Markdown changelog (the JSON form keeps it whole).
SHOWN = 60


class PublicationError(ValueError):
    """A folder that is not a readable publication; the message names the file and what is wrong."""


@dataclass
class Publication:
    """The tables of one published version, as text, with their primary keys."""

    version: str
    tables: dict[str, pd.DataFrame]
    keys: dict[str, list[str]]

    @classmethod
    def read(cls, folder: Path) -> Publication:
        """A publication folder → its version and tables (every cell as text; empty cells are None).

        Read as the library reads a package (:mod:`pingan_data.package`): datapackage.json and every table are
        regular files inside the folder (never a FIFO, a device, or a link leading out), of sane size; each
        table's path is relative and stays inside the folder, and the table has the size and sha256 its
        resource declares; a table holds its primary key's columns, and no key twice. PublicationError names the
        file and what is wrong otherwise.
        """
        descriptor_path = folder / "datapackage.json"
        try:
            data = files.read(descriptor_path, folder, MAX_DESCRIPTOR_BYTES)
        except files.Refused as err:
            if err.message == "file not found":
                raise PublicationError(f"{descriptor_path}: not found; expected a published data package") from None
            raise PublicationError(f"{descriptor_path}: {err.message}") from None
        try:
            descriptor = json.loads(data.decode("utf-8"))
            version = descriptor["version"]
            resources = [r for r in descriptor["resources"] if r.get("type") == "table"]
            keys = {r["name"]: list(r["schema"]["primaryKey"]) for r in resources}
            declared = {r["name"]: (r["path"], r.get("bytes"), r.get("hash")) for r in resources}
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            raise PublicationError(f"{descriptor_path}: not a data package descriptor ({err!r})") from None
        wrong = _wrong_shape(version, resources, keys, declared)
        if wrong:
            raise PublicationError(f"{descriptor_path}: {wrong}")
        tables = {}
        for name, (relpath, size, digest) in declared.items():
            path = folder / relpath
            try:
                raw = files.read(path, folder, MAX_TABLE_BYTES, size)
            except files.Refused as err:
                raise PublicationError(f"{path}: cannot read table {name}: {err.message}") from None
            if digest is not None and hashlib.sha256(raw).hexdigest() != digest.removeprefix("sha256:"):
                raise PublicationError(f"{path}: table {name} differs from the sha256 its datapackage.json "
                                       "declares: it is damaged or was replaced")
            try:
                tables[name] = read_table(raw)
            except (OSError, ValueError) as err:
                raise PublicationError(f"{path}: cannot read table {name} ({err})") from None
            wrong = _wrong_keys(tables[name], keys[name])
            if wrong:
                raise PublicationError(f"{path}: table {name} {wrong}")
        return cls(version, tables, keys)


#: A table of a publication larger than this is not read (the CSV of a million claims is about 600 MB).
MAX_TABLE_BYTES = 4 * 2**30


def _wrong_shape(version: object, resources: list[Any], keys: dict[str, Any],
                 declared: dict[str, tuple[Any, Any, Any]]) -> str | None:
    """What in a descriptor's version and table resources the comparison cannot take, or None."""
    if not isinstance(version, str) or not version or not version.isprintable():
        return f"its version {version!r} is not one line of text"
    if len(keys) != len(resources):
        return "two table resources have the same name"
    for name, (relpath, size, digest) in declared.items():
        if not isinstance(name, str) or not name.isprintable():
            return f"a table resource has the name {name!r}, which is not one line of text"
        if not safe_relative(relpath):
            return f"table {name} has the path {relpath!r}; a resource path is relative and stays inside the folder"
        if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 0):
            return f"table {name} declares {size!r} bytes, which is not a size"
        if digest is not None and not (isinstance(digest, str) and re.fullmatch(r"sha256:[0-9a-f]{64}", digest)):
            return f"table {name} declares the hash {digest!r}, not sha256:<64 hex digits>"
        key = keys[name]
        if not key or not all(isinstance(column, str) for column in key):
            return f"table {name} has the primary key {key!r}, not a list of column names"
    return None


def _wrong_keys(frame: pd.DataFrame, key: list[str]) -> str | None:
    """What is wrong with a table's primary key: a column missing, a key given twice; or None."""
    missing = [column for column in key if column not in frame.columns]
    if missing:
        return f"has no column {missing[0]!r} of its primary key {'+'.join(key)}"
    twice = frame.duplicated(subset=key, keep=False)
    if twice.any():
        rows = [int(i) + 1 for i in frame.index[twice][:2]]
        value = "--".join(str(v) for v in frame.loc[frame.index[twice][0], key])
        return (f"has the primary key {'+'.join(key)} = {value!r} more than once (rows {rows[0]} and {rows[1]}): "
                "a key names one row")
    return None


def read_table(data: Path | bytes) -> pd.DataFrame:
    """A published CSV (a path, or its bytes) with every cell as text, as it was written."""
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    frame = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8")
    return frame.astype(object).where(frame != "", None)


@dataclass
class TableChanges:
    """What changed in one table."""

    table: str
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    #: the table is new in the later publication (its rows are all ``added``) or gone from it (all ``removed``)
    whole: str | None = None
    #: row id → (column, old text, new text) for each changed cell, in column order
    changed: dict[str, list[tuple[str, str | None, str | None]]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.columns_added or self.columns_removed or self.added or self.removed or self.changed)


@dataclass(frozen=True)
class Change:
    """One change between two publications: a row added or removed, a cell changed, a column added or removed."""

    table: str
    #: added, removed, changed (a cell) or columns (a column added or removed)
    what: str
    #: the row's id; empty for a column
    id: str
    #: the changed cell's or the added or removed column's name; empty for a row added or removed
    column: str
    #: the documents the row belongs to, by their id prefix: its source_file's, or else those of the record ids
    #: its own id is made of (a corroboration pair names two claims)
    documents: tuple[str, ...] = ()


class Note(Protocol):
    """A change note (datasets/curated/changes.yml, :class:`schemas.curation.ChangeNotes`)."""

    version: str
    table: str
    what: str | None
    ids: str | None
    source: str | None
    columns: str | None
    note: str


def units(old: Publication, new: Publication, changes: list[TableChanges]) -> list[Change]:
    """Every single change of ``changes`` (from ``old`` to ``new``), with the source of each row."""
    def documents(pub: Publication, table: str) -> Callable[[str], tuple[str, ...]]:
        frame = pub.tables.get(table)
        if frame is not None and "source_file" in frame.columns:
            files = dict(zip(_ids(frame, pub.keys[table]), frame["source_file"], strict=True))
            return lambda i: tuple(p for p in [ids.prefix(files.get(i) or "")] if p)
        return lambda i: tuple(dict.fromkeys(p.prefix for p in map(ids.parse, i.split("--")) if p is not None))

    out: list[Change] = []
    for change in changes:
        if change.whole:  # a table added or removed is one change
            out.append(Change(change.table, change.whole, "", ""))
            continue
        before, after = documents(old, change.table), documents(new, change.table)
        out += [Change(change.table, "columns", "", c) for c in (*change.columns_added, *change.columns_removed)]
        out += [Change(change.table, "added", i, "", after(i)) for i in change.added]
        out += [Change(change.table, "removed", i, "", before(i)) for i in change.removed]
        out += [Change(change.table, "changed", i, c, after(i)) for i, cells in change.changed.items()
                for c, _, _ in cells]
    return out


def explains(note: Note, change: Change) -> bool:
    """Whether a note names a change: its table, and its kind, ids, source and columns where it gives them."""
    return (note.table == change.table and note.what in (None, change.what)
            and (note.ids is None or change.id in note.ids.split())
            and (note.source is None or ids.prefix(note.source) in change.documents)
            and (note.columns is None or change.column in note.columns.split()))


def _ids(frame: pd.DataFrame, key: list[str]) -> list[str]:
    return ["--".join(str(v) for v in row) for row in frame[key].itertuples(index=False)]


def compare(old: Publication, new: Publication) -> list[TableChanges]:
    """Every table of either publication → its changes from ``old`` to ``new`` (tables in ``new``'s order)."""
    names = [*new.tables, *(n for n in old.tables if n not in new.tables)]
    out = []
    for name in names:
        change = TableChanges(name)
        before, after = old.tables.get(name), new.tables.get(name)
        key = new.keys.get(name) or old.keys[name]
        if before is None or after is None:
            frame = after if before is None else before
            (change.added if before is None else change.removed).extend(_ids(frame, key))
            change.whole = "added" if before is None else "removed"
            out.append(change)
            continue
        change.columns_added = [c for c in after.columns if c not in before.columns]
        change.columns_removed = [c for c in before.columns if c not in after.columns]
        rows_before = dict(zip(_ids(before, key), before.to_dict("records"), strict=True))
        rows_after = dict(zip(_ids(after, key), after.to_dict("records"), strict=True))
        change.added = [i for i in rows_after if i not in rows_before]
        change.removed = [i for i in rows_before if i not in rows_after]
        shared = [c for c in after.columns if c in before.columns]
        for ident, row in rows_after.items():
            if ident in rows_before:
                cells = [(c, rows_before[ident][c], row[c]) for c in shared if rows_before[ident][c] != row[c]]
                if cells:
                    change.changed[ident] = cells
        out.append(change)
    return out


def _shown(value: str | None) -> str:
    if value is None:
        return "(empty)"
    text = value.replace("\n", " ")
    return printable(f"{text[:SHOWN]}…" if len(text) > SHOWN else text)


class _Refs:
    """The notes of one table's section, numbered as first used."""

    def __init__(self, notes: Sequence[Note]) -> None:
        self.notes, self.listed = notes, list[Note]()

    def __call__(self, found: list[Change]) -> str:
        """ " [1, 2]": the numbers of the notes that explain these changes."""
        used = [n for n in self.notes if any(explains(n, c) for c in found)]
        self.listed += [n for n in used if n not in self.listed]
        return f" [{', '.join(str(self.listed.index(n) + 1) for n in used)}]" if used else ""


def _section(old: Publication, new: Publication, change: TableChanges, notes: Sequence[Note], head: str) -> list[str]:
    """One table's changes, each with the numbers of its notes, then the notes."""
    refs = _Refs(notes)
    unit = {(c.what, c.id, c.column): c for c in units(old, new, [change])}
    lines = [f"{head}# {printable(change.table)}", ""]
    if change.whole:
        rows = len(change.added or change.removed)
        lines.append(f"- table {change.whole}, with {rows} row{'s' * (rows != 1)}{refs([unit[change.whole, '', '']])}")
        return [*lines, *_notes(refs), ""]
    for label, names in (("added", change.columns_added), ("removed", change.columns_removed)):
        if names:
            lines.append(f"- columns {label}: {printable(', '.join(names))}"
                         + refs([unit["columns", "", c] for c in names]))
    for what, rows in (("added", change.added), ("removed", change.removed)):
        runs: list[tuple[str, list[str]]] = []  # rows in runs that the same notes explain
        for i in rows:
            ref = refs([unit[what, i, ""]])
            if runs and runs[-1][0] == ref:
                runs[-1][1].append(i)
            else:
                runs.append((ref, [i]))
        lines += [f"- rows {what} ({len(run)}){ref}: {printable(', '.join(run))}" for ref, run in runs]
    if change.changed:
        lines.append(f"- rows changed ({len(change.changed)}):")
        for ident, cells in change.changed.items():
            parts = "; ".join(f"{printable(c)}: {_shown(a)} → {_shown(b)}" for c, a, b in cells)
            lines.append(f"  - {printable(ident)}{refs([unit['changed', ident, c] for c, _, _ in cells])}: {parts}")
    return [*lines, *_notes(refs), ""]


def _notes(refs: _Refs) -> list[str]:
    if not refs.listed:
        return []
    return ["", "Notes:", "",
            *(f"{i}. {printable(' '.join(n.note.split()))}" for i, n in enumerate(refs.listed, start=1))]


def markdown(old: Publication, new: Publication, changes: list[TableChanges], level: int = 2,
             notes: Sequence[Note] = ()) -> str:
    """The changes from ``old`` to ``new`` as a Markdown section headed by the new version; each change with the
    numbers of the notes (of ``new``'s version) that explain it, the notes listed under their table."""
    head = "#" * level
    lines = [f"{head} {printable(new.version)} (compared with {printable(old.version)})", ""]
    if not any(changes):
        return "\n".join([*lines, "No table changed.", ""])
    mine = [n for n in notes if n.version == new.version]
    for change in changes:
        if change:
            lines += _section(old, new, change, mine, head)
    return "\n".join(lines)


def as_json(old: Publication, new: Publication, changes: list[TableChanges]) -> dict[str, Any]:
    """The changes as plain data: every cell whole."""
    return {"old_version": old.version, "new_version": new.version, "tables": [
        {"table": c.table, "whole": c.whole, "columns_added": c.columns_added, "columns_removed": c.columns_removed,
         "added": c.added, "removed": c.removed,
         "changed": {i: [{"column": col, "old": a, "new": b} for col, a, b in cells] for i, cells in c.changed.items()}}
        for c in changes if c]}


def version_key(version: str) -> tuple[int, ...]:
    """ "0.10.0" → (0, 10, 0), so that versions sort as numbers."""
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        raise PublicationError(f"version {version!r} is not of the form MAJOR.MINOR.PATCH") from None


def changelog(releases: list[Publication], current: Publication, notes: Sequence[Note] = ()) -> str:
    """The data changelog: each release compared with the one before it, newest first, then the current
    version against the last release when it is not archived yet; each change with its notes."""
    chain = sorted(releases, key=lambda p: version_key(p.version))
    if not chain or chain[-1].version != current.version:
        chain.append(current)
    sections = [markdown(a, b, compare(a, b), notes=notes) for a, b in zip(chain, chain[1:], strict=False)]
    head = ["# Data changelog", "",
            "What changed in the published tables from one version to the next, per table and id: rows added, "
            "removed or changed, with each changed cell's old and new text, and the notes that say why (numbered "
            "in brackets, listed under each table). Generated by `python -m pipeline diff` from the publications "
            "themselves (the earlier ones are kept in `datasets/releases/` of the repository) and the change notes "
            "of `datasets/curated/changes.yml`; not written by hand.", ""]
    return "\n".join([*head, *reversed(sections)]).rstrip("\n") + "\n"
