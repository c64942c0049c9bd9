"""Every change of the published data says why: a change note names it, the changelog prints it with its note, and
a version whose changes lack notes is not published."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.check.changes import check_notes, read_changes
from pipeline.core.paths import Paths
from pipeline.core.problems import Problems
from pipeline.core.publications import Publication, compare, markdown, units
from pipeline.core.records import ChangeNote

A, B = "001_0123456789abcdef.txt", "002_0123456789abcdef.txt"
OLD = Publication("1.0.0", {
    "claims": pd.DataFrame({"claim_id": ["001-c001", "002-c001"], "source_file": [A, B],
                            "value": ["5", "7"], "city": ["X", "Y"]}, dtype=object),
    "corroboration": pd.DataFrame({"claim_id_a": ["001-c001"], "claim_id_b": ["002-c001"], "verdict": ["agree"]},
                                  dtype=object),
}, {"claims": ["claim_id"], "corroboration": ["claim_id_a", "claim_id_b"]})
NEW = Publication("1.1.0", {
    "claims": pd.DataFrame({"claim_id": ["001-c001", "002-c001", "002-c002"],
                            "source_file": [A, B, B],
                            "value": ["6", "7", "9"], "city": ["X", "Z", "Z"]}, dtype=object),
    "corroboration": pd.DataFrame({"claim_id_a": ["001-c001"], "claim_id_b": ["002-c001"], "verdict": ["conflict"]},
                                  dtype=object),
}, {"claims": ["claim_id"], "corroboration": ["claim_id_a", "claim_id_b"]})


def note(**given: str) -> ChangeNote:
    return ChangeNote(file="datasets/curated/changes.yml", at=given.pop("at", 3), field_lines={}, broken=False,
                      **{"version": "1.1.0", "note": "Because.", **given})


def problems(notes: list[ChangeNote]) -> list[tuple[str, str, str]]:
    found = check_notes("1.1.0", units(OLD, NEW, compare(OLD, NEW)), notes, "datasets/curated/changes.yml")
    return sorted((p.code, p.id, p.field) for p in found)


def test_a_change_without_a_note_is_refused_once_per_table_kind_and_column() -> None:
    assert problems([]) == [("change-without-note", "001-c001", "value"),
                            ("change-without-note", "002-c002", "added")]


def test_a_note_explains_the_rows_it_names_by_id_by_source_or_by_column() -> None:
    assert problems([note(table="claims", ids="001-c001", columns="value"),
                     note(table="claims", what="added", source=B)]) == []
    assert problems([note(table="claims", ids="001-c001", columns="city"),  # names a cell that did not change
                     note(table="claims", what="added", source=B)]) == [
        ("change-without-note", "001-c001", "value"), ("note-explains-nothing", "", "note")]


def test_a_change_in_a_computed_table_or_a_derived_column_follows_from_its_cause() -> None:
    # the corroboration verdict and the claims' city (derived from the region) changed too: no note is asked for them
    found = problems([])
    assert not any(i.startswith("001-c001--") or f == "city" for _, i, f in found)


def test_the_changelog_prints_each_change_with_the_number_of_its_note() -> None:
    notes = [note(table="claims", ids="001-c001", columns="value", note="A misread value."),
             note(table="claims", what="added", source=B, note="A figure the first read missed.")]
    text = markdown(OLD, NEW, compare(OLD, NEW), notes=notes)
    assert "- rows added (1) [1]: 002-c002" in text
    assert "  - 001-c001 [2]: value: 5 → 6" in text
    assert "1. A figure the first read missed.\n2. A misread value." in text
    assert "[" not in markdown(OLD, NEW, compare(OLD, NEW)).split("### claims")[1].split("\n- rows changed")[0]


def test_a_note_of_another_version_explains_nothing_of_this_one() -> None:
    assert ("change-without-note", "002-c002", "added") in problems(
        [note(table="claims", what="added", source=B, version="1.0.0")])


def test_a_wrong_note_is_refused_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "datasets" / "curated").mkdir(parents=True)
    (tmp_path / "datasets" / "curated" / "changes.yml").write_text(
        "notes:\n"
        "  - {version: 1.1, table: claims, note: a}\n"
        "  - {version: 1.1.0, table: claimz, note: b}\n"
        "  - {version: 1.1.0, table: claims, what: edited, note: c}\n"
        "  - {version: 1.1.0, table: claims, source: notes.txt, note: d}\n"
        "  - {version: 1.1.0, table: claims}\n", encoding="utf-8")
    found = Problems()
    read_changes(Paths(tmp_path), found)
    assert sorted((p.line, p.field, p.code) for p in found) == [
        (2, "version", "bad-change-note"), (3, "table", "bad-change-note"), (4, "what", "bad-change-note"),
        (5, "source", "bad-change-note"), (6, "note", "missing-field")]
