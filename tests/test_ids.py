"""One module owns the id scheme: documents and serials of any size, each id with one spelling."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from bench.generate import generate
from pipeline.build import build
from pipeline.core.paths import Paths
from schemas import ids
from tests.published import rows


@pytest.mark.parametrize(("prefix", "kind", "serial", "expected"), [
    ("000", "claim", 1, "000-c001"), ("042", "honor", 17, "042-h017"), ("999", "mention", 999, "999-m999"),
    ("000", "claim", 1000, "000-c1000"), ("1000", "claim", 1, "1000-c001"), ("12345", "mention", 123456,
                                                                               "12345-m123456"),
])
def test_an_id_is_made_and_read_back_the_same(prefix: str, kind: str, serial: int, expected: str) -> None:
    made = ids.make(prefix, kind, serial)
    assert made == expected
    assert ids.parse(made) == (prefix, ids.LETTERS[kind], serial)
    assert re.fullmatch({"claim": ids.CLAIM_ID, "honor": ids.HONOR_ID, "mention": ids.MENTION_ID}[kind], made)


@pytest.mark.parametrize("text", ["000-c01", "00-c001", "0000-c001", "000-c0001", "000-c١٢٣", "٠٠٠-c001", "000c001",
                                  "000-C001", " 000-c001", "000-c001 "])
def test_an_id_with_another_spelling_is_not_an_id(text: str) -> None:
    assert ids.parse(text) is None
    assert not any(re.fullmatch(p, text) for p in (ids.CLAIM_ID, ids.HONOR_ID, ids.MENTION_ID))


@pytest.mark.parametrize(("name", "prefix"), [
    ("000_2b8feb0ae4f9f377.txt", "000"), ("1000_82224d19399f7eaa.txt", "1000"), ("0100_82224d19399f7eaa.txt", None),
    ("10_82224d19399f7eaa.txt", None), ("000_2B8FEB0AE4F9F377.txt", None)])
def test_a_source_file_name_gives_the_document_prefix(name: str, prefix: str | None) -> None:
    assert ids.prefix(name) == prefix
    assert bool(re.fullmatch(ids.SOURCE_FILE, name)) == (prefix is not None)


def test_the_published_ids_of_the_five_documents_keep_their_three_digit_spelling() -> None:
    for table, column in (("claims", "claim_id"), ("honors", "honor_id"), ("mentions", "mention_id")):
        assert all(re.fullmatch(r"00[0-4]-[chm][0-9]{3}", r[column]) for r in rows(table)), table


@pytest.mark.slow
def test_documents_and_serials_beyond_999_build_and_sort_as_numbers(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    generate(root, claims=2004, claims_per_document=1002, seed=5, first=999)
    out = build(Paths(root), root / "out")
    claims = pd.read_csv(out / "claims.csv", dtype=str)["claim_id"].tolist()
    assert claims[:2] == ["999-c001", "999-c002"]
    assert claims[998:1003] == ["999-c999", "999-c1000", "999-c1001", "999-c1002", "1000-c001"]
    assert claims[-1] == "1000-c1002"
    mentions = pd.read_csv(out / "mentions.csv", dtype=str)["mention_id"]
    assert mentions.str.fullmatch(r"(999|1000)-m[0-9]{3,}").all() and (mentions.str.len() > 9).any()
    sources = pd.read_csv(out / "sources.csv", dtype=str)["source_file"].tolist()
    assert [s.split("_")[0] for s in sources] == ["999", "1000"]
