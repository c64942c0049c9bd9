"""Every public function checks its arguments: a wrong one is one clear exception, never an error from inside.

A table of careless and hostile calls, each with the exception a notebook user should see and its exact
message; then the selectors' behaviour (years compared by bounds, honours, letter case, suggestions), with
expectations read from the published CSV files without the library.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

import pingan_data
from pingan_data import ArgumentTypeError, ArgumentValueError, PinganDataError, UnknownIdError
from tests.published import rows, table_names

YEARS = "a year such as 2022, a range such as range(2019, 2023), or a list of them"


@dataclass(frozen=True)
class Call:
    name: str
    call: Callable[[], object]
    error: type[Exception]
    message: str


CALLS = [
    Call("claim(None)", lambda: pingan_data.claim(None), TypeError,
         "claim() takes a claim id such as '000-c001', not None"),
    Call("claim of a list", lambda: pingan_data.claim(["000-c001"]), TypeError,
         "claim() takes a claim id such as '000-c001', not ['000-c001']; to look up several, call it once for each"),
    Call("honor(1)", lambda: pingan_data.honor(1), TypeError, "honor() takes an honour id such as '000-h001', not 1"),
    Call("cite(None)", lambda: pingan_data.cite(None), TypeError,
         "cite() takes one claim id (000-c001), honour id (000-h001), table name or 'dataset', not None"),
    Call("cite of a list", lambda: pingan_data.cite(["000-c001", "000-c002"]), TypeError,
         "cite() takes one claim id (000-c001), honour id (000-h001), table name or 'dataset', not "
         "['000-c001', '000-c002']; to cite several, cite each: [pingan_data.cite(i) for i in ids]"),
    Call("source(None)", lambda: pingan_data.source(None), TypeError,
         "source() takes a claim or honour id such as '000-c001' or '000-h001', not None"),
    Call("source with a context of text", lambda: pingan_data.source("000-c001", context="2"), TypeError,
         "source(context=...) is a whole number of lines, such as 2, not '2'"),
    Call("source with a negative context", lambda: pingan_data.source("000-c001", context=-1), ValueError,
         "source(context=...) is a number of lines, 0 or more, not -1"),
    Call("a claim's source with a context of text", lambda: pingan_data.claim("000-c001").source("2"), TypeError,
         "source(context=...) is a whole number of lines, such as 2, not '2'"),
    Call("path(None)", lambda: pingan_data.path(None), TypeError,
         "path() takes the name of a table or a published file, such as 'claims' or 'claims.csv', not None"),
    Call("path with verify as text", lambda: pingan_data.path("claims", verify="no"), TypeError,
         "path(verify=...) is True or False, not 'no'"),
    Call("load(None)", lambda: pingan_data.load(None), TypeError,
         "load() takes the name of a table, such as 'claims', not None"),
    Call("search(None)", lambda: pingan_data.search(None), TypeError,
         "search() takes text, such as '调解 成功率' or 'Chang'an Cup', not None"),
    Call("search for quotation marks only", lambda: pingan_data.search("“ ”"), ValueError,
         "search() needs at least one word to look for, not '“ ”'"),
    Call("claims(year=2022.0)", lambda: pingan_data.claims(year=2022.0), TypeError,
         f"year is {YEARS}, not 2022.0 (years are whole numbers)"),
    Call("claims(year=True)", lambda: pingan_data.claims(year=True), TypeError, f"year is {YEARS}, not True"),
    Call("claims(year=None in a list)", lambda: pingan_data.claims(year=[2022, None]), TypeError,
         f"year is {YEARS}, not None"),
    Call("claims(year='last year')", lambda: pingan_data.claims(year="last year"), ValueError,
         f"year is {YEARS}, not 'last year'"),
    Call("claims(year=reversed range)", lambda: pingan_data.claims(year=range(2023, 2019)), ValueError,
         "year=range(2023, 2019) is reversed: it starts after it ends, so it holds no year; for 2019 to 2023 write "
         "range(2019, 2024)"),
    Call("claims(year=empty range)", lambda: pingan_data.claims(year=range(2020, 2020)), ValueError,
         "year=range(2020, 2020) holds no year"),
    Call("honors(year=reversed range)", lambda: pingan_data.honors(year=range(2022, 2020)), ValueError,
         "year=range(2022, 2020) is reversed: it starts after it ends, so it holds no year; for 2020 to 2022 write "
         "range(2020, 2023)"),
    Call("claims(city=1)", lambda: pingan_data.claims(city=1), TypeError,
         "city is a city name such as 'Fuzhou' or '泉州' or a list of them, not 1"),
    Call("claims(metric=None in a list)", lambda: pingan_data.claims(metric=["patrol_force", None]), TypeError,
         "metric is a metric id or label, such as 'patrol_force' or '平安巡防力量人数' or a list of them, not "
         "['patrol_force', None]"),
    Call("claims(domain=b'bytes')", lambda: pingan_data.claims(domain=b"policing"), TypeError,
         "domain is a metric domain such as 'dispute_mediation' or a list of them, not b'policing'"),
    Call("a misspelt metric", lambda: pingan_data.claims(metric="patrol_forse"), UnknownIdError,
         "no metric has the id or label 'patrol_forse'; did you mean patrol_force? (pingan_data.metrics() lists "
         "every metric with its Chinese and English labels)"),
    Call("a misspelt city", lambda: pingan_data.claims(city="Quanzou"), UnknownIdError,
         "no city is called 'Quanzou'; did you mean Quanzhou? (the cities of the claims are "
         f"{', '.join(sorted({r['city'] for r in rows('claims') if r['city']}))})"),
    Call("a misspelt table", lambda: pingan_data.load("honours"), UnknownIdError,
         f"no published table is called 'honours'; did you mean honors? (the tables are: {', '.join(table_names())})"),
    Call("honors(city=1)", lambda: pingan_data.honors(city=1), TypeError,
         "city is a city name such as 'Fuzhou' or '泉州' or a list of them, not 1"),
    Call("honors(recipient=None is fine, recipient=3 is not)", lambda: pingan_data.honors(recipient=3), TypeError,
         "recipient is text, such as '公安局', not 3"),
    Call("honors(keyword='')", lambda: pingan_data.honors(keyword=" "), ValueError,
         "keyword needs at least one word to look for, not ' '"),
]


@pytest.mark.parametrize("case", CALLS, ids=[c.name for c in CALLS])
def test_a_careless_call_raises_one_clear_exception(case: Call) -> None:
    with pytest.raises(case.error) as caught:
        case.call()
    assert str(caught.value) == case.message
    assert isinstance(caught.value, PinganDataError)  # raised on purpose, not from inside


def test_argument_errors_are_the_built_in_exceptions_a_notebook_user_expects() -> None:
    assert issubclass(ArgumentTypeError, TypeError) and issubclass(ArgumentValueError, ValueError)
    assert issubclass(UnknownIdError, LookupError)


# --- years: bounds compared, never enumerated -------------------------------------------------------------


def _covers(row: dict[str, str], low: int, high: int) -> bool:
    if row["year"] and low <= int(row["year"]) <= high:
        return True
    return bool(row["period_start"]) and int(row["period_start"]) <= high and int(row["period_end"]) >= low


@pytest.mark.parametrize(("table", "key"), [("claims", "claim_id"), ("honors", "honor_id")])
@pytest.mark.parametrize(("low", "high"), [(2021, 2021), (2019, 2020), (2000, 2017), (2023, 2023)])
def test_a_year_range_selects_years_and_periods_that_overlap_it(table: str, key: str, low: int, high: int) -> None:
    select = pingan_data.claims if table == "claims" else pingan_data.honors
    expected = [r[key] for r in rows(table) if _covers(r, low, high)]
    assert list(select(year=range(low, high + 1))[key]) == expected
    assert list(select(year=list(range(low, high + 1)))[key]) == expected


def test_a_range_of_ten_to_the_eighteen_years_is_compared_by_its_bounds() -> None:
    # enumerating it would need exabytes: the selection must compare bounds
    assert list(pingan_data.claims(year=range(-10**18, 10**18))["claim_id"]) == [
        r["claim_id"] for r in rows("claims") if r["year"] or r["period_start"]]  # an undated claim matches no year
    assert len(pingan_data.honors(year=range(0, 10**18))) == sum(bool(r["year"] or r["period_start"])
                                                                 for r in rows("honors"))


def test_a_stepped_range_selects_only_its_years() -> None:
    wanted = {2016, 2019, 2022}
    expected = [r["claim_id"] for r in rows("claims") if any(_covers(r, y, y) for y in wanted)]
    assert list(pingan_data.claims(year=range(2016, 2024, 3))["claim_id"]) == expected
    assert list(pingan_data.claims(year=range(2022, 2015, -3))["claim_id"]) == expected


def test_years_and_ranges_combine_in_one_list() -> None:
    expected = [r["claim_id"] for r in rows("claims") if _covers(r, 2016, 2016) or _covers(r, 2020, 2021)]
    assert list(pingan_data.claims(year=[2016, range(2020, 2022)])["claim_id"]) == expected
    assert list(pingan_data.claims(year=["2016", 2020, 2021])["claim_id"]) == expected


# --- honours beside claims ---------------------------------------------------------------------------------


def test_honors_selects_by_city_and_year_in_either_language() -> None:
    expected = [r["honor_id"] for r in rows("honors") if r["city"] == "Quanzhou" and _covers(r, 2021, 2021)]
    assert expected, "the publication has Quanzhou honours of 2021"
    assert list(pingan_data.honors(city="泉州", year=2021)["honor_id"]) == expected
    assert list(pingan_data.honors(city="quanzhou", year=[2021])["honor_id"]) == expected
    assert list(pingan_data.honors().columns) == list(rows("honors")[0])


def test_honors_selects_by_recipient_and_keyword_in_either_script() -> None:
    police = [r["honor_id"] for r in rows("honors") if "公安局" in r["recipient"]]
    assert police and list(pingan_data.honors(recipient="公安局")["honor_id"]) == police
    cup = [r["honor_id"] for r in rows("honors") if "长安杯" in r["honor"]]
    assert cup and list(pingan_data.honors(keyword="長安杯")["honor_id"]) == cup


def test_search_finds_honours_by_the_english_label_of_the_metric_that_counts_them() -> None:
    cup_metric = next(m for m in rows("metrics") if "长安杯" in m["label_zh"])
    honours = {r["honor_id"] for r in rows("honors") if r["honor"] == "长安杯"}
    claims = {r["claim_id"] for r in rows("claims") if r["metric"] == cup_metric["metric_id"]}
    assert honours and claims
    assert set(pingan_data.search("Chang'an Cup")["id"]) == honours | claims


# --- names in any letter case, suggestions for typos ---------------------------------------------------------


@pytest.mark.parametrize("spelling", ["Claims", "CLAIMS", " claims "])
def test_table_names_are_case_insensitive_everywhere(spelling: str) -> None:
    assert len(pingan_data.load(spelling)) == len(rows("claims"))
    assert pingan_data.path(spelling).name == "claims.parquet"
    assert pingan_data.path(f"{spelling.strip()}.CSV").name == "claims.csv"
    assert pingan_data.cite(spelling).id == "claims"
