"""croissant.json is valid Croissant for mlcroissant, describes every file and table, and reads back as the tables."""

from __future__ import annotations

import hashlib
import json
import logging
import math

import pyarrow.parquet as pq
import pytest

from tests.published import PUBLISHED, descriptor, fields, table_names

CROISSANT = PUBLISHED / "croissant.json"


@pytest.fixture
def dataset():  # noqa: ANN201 - mlcroissant is imported here only
    """A fresh reader for each test: mlcroissant's reader keeps state across record sets that reference one
    another (the claims, honours and sources all reference the regions), so one reader serves one record set."""
    import mlcroissant as mlc

    logging.getLogger("absl").setLevel(logging.ERROR)
    return mlc.Dataset(jsonld=CROISSANT)


def croissant() -> dict:
    return json.loads(CROISSANT.read_text(encoding="utf-8"))


def plain(value: object) -> object:
    """A cell from mlcroissant or pyarrow as a comparable Python value."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def test_mlcroissant_validates_the_file_without_errors(dataset) -> None:  # noqa: ANN001
    assert dataset.metadata.issues.errors == set()
    # the only thing it misses is a publication date, which the package does not have yet
    assert {w.split("Property ")[-1] for w in dataset.metadata.issues.warnings} <= {
        '"https://schema.org/datePublished" is recommended, but does not exist.'}


@pytest.mark.parametrize("table", table_names())
def test_mlcroissant_reads_the_records_of_each_table_equal_to_the_parquet_rows(dataset, table: str) -> None:  # noqa: ANN001
    records = [{key.removeprefix(f"{table}/"): plain(value) for key, value in record.items()}
               for record in dataset.records(record_set=table)]
    parquet = pq.read_table(PUBLISHED / f"{table}.parquet").to_pylist()
    assert records == [{k: plain(v) for k, v in row.items()} for row in parquet]


def test_every_file_of_the_package_is_a_file_object_with_its_sha256() -> None:
    objects = {o["contentUrl"]: o for o in croissant()["distribution"]}
    for resource in descriptor()["resources"]:
        if resource["path"] == "croissant.json":
            continue
        data = (PUBLISHED / resource["path"]).read_bytes()
        assert objects[resource["path"]]["sha256"] == hashlib.sha256(data).hexdigest(), resource["path"]
        assert objects[resource["path"]]["contentSize"] == f"{len(data)} B"
    assert set(objects) == {r["path"] for r in descriptor()["resources"]} - {"croissant.json"}


@pytest.mark.parametrize("table", table_names())
def test_each_table_is_a_record_set_with_the_fields_descriptions_and_keys_of_its_schema(table: str) -> None:
    resource = next(r for r in descriptor()["resources"] if r["name"] == table)
    record_set = next(r for r in croissant()["recordSet"] if r["@id"] == table)
    assert record_set["description"] == resource["description"]
    described = {f["name"]: f["description"] for f in fields(table)}
    assert {f["name"]: f["description"] for f in record_set["field"]} == described
    assert [f["name"] for f in record_set["field"]] == list(described)
    keys = record_set["key"] if isinstance(record_set["key"], list) else [record_set["key"]]
    assert [k["@id"] for k in keys] == [f"{table}/{k}" for k in resource["schema"]["primaryKey"]]
    references = {f["name"]: f["references"]["field"]["@id"] for f in record_set["field"] if "references" in f}
    assert references == {fk["fields"][0]: f"{fk['reference']['resource']}/{fk['reference']['fields'][0]}"
                          for fk in resource["schema"].get("foreignKeys", [])}


def test_the_data_set_carries_licence_citation_creators_keywords_and_version() -> None:
    document, package = croissant(), descriptor()
    assert document["conformsTo"] == "http://mlcommons.org/croissant/1.0"
    assert document["name"] == package["title"] and document["version"] == package["version"]
    assert document["license"] == package["licenses"][0]["path"]
    assert document["keywords"] == package["keywords"]
    creators = document["creator"] if isinstance(document["creator"], list) else [document["creator"]]
    assert [c["name"] for c in creators] == [c["title"] for c in package["contributors"]]
    assert package["title"] in document["citeAs"] and f"version {package['version']}" in document["citeAs"]


def test_the_release_date_of_the_package_is_the_croissant_date_published() -> None:
    from pipeline.publish.formats.croissant import metadata

    package = descriptor()
    written = metadata(package).to_json()
    assert ("datePublished" in written) == ("created" in package)
    released = metadata({**package, "created": "2026-11-30T00:00:00Z"}).to_json()
    assert released["datePublished"].startswith("2026-11-30")
