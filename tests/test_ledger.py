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
_TERMS = pd.read_csv(PUBLISHED / "vocabulary.csv", dtype=str)
#: the claim words (ranks and shares written without a numeral), as the published vocabulary lists them
CLAIM_WORDS = {w for words in _TERMS.loc[_TERMS["section"] == "claim_words", "words"] for w in words.split()}


def test_every_ledger_entry_points_at_number_text_or_a_claim_word_in_its_source() -> None:
    from pingan_data.script import fold

    assert CLAIM_WORDS and (MENTIONS["kind"] == "word").any()
    for row in MENTIONS.itertuples():
        line = raw_lines(row.source_file)[row.line - 1]
        assert line[row.char_start:row.char_end] == row.text, row.mention_id
        if row.kind == "word":
            assert fold(row.text) in CLAIM_WORDS, row.mention_id
        else:
            assert NUMERAL.search(row.text), row.mention_id


def test_the_ids_of_numbers_come_first_then_the_claim_words() -> None:
    for _, mentions in MENTIONS.groupby("source_file"):
        kinds = list(mentions.sort_values("mention_id", key=lambda ids: ids.str.split("m").str[1].astype(int))["kind"])
        assert kinds == sorted(kinds, key=lambda kind: kind == "word")


@pytest.mark.parametrize("path", sorted(SOURCES.glob("*.txt")), ids=lambda p: p.name[:3])
def test_no_claim_word_in_a_source_is_missing_from_the_ledger(path) -> None:
    from pingan_data.script import fold

    ours = MENTIONS[(MENTIONS["source_file"] == path.name) & (MENTIONS["kind"] == "word")]
    found = {(r.line, r.char_start, r.char_end) for r in ours.itertuples()}
    for number, line in enumerate(raw_lines(path.name), start=1):
        folded = "".join(fold(c) or c for c in line)  # character by character: offsets stay those of the line
        for word in CLAIM_WORDS:
            for match in re.finditer(re.escape(word), folded):
                if not NUMERAL.search(line[match.start():match.end()]):  # a longer word may hold it (绝大多数)
                    assert any(at == number and a <= match.start() and match.end() <= b for at, a, b in found), \
                        f"{path.name}:{number}: {word}"


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
        from pingan_data.script import fold

        said = NUMERAL.search(claim.figure) or fold(claim.figure) in CLAIM_WORDS
        assert len(inside) == (1 if said else 0), claim.claim_id


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
