"""Published rows as Arrow: each table's types from its pandera model, a document's rows packed as Arrow IPC.

A checked document packs its claims, honours and mentions (``pack``), so that a cached result reads back as
a few buffers rather than as a hundred thousand Python tuples, and the tables stage joins the packed rows of
every document (``join``) instead of building each table from Python values. ``frame`` builds a table from
rows in one step; both ways give the same DataFrame (pandas' Arrow-backed ``str`` for text, ``Int64`` for
whole numbers, ``float64``, ``bool``), as a test checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import pandas as pd
import pyarrow as pa

from schemas import TABLES

#: pandas dtype → Arrow type (anything else is text)
ARROW_TYPES = {"Int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}
#: Arrow type → pandas dtype, where pyarrow's own choice is not the published one
_PANDAS = {pa.int64(): pd.Int64Dtype(), pa.string(): pd.StringDtype("pyarrow", na_value=float("nan"))}


@cache
def dtypes(table: str) -> dict[str, str]:
    """Column → pandas dtype, from the table's pandera model (text is pandas' ``str``)."""
    out = {}
    for name, column in TABLES[table].model.to_schema().columns.items():
        text = str(column.dtype)
        out[name] = "str" if text.startswith("str") else text
    return out


@cache
def schema(table: str) -> pa.Schema:
    """The Arrow schema of a table, in published column order."""
    return pa.schema([(name, ARROW_TYPES.get(kind, pa.string())) for name, kind in dtypes(table).items()])


def arrow(rows: Sequence[Sequence[object]], table: str) -> pa.Table:
    """Rows in published column order → an Arrow table of the table's schema."""
    shape = schema(table)
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(shape)
    if len(columns) != len(shape):
        raise ValueError(f"rows of {table} have {len(columns)} columns, expected {len(shape)}")
    return pa.Table.from_arrays([pa.array(values, type=f.type) for f, values in zip(shape, columns, strict=True)],
                                schema=shape)


def from_columns(columns: dict[str, Sequence[object]], table: str) -> pd.DataFrame:
    """Columns (name → values, every column of the table) → a DataFrame typed as the table's model says; the same
    as :func:`frame` of the rows they make, without making the rows."""
    shape = schema(table)
    return to_pandas(pa.Table.from_arrays([pa.array(columns[f.name], type=f.type) for f in shape], schema=shape))


def to_pandas(data: pa.Table) -> pd.DataFrame:
    """An Arrow table of published rows → the DataFrame as the pandera models type it."""
    return data.to_pandas(types_mapper=_PANDAS.get)


def frame(rows: Sequence[Sequence[object]], table: str) -> pd.DataFrame:
    """Rows in published column order → a DataFrame typed as the table's model says."""
    return to_pandas(arrow(rows, table))


def pack(rows: Sequence[Sequence[object]], table: str) -> bytes:
    """Rows in published column order → Arrow IPC stream bytes (plain data that a cache entry may hold)."""
    sink = pa.BufferOutputStream()
    data = arrow(rows, table)
    with pa.ipc.new_stream(sink, data.schema) as writer:
        writer.write_table(data)
    return sink.getvalue().to_pybytes()


def join(packed: Sequence[bytes], table: str) -> pd.DataFrame:
    """The packed rows of several documents, in the order given → one DataFrame."""
    parts = [pa.ipc.open_stream(data).read_all() for data in packed]
    shape = schema(table)
    if any(not part.schema.equals(shape) for part in parts):
        raise ValueError(f"packed rows of {table} do not have the columns of {table}")
    # one chunk per column: string operations on a column of a thousand chunks are slower
    return to_pandas(pa.concat_tables(parts).combine_chunks() if parts else shape.empty_table())


__all__ = ["ARROW_TYPES", "arrow", "dtypes", "frame", "from_columns", "join", "pack", "schema", "to_pandas"]
