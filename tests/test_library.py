"""The library loads the published tables, selects claims, gives paths, and refuses damaged files."""

from __future__ import annotations

import inspect
import math
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import opencc
import pandas as pd
import pytest

import pingan_data
from pingan_data import DataIntegrityError, UnknownIdError
from tests.published import (
    PUBLISHED,
    REPO,
    by_id,
    copy_package,
    descriptor,
    fields,
    header,
    rows,
    sha256,
    table_names,
)

TABLES = table_names()
S2T = opencc.OpenCC("s2t").convert


@pytest.fixture
def package_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the package that the library reads instead of the published one."""
    copy = copy_package(tmp_path / "published")
    monkeypatch.setenv("PINGAN_DATA_DIR", str(copy))
    return copy


# --- importing ------------------------------------------------------------------------------------------------


def test_importing_the_library_loads_neither_pandas_nor_pyarrow_nor_any_data() -> None:
    code = ("import sys, pingan_data; "
            "print(sorted(m for m in ('pandas', 'pyarrow', 'numpy', 'opencc') if m in sys.modules))")
    # a data folder that does not exist: importing must not look at it
    env = {**os.environ, "PYTHONPATH": str(REPO), "PINGAN_DATA_DIR": "/nonexistent/pingan"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.strip() == "[]"


def test_the_public_names_exist() -> None:
    for name in ("tables", "load", "claims", "honors", "metrics", "cite", "source", "search", "path",
                 "datapackage_path"):
        assert callable(getattr(pingan_data, name)), name
    assert issubclass(pingan_data.DataIntegrityError, Exception)
    assert issubclass(pingan_data.UnknownIdError, LookupError)
    assert all(hasattr(pingan_data, name) for name in pingan_data.__all__)
    with pytest.raises(AttributeError):
        pingan_data.no_such_thing  # noqa: B018


@pytest.mark.parametrize(("name", "parameters"), [
    ("tables", []), ("load", ["name"]), ("claims", ["metric", "city", "year", "domain"]),
    ("honors", ["city", "year", "recipient", "keyword"]), ("metrics", []),
    ("cite", ["id"]), ("source", ["claim_id"]), ("search", ["text"]), ("path", ["name"]), ("datapackage_path", []),
])
def test_the_public_functions_take_the_arguments_other_code_relies_on(name: str, parameters: list[str]) -> None:
    signature = inspect.signature(getattr(pingan_data, name))
    required = [p.name for p in signature.parameters.values() if p.default is p.empty]
    assert list(signature.parameters)[:len(parameters)] == parameters
    assert set(required) <= set(parameters)
    if name in ("claims", "honors"):
        assert all(p.default is None for p in signature.parameters.values() if p.name != "periods")
        assert signature.parameters["periods"].default is True


def test_the_version_is_declared_once_and_is_the_package_version() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in project["project"]["dynamic"]
    hatch = project["tool"]["hatch"]["version"]
    assert hatch["path"] == "datasets/curated/package.yml"
    declared = re.search(hatch["pattern"], (REPO / hatch["path"]).read_text(encoding="utf-8")).group("version")
    assert pingan_data.__version__ == declared == descriptor()["version"]


def test_in_a_checkout_the_data_folder_is_datasets_published(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PINGAN_DATA_DIR", raising=False)
    assert pingan_data.data_dir() == PUBLISHED.resolve()
    assert pingan_data.datapackage_path() == PUBLISHED.resolve() / "datapackage.json"


# --- tables and loading --------------------------------------------------------------------------------------


def test_tables_lists_every_table_with_its_one_line_description() -> None:
    listed = pingan_data.tables()
    expected = {r["name"]: r["description"] for r in descriptor()["resources"] if r.get("type") == "table"}
    assert list(listed) == list(expected)
    assert listed == expected
    assert all(d and "\n" not in d for d in listed.values())


def _cell(value: object) -> str:
    """A loaded cell written as the CSV writes it."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.15g}"
    return str(value)


@pytest.mark.parametrize("table", TABLES)
def test_load_gives_the_rows_columns_and_values_of_the_published_csv(table: str) -> None:
    frame = pingan_data.load(table)
    assert list(frame.columns) == header(table)
    expected = rows(table)
    assert len(frame) == len(expected)
    for got, want in zip(frame.to_dict("records"), expected, strict=True):
        assert {k: _cell(v) for k, v in got.items()} == want


@pytest.mark.parametrize("table", TABLES)
def test_load_types_integers_as_nullable_and_vocabularies_as_categories(table: str) -> None:
    frame = pingan_data.load(table)
    for field in fields(table):
        dtype = frame[field["name"]].dtype
        enum = field.get("constraints", {}).get("enum")
        if enum:
            assert isinstance(dtype, pd.CategoricalDtype), field["name"]
            assert list(dtype.categories) == enum
        elif field["type"] == "integer":
            assert dtype == pd.Int64Dtype(), field["name"]
        elif field["type"] == "number":
            assert dtype == "float64", field["name"]


def test_claims_have_categorical_city_metric_unit_qualifier_and_nullable_year_and_line() -> None:
    frame = pingan_data.load("claims")
    for name in ("city", "metric", "unit", "qualifier"):
        assert isinstance(frame[name].dtype, pd.CategoricalDtype), name
    assert set(frame["metric"].cat.categories) == {r["metric"] for r in rows("claims")}
    for name in ("year", "line"):
        assert frame[name].dtype == pd.Int64Dtype(), name
    periods = [r["claim_id"] for r in rows("claims") if r["year"] == ""]
    assert periods, "the publication has claims over a period, whose year is empty"
    assert frame.set_index("claim_id").loc[periods, "year"].isna().all()


def test_each_load_is_a_fresh_copy() -> None:
    first = pingan_data.load("claims")
    first.loc[0, "quote"] = "changed"
    assert pingan_data.load("claims").loc[0, "quote"] == rows("claims")[0]["quote"]


def test_loading_an_unknown_table_names_the_tables() -> None:
    with pytest.raises(UnknownIdError) as caught:
        pingan_data.load("claim")
    assert "claims" in str(caught.value) and "honors" in str(caught.value)


def test_every_column_of_every_table_is_described_by_columns() -> None:
    assert "pingan_data.columns" in (pingan_data.load.__doc__ or "")
    for table in TABLES:
        described = pingan_data.columns(table)
        assert list(described["name"]) == [f["name"] for f in fields(table)], table
        assert all(text.strip() for text in described["description"]), table
        assert list(described["title"].fillna("")) == [f.get("title", "") for f in fields(table)], table


# --- selecting claims ----------------------------------------------------------------------------------------


def _ids(frame: pd.DataFrame) -> list[str]:
    return list(frame["claim_id"])


def _metric_with_most_claims() -> dict[str, str]:
    counts: dict[str, int] = {}
    for r in rows("claims"):
        counts[r["metric"]] = counts.get(r["metric"], 0) + 1
    best = max(counts, key=lambda m: (counts[m], m))
    return by_id("metrics", "metric_id")[best]


@pytest.mark.parametrize("spelling", ["id", "label_zh", "traditional", "label_en", "english_upper", "list"])
def test_claims_selects_a_metric_by_id_or_label_in_either_script_and_language(spelling: str) -> None:
    metric = _metric_with_most_claims()
    assert S2T(metric["label_zh"]) != metric["label_zh"], "pick a label that differs between scripts"
    asked = {"id": metric["metric_id"], "label_zh": metric["label_zh"], "traditional": S2T(metric["label_zh"]),
             "label_en": metric["label_en"], "english_upper": metric["label_en"].upper(),
             "list": [metric["metric_id"]]}[spelling]
    expected = [r["claim_id"] for r in rows("claims") if r["metric"] == metric["metric_id"]]
    assert _ids(pingan_data.claims(metric=asked)) == expected


@pytest.mark.parametrize(("asked", "city"), [("Fuzhou", "Fuzhou"), ("福州", "Fuzhou"), ("泉州市", "Quanzhou"),
                                             ("quanzhou", "Quanzhou")])
def test_claims_selects_a_city_by_its_english_or_chinese_name(asked: str, city: str) -> None:
    assert _ids(pingan_data.claims(city=asked)) == [r["claim_id"] for r in rows("claims") if r["city"] == city]


def _covers(row: dict[str, str], years: list[int]) -> bool:
    if row["year"]:
        return int(row["year"]) in years
    if not row["period_start"]:
        return False  # the text gives no time: no year selects the figure
    return any(int(row["period_start"]) <= y <= int(row["period_end"]) for y in years)


@pytest.mark.parametrize("year", [2016, 2019, 2021, 2022, [2020, 2023], range(2011, 2014)])
def test_claims_selects_a_year_including_periods_that_cover_it(year: int | list[int] | range) -> None:
    years = [year] if isinstance(year, int) else list(year)
    expected = [r["claim_id"] for r in rows("claims") if _covers(r, years)]
    assert _ids(pingan_data.claims(year=year)) == expected


def test_a_claim_whose_text_gives_no_time_matches_no_year_but_its_reporting_year() -> None:
    undated = [r["claim_id"] for r in rows("claims") if r["year_basis"] == "unstated"]
    assert undated, "the publication has undated claims"
    assert not set(undated) & set(_ids(pingan_data.claims(year=range(1949, 2101))))
    reported = {r["claim_id"]: int(r["reported_year"]) for r in rows("claims")}
    for year in sorted(set(reported.values())):
        expected = [c for c in undated if reported[c] == year]
        assert _ids(pingan_data.claims(reported_year=year, year_basis="unstated")) == expected


@pytest.mark.parametrize("basis", [["stated"], ["stated", "relative"], ["current"], ["since", "period"]])
def test_claims_can_be_taken_by_how_their_year_was_decided(basis: list[str]) -> None:
    expected = [r["claim_id"] for r in rows("claims") if r["year_basis"] in basis]
    assert expected
    assert _ids(pingan_data.claims(year_basis=basis if len(basis) > 1 else basis[0])) == expected


def test_periods_can_be_left_out_of_a_year() -> None:
    with_periods = _ids(pingan_data.claims(year=2021))
    without = _ids(pingan_data.claims(year=2021, periods=False))
    single = {r["claim_id"] for r in rows("claims") if r["year"] == "2021"}
    assert set(without) == single
    assert set(with_periods) - set(without) == {
        r["claim_id"] for r in rows("claims") if not r["year"] and r["period_start"]
        and int(r["period_start"]) <= 2021 <= int(r["period_end"])}


def test_only_years_the_text_writes_out_are_taken_with_the_stated_basis() -> None:
    got = pingan_data.claims(year=2021, year_basis="stated")
    assert list(got["year_basis"].unique()) == ["stated"]
    assert all(str(year) in evidence for year, evidence in zip(got["year"], got["year_evidence"], strict=True))


def test_an_unknown_year_basis_is_named() -> None:
    with pytest.raises(UnknownIdError, match="as_of_publication"):
        pingan_data.claims(year_basis="as_of_publication")


def test_honours_are_selected_by_award_year_and_the_periods_they_cover() -> None:
    expected = [r["honor_id"] for r in rows("honors") if _covers(r, [2021])]
    assert [h for h in pingan_data.honors(year=2021)["honor_id"]] == expected
    held = [r["honor_id"] for r in rows("honors") if r["year_basis"] == "unstated"]
    assert held and not set(held) & set(pingan_data.honors(year=range(1949, 2101))["honor_id"])


def test_claims_selects_a_domain_through_the_metric_catalogue() -> None:
    domain_of = {m["metric_id"]: m["domain"] for m in rows("metrics")}
    for domain in sorted(set(domain_of.values())):
        expected = [r["claim_id"] for r in rows("claims") if domain_of[r["metric"]] == domain]
        assert _ids(pingan_data.claims(domain=domain)) == expected, domain
        assert _ids(pingan_data.claims(domain=domain.replace("_", " "))) == expected, domain


def test_claims_combines_filters_in_one_call() -> None:
    domain_of = {m["metric_id"]: m["domain"] for m in rows("metrics")}
    expected = [r["claim_id"] for r in rows("claims")
                if r["city"] == "Fuzhou" and _covers(r, [2022]) and domain_of[r["metric"]] == "dispute_mediation"]
    assert expected, "the publication has Fuzhou mediation figures for 2022"
    got = pingan_data.claims(city="福州", year=2022, domain="dispute_mediation")
    assert _ids(got) == expected
    assert list(got.columns) == header("claims")


def test_claims_without_filters_are_all_the_claims() -> None:
    assert _ids(pingan_data.claims()) == [r["claim_id"] for r in rows("claims")]


@pytest.mark.parametrize("filters", [{"metric": "no such metric"}, {"city": "Atlantis"}, {"domain": "weather"},
                                     {"region": "Atlantis"}])
def test_claims_refuses_an_unknown_metric_city_or_domain(filters: dict[str, str]) -> None:
    with pytest.raises(UnknownIdError) as caught:
        pingan_data.claims(**filters)
    assert next(iter(filters.values())) in str(caught.value)


def test_a_year_without_claims_gives_no_rows() -> None:
    assert pingan_data.claims(year=1990).empty


# --- the metric catalogue -------------------------------------------------------------------------------------


def test_metrics_is_the_catalogue_with_chinese_and_english_labels_and_units() -> None:
    frame = pingan_data.metrics()
    expected = rows("metrics")
    assert list(frame["metric_id"]) == [m["metric_id"] for m in expected]
    assert list(frame["label_zh"]) == [m["label_zh"] for m in expected]
    assert list(frame["label_en"]) == [m["label_en"] for m in expected]
    assert list(frame["unit"].astype(str)) == [m["unit"] for m in expected]


# --- one claim ------------------------------------------------------------------------------------------------

SIGNS = {"exact": "", "more_than": "> ", "at_least": "≥ ", "nearly": "nearly ", "about": "about "}


def test_a_claim_reads_as_value_with_qualifier_and_unit() -> None:
    assert str(pingan_data.claim("000-c001")) == "> 30,000 persons"  # the example of the specification
    assert "> 30,000 persons" in repr(pingan_data.claim("000-c001"))


@pytest.mark.parametrize("qualifier", list(SIGNS))
def test_every_qualifier_reads_before_the_number(qualifier: str) -> None:
    found = [r for r in rows("claims") if r["qualifier"] == qualifier and r["unit"] == "persons"
             and float(r["value"]) != 1] or [r for r in rows("claims") if r["qualifier"] == qualifier]
    if not found:
        pytest.skip(f"no claim is qualified {qualifier}")
    row = found[0]
    value = float(row["value"])
    number = f"{int(value):,}" if value.is_integer() else row["value"]
    unit = {"percent": "%", "persons": " persons"}.get(row["unit"])
    text = str(pingan_data.claim(row["claim_id"]))
    assert text.startswith(SIGNS[qualifier] + number)
    if unit:
        assert text == f"{SIGNS[qualifier]}{number}{unit}"


def test_an_unknown_claim_id_raises_unknown_id_error() -> None:
    with pytest.raises(UnknownIdError, match="999-c999"):
        pingan_data.claim("999-c999")


def test_a_claim_carries_its_metric_labels() -> None:
    row = rows("claims")[-1]
    claim = pingan_data.claim(row["claim_id"])
    metric = by_id("metrics", "metric_id")[row["metric"]]
    assert (claim.label_zh, claim.label_en, claim.quote, claim.line) == (
        metric["label_zh"], metric["label_en"], row["quote"], int(row["line"]))


# --- paths ---------------------------------------------------------------------------------------------------


def test_path_gives_every_published_file_and_its_bytes_are_the_published_ones() -> None:
    for resource in descriptor()["resources"]:
        path = pingan_data.path(resource["path"])
        assert path.is_absolute() and path == (PUBLISHED / resource["path"]).resolve()
        assert f"sha256:{sha256(path)}" == resource["hash"]


@pytest.mark.parametrize("table", TABLES)
def test_path_of_a_table_is_its_parquet_file(table: str) -> None:
    assert pingan_data.path(table).name == f"{table}.parquet"
    assert pingan_data.path(f"{table}.csv").name == f"{table}.csv"


def test_path_finds_a_raw_source_by_its_file_name() -> None:
    source = rows("sources")[0]
    assert pingan_data.path(source["source_file"]) == (PUBLISHED / source["path"]).resolve()


def test_datapackage_path_is_the_descriptor() -> None:
    assert pingan_data.datapackage_path().read_text(encoding="utf-8") == \
        (PUBLISHED / "datapackage.json").read_text(encoding="utf-8")
    assert pingan_data.path("datapackage.json") == pingan_data.datapackage_path()


def test_files_lists_the_descriptor_and_every_resource() -> None:
    assert set(pingan_data.files()) == {"datapackage.json", *(r["path"] for r in descriptor()["resources"])}


def test_path_of_an_unknown_file_raises_unknown_id_error_with_a_suggestion() -> None:
    with pytest.raises(UnknownIdError) as caught:
        pingan_data.path("claim.csv")
    assert "claims.csv" in str(caught.value)


# --- integrity -----------------------------------------------------------------------------------------------


def _flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-10])


def _replace_with_another_table(path: Path) -> None:
    other = "metrics" if path.stem != "metrics" else "claims"
    path.write_bytes(path.with_name(f"{other}{path.suffix}").read_bytes())


def _delete(path: Path) -> None:
    path.unlink()


DAMAGE = {"flipped byte": _flip_a_byte, "truncated": _truncate, "replaced": _replace_with_another_table,
          "deleted": _delete}


@pytest.mark.parametrize("damage", list(DAMAGE))
@pytest.mark.parametrize("table", ["claims", "sources"])
def test_loading_a_damaged_or_replaced_file_raises_data_integrity_error_naming_it(
        package_copy: Path, table: str, damage: str) -> None:
    pingan_data.load(table)  # a load before the damage must not hide it
    DAMAGE[damage](package_copy / f"{table}.parquet")
    with pytest.raises(DataIntegrityError) as caught:
        pingan_data.load(table)
    assert f"{table}.parquet" in str(caught.value)
    assert ("missing" if damage == "deleted" else "damaged or was replaced") in str(caught.value)


def test_path_refuses_a_damaged_csv_but_gives_it_when_not_verifying(package_copy: Path) -> None:
    _flip_a_byte(package_copy / "claims.csv")
    with pytest.raises(DataIntegrityError, match="claims.csv"):
        pingan_data.path("claims.csv")
    assert pingan_data.path("claims.csv", verify=False) == package_copy.resolve() / "claims.csv"


def test_an_undamaged_copy_loads_like_the_publication(package_copy: Path) -> None:
    assert pingan_data.data_dir() == package_copy.resolve()
    assert len(pingan_data.load("claims")) == len(rows("claims"))


def test_a_damaged_datapackage_json_is_reported(package_copy: Path) -> None:
    (package_copy / "datapackage.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(DataIntegrityError, match="datapackage.json"):
        pingan_data.tables()


def test_a_data_folder_without_datapackage_json_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PINGAN_DATA_DIR", str(tmp_path))
    with pytest.raises(DataIntegrityError, match="datapackage.json"):
        pingan_data.load("claims")


def test_a_claim_and_an_honour_show_value_quote_and_source_in_a_notebook() -> None:
    claim, honour = by_id("claims", "claim_id")["000-c001"], rows("honors")[0]
    markdown = pingan_data.claim("000-c001")._repr_markdown_()
    assert markdown.startswith(r"**\> 30,000 persons**")  # Markdown-escaped, so not read as a quotation
    assert f"> {claim['quote']}" in markdown and claim["source_file"] in markdown
    markdown = pingan_data.honor(honour["honor_id"])._repr_markdown_()
    assert markdown.startswith(f"**{honour['honor']}**") and honour["recipient"] in markdown
    assert honour["honor"] in str(pingan_data.honor(honour["honor_id"]))
