"""Search finds claims and honours by keyword across scripts, with OpenCC or with the bundled fallback table."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import opencc
import pytest

import pingan_data
from pingan_data import script
from tests.published import by_id, rows, sample

S2T = opencc.OpenCC("s2t").convert
T2S = opencc.OpenCC("t2s").convert
SCRIPT = {s["source_file"]: s["script"] for s in rows("sources")}
RECORDS = {**by_id("claims", "claim_id"), **by_id("honors", "honor_id")}
#: the records the per-record tests run on: a fixed-size sample covering every kind of source and value
SAMPLE = sample("claims", 24, "claim_id") + sample("honors", 12, "honor_id")


@contextmanager
def _converter(mode: str) -> Iterator[None]:
    """Search with OpenCC, or as if OpenCC were not installed (as in a bare wheel install)."""
    script.converter.cache_clear()
    saved = sys.modules.get("opencc")
    if mode == "fallback":
        sys.modules["opencc"] = None  # type: ignore[assignment]  # `import opencc` now raises ImportError
    try:
        yield
    finally:
        if mode == "fallback":
            sys.modules["opencc"] = saved  # type: ignore[assignment]
        script.converter.cache_clear()


@pytest.fixture(params=["opencc", "fallback"], scope="class")
def converter(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run the test with OpenCC, then with the bundled fallback table (class-scoped: set up twice only)."""
    with _converter(request.param):
        yield request.param


def _chunk(record: dict[str, str]) -> str:
    """A distinctive piece of a record's simplified quote: its last eight characters, without debris or spaces."""
    text = "".join(script.DEBRIS.sub("", record["quote_hans"]).split())
    return text[-8:]


def _found(query: str) -> list[str]:
    return list(pingan_data.search(query)["id"])


class TestAcrossScripts:
    """With OpenCC and with the fallback table alike."""

    @pytest.mark.parametrize("ident", SAMPLE)
    def test_a_simplified_or_traditional_piece_of_a_quote_finds_its_record(self, ident: str, converter: str) -> None:
        simplified = _chunk(RECORDS[ident])
        assert ident in _found(simplified)
        assert ident in _found(S2T(simplified))

    def test_a_simplified_query_finds_a_quote_written_in_traditional_script(self, converter: str) -> None:
        traditional = [r for r in rows("claims") if SCRIPT[r["source_file"]] == "traditional"
                       and T2S(r["quote"]) != r["quote"]]
        assert traditional, "the publication has claims quoted in traditional script"
        record = traditional[0]
        query = _chunk(record)
        assert query not in record["quote"]
        hits = pingan_data.search(query)
        assert record["claim_id"] in list(hits["id"])
        assert record["quote"] in list(hits["quote"])  # the verbatim, traditional quote is what comes back

    def test_a_traditional_query_finds_a_quote_written_in_simplified_script(self, converter: str) -> None:
        simplified = [r for r in rows("claims") if SCRIPT[r["source_file"]] == "simplified"
                      and S2T(_chunk(r)) != _chunk(r)]
        record = simplified[0]
        query = S2T(_chunk(record))
        assert query not in record["quote"]
        assert record["claim_id"] in _found(query)


def test_both_converters_give_the_same_results() -> None:
    queries = [w for r in RECORDS.values() for w in (_chunk(r)[:3], S2T(_chunk(r)[-4:]))]
    results = {}
    for mode in ("opencc", "fallback"):
        with _converter(mode):
            results[mode] = [_found(q) for q in queries]
    assert results["opencc"] == results["fallback"]


def test_the_fallback_table_is_opencc_character_conversion() -> None:
    from pingan_data._t2s_table import SIMPLIFIED, TRADITIONAL

    assert (TRADITIONAL, SIMPLIFIED) == script._table_from_opencc(), \
        "regenerate the table: python -m pingan_data.script"


def test_every_word_must_match() -> None:
    first, second = "调解", "福州"
    both = set(_found(f"{first} {second}"))
    assert both and both == set(_found(first)) & set(_found(second))


def test_search_finds_honours_and_english_metric_labels() -> None:
    honour = rows("honors")[0]
    assert honour["honor_id"] in _found(honour["honor"])
    metric = rows("metrics")[0]
    claimed = [r["claim_id"] for r in rows("claims") if r["metric"] == metric["metric_id"]]
    assert set(claimed) <= set(_found(metric["label_en"].upper()))


def test_search_results_have_ids_to_cite_and_a_verbatim_quote() -> None:
    hits = pingan_data.search("平安")
    assert list(hits.columns) == ["kind", "id", "city", "year", "period_start", "period_end", "what", "quote",
                                  "source_file", "line"]
    assert set(hits["kind"]) == {"claim", "honor"}
    for hit in hits.itertuples():
        assert RECORDS[hit.id]["quote"] == hit.quote and int(RECORDS[hit.id]["line"]) == hit.line


def test_a_blank_search_is_refused() -> None:
    with pytest.raises(ValueError):
        pingan_data.search("   ")


@pytest.mark.parametrize("word", ["调解", "調解", "巡防", "福州"])
def test_a_word_of_two_characters_finds_every_quote_that_holds_it_in_either_script(word: str) -> None:
    simplified = T2S(word)
    expected = {ident for ident, r in RECORDS.items() if simplified in r["quote_hans"]}
    assert expected and expected <= set(_found(word))


@pytest.mark.parametrize("words", ["Chang'an Cup", "長安杯", "procuratorate", "Fuzhou award"])
def test_the_honours_keyword_filter_keeps_what_search_finds(words: str) -> None:
    hits = pingan_data.search(words)
    assert list(pingan_data.honors(keyword=words)["honor_id"]) == list(hits[hits["kind"] == "honor"]["id"])


@pytest.mark.parametrize("words", ["巡防", "mediation", "調解 Fuzhou"])
def test_the_claims_keyword_filter_keeps_what_search_finds(words: str) -> None:
    hits = pingan_data.search(words)
    found = list(pingan_data.claims(keyword=words)["claim_id"])
    assert found and found == list(hits[hits["kind"] == "claim"]["id"])


def test_an_honour_is_found_by_its_english_name_and_recipient() -> None:
    honour = next(r for r in rows("honors") if r["honor_en"] and r["recipient_en"])
    assert honour["honor_id"] in _found(honour["honor_en"].lower())
    assert honour["honor_id"] in list(pingan_data.honors(recipient=honour["recipient_en"].upper())["honor_id"])


def test_the_search_texts_of_a_whole_table_are_each_records_own_text() -> None:
    """records() folds a recurring field once and finds the metrics that count an honour once per name; each text
    must still be the text of the record's own fields (here with every honour given twice, under names that
    share a metric label and names that share none)."""
    from pingan_data import searchable

    claims, metrics = rows("claims"), rows("metrics")
    regions = rows("regions")
    honors = rows("honors")
    renamed = [dict(h, honor=name) for h in honors[:4] for name in ("平安", "不在任何指标里的名字", "")]
    every = [*honors, *honors, *renamed]
    made = list(searchable.records(claims, every, metrics, regions))
    by_metric = {m["metric_id"]: m for m in metrics}
    by_code = {r["code"]: r for r in regions}
    counting = searchable.counting_labels(metrics)
    expected = [searchable.text(searchable.claim_fields(c, by_metric.get(c["metric"], {}), by_code))
                for c in claims]
    expected += [searchable.text(searchable.honor_fields(h, by_code, counting)) for h in every]
    assert [t for _, _, t in made] == expected


def test_a_search_text_is_made_from_the_columns_the_library_declares_for_it() -> None:
    """The database's search part is made again only when these columns change: a field read from any other
    column would leave a stale text."""
    from pingan_data import searchable

    metrics = {m["metric_id"]: m for m in rows("metrics")}
    regions = {r["code"]: r for r in rows("regions")}
    counting = searchable.counting_labels(metrics.values())
    for claim in rows("claims"):
        only = {column: claim[column] for column in searchable.CLAIM_COLUMNS}
        metric = metrics.get(claim["metric"], {})
        assert searchable.claim_fields(only, metric, regions) == searchable.claim_fields(claim, metric, regions)
    for honor in rows("honors"):
        only = {column: honor[column] for column in searchable.HONOR_COLUMNS}
        assert searchable.honor_fields(only, regions, counting) == searchable.honor_fields(honor, regions, counting)
