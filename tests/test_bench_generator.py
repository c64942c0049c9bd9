"""The benchmark generator writes corpora that the real pipeline builds without a single problem."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from bench.generate import REPO as REPO_ROOT
from bench.generate import generate, plan
from pipeline.build import build
from pipeline.core.paths import Paths

pytestmark = pytest.mark.slow  # whole builds, servers or second interpreters: `make test` runs them


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("corpus")
    generate(root, claims=200, claims_per_document=40, seed=7)
    return root, build(Paths(root), root / "published")


def test_a_small_corpus_builds_cleanly(built: tuple[Path, Path]) -> None:
    root, published = built
    claims = pd.read_parquet(published / "claims.parquet")
    assert len(claims) == 200
    assert claims["claim_id"].is_unique
    names = sorted(p.name for p in (root / "datasets/sources").glob("*.txt"))
    assert len(names) == 5
    assert all(re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", name) for name in names)


def test_the_corpus_has_both_scripts_every_qualifier_and_year_basis(built: tuple[Path, Path]) -> None:
    _, published = built
    claims = pd.read_parquet(published / "claims.parquet")
    sources = pd.read_parquet(published / "sources.parquet")
    assert set(sources["script"]) == {"simplified", "traditional"}
    assert set(claims["qualifier"]) == {"exact", "more_than", "at_least", "nearly", "about"}
    assert set(claims["year_basis"]) == {"stated", "relative", "current", "period", "since", "unstated"}
    mentions = pd.read_parquet(published / "mentions.parquet")
    assert set(mentions["status"]) == {"claim", "honor", "excluded"}
    assert set(mentions["kind"]) == {"arabic", "chinese"}
    assert len(pd.read_parquet(published / "corroboration.parquet")) > 0


def test_the_same_seed_writes_the_same_corpus(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    generate(first, claims=30, claims_per_document=30, seed=3)
    generate(second, claims=30, claims_per_document=30, seed=3)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_a_corpus_has_no_limit_of_documents_or_claims_per_document() -> None:
    assert len(plan(1_000_000, 100)) == 10_000
    assert plan(2_500, 1_200) == [1_200, 1_200, 100]
    with pytest.raises(ValueError, match="at least one"):
        plan(0, 100)


def test_the_corpus_reports_on_places_of_the_regions_table_beyond_any_one_province(tmp_path: Path) -> None:
    import csv

    generate(tmp_path / "c", claims=400, claims_per_document=20, seed=2)
    text = (tmp_path / "c" / "datasets/sources/sources.yml").read_text(encoding="utf-8")
    codes = re.findall(r"^    region: \"?(\d{6})\"?$", text, re.M)
    with (REPO_ROOT / "datasets/reference/regions.csv").open(encoding="utf-8", newline="") as f:
        levels = {r["code"]: r["level"] for r in csv.DictReader(f)}
    assert len(codes) == 20 and all(levels[c] == "prefecture" for c in codes)
    assert len({c[:2] for c in codes}) > 2  # more than two provinces


def test_shared_metrics_grow_slower_than_the_claims_and_the_worst_case_has_one_per_claim(tmp_path: Path) -> None:
    shared = generate(tmp_path / "shared", claims=600, claims_per_document=20, seed=4)
    worst = generate(tmp_path / "worst", claims=600, claims_per_document=20, seed=4, metrics="per_claim")
    assert shared.metrics < 0.6 * worst.metrics
    assert worst.metrics >= 600 - 30 * 3  # the pairs' three shared claims aside, a metric per claim
    with pytest.raises(ValueError, match="metrics is one of"):
        generate(tmp_path / "bad", claims=10, metrics="one")


def test_a_document_gives_a_figure_of_a_metric_once_for_each_region_as_a_real_report_does(tmp_path: Path) -> None:
    import yaml

    # 300 claims in a document are more than its place has (kind of claim, region) pairs, so some must take a
    # metric of their own rather than repeat one
    generate(tmp_path, claims=600, claims_per_document=300, seed=5)
    given = []
    for path in sorted((tmp_path / "datasets/curated/documents").glob("*.yml")):
        claims = yaml.safe_load(path.read_text(encoding="utf-8"))["claims"]
        assert len(claims) == 300
        given.append([(c["metric"], c.get("area")) for c in claims])
    for pairs in given:
        assert len(set(pairs)) == len(pairs)
    # the second document shares most of its metrics with the first (the corpus's metrics are shared)
    assert len({m for m, _ in given[0]} & {m for m, _ in given[1]}) >= 3
    defined = yaml.safe_load((tmp_path / "datasets/curated/metrics.yml").read_text(encoding="utf-8"))["metrics"]
    ids = {m["id"] for m in defined}
    assert {m for pairs in given for m, _ in pairs} <= ids


def test_a_figure_of_a_county_is_about_that_county_and_one_of_the_city_about_the_city(built: tuple[Path, Path]) -> None:
    _, published = built
    claims = pd.read_parquet(published / "claims.parquet")
    regions = pd.read_parquet(published / "regions.parquet").set_index("code")
    of_area, of_place = claims[claims["area"].notna()], claims[claims["area"].isna()]
    assert len(of_area) > 0 and len(of_place) > 0
    assert (regions.loc[of_area["region_code"], "name_zh"].to_numpy() == of_area["area"].to_numpy()).all()
    assert set(of_place["region_level"]) == {"prefecture"}
