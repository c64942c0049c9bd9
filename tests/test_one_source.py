"""Every word list and rule lives once: the pipeline and the library fold text alike, and the library takes
the vocabularies from the publication (where it keeps a copy to stay light, the copy agrees with it)."""

from __future__ import annotations

import pytest

import pingan_data
from pingan_data import _tables as library_tables
from pingan_data import display, script
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


def test_every_published_unit_and_qualifier_reads_as_the_vocabulary_says() -> None:
    terms = {(r["section"], r["code"]): r for r in rows("vocabulary")}
    units = [code for section, code in terms if section == "units"]
    qualifiers = [code for section, code in terms if section == "qualifiers"]
    assert units and qualifiers
    for unit in units:
        shown = terms["units", unit]["shown"]
        assert shown.count("{}") == 1, unit  # every unit has its reading
        assert display.amount(12.0, "exact", unit) == shown.replace("{}", "12")
        one = terms["units", unit]["shown_one"] or shown
        assert display.amount(1.0, "exact", unit) == one.replace("{}", "1")
    for qualifier in qualifiers:
        shown = terms["qualifiers", qualifier]["shown"]
        assert display.amount(3.0, qualifier, "percent") == shown.replace("{}", "3%")


def test_a_unit_a_curator_adds_reads_as_its_template_with_no_change_to_the_library() -> None:
    vocabulary = display.vocabulary_of([*rows("vocabulary"),
                                        {"section": "units", "code": "tonnes", "shown": "{} t", "shown_one": ""}])
    assert display.amount(2500.0, "more_than", "tonnes", vocabulary) == "> 2,500 t"
    assert display.amount(7.0, "exact", "hectares", vocabulary) == "7 hectares"  # no template: the code's words


def test_the_library_knows_every_city_and_region_of_china_from_the_regions_table() -> None:
    regions = {r["code"]: r for r in rows("regions")}
    assert regions["350200"]["name_zh"] == "厦门市"  # a city no published claim is about
    assert library_tables.city_names(["厦门市", "xiamen", "福州", "惠安县"]) == ["Xiamen", "Xiamen", "Fuzhou",
                                                                              "Quanzhou"]
    assert len(pingan_data.claims(city="厦门")) == 0  # known, and without claims: no rows, no error
    assert library_tables.region_codes(["福建省", "福建", "350521", "Hui'an County", "泉州市惠安县"]) == [
        "350000", "350000", "350521", "350521", "350521"]

def test_a_claim_id_is_recognised_by_the_pattern_the_publication_declares() -> None:
    from pingan_data.package import record_kind

    assert record_kind("000-c001") == "claims"
    assert record_kind("004-h004") == "honors"
    assert record_kind("1000-c1000") == "claims"  # ids beyond 999 have the same form
    assert record_kind("000-m001") is None and record_kind("000-c01") is None
