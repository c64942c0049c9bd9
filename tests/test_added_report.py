"""A report of another province and level, added to a copy of the repository, is drafted, reviewed, built and read
through the library, the command line, the site and every published format.

The report (tests/added_report/report.txt, a county of another province, written for the tests) and its hand
curation are the only expectations: every value below is read from the curation or from the regions table, never
from the code under test.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from tests.added_report import HERE, SOURCE, grow, run

pytestmark = pytest.mark.slow  # a whole copy of the repository, built, and second interpreters

STEM = Path(SOURCE).stem
CURATION = yaml.safe_load((HERE / "document.yml").read_text(encoding="utf-8"))
META = yaml.safe_load((HERE / "source.yml").read_text(encoding="utf-8"))[0]
CLAIMS = {c["id"]: c for c in CURATION["claims"]}
HONORS = {h["id"]: h for h in CURATION["honors"]}


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("grown")
    runs = grow(root)
    return {"root": root, "published": root / "datasets" / "published", **runs}


@pytest.fixture(scope="module")
def regions(grown: dict[str, Any]) -> dict[str, dict[str, str]]:
    with (grown["root"] / "datasets" / "reference" / "regions.csv").open(encoding="utf-8", newline="") as f:
        return {r["code"]: r for r in csv.DictReader(f)}


def _levels(code: str, regions: dict[str, dict[str, str]]) -> dict[str, str]:
    """The region and each division above it, by level."""
    chain = {}
    while code:
        chain[regions[code]["level"]] = code
        code = regions[code]["parent_code"]
    return chain


def _python(grown: dict[str, Any], code: str) -> Any:
    result = run(grown["root"], "-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _cli(grown: dict[str, Any], *args: str) -> str:
    result = run(grown["root"], "-m", "pingan_data", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_report_is_drafted_with_its_region_then_built_once_reviewed(grown: dict[str, Any]) -> None:
    assert grown["draft"].returncode == 0, grown["draft"].stderr
    assert "review: proposed" not in (grown["root"] / "datasets" / "sources" / "sources.yml").read_text("utf-8")
    assert grown["draft_meta"]["region"] == META["region"]  # the draft found the county the report is about
    assert "Traceback" not in grown["draft"].stderr + grown["build"].stderr
    assert grown["build"].returncode == 0, grown["build"].stdout + grown["build"].stderr


def test_every_curated_record_is_published_with_its_values_region_and_times(
        grown: dict[str, Any], regions: dict[str, dict[str, str]]) -> None:
    claims = pd.read_parquet(grown["published"] / "claims.parquet")
    mine = claims[claims["source_file"] == SOURCE].set_index("claim_id")
    assert set(mine.index) == set(CLAIMS)
    levels = _levels(META["region"], regions)
    for claim_id, curated in CLAIMS.items():
        row = mine.loc[claim_id]
        for field in ("metric", "value", "unit", "qualifier", "year_basis", "line", "quote"):
            assert row[field] == curated[field], (claim_id, field)
        for field in ("year", "month_start", "month_end", "compared_with", "comparison_set", "direction"):
            assert (None if pd.isna(row[field]) else row[field]) == curated.get(field), (claim_id, field)
        assert row["region_code"] == META["region"] and row["region_level"] == regions[META["region"]]["level"]
        assert row["city"] == regions[levels["prefecture"]]["name_en"]
        if curated.get("comparison_set") == "prefecture":
            assert row["comparison_region"] == levels["prefecture"]
        assert row["reported_date"] == META["published_date"]
    honors = pd.read_parquet(grown["published"] / "honors.parquet")
    assert set(honors.loc[honors["source_file"] == SOURCE, "honor_id"]) == set(HONORS)


def test_the_library_selects_the_report_by_its_region_at_every_level(
        grown: dict[str, Any], regions: dict[str, dict[str, str]]) -> None:
    levels = _levels(META["region"], regions)
    names = {level: regions[code]["name_zh"] for level, code in levels.items()}
    found = _python(grown, f"""
import json, pingan_data
names = {names!r}
print(json.dumps({{
    "file": pingan_data.__file__,
    "claims": {{level: sorted(pingan_data.claims(region=name)["claim_id"]) for level, name in names.items()}},
    "english": sorted(pingan_data.claims(region={regions[levels["province"]]["name_en"]!r})["claim_id"]),
    "honors": sorted(pingan_data.honors(region={levels["province"]!r})["honor_id"]),
    "cite": str(pingan_data.cite("005-c003")),
    "value": pingan_data.claim("005-c003").value,
}}))""")
    assert Path(found["file"]).is_relative_to(grown["root"])  # the copy's library, reading the copy's data
    ours = sorted(CLAIMS)
    assert found["claims"]["county"] == ours
    # the province and the prefecture hold the report's claims, and no claim of a region outside them
    for level in ("prefecture", "province"):
        assert set(ours) <= set(found["claims"][level])
    assert found["english"] == found["claims"]["province"]
    assert found["honors"] == sorted(HONORS)
    assert SOURCE in found["cite"] and f"line {CLAIMS['005-c003']['line']}" in found["cite"]
    assert found["value"] == CLAIMS["005-c003"]["value"]


def test_the_command_line_shows_searches_cites_and_exports_the_report(grown: dict[str, Any]) -> None:
    curated = CLAIMS["005-c001"]
    assert curated["quote"] in _cli(grown, "show", "005-c001")
    assert SOURCE in _cli(grown, "cite", "005-c001")
    found = _cli(grown, "search", *CURATION["honors"][0]["honor"].split())
    assert CURATION["honors"][0]["id"] in found
    exported = list(csv.DictReader(_cli(grown, "export", "claims").splitlines()))
    assert {r["claim_id"] for r in exported if r["source_file"] == SOURCE} == set(CLAIMS)


def test_the_site_has_a_page_for_the_report_with_every_quote(grown: dict[str, Any]) -> None:
    result = run(grown["root"], "-m", "web", "build", "--package", "datasets/published", "--out", "site")
    assert result.returncode == 0, result.stderr
    page = (grown["root"] / "site" / "sources" / f"{STEM}.html").read_text(encoding="utf-8")
    for record in (*CLAIMS.values(), *HONORS.values()):
        assert record["id"] in page


def test_every_published_format_holds_the_report(grown: dict[str, Any]) -> None:
    published = grown["published"]
    with (published / "claims.csv").open(encoding="utf-8", newline="") as f:
        assert {r["claim_id"] for r in csv.DictReader(f) if r["source_file"] == SOURCE} == set(CLAIMS)
    with sqlite3.connect(published / "pingan_data.sqlite") as db:
        in_db = {r[0] for r in db.execute("select claim_id from claims where source_file = ?", (SOURCE,))}
    assert in_db == set(CLAIMS)
    collection = json.loads((published / "annotations.jsonld").read_text(encoding="utf-8"))
    targets = {item["id"].rpartition("#")[2]: item["target"]["source"]["id"] for item in collection["first"]["items"]}
    for record_id in (*CLAIMS, *HONORS):
        assert targets.get(record_id) == f"sources/{SOURCE}", record_id
    descriptor = json.loads((published / "datapackage.json").read_text(encoding="utf-8"))
    assert f"sources/{SOURCE}" in {r["path"] for r in descriptor["resources"]}
    croissant = (published / "croissant.json").read_text(encoding="utf-8")
    assert SOURCE in croissant
    assert (published / "sources" / SOURCE).read_bytes() == (HERE / "report.txt").read_bytes()
    changelog = (published / "CHANGELOG.md").read_text(encoding="utf-8")
    assert SOURCE in changelog or "005-c001" in changelog


def test_the_grown_repository_passes_its_own_check(grown: dict[str, Any]) -> None:
    result = run(grown["root"], "-m", "pipeline", "check")
    assert result.returncode == 0, result.stdout + result.stderr
