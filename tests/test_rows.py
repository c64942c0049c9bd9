"""Rows packed per document and joined give the very table built from all the rows at once."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from pipeline.core.paths import Paths
from pipeline.publish.package import read_parquet
from pipeline.render.rows import dtypes, frame, join, pack


def load(table: str) -> pd.DataFrame:
    return read_parquet(Paths().published / f"{table}.parquet")


def _published_rows(table: str) -> list[tuple]:
    published = load(table)
    return [tuple(None if pd.isna(v) else v for v in row) for row in published.itertuples(index=False)]


@pytest.mark.parametrize("table", ["claims", "honors", "mentions"])
def test_rows_packed_in_parts_and_joined_equal_the_table_built_at_once(table: str) -> None:
    rows = _published_rows(table)
    whole = frame(rows, table)
    parts = join([pack(rows[:7], table), pack([], table), pack(rows[7:], table)], table)
    pd.testing.assert_frame_equal(parts, whole)
    pd.testing.assert_frame_equal(whole, load(table))  # and both are the published table, typed as published
    assert {name: str(kind) for name, kind in whole.dtypes.items()} == dtypes(table)


def test_missing_values_stay_missing_in_every_kind_of_column() -> None:
    rows = _published_rows("claims")
    blank = tuple(v if i == 0 else None for i, v in enumerate(rows[0]))
    built = join([pack([blank], "claims")], "claims")
    assert built.iloc[0, 1:].isna().all()


def test_rows_of_the_wrong_width_or_type_are_refused() -> None:
    rows = _published_rows("honors")
    with pytest.raises(ValueError, match="columns"):
        pack([rows[0][:-1]], "honors")
    year = list(dtypes("honors")).index("year")
    bad = list(rows[0])
    bad[year] = "2021年"
    with pytest.raises((pa.ArrowInvalid, pa.ArrowTypeError)):
        pack([tuple(bad)], "honors")
