"""The published Parquet files read the same in DuckDB, Polars and the library, and agree with the CSV files."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

import pingan_data
from tests.published import fields, header, rows, table_names

TABLES = table_names()
DUCKDB_TYPES = {"integer": "BIGINT", "number": "DOUBLE", "string": "VARCHAR", "boolean": "BOOLEAN"}
POLARS_TYPES = {"integer": pl.Int64, "number": pl.Float64, "string": pl.String, "boolean": pl.Boolean}


def _as_csv(value: object) -> str:
    """A value as the published CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.15g}"
    return str(value)


@pytest.mark.parametrize("table", TABLES)
def test_duckdb_reads_the_parquet_file_with_the_declared_types_and_the_csv_values(table: str) -> None:
    relation = duckdb.sql(f"select * from read_parquet('{pingan_data.path(table)}')")
    assert relation.columns == header(table)
    assert [str(t) for t in relation.types] == [DUCKDB_TYPES[f["type"]] for f in fields(table)]
    got = [[_as_csv(v) for v in row] for row in relation.fetchall()]
    assert got == [list(r.values()) for r in rows(table)]


@pytest.mark.parametrize("table", TABLES)
def test_polars_reads_the_parquet_file_with_the_declared_types_and_the_csv_values(table: str) -> None:
    frame = pl.read_parquet(pingan_data.path(table))
    assert frame.columns == header(table)
    assert list(frame.schema.values()) == [POLARS_TYPES[f["type"]] for f in fields(table)]
    got = [[_as_csv(v) for v in row] for row in frame.iter_rows()]
    assert got == [list(r.values()) for r in rows(table)]


@pytest.mark.parametrize("table", TABLES)
def test_duckdb_and_polars_read_the_csv_file_like_the_parquet_file(table: str) -> None:
    from_csv = pl.read_csv(pingan_data.path(f"{table}.csv"), schema_overrides=pl.read_parquet_schema(
        pingan_data.path(table)))
    assert from_csv.equals(pl.read_parquet(pingan_data.path(table)))
    count = duckdb.sql(f"select count(*) from read_csv('{pingan_data.path(f'{table}.csv')}', header=true)")
    assert count.fetchall() == [(len(rows(table)),)]


def test_a_duckdb_query_across_tables_agrees_with_the_library() -> None:
    claims, metrics = pingan_data.path("claims"), pingan_data.path("metrics")
    per_city_and_domain = duckdb.sql(f"""
        select c.city, m.domain, count(*) as n
        from read_parquet('{claims}') c join read_parquet('{metrics}') m on c.metric = m.metric_id
        group by all order by all""").fetchall()
    expected = []
    for city in ("Fuzhou", "Quanzhou"):
        for domain in sorted({m["domain"] for m in rows("metrics")}):
            n = len(pingan_data.claims(city=city, domain=domain))
            if n:
                expected.append((city, domain, n))
    assert per_city_and_domain == expected


def test_polars_can_scan_the_package_from_datapackage_json() -> None:
    import json

    descriptor = json.loads(pingan_data.datapackage_path().read_text(encoding="utf-8"))
    folder = pingan_data.datapackage_path().parent
    parquet = [r["path"] for r in descriptor["resources"] if r["path"].endswith(".parquet")]
    assert sorted(p.removesuffix(".parquet") for p in parquet) == sorted(TABLES)
    sizes = {p: pl.scan_parquet(folder / p).select(pl.len()).collect().item() for p in parquet}
    assert sizes == {f"{t}.parquet": len(rows(t)) for t in TABLES}
