"""The coverage ledger accounts for every number in every source, and only for numbers."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from pipeline.build import build
from pipeline.core.paths import Paths
from pipeline.core.problems import BuildError
from tests.conftest import PUBLISHED, SOURCES, raw_lines

MENTIONS = pd.read_csv(PUBLISHED / "mentions.csv", dtype={"text": str})
CLAIMS = pd.read_csv(PUBLISHED / "claims.csv", dtype={"figure": str, "quote": str})
NUMERAL = re.compile(r"[0-9〇零一二两兩三四五六七八九十百千万萬亿億]")


def test_every_ledger_entry_points_at_number_text_in_its_source() -> None:
    for row in MENTIONS.itertuples():
        line = raw_lines(row.source_file)[row.line - 1]
        assert line[row.char_start:row.char_end] == row.text, row.mention_id
        assert NUMERAL.search(row.text), row.mention_id


def test_every_number_is_a_claim_an_honour_or_excluded_with_a_reason() -> None:
    assert set(MENTIONS["status"]) <= {"claim", "honor", "excluded"}
    assert MENTIONS.loc[MENTIONS["status"] == "excluded", "reason"].notna().all()
    assert MENTIONS.loc[MENTIONS["status"] == "claim", "claim_id"].isin(CLAIMS["claim_id"]).all()


@pytest.mark.parametrize("path", sorted(SOURCES.glob("*.txt")), ids=lambda p: p.name[:3])
def test_no_arabic_number_in_a_source_is_missing_from_the_ledger(path) -> None:
    ours = MENTIONS[MENTIONS["source_file"] == path.name]
    covered = {(r.line, i) for r in ours.itertuples() for i in range(r.char_start, r.char_end)}
    for number, line in enumerate(raw_lines(path.name), start=1):
        for match in re.finditer(r"[0-9]+", line):
            assert (number, match.start()) in covered, f"{path.name}:{number}: {match.group()}"


def test_every_claim_with_a_numeral_has_its_value_in_the_ledger() -> None:
    values = MENTIONS[MENTIONS["role"] == "value"]
    for claim in CLAIMS.itertuples():
        start = raw_lines(claim.source_file)[claim.line - 1].find(claim.figure, claim.char_start)
        inside = values[(values["source_file"] == claim.source_file) & (values["line"] == claim.line)
                        & (values["char_start"] >= start) & (values["char_end"] <= start + len(claim.figure))]
        assert len(inside) == (1 if NUMERAL.search(claim.figure) else 0), claim.claim_id


def _exclusions(paths: Paths) -> str:
    return (paths.documents / "000_2b8feb0ae4f9f377.yml").read_text(encoding="utf-8")


def test_a_number_left_unaccounted_for_stops_the_build(repo_copy: Paths) -> None:
    document = repo_copy.documents / "000_2b8feb0ae4f9f377.yml"
    text = _exclusions(repo_copy)
    entry = "  - {line: 18, text: 中平路169号, reason: contact}\n"
    assert entry in text
    document.write_text(text.replace(entry, ""), encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build(repo_copy)
    (problem,) = caught.value.problems
    assert (problem.file, problem.code) == ("datasets/curated/documents/000_2b8feb0ae4f9f377.yml",
                                            "unaccounted-number")
    assert "'169' at line 18" in problem.message


def test_an_exclusion_of_text_that_holds_no_number_stops_the_build(repo_copy: Paths) -> None:
    document = repo_copy.documents / "000_2b8feb0ae4f9f377.yml"
    text = _exclusions(repo_copy)
    bogus = "  - {line: 3, text: 福州骑警, reason: idiom}\n"
    document.write_text(text.rstrip("\n") + "\n" + bogus, encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build(repo_copy)
    (problem,) = caught.value.problems
    assert problem.code == "exclusion-not-a-number"
    assert problem.line == len(text.rstrip("\n").split("\n")) + 1
