"""The tables as Parquet files: how a table is written, and how a published one is read back as pandas."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.render.rows import ARROW_TYPES


def arrow_table(frame: pd.DataFrame) -> pa.Table:
    """A table as Arrow, each column of the Arrow type of its dtype (text otherwise)."""
    schema = pa.schema([(name, ARROW_TYPES.get(str(dtype), pa.string())) for name, dtype in frame.dtypes.items()])
    return pa.Table.from_pandas(frame, schema=schema, preserve_index=False)


def write_parquet(frame: pd.DataFrame, folder: Path, name: str) -> None:
    """One table as Parquet (zstd)."""
    pq.write_table(arrow_table(frame), folder / f"{name}.parquet", compression="zstd", version="2.6")


def read_parquet(path: Path | pa.NativeFile) -> pd.DataFrame:
    """A published Parquet file (a path, or its bytes in a pyarrow buffer) as pandas, with nullable integers
    and plain strings."""
    frame = pq.read_table(path).to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
    for name in frame.columns:
        if frame[name].dtype == object or str(frame[name].dtype).startswith("str"):
            frame[name] = frame[name].astype("str")
    return frame


__all__ = ["arrow_table", "read_parquet", "write_parquet"]
