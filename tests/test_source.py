"""Show the source: the raw line of a claim or honour with its quote marked, and a line before and after."""

from __future__ import annotations

from pathlib import Path

import pytest

import pingan_data
from pingan_data import DataIntegrityError, UnknownIdError
from tests.published import by_id, copy_package, raw_lines, rows, sample

RECORDS = {**by_id("claims", "claim_id"), **by_id("honors", "honor_id")}
#: the records the per-record tests run on: a fixed-size sample covering every kind of source and value
SAMPLE = sample("claims", 24, "claim_id") + sample("honors", 12, "honor_id")


def _neighbours(lines: list[str], line: int) -> tuple[int | None, int | None]:
    """The nearest non-blank raw lines before and after ``line`` (1-based), found by reading the file."""
    before = next((n for n in range(line - 1, 0, -1) if lines[n - 1].strip()), None)
    after = next((n for n in range(line + 1, len(lines) + 1) if lines[n - 1].strip()), None)
    return before, after


@pytest.mark.parametrize("ident", SAMPLE)
def test_the_source_is_the_raw_line_with_the_quote_marked_and_its_neighbours(ident: str) -> None:
    record = RECORDS[ident]
    lines = raw_lines(record["source_file"])
    line, start, end = int(record["line"]), int(record["char_start"]), int(record["char_end"])
    raw = lines[line - 1]
    assert raw[start:end] == record["quote"]
    before, after = _neighbours(lines, line)
    expected = [(n, lines[n - 1]) for n in (before, line, after) if n is not None]

    excerpt = pingan_data.source(ident)
    assert list(excerpt.lines) == expected
    text = str(excerpt)
    assert f"{raw[:start]}⟦{record['quote']}⟧{raw[end:]}" in text
    assert record["source_file"] in text and f"line {line}" in text
    for number, content in expected:
        if number != line:
            assert f"{number} │ {content}" in text


def test_a_record_on_the_first_line_has_no_line_before() -> None:
    first = [i for i, r in RECORDS.items() if r["line"] == "1"]
    if not first:
        pytest.skip("no claim or honour is on line 1")
    excerpt = pingan_data.source(first[0])
    assert excerpt.lines[0][0] == 1


def test_more_context_gives_more_non_blank_lines() -> None:
    ident = rows("claims")[0]["claim_id"]
    assert len(pingan_data.source(ident, context=3).lines) > len(pingan_data.source(ident).lines)


def test_the_excerpt_highlights_the_quote_in_html() -> None:
    record = rows("claims")[0]
    assert f"<mark>{record['quote']}</mark>" in pingan_data.source(record["claim_id"])._repr_html_()


def test_a_claim_shows_its_own_source() -> None:
    ident = rows("claims")[0]["claim_id"]
    assert str(pingan_data.claim(ident).source()) == str(pingan_data.source(ident))


def test_the_source_of_an_unknown_id_raises_unknown_id_error() -> None:
    with pytest.raises(UnknownIdError, match="000-c999"):
        pingan_data.source("000-c999")


def test_a_damaged_raw_source_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = copy_package(tmp_path / "published")
    monkeypatch.setenv("PINGAN_DATA_DIR", str(copy))
    record = rows("claims")[0]
    raw = copy / "sources" / record["source_file"]
    raw.write_text(raw.read_text(encoding="utf-8").replace(record["quote"], record["quote"][::-1]), encoding="utf-8")
    with pytest.raises(DataIntegrityError, match=record["source_file"]):
        pingan_data.source(record["claim_id"])
