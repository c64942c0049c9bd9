"""A drafted record is published only once a person has accepted it: every unreviewed one is a located problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.build import build
from pipeline.core.paths import Paths
from pipeline.core.problems import BuildError
from pipeline.core.records import Claim, Honor, published

pytestmark = pytest.mark.slow  # whole builds, servers or second interpreters: `make test` runs them

DOC = "datasets/curated/documents/004_aea384481f6baa8d.yml"


def _mark(path: Path, after: str, state: str) -> int:
    """Insert `review: STATE` below the line that starts with ``after``; the 1-based line it was put on."""
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(after)) + 1
    lines.insert(at, f"    review: {state}")
    path.write_text("\n".join(lines), encoding="utf-8")
    return at + 1


def _problems(paths: Paths, tmp_path: Path) -> list:
    with pytest.raises(BuildError) as caught:
        build(paths, tmp_path / "out")
    return caught.value.problems


def test_the_review_state_is_never_a_published_column() -> None:
    assert "review" not in published(Claim) and "review" not in published(Honor)


def test_a_proposed_claim_and_honour_are_refused_each_at_its_line_and_id(repo_copy: Paths, tmp_path: Path) -> None:
    path = repo_copy.root / DOC
    claim_line = _mark(path, "  - id: 004-c005", "proposed")
    honor_line = _mark(path, "  - id: 004-h002", "proposed")
    problems = _problems(repo_copy, tmp_path)
    assert [(p.file, p.line, p.id, p.field, p.code) for p in problems] == [
        (DOC, claim_line, "004-c005", "review", "unreviewed-entry"),
        (DOC, honor_line, "004-h002", "review", "unreviewed-entry"),
    ]
    assert "change `review: proposed` to `review: accepted`" in problems[0].message


def test_a_proposed_exclusion_and_source_entry_are_refused(repo_copy: Paths, tmp_path: Path) -> None:
    path = repo_copy.root / DOC
    text = path.read_text(encoding="utf-8")
    entry = "{line: 18, text: 2019年年初, reason: event_date,"
    path.write_text(text.replace(entry, entry + " review: proposed,"), encoding="utf-8")
    line = text[:text.index("{line: 18, text: 2019年年初")].count("\n") + 1
    sources = repo_copy.sources_meta
    meta = sources.read_text(encoding="utf-8")
    sources.write_text(meta.replace("  - file: 004_aea384481f6baa8d.txt\n",
                                    "  - file: 004_aea384481f6baa8d.txt\n    review: proposed\n"), encoding="utf-8")
    meta_line = meta[:meta.index("  - file: 004_aea384481f6baa8d.txt")].count("\n") + 2
    problems = _problems(repo_copy, tmp_path)
    assert sorted((p.file, p.line, p.id, p.code) for p in problems) == [
        (DOC, line, "excluded:18:2019年年初", "unreviewed-entry"),
        ("datasets/sources/sources.yml", meta_line, "004_aea384481f6baa8d.txt", "unreviewed-entry"),
    ]


def test_a_misspelt_state_is_not_taken_for_accepted(repo_copy: Paths, tmp_path: Path) -> None:
    _mark(repo_copy.root / DOC, "  - id: 004-c005", "acepted")
    problems = _problems(repo_copy, tmp_path)
    assert [(p.id, p.code) for p in problems] == [("004-c005", "unreviewed-entry")]
    assert "'acepted'" in problems[0].message


def test_accepted_records_build_the_same_publication(repo_copy: Paths, tmp_path: Path) -> None:
    path = repo_copy.root / DOC
    _mark(path, "  - id: 004-c005", "accepted")
    _mark(path, "  - id: 004-h002", "accepted")
    first = build(repo_copy, tmp_path / "accepted")
    assert (first / "claims.csv").read_bytes() == (Paths().published / "claims.csv").read_bytes()
