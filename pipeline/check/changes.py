"""datasets/curated/changes.yml → why the published data change, version by version; and whether every change of
the version being built has a note.

A note names the changes it explains by table, and where it says so by kind (``what``), ids, source and columns
(:class:`schemas.curation.ChangeNotes`). The data changelog prints each change with the numbers of its notes
(:func:`pipeline.core.publications.markdown`). A version is published only when every change from the last
release has a note, and no note of the version explains nothing (:func:`check_notes`).
"""

from __future__ import annotations

import os

import pandas as pd
import pandera.pandas as pa

import schemas
from pipeline.core.load import check_text, load_records
from pipeline.core.paths import Paths
from pipeline.core.problems import Problem, Problems
from pipeline.core.publications import Change, explains
from pipeline.core.records import ChangeNote, published
from schemas import TABLES, fields
from schemas.curation import ChangeNotes

#: How many ids a problem lists before it counts the rest.
SHOWN_IDS = 5


def read_changes(paths: Paths, problems: Problems) -> list[ChangeNote]:
    """The change notes, each checked against its model (at its line); none when the file does not exist (anything
    else in its place is read, and refused, as any input is)."""
    if not os.path.lexists(paths.changes):
        return []
    rel = paths.changes.relative_to(paths.root).as_posix()
    notes = load_records(paths.changes, rel, "notes", ChangeNote, problems)
    check_text(notes, problems)
    frame = pd.DataFrame([n.row() for n in notes], columns=list(published(ChangeNote)), dtype=object)
    try:
        ChangeNotes.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        for case in err.failure_cases.itertuples(index=False):
            if isinstance(case.index, int) and case.column in frame.columns and not notes[case.index].broken \
                    and case.failure_case is not None and not pd.isna(case.failure_case):  # a missing field's own
                note = notes[case.index]
                problems.add(rel, note.line_of(case.column), "", case.column, "bad-change-note",
                             f"{case.column} {case.failure_case!r} fails {case.check}")
    for note in notes:
        if note.table is not None and note.table not in TABLES:
            problems.add(rel, note.line_of("table"), "", "table", "bad-change-note",
                         f"no published table is called {note.table!r}; the tables are: {', '.join(TABLES)}")
    return notes


def _ids(found: list[Change]) -> str:
    shown = ", ".join(c.id or c.column for c in found[:SHOWN_IDS])
    return shown + (f" and {len(found) - SHOWN_IDS} more" if len(found) > SHOWN_IDS else "")


def follows(change: Change) -> bool:
    """Whether a change follows from another one, which has the note: a row of a computed table (the ledger, the
    corroboration), or a cell of a derived column (a claim's city, a metric's count of claims)."""
    table = TABLES.get(change.table)
    if table is None:
        return False
    if table.computed:
        return True
    roles = {c.name: c.role for c in schemas.columns(table.model)}
    if fields.CURATED not in roles.values():  # a table not made of curated records (the vocabulary, the regions)
        return False
    return change.what == "changed" and roles.get(change.column) == fields.DERIVED


def check_notes(version: str, changes: list[Change], notes: list[ChangeNote], rel: str) -> list[Problem]:
    """Every change of ``version`` without a note (one problem per table, kind and column) unless it follows from
    another (:func:`follows`), and every note of ``version`` that explains no change."""
    mine = [n for n in notes if n.version == version]
    unexplained: dict[tuple[str, str, str], list[Change]] = {}
    for change in changes:
        if not follows(change) and not any(explains(n, change) for n in mine):
            column = change.column if change.what == "changed" else ""
            unexplained.setdefault((change.table, change.what, column), []).append(change)
    problems = []
    for (table, what, column), found in unexplained.items():
        n = len(found)
        if not found[0].id and not found[0].column:  # a whole table
            problems.append(Problem(rel, 0, "", what, "change-without-note",
                                    f"{table}: the table was {what} since the last release, with no note; say why "
                                    f"in a note of version {version} (table: {table}, what: {what})"))
            continue
        kind = {"columns": f"column{'s' * (n > 1)} added or removed", "added": f"row{'s' * (n > 1)} added",
                "removed": f"row{'s' * (n > 1)} removed", "changed": f"row{'s' * (n > 1)} whose {column} changed"}
        where = f"table: {table}, what: {what}" + (f", columns: {column}" if column else "")
        problems.append(Problem(rel, 0, found[0].id, column or what, "change-without-note",
                                f"{table}: {n} {kind[what]} ({_ids(found)}) since the last release, with no note; "
                                f"say why in a note of version {version} ({where})"))
    for note in mine:
        if not any(explains(note, c) for c in changes):
            problems.append(Problem(note.file, note.at, "", "note", "note-explains-nothing",
                                    f"this note of version {version} names no change of table {note.table} since "
                                    "the last release; correct its table, what, ids, source or columns, or remove it"))
    return problems


__all__ = ["check_notes", "read_changes"]
