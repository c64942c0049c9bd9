"""annotations.jsonld: each claim's and honour's quote is a W3C Web Annotation whose selectors find it in the raw file.

The selectors are resolved here as the W3C Web Annotation Data Model defines them, against the raw
files in datasets/sources (decoded as UTF-8, nothing else done to them): a TextPositionSelector's
``start``/``end`` count characters from the start of the whole text, ``end`` exclusive; a
TextQuoteSelector's ``exact`` must stand in the text with ``prefix`` immediately before it and
``suffix`` immediately after, and only once.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.published import PUBLISHED, REPO, rows

ANNOTATIONS = PUBLISHED / "annotations.jsonld"
RAW = REPO / "datasets" / "sources"
QUOTE_TABLES = {"claims": "claim_id", "honors": "honor_id"}


def collection() -> dict:
    return json.loads(ANNOTATIONS.read_text(encoding="utf-8"))


def items() -> list[dict]:
    return collection()["first"]["items"]


def raw_text(source: str) -> str:
    """The whole text of a raw file that an annotation's source names (relative to the package)."""
    return (RAW / Path(source).name).read_bytes().decode("utf-8")


def resolve_position(text: str, selector: dict) -> str:
    assert selector["type"] == "TextPositionSelector"
    assert 0 <= selector["start"] < selector["end"] <= len(text)
    return text[selector["start"]:selector["end"]]


def resolve_quote(text: str, selector: dict) -> list[int]:
    """Every start of ``exact`` in the text where ``prefix`` ends just before it and ``suffix`` starts after."""
    assert selector["type"] == "TextQuoteSelector"
    whole = selector["prefix"] + selector["exact"] + selector["suffix"]
    starts, at = [], text.find(whole)
    while at >= 0:
        starts.append(at + len(selector["prefix"]))
        at = text.find(whole, at + 1)
    return starts


def selectors(annotation: dict) -> dict[str, dict]:
    return {s["type"]: s for s in annotation["target"]["selector"]}


def test_the_file_is_a_w3c_annotation_collection_with_one_annotation_per_quote() -> None:
    document = collection()
    assert document["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert document["type"] == "AnnotationCollection" and document["first"]["type"] == "AnnotationPage"
    expected = [f"annotations.jsonld#{r[key]}" for table, key in QUOTE_TABLES.items() for r in rows(table)]
    assert [a["id"] for a in items()] == expected
    assert document["total"] == len(expected)
    for annotation in items():
        assert annotation["type"] == "Annotation" and annotation["motivation"] == "describing"
        assert set(selectors(annotation)) == {"TextQuoteSelector", "TextPositionSelector"}
        assert annotation["target"]["source"]["format"] == "text/plain"
        assert (PUBLISHED / annotation["target"]["source"]["id"]).is_file()


@pytest.mark.parametrize("table", QUOTE_TABLES)
def test_every_position_selector_gives_back_the_quote_from_the_whole_raw_text(table: str) -> None:
    annotated = {a["id"]: a for a in items()}
    for row in rows(table):
        annotation = annotated[f"annotations.jsonld#{row[QUOTE_TABLES[table]]}"]
        assert annotation["target"]["source"]["id"] == f"sources/{row['source_file']}"
        text = raw_text(annotation["target"]["source"]["id"])
        assert resolve_position(text, selectors(annotation)["TextPositionSelector"]) == row["quote"]


@pytest.mark.parametrize("table", QUOTE_TABLES)
def test_every_quote_selector_finds_the_quote_once_at_the_same_place(table: str) -> None:
    annotated = {a["id"]: a for a in items()}
    for row in rows(table):
        annotation = annotated[f"annotations.jsonld#{row[QUOTE_TABLES[table]]}"]
        text = raw_text(annotation["target"]["source"]["id"])
        quote, position = selectors(annotation)["TextQuoteSelector"], selectors(annotation)["TextPositionSelector"]
        assert quote["exact"] == row["quote"]
        assert resolve_quote(text, quote) == [position["start"]], row[QUOTE_TABLES[table]]
        assert 0 < len(quote["prefix"]) or position["start"] == 0
        assert 0 < len(quote["suffix"]) or position["end"] == len(text)


def test_positions_count_the_whole_text_not_the_line() -> None:
    for annotation in items():
        start = selectors(annotation)["TextPositionSelector"]["start"]
        text = raw_text(annotation["target"]["source"]["id"])
        line, char = text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1)
        row = next(r for table, key in QUOTE_TABLES.items() for r in rows(table)
                   if f"annotations.jsonld#{r[key]}" == annotation["id"])
        assert (line, char) == (int(row["line"]), int(row["char_start"]))


def test_a_quote_that_occurs_twice_gets_a_prefix_and_suffix_that_tell_the_copies_apart(tmp_path: Path) -> None:
    import pandas as pd

    from pipeline.publish.formats.web_annotations import collection

    # the same words twice, with the same 40 characters around them; the copies differ only further out
    same = "前" * 40 + "调解成功率达99.9%" + "后" * 40
    text = "甲" + same + "\n" + "乙" + same + "\n"
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "000_0000000000000000.txt").write_text(text, encoding="utf-8")
    quote = "调解成功率达99.9%"
    claims = pd.DataFrame({"claim_id": ["000-c001", "000-c002"], "source_file": ["000_0000000000000000.txt"] * 2,
                           "line": [1, 2], "char_start": [41, 41], "char_end": [41 + len(quote)] * 2,
                           "quote": [quote, quote]})
    honors = claims.iloc[0:0].rename(columns={"claim_id": "honor_id"})
    written = collection({"claims": claims, "honors": honors}, tmp_path)["first"]["items"]
    starts = []
    for annotation in written:
        found = resolve_quote(text, selectors(annotation)["TextQuoteSelector"])
        assert found == [selectors(annotation)["TextPositionSelector"]["start"]]
        starts += found
    assert starts == [41, len(same) + 3 + 40]


def test_the_bodies_identify_and_describe_the_row() -> None:
    first = rows("claims")[0]
    annotation = next(a for a in items() if a["id"] == f"annotations.jsonld#{first['claim_id']}")
    bodies = {b["purpose"]: b["value"] for b in annotation["body"]}
    assert bodies["identifying"] == f"claims {first['claim_id']}"
    assert f"metric: {first['metric']}" in bodies["describing"].splitlines()
    assert f"city: {first['city']}" in bodies["describing"].splitlines()


def test_a_spooled_block_reads_back_as_the_text_that_was_put_and_hashes_the_same(tmp_path: Path) -> None:
    from pipeline.render.document import Spool, sha256_of, text_of

    blocks = ['{"id": "annotations.jsonld#001-c001", "exact": "调解成功率达99.9%"}', "", "ａ" * 5000, "末行\n"]
    with Spool(tmp_path) as spool:
        spooled = [spool.put(block) for block in blocks]
        # read out of order, and each twice: a block is found by where it was put, not by what was read last
        for index in (3, 0, 2, 1, 0, 3):
            assert text_of(spooled[index]) == blocks[index]
            assert sha256_of(spooled[index]) == sha256_of(blocks[index])
        assert [s.size for s in spooled] == [len(b.encode("utf-8")) for b in blocks]
        assert list(tmp_path.iterdir()) == []  # no name in the folder while it is open


def test_a_rendered_document_keeps_its_annotations_in_the_spool_as_the_same_text(tmp_path: Path) -> None:
    from pipeline.render.document import Rendered, Spool, Spooled, text_of

    held = {"claims": '{"a": 1},\n{"b": "二"}', "honors": '{"c": 3}'}
    rendered = Rendered(annotations=dict(held))
    with Spool(tmp_path) as spool:
        rendered.spool(spool)
        assert all(isinstance(block, Spooled) for block in rendered.annotations.values())
        rendered.spool(spool)  # spooling twice keeps the same blocks
        assert {name: text_of(block) for name, block in rendered.annotations.items()} == held
