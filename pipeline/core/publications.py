"""Two publications → what changed between them, per table and id: the data changelog.

A publication is a folder with ``datapackage.json`` and the CSV file of each table it lists (a published
package, an installed wheel's data folder, or an archived release under ``datasets/releases``). Tables are
compared as published text, row by row on their primary key; every added or removed row and every changed
cell is reported. ``python -m pipeline diff OLD NEW`` prints the comparison of any two versions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

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
        """A publication folder → its version and tables (every cell as text; empty cells are None)."""
        descriptor_path = folder / "datapackage.json"
        try:
            descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
            version = str(descriptor["version"])
            resources = [r for r in descriptor["resources"] if r.get("type") == "table"]
            keys = {r["name"]: list(r["schema"]["primaryKey"]) for r in resources}
            paths = {r["name"]: folder / r["path"] for r in resources}
        except FileNotFoundError:
            raise PublicationError(f"{descriptor_path}: not found; expected a published data package") from None
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise PublicationError(f"{descriptor_path}: not a data package descriptor ({err!r})") from None
        tables = {}
        for name, path in paths.items():
            try:
                tables[name] = read_table(path)
            except (OSError, ValueError) as err:
                raise PublicationError(f"{path}: cannot read table {name} ({err})") from None
        return cls(version, tables, keys)


def read_table(path: Path) -> pd.DataFrame:
    """A published CSV with every cell as text, as it was written."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
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
    return f"{text[:SHOWN]}…" if len(text) > SHOWN else text


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
    lines = [f"{head}# {change.table}", ""]
    if change.whole:
        rows = len(change.added or change.removed)
        lines.append(f"- table {change.whole}, with {rows} row{'s' * (rows != 1)}{refs([unit[change.whole, '', '']])}")
        return [*lines, *_notes(refs), ""]
    for label, names in (("added", change.columns_added), ("removed", change.columns_removed)):
        if names:
            lines.append(f"- columns {label}: {', '.join(names)}" + refs([unit["columns", "", c] for c in names]))
    for what, rows in (("added", change.added), ("removed", change.removed)):
        runs: list[tuple[str, list[str]]] = []  # rows in runs that the same notes explain
        for i in rows:
            ref = refs([unit[what, i, ""]])
            if runs and runs[-1][0] == ref:
                runs[-1][1].append(i)
            else:
                runs.append((ref, [i]))
        lines += [f"- rows {what} ({len(run)}){ref}: {', '.join(run)}" for ref, run in runs]
    if change.changed:
        lines.append(f"- rows changed ({len(change.changed)}):")
        for ident, cells in change.changed.items():
            parts = "; ".join(f"{c}: {_shown(a)} → {_shown(b)}" for c, a, b in cells)
            lines.append(f"  - {ident}{refs([unit['changed', ident, c] for c, _, _ in cells])}: {parts}")
    return [*lines, *_notes(refs), ""]


def _notes(refs: _Refs) -> list[str]:
    if not refs.listed:
        return []
    return ["", "Notes:", "", *(f"{i}. {' '.join(n.note.split())}" for i, n in enumerate(refs.listed, start=1))]


def markdown(old: Publication, new: Publication, changes: list[TableChanges], level: int = 2,
             notes: Sequence[Note] = ()) -> str:
    """The changes from ``old`` to ``new`` as a Markdown section headed by the new version; each change with the
    numbers of the notes (of ``new``'s version) that explain it, the notes listed under their table."""
    head = "#" * level
    lines = [f"{head} {new.version} (compared with {old.version})", ""]
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
