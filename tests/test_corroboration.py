"""Claims on the same metric and city from different documents are compared as ranges, in time."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.check.context import load_context
from pipeline.check.vocabulary import parse_range
from pipeline.core.paths import Paths
from pipeline.render.corroboration import Range, relate, value_range
from tests.conftest import PUBLISHED, REPO

QUALIFIERS = load_context(Paths(REPO), use_cache=False).vocabulary


def claim(value: float, qualifier: str = "exact", year: int | None = 2022,
          period: tuple[int, int] | None = None) -> pd.Series:
    start, end = period or (None, None)
    return pd.Series({"value": value, "qualifier": qualifier, "year": year if period is None else pd.NA,
                      "period_start": start, "period_end": end})


@pytest.mark.parametrize(("a", "b", "expected"), [
    (claim(99.9), claim(99.9), ("same_year", True, "agree")),
    (claim(30000, "more_than"), claim(30000, "nearly", 2023), ("different_years", False, "changed_over_time")),
    (claim(30000, "more_than", None), claim(30000, "nearly", None), ("unknown", False, "conflict")),
    (claim(30000, "more_than"), claim(30000, "nearly"), ("same_year", False, "conflict")),
    (claim(30000, "at_least"), claim(30000), ("same_year", True, "agree")),
    (claim(30000, "more_than"), claim(30000), ("same_year", False, "conflict")),
    (claim(30000, "about"), claim(32000, "nearly"), ("same_year", True, "agree")),
    (claim(99.9), claim(99.9, period=(2020, 2023)), ("overlapping", True, "agree")),
    (claim(80), claim(111), ("same_year", False, "conflict")),
    (claim(80, period=(2018, 2020)), claim(111, period=(2020, 2023)), ("overlapping", False, "conflict")),
    (claim(80, year=2016), claim(111, year=2022), ("different_years", False, "changed_over_time")),
    (claim(80, year=None), claim(80, year=2022), ("unknown", True, "agree")),
])
def test_two_claims_are_related_in_time_and_value(a: pd.Series, b: pd.Series,
                                                  expected: tuple[str, bool, str]) -> None:
    assert relate(a, b, QUALIFIERS) == expected


@pytest.mark.parametrize(("value", "qualifier", "inside", "outside"), [
    (30000, "more_than", [30001, 39999, 1e9], [30000, 29999]),
    (30000, "nearly", [27000, 29999], [30000, 26999]),
    (30000, "at_least", [30000, 1e9], [29999]),
    (30000, "about", [27000, 33000], [26999, 33001]),
    (4, "exact", [4], [3.9, 4.1]),
])
def test_a_value_with_its_qualifier_admits_the_true_values_the_vocabulary_says(
        value: float, qualifier: str, inside: list[float], outside: list[float]) -> None:
    span = value_range(value, qualifier, QUALIFIERS)
    for x in inside:
        assert span.overlaps(Range(x, x, False, False)), (x, str(span))
    for x in outside:
        assert not span.overlaps(Range(x, x, False, False)), (x, str(span))


@pytest.mark.parametrize("text", ["", "[1, 2", "(a, 1]", "1, 2", "[1; 2]"])
def test_a_range_that_is_not_an_interval_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="interval"):
        parse_range(text)


def test_the_fuzhou_patrol_forces_conflict_as_ranges_and_their_time_is_unknown() -> None:
    table = pd.read_csv(PUBLISHED / "corroboration.csv").set_index("metric")
    row = table.loc["patrol_force"]
    assert {row["qualifier_a"], row["qualifier_b"]} == {"more_than", "nearly"}
    assert {row["range_a"], row["range_b"]} == {"(30000, ∞)", "[27000, 30000)"}
    assert (row["ranges_overlap"], row["time_relation"], row["verdict"]) == (False, "unknown", "conflict")
    assert table.loc["mediation_success_rate", "verdict"] == "agree"


def test_the_two_reports_of_quanzhous_fourth_changan_cup_are_one_event_not_two_confirmations() -> None:
    table = pd.read_csv(PUBLISHED / "corroboration.csv")
    honors = pd.read_csv(PUBLISHED / "honors.csv")
    claims = pd.read_csv(PUBLISHED / "claims.csv").set_index("claim_id")
    cup = table[table["metric"] == "changan_cup_count"].iloc[0]
    keys = honors.set_index("honor_id").loc[[claims.loc[cup["claim_id_a"], "honor_id"],
                                             claims.loc[cup["claim_id_b"], "honor_id"]], "award_key"]
    assert keys.nunique() == 1
    assert bool(cup["same_event"]) is True
    assert not table.loc[table["metric"] != "changan_cup_count", "same_event"].any()


def test_honours_that_report_one_award_share_its_key_so_awards_are_counted_once() -> None:
    honors = pd.read_csv(PUBLISHED / "honors.csv")
    shared = honors.groupby("award_key")["source_file"].nunique()
    assert set(shared[shared > 1].index) == {
        "fuzhou-ping-an-china-model-city-2021", "fuzhou-city-governance-pilot-2020",
        "quanzhou-ping-an-china-model-city-2021", "quanzhou-changan-cup-4"}
    assert honors["award_key"].nunique() == len(honors) - 4


def test_every_metric_reported_by_two_documents_for_one_city_is_compared() -> None:
    claims = pd.read_csv(PUBLISHED / "claims.csv")
    table = pd.read_csv(PUBLISHED / "corroboration.csv")
    shared = claims.groupby(["metric", "city"])["source_file"].nunique()
    assert set(shared[shared > 1].index) == set(zip(table["metric"], table["city"], strict=True))


def _claims(rows: list[dict]) -> pd.DataFrame:
    """Claims of one metric with just the columns the corroboration reads, in curation's types."""
    base = {"metric": "m", "city": "X", "qualifier": "exact", "honor_id": None, "year": None, "period_start": None,
            "period_end": None, "reported_date": None}
    frame = pd.DataFrame([base | r for r in rows])
    return frame.astype({"year": "Int64", "period_start": "Int64", "period_end": "Int64", "reported_year": "Int64"})


def _pairs(claims: pd.DataFrame) -> set[tuple[str, str]]:
    from pipeline.render.corroboration import corroborate

    table = corroborate(claims, pd.DataFrame({"honor_id": [], "award_key": []}), QUALIFIERS)
    return set(zip(table["claim_id_a"], table["claim_id_b"], strict=True))


def _report(n: int, year: int | None, reported: int, region: str = "350100", **more: object) -> dict:
    return {"claim_id": f"{n:03d}-c001", "source_file": f"{n:03d}_0123456789abcdef.txt", "region_code": region,
            "value": 100.0, "year": year, "reported_year": reported} | more


def test_each_report_is_paired_with_the_reports_before_and_after_it_and_with_every_report_of_its_year() -> None:
    # reported 2020, 2021, 2022, 2023 (file names in another order); 001 and 003 both give 2021's figure
    claims = _claims([_report(3, 2021, 2022), _report(1, 2021, 2020), _report(2, None, 2021), _report(0, 2023, 2023)])
    assert _pairs(claims) == {("001-c001", "002-c001"), ("002-c001", "003-c001"), ("000-c001", "003-c001"),
                              ("001-c001", "003-c001")}


def test_a_report_of_unknown_day_comes_after_the_reports_of_its_year_known_to_the_day() -> None:
    claims = _claims([_report(0, None, 2022), _report(1, None, 2022, reported_date="2022-05-01"),
                      _report(2, None, 2022, reported_date="2022-01-01"), _report(3, None, 2021)])
    assert _pairs(claims) == {("001-c001", "002-c001"), ("002-c001", "003-c001"), ("000-c001", "001-c001")}


def test_reports_on_one_place_over_the_years_make_pairs_as_many_as_the_reports_not_their_square() -> None:
    years = _claims([_report(n, 2000 + n, 2001 + n) for n in range(40)])
    one_year = _claims([_report(n, 2020, 2021) for n in range(40)])
    other_region = _claims([_report(n, 2000 + n, 2001 + n, region="350100" if n % 2 else "350500") for n in range(40)])
    assert (len(_pairs(years)), len(_pairs(one_year)), len(_pairs(other_region))) == (39, 40 * 39 // 2, 38)


def test_the_table_pairs_claims_as_the_rule_says_and_relates_them_as_two_claims_are_related() -> None:
    import itertools
    import random

    from pipeline.render.corroboration import corroborate

    rng = random.Random(2260)
    qualifiers = list(QUALIFIERS.ranges)
    times = [(2022, None), (2021, None), (None, (2020, 2023)), (None, (2016, 2018)), (None, None)]
    dates = {0: (2022, "2022-03-01"), 1: (2021, None), 2: (2022, None), 3: (2022, "2022-01-09"), 4: (None, None)}
    rows = []
    for n in range(90):  # five documents (one of unknown date), two regions, values on bounds and off them
        year, period = rng.choice(times)
        rows.append({"claim_id": f"00{n % 5}-c{n:03d}", "source_file": f"00{n % 5}_0123456789abcdef.txt",
                     "metric": "m", "region_code": rng.choice(["350100", "350500"]), "city": "X",
                     "value": float(rng.choice([100, 90, 110, 95])), "qualifier": rng.choice(qualifiers),
                     "year": year, "period_start": period[0] if period else None,
                     "period_end": period[1] if period else None, "honor_id": None,
                     "reported_year": dates[n % 5][0], "reported_date": dates[n % 5][1]})
    claims = pd.DataFrame(rows).astype({"year": "Int64", "period_start": "Int64", "period_end": "Int64",
                                        "reported_year": "Int64"})
    table = corroborate(claims, pd.DataFrame({"honor_id": [], "award_key": []}), QUALIFIERS)
    by_id = {r["claim_id"]: r for r in rows}
    appeared = [1, 3, 0, 2, 4]  # the documents by year reported, then day (unknown last), then file

    def when(r: dict) -> tuple | None:
        return (r["year"], r["year"]) if r["year"] else (r["period_start"], r["period_end"]) if r["period_start"] \
            else None

    def paired(a: dict, b: dict) -> bool:
        if a["region_code"] != b["region_code"] or a["source_file"] == b["source_file"]:
            return False
        if when(a) is not None and when(a) == when(b):
            return True
        def rank(r: dict) -> int:
            return appeared.index(int(r["source_file"][:3]))

        group = sorted({rank(r) for r in rows if r["region_code"] == a["region_code"]})
        ra, rb = (group.index(rank(r)) for r in (a, b))
        return abs(ra - rb) == 1

    expected = [(a["claim_id"], b["claim_id"]) for a, b in itertools.combinations(
        sorted(rows, key=lambda r: (r["region_code"], r["source_file"], r["claim_id"])), 2) if paired(a, b)]
    assert list(zip(table["claim_id_a"], table["claim_id_b"], strict=True)) == expected
    assert 0 < len(expected) < len(list(itertools.combinations(rows, 2)))
    for row in table.itertuples():
        a, b = (pd.Series(by_id[i]) for i in (row.claim_id_a, row.claim_id_b))
        assert (row.time_relation, row.ranges_overlap, row.verdict) == relate(a, b, QUALIFIERS)
