"""An edit that changes nothing the publication holds (a comment) is checked, then the publication is left as it
is: the build stops once the documents are checked, and the next build with nothing changed stops before them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.build import build
from pipeline.core.paths import Paths
from tests.corruption import snapshot
from tests.synthetic import published

pytestmark = pytest.mark.slow  # whole builds: `make test` runs them


@pytest.fixture
def corpus(tmp_path: Path) -> Paths:
    return published(tmp_path, claims=60, seed=6)


def _inodes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_ino for p in folder.iterdir() if p.is_file()}


def _commented(paths: Paths, n: int = 1) -> None:
    doc = paths.curated_documents()[1]
    doc.write_text(doc.read_text(encoding="utf-8") + f"# looked at again ({n})\n", encoding="utf-8")


def test_a_comment_is_checked_and_the_publication_is_left_as_it_was(corpus: Paths, tmp_path: Path) -> None:
    out = tmp_path / "out"
    before = _inodes(out)
    _commented(corpus)
    counts: dict[str, int] = {}
    timings: dict[str, float] = {}
    build(corpus, out, timings, workers=1, counts=counts)
    assert counts["same_rows"] == 1 and counts["checked"] == 1  # the edited document was checked
    assert "tables" not in timings and "publish" not in timings
    assert _inodes(out) == before  # not one file written anew: the folder was not swapped
    again: dict[str, int] = {}
    build(corpus, out, workers=1, counts=again)
    assert again["up_to_date"] == 1 and again["checked"] == 0  # stopped before checking a document


def test_a_comment_reads_no_other_documents_rows_and_a_changed_row_reads_them_all(
        corpus: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What each document made is remembered with the facts of its render, so that deciding whether anything new
    is published needs no render but the edited document's; publishing needs every one."""
    import pipeline.build as pipeline_build

    out, n = tmp_path / "out", len(corpus.curated_documents())
    read: list[str] = []
    cached_render = pipeline_build._cached_render

    def counted(context: object, key: str) -> object:
        read.append(key)
        return cached_render(context, key)

    monkeypatch.setattr(pipeline_build, "_cached_render", counted)
    _commented(corpus)
    counts: dict[str, int] = {}
    build(corpus, out, workers=1, counts=counts)
    assert counts["same_rows"] == 1 and counts["checked"] == 1 and read == []
    doc = corpus.curated_documents()[0]
    lines = doc.read_text(encoding="utf-8").splitlines(keepends=True)
    quote = next(i for i, line in enumerate(lines) if line.startswith("    quote: "))
    lines.insert(quote + 1, "    note: a curator's second look\n")
    doc.write_text("".join(lines), encoding="utf-8")
    counts = {}
    build(corpus, out, workers=1, counts=counts)
    assert "same_rows" not in counts and counts["checked"] == 1 and len(read) == n - 1  # every other render
    build(corpus, tmp_path / "cold", workers=1, use_cache=False)
    assert snapshot(out) == snapshot(tmp_path / "cold")


def test_a_problem_in_the_edited_document_is_still_found(corpus: Paths, tmp_path: Path) -> None:
    from pipeline.core.problems import BuildError

    doc = corpus.curated_documents()[0]
    text = doc.read_text(encoding="utf-8")
    quote = next(line for line in text.splitlines() if line.startswith("    quote: "))
    doc.write_text(text.replace(quote, quote + "不在原文", 1), encoding="utf-8")
    with pytest.raises(BuildError, match="quote"):
        build(corpus, tmp_path / "out", workers=1)


def test_a_changed_row_after_a_comment_is_published_as_a_cold_build_publishes_it(
        corpus: Paths, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _commented(corpus)
    build(corpus, out, workers=1)
    doc = corpus.curated_documents()[0]
    lines = doc.read_text(encoding="utf-8").splitlines(keepends=True)
    quote = next(i for i, line in enumerate(lines) if line.startswith("    quote: "))
    lines.insert(quote + 1, "    note: a curator's second look\n")
    doc.write_text("".join(lines), encoding="utf-8")
    counts: dict[str, int] = {}
    build(corpus, out, workers=1, counts=counts)
    assert "same_rows" not in counts
    assert "a curator's second look" in set(pd.read_parquet(out / "claims.parquet")["note"].dropna())
    build(corpus, tmp_path / "cold", workers=1, use_cache=False)
    assert snapshot(out) == snapshot(tmp_path / "cold")


def test_a_changed_context_file_is_published_though_no_document_made_anything_new(
        corpus: Paths, tmp_path: Path) -> None:
    out = tmp_path / "out"
    text = corpus.metrics.read_text(encoding="utf-8")
    assert "Synthetic benchmark metric: " in text
    corpus.metrics.write_text(text.replace("Synthetic benchmark metric: ", "A synthetic metric: ", 1), encoding="utf-8")
    _commented(corpus)
    counts: dict[str, int] = {}
    build(corpus, out, workers=1, counts=counts)
    assert "same_rows" not in counts
    assert pd.read_parquet(out / "metrics.parquet")["description"].str.startswith("A synthetic metric: ").any()


def test_a_damaged_publication_is_made_again_after_a_comment(corpus: Paths, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "vocabulary.csv").write_bytes((out / "vocabulary.csv").read_bytes() + b"x\n")
    _commented(corpus)
    counts: dict[str, int] = {}
    build(corpus, out, workers=1, counts=counts)
    assert "same_rows" not in counts
    build(corpus, tmp_path / "cold", workers=1, use_cache=False)
    assert snapshot(out) == snapshot(tmp_path / "cold")


def test_without_the_cache_a_comment_makes_the_whole_publication(corpus: Paths, tmp_path: Path) -> None:
    _commented(corpus)
    counts: dict[str, int] = {}
    timings: dict[str, float] = {}
    build(corpus, tmp_path / "out", timings, workers=1, use_cache=False, counts=counts)
    assert "same_rows" not in counts and "publish" in timings
