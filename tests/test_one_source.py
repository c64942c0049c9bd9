"""Every word list and rule lives once: the pipeline and the library fold text alike, and the library takes
the vocabularies from the publication (where it keeps a copy to stay light, the copy agrees with it)."""

from __future__ import annotations

import pandas as pd
import pytest

import pingan_data
from pingan_data import _records, script
from pingan_data import _tables as library_tables
from pipeline.core import text
from tests.published import rows
from tests.test_search import _converter

#: Texts that try the edges of folding: debris in both bracket widths, brackets that are not debris, quotation
#: marks of every kind, full-width letters and digits, spaces, case.
EDGES = ["面积(km)", "現(xiàn)代化", "區（qū）", "(ABC)", "(a)", "(xyzxyzx)", "“长安杯”", "「長安杯」", "『平安』",
         "《指导意见》", "〈意见〉", "ＡＢＣ１２３", "Chang'an Cup", '"quoted"', " 3 万 余 人 ", "百分之九十九",
         "99.9％", "第Ⅳ次", "福州市\u3000公安局", "(km)(xiàn)", "（KM）", "(lü)", "(nǚ)", "ęxample"]


def test_the_pipeline_folds_text_with_the_librarys_rule() -> None:
    assert text.fold is script.fold
    assert text.DEBRIS is script.DEBRIS


@pytest.mark.parametrize("mode", ["opencc", "fallback"])
def test_the_library_folds_every_quote_and_every_edge_the_same_with_or_without_opencc(mode: str) -> None:
    quotes = [r["quote"] for r in rows("claims")] + [r["quote"] for r in rows("honors")]
    with _converter("opencc"):
        reference = [script.fold(t) for t in quotes + EDGES]
    with _converter(mode):
        assert [script.fold(t) for t in quotes + EDGES] == reference


@pytest.mark.parametrize(("text_", "folded"), [
    ("面积(km)", "面积(km)"), ("現(xiàn)代化", "现代化"), ("區（qū）", "区"), ("“长安杯”", "长安杯"),
    ("「長安杯」", "长安杯"), ("ＡＢＣ１２３", "abc123"), (" 3 万 余 人 ", "3万余人"), ("99.9％", "99.9%")])
def test_folding_keeps_what_is_not_debris_and_drops_what_is(text_: str, folded: str) -> None:
    assert script.fold(text_) == folded


def test_the_librarys_unit_words_cover_exactly_the_published_units() -> None:
    published = {r["code"] for r in rows("vocabulary") if r["section"] == "units"}
    assert set(_records._UNITS) | {"percent", "rank"} == published
    labels = {r["code"]: r["label_en"] for r in rows("vocabulary") if r["section"] == "units"}
    for unit, (_, many) in _records._UNITS.items():
        assert many in labels[unit], unit  # the plural the library prints is the vocabulary's label


def test_the_librarys_qualifier_readings_cover_exactly_the_published_qualifiers() -> None:
    assert set(_records.QUALIFIER_SIGNS) == {r["code"] for r in rows("vocabulary") if r["section"] == "qualifiers"}


def test_the_library_knows_the_cities_the_publication_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    vocabulary = pingan_data.load("vocabulary")
    added = pd.DataFrame([{"section": "cities", "code": "Xiamen", "label_en": "Xiamen", "label_zh": "厦门"}])
    monkeypatch.setattr(library_tables, "load", lambda name: pd.concat([vocabulary, added], ignore_index=True))
    assert library_tables.city_names(["厦门市", "xiamen", "福州"]) == ["Xiamen", "Xiamen", "Fuzhou"]


def test_a_claim_id_is_recognised_by_the_pattern_the_publication_declares() -> None:
    from pingan_data.package import record_kind

    assert record_kind("000-c001") == "claims"
    assert record_kind("004-h004") == "honors"
    assert record_kind("1000-c1000") == "claims"  # ids beyond 999 have the same form
    assert record_kind("000-m001") is None and record_kind("000-c01") is None
