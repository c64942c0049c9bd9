"""Every table and column is described, once, and the package descriptor follows the schemas."""

from __future__ import annotations

import json
import re
import tomllib

import pytest

from pipeline.check.context import load_context
from pipeline.core.load import load_records
from pipeline.core.paths import Paths
from pipeline.core.problems import Problems
from pipeline.core.records import Metric
from schemas import TABLES
from schemas.package import table_schema
from tests.conftest import PUBLISHED
from tests.published import REPO

PACKAGE = json.loads((PUBLISHED / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in PACKAGE["resources"]}


@pytest.mark.parametrize("name", list(TABLES))
def test_every_column_has_its_own_description(name: str) -> None:
    columns = TABLES[name].model.to_schema().columns
    descriptions = [column.description for column in columns.values()]
    assert all(d and len(d) > 10 for d in descriptions), name
    assert len(set(descriptions)) == len(descriptions), f"{name} repeats a column description"


def test_every_table_has_a_distinct_title_and_description() -> None:
    assert len({t.title for t in TABLES.values()}) == len(TABLES)
    assert len({t.description for t in TABLES.values()}) == len(TABLES)


@pytest.mark.parametrize("name", list(TABLES))
def test_the_published_table_schema_is_generated_from_the_model(name: str) -> None:
    vocabulary = load_context(Paths(), use_cache=False).vocabulary.sections
    assert RESOURCES[name]["schema"] == table_schema(TABLES[name], vocabulary)


@pytest.mark.parametrize("name", list(TABLES))
def test_every_table_is_published_as_csv_and_parquet(name: str) -> None:
    assert RESOURCES[name]["path"] == f"{name}.csv"
    assert RESOURCES[f"{name}-parquet"]["path"] == f"{name}.parquet"


def test_the_package_has_title_version_licences_and_relative_paths_only() -> None:
    for key in ("name", "title", "description", "version", "licenses", "sources"):
        assert PACKAGE[key], key
    assert PACKAGE["$schema"].endswith("/2.0/datapackage.json")
    assert all(not r["path"].startswith(("/", "http")) and ".." not in r["path"] for r in PACKAGE["resources"])


def test_the_claims_table_has_the_columns_users_rely_on_in_order() -> None:
    relied_on = ["claim_id", "metric", "value", "unit", "qualifier", "city", "area", "year", "year_basis",
                 "period_start", "period_end", "source_file", "line", "char_start", "char_end", "quote", "quote_hans"]
    columns = [f["name"] for f in RESOURCES["claims"]["schema"]["fields"]]
    assert columns[: len(relied_on)] == relied_on


def test_the_honors_table_has_the_columns_users_rely_on_in_order() -> None:
    relied_on = ["honor_id", "honor", "recipient", "city", "year", "period_start", "period_end", "source_file",
                 "line", "quote", "quote_hans"]
    columns = [f["name"] for f in RESOURCES["honors"]["schema"]["fields"]]
    assert columns[: len(relied_on)] == relied_on


def test_metric_labels_and_descriptions_are_not_copied_between_metrics() -> None:
    problems = Problems()
    metrics = load_records(Paths().metrics, "metrics.yml", "metrics", Metric, problems)
    assert not problems
    for field in ("label_zh", "label_en", "description"):
        values = [getattr(m, field) for m in metrics]
        assert len(set(values)) == len(values), field
    assert all(re.search(r"[\u4e00-\u9fff]", m.label_zh) for m in metrics)


def test_the_licence_files_match_the_readme_datapackage_json_and_pyproject() -> None:
    code, data = (REPO / "LICENSE").read_text(encoding="utf-8"), (REPO / "LICENSE-DATA").read_text(encoding="utf-8")
    assert code.startswith("MIT License\n") and "pingan_data maintainers" in code
    package = json.loads((REPO / "datasets" / "published" / "datapackage.json").read_text(encoding="utf-8"))
    [licence] = package["licenses"]
    assert licence["name"] == "CC-BY-4.0" and licence["path"] in data
    assert "CC BY 4.0" in data and "SPDX identifier CC-BY-4.0" in data
    assert "datasets/sources/*.txt" in data  # the raw articles are not covered, as datapackage.json's rights say
    assert "not covered by the licence" in package["rights"]
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT AND CC-BY-4.0"
    assert project["license-files"] == ["LICENSE", "LICENSE-DATA"]
    licences = re.search(r"^## Licences\n(.*?)(^## |\Z)", (REPO / "README.md").read_text(encoding="utf-8"),
                         re.S | re.M).group(1)
    assert "[`LICENSE`](LICENSE)" in licences and "[`LICENSE-DATA`](LICENSE-DATA)" in licences
    assert "MIT" in licences and "CC BY 4.0" in licences
