"""The build publishes a complete, valid, reproducible data package."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline.__main__ import differences
from pipeline.build import build
from pipeline.core.paths import Paths
from pipeline.publish.package import MARKER, read_parquet
from schemas import TABLES
from tests.conftest import PUBLISHED, SOURCES, raw_lines

pytestmark = pytest.mark.slow  # whole builds, servers or second interpreters: `make test` runs them


def test_the_committed_publication_equals_a_fresh_rebuild(tmp_path: Path) -> None:
    rebuilt = build(Paths(), tmp_path / "published")
    assert differences(PUBLISHED, rebuilt) == []


def test_two_clean_builds_give_identical_bytes(repo_copy: Paths, tmp_path: Path) -> None:
    first = build(repo_copy, tmp_path / "first")
    second = build(repo_copy, tmp_path / "second")
    assert sorted(p.name for p in first.iterdir()) == sorted(p.name for p in second.iterdir())
    assert differences(first, second) == []


def test_every_build_stage_is_timed(tmp_path: Path) -> None:
    timings: dict[str, float] = {}
    build(Paths(), tmp_path / "published", timings)
    assert list(timings) == ["inputs", "context", "documents", "corpus", "tables", "validate", "publish"]


@pytest.mark.parametrize("name", list(TABLES))
def test_each_parquet_file_reads_back_and_passes_its_model(name: str) -> None:
    frame = read_parquet(PUBLISHED / f"{name}.parquet")
    TABLES[name].model.validate(frame, lazy=True)
    assert len(frame) > 0


@pytest.mark.parametrize("name", list(TABLES))
def test_csv_and_parquet_hold_the_same_rows(name: str) -> None:
    parquet = read_parquet(PUBLISHED / f"{name}.parquet")
    csv = pd.read_csv(PUBLISHED / f"{name}.csv", dtype=str, keep_default_na=False)
    assert list(csv.columns) == list(parquet.columns)
    assert len(csv) == len(parquet)
    for column in parquet.columns:
        as_text = parquet[column].map(lambda v: "" if pd.isna(v) else format(v, ".15g") if isinstance(v, float)
                                      else str(v))
        assert csv[column].tolist() == as_text.tolist(), column


def test_every_file_in_the_package_matches_its_hash_and_size() -> None:
    package = json.loads((PUBLISHED / "datapackage.json").read_text(encoding="utf-8"))
    listed = set()
    for resource in package["resources"]:
        data = (PUBLISHED / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), resource["path"]
        assert resource["bytes"] == len(data)
        listed.add(resource["path"])
    on_disk = {p.relative_to(PUBLISHED).as_posix() for p in PUBLISHED.rglob("*") if p.is_file()}
    assert on_disk - listed == {"datapackage.json", MARKER}


def test_the_package_is_valid_for_frictionless() -> None:
    from frictionless import Package

    report = Package(PUBLISHED / "datapackage.json").validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_the_raw_sources_in_the_package_are_the_raw_sources_byte_for_byte() -> None:
    for path in (PUBLISHED / "sources").iterdir():
        assert path.read_bytes() == (SOURCES / path.name).read_bytes()


@pytest.mark.parametrize("name", ["claims", "honors"])
def test_each_quote_stands_verbatim_at_its_offsets_on_its_raw_line(name: str) -> None:
    table = pd.read_csv(PUBLISHED / f"{name}.csv", dtype={"quote": str})
    for row in table.itertuples():
        line = raw_lines(row.source_file)[row.line - 1]
        assert line[row.char_start:row.char_end] == row.quote, getattr(row, f"{name[:-1]}_id")


def test_simplified_quotes_differ_from_raw_ones_only_in_traditional_sources() -> None:
    claims = pd.read_csv(PUBLISHED / "claims.csv")
    sources = pd.read_csv(PUBLISHED / "sources.csv").set_index("source_file")
    script = claims["source_file"].map(sources["script"])
    changed = claims["quote"] != claims["quote_hans"]
    assert not changed[script == "simplified"].any()
    assert changed[script == "traditional"].mean() > 0.5
    assert not claims["quote_hans"].str.contains(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+\)").any()
