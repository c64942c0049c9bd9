"""Claims on the same metric and city from different documents are compared."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.corroborate import relate
from tests.conftest import PUBLISHED


def claim(value: float, qualifier: str = "exact", year: int | None = 2022,
          period: tuple[int, int] | None = None) -> pd.Series:
    start, end = period or (None, None)
    return pd.Series({"value": value, "qualifier": qualifier, "year": year if period is None else pd.NA,
                      "period_start": start, "period_end": end})


@pytest.mark.parametrize(("a", "b", "expected"), [
    (claim(99.9), claim(99.9), ("same_year", "agree")),
    (claim(30000, "more_than"), claim(30000, "nearly", 2023), ("different_years", "differ_in_qualifier")),
    (claim(99.9), claim(99.9, period=(2020, 2023)), ("overlapping", "agree")),
    (claim(80), claim(111), ("same_year", "conflict")),
    (claim(80, period=(2018, 2020)), claim(111, period=(2020, 2023)), ("overlapping", "conflict")),
    (claim(80, year=2016), claim(111, year=2022), ("different_years", "changed_over_time")),
])
def test_two_claims_are_related_in_time_and_judged(a: pd.Series, b: pd.Series, expected: tuple[str, str]) -> None:
    assert relate(a, b) == expected


def test_the_published_table_compares_the_two_fuzhou_patrol_forces_and_mediation_rates() -> None:
    table = pd.read_csv(PUBLISHED / "corroboration.csv").set_index("metric")
    claims = pd.read_csv(PUBLISHED / "claims.csv")
    fuzhou = claims[claims["city"] == "Fuzhou"]
    for metric in ("patrol_force", "mediation_success_rate"):
        assert fuzhou.loc[fuzhou["metric"] == metric, "source_file"].nunique() == 2
    assert table.loc["patrol_force", "verdict"] == "differ_in_qualifier"
    assert {table.loc["patrol_force", "qualifier_a"], table.loc["patrol_force", "qualifier_b"]} == {
        "more_than", "nearly"}
    assert table.loc["mediation_success_rate", "verdict"] == "agree"


def test_every_metric_reported_by_two_documents_for_one_city_is_compared() -> None:
    claims = pd.read_csv(PUBLISHED / "claims.csv")
    table = pd.read_csv(PUBLISHED / "corroboration.csv")
    shared = claims.groupby(["metric", "city"])["source_file"].nunique()
    assert set(shared[shared > 1].index) == set(zip(table["metric"], table["city"], strict=True))
