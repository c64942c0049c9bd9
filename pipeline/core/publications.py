"""Two publications → what changed between them, per table and id: the data changelog.

A publication is a folder with ``datapackage.json`` and the CSV file of each table it lists (a published
package, an installed wheel's data folder, or an archived release under ``datasets/releases``). Tables are
compared as published text, row by row on their primary key; every added or removed row and every changed
cell is reported. ``python -m pipeline diff OLD NEW`` prints the comparison of any two versions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

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
    #: row id → (column, old text, new text) for each changed cell, in column order
    changed: dict[str, list[tuple[str, str | None, str | None]]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.columns_added or self.columns_removed or self.added or self.removed or self.changed)


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


def markdown(old: Publication, new: Publication, changes: list[TableChanges], level: int = 2) -> str:
    """The changes from ``old`` to ``new`` as a Markdown section headed by the new version."""
    head = "#" * level
    lines = [f"{head} {new.version} (compared with {old.version})", ""]
    if not any(changes):
        return "\n".join([*lines, "No table changed.", ""])
    for change in changes:
        if not change:
            continue
        lines += [f"{head}# {change.table}", ""]
        if change.columns_added:
            lines.append(f"- columns added: {', '.join(change.columns_added)}")
        if change.columns_removed:
            lines.append(f"- columns removed: {', '.join(change.columns_removed)}")
        if change.added:
            lines.append(f"- rows added ({len(change.added)}): {', '.join(change.added)}")
        if change.removed:
            lines.append(f"- rows removed ({len(change.removed)}): {', '.join(change.removed)}")
        if change.changed:
            lines.append(f"- rows changed ({len(change.changed)}):")
            for ident, cells in change.changed.items():
                parts = "; ".join(f"{c}: {_shown(a)} → {_shown(b)}" for c, a, b in cells)
                lines.append(f"  - {ident}: {parts}")
        lines.append("")
    return "\n".join(lines)


def as_json(old: Publication, new: Publication, changes: list[TableChanges]) -> dict[str, Any]:
    """The changes as plain data: every cell whole."""
    return {"old_version": old.version, "new_version": new.version, "tables": [
        {"table": c.table, "columns_added": c.columns_added, "columns_removed": c.columns_removed,
         "added": c.added, "removed": c.removed,
         "changed": {i: [{"column": col, "old": a, "new": b} for col, a, b in cells] for i, cells in c.changed.items()}}
        for c in changes if c]}


def version_key(version: str) -> tuple[int, ...]:
    """ "0.10.0" → (0, 10, 0), so that versions sort as numbers."""
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        raise PublicationError(f"version {version!r} is not of the form MAJOR.MINOR.PATCH") from None


def changelog(releases: list[Publication], current: Publication) -> str:
    """The data changelog: each release compared with the one before it, newest first, then the current
    version against the last release when it is not archived yet."""
    chain = sorted(releases, key=lambda p: version_key(p.version))
    if not chain or chain[-1].version != current.version:
        chain.append(current)
    sections = [markdown(a, b, compare(a, b)) for a, b in zip(chain, chain[1:], strict=False)]
    head = ["# Data changelog", "",
            "What changed in the published tables from one version to the next, per table and id: rows added, "
            "removed or changed, with each changed cell's old and new text. Generated by `python -m pipeline diff` "
            "from the publications themselves (the earlier ones are kept in `datasets/releases/` of the "
            "repository); not written by hand.", ""]
    return "\n".join([*head, *reversed(sections)]).rstrip("\n") + "\n"
