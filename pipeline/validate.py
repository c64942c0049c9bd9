"""Tables → validated tables: every table against its pandera model, failures traced to the curated line."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from pipeline.errors import Problems
from pipeline.normalize import Tables
from schemas import TABLES


def check_frame(name: str, frame: pd.DataFrame, problems: Problems,
                origins: list[tuple[str, int, str]] | None = None) -> None:
    """Validate one table; each failure becomes a problem at the curated line of its row (or the table)."""
    try:
        TABLES[name].model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        for case in err.failure_cases.itertuples(index=False):
            index = case.index
            column = case.column if isinstance(case.column, str) else ""
            where = (f"datasets/published/{name}", 0, "")
            if origins is not None and isinstance(index, int) and 0 <= index < len(origins):
                where = origins[index]
            problems.add(*where, column, "schema-violation",
                         f"{name}: check {case.check} failed for {case.failure_case!r}")


def validate(tables: Tables) -> Tables:
    """Tables → the same tables, after every pandera model has passed (raises BuildError)."""
    problems = Problems()
    for name, frame in tables.frames.items():
        check_frame(name, frame, problems, tables.origins.get(name))
    problems.raise_if_any()
    return tables
