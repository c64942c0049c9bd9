"""China's divisions as the check reads them: where a region lies, and what a rank among its province's or its
city's divisions ranks it with, at every level and for the municipalities too."""

from __future__ import annotations

import csv

import pytest

from pipeline.check.regions import load_regions
from pipeline.core.paths import Paths
from pipeline.core.problems import Problems

PATHS = Paths()


@pytest.fixture(scope="module")
def regions():
    found = Problems()
    table = load_regions(PATHS.regions, "regions.csv", found)
    assert not list(found)
    return table


def _rows() -> dict[str, dict[str, str]]:
    with PATHS.regions.open(encoding="utf-8", newline="") as f:
        return {r["code"]: r for r in csv.DictReader(f)}


def test_a_county_ranks_among_its_city_and_its_province(regions) -> None:
    rows = _rows()
    county = next(c for c, r in rows.items() if r["level"] == "county" and rows[r["parent_code"]]["level"]
                  == "prefecture")  # the first county of a prefecture in the table, whatever it is
    city, province = rows[county]["parent_code"], rows[county]["province_code"]
    assert regions.holder(county, "prefecture").code == city
    assert regions.holder(county, "province").code == province
    assert regions.holder(city, "prefecture").code == city  # a city is not inside another city
    assert regions.holder(county, "nation") is None


def test_a_district_of_a_municipality_ranks_among_the_municipality(regions) -> None:
    rows = _rows()
    municipal = [c for c, r in rows.items() if r["level"] == "county" and rows[r["parent_code"]]["level"]
                 == "province"]  # districts whose parent is a province-level division
    assert municipal
    for district in municipal:
        parent = rows[district]["parent_code"]
        holder = regions.holder(district, "prefecture")
        if holder is not None:  # a municipality (北京, 上海 …): its districts rank among its own
            assert holder.code == parent
    assert any(regions.holder(d, "prefecture") is not None for d in municipal)
