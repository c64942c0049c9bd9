"""Tables → validated tables: every table against its pandera model bound to the build's vocabulary.

A failed check becomes a problem at the curated file and line of its row (claims and honours), or names the
table. The last guard before the CSV refuses text a spreadsheet would run as a formula.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from pipeline.check.context import Context
from pipeline.core.problems import Problems
from pipeline.render.tables import Tables
from schemas import bind
from schemas.fields import FORMULA_STARTS


def check_frame(name: str, frame: pd.DataFrame, context: Context, problems: Problems,
                origins: list[tuple[str, int, str]] | None = None) -> None:
    """Validate one table; each failure becomes a problem at the curated line of its row (or names the table)."""
    try:
        bind(name, context.vocabulary.sections).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        for case in err.failure_cases.itertuples(index=False):
            index = case.index
            column = case.column if isinstance(case.column, str) else ""
            where = (f"table {name}", 0, "")
            if origins is not None and isinstance(index, int) and 0 <= index < len(origins):
                where = origins[index]
            problems.add(*where, column, "schema-violation",
                         f"{name}: check {case.check} failed for {case.failure_case!r}")


def check_formulas(name: str, frame: pd.DataFrame, problems: Problems,
                   origins: list[tuple[str, int, str]] | None = None) -> None:
    """Refuse any text cell that a spreadsheet would run as a formula (the last guard before the CSV)."""
    for column, cells in frame.items():
        if cells.dtype.kind in "biufM":
            continue
        starts = cells.str[:1].isin(FORMULA_STARTS) if len(cells) else cells.astype(bool)
        for row in starts[starts.fillna(False)].index:
            cell = cells[row]
            where = origins[row] if origins is not None and row < len(origins) else (f"table {name}", 0, "")
            problems.add(*where, str(column), "formula-like-text",
                         f"{name}: {column} {cell!r} would run as a spreadsheet formula; "
                         "expected text that does not start with =, +, -, @, tab or carriage return")


def validate(tables: Tables, context: Context) -> Tables:
    """Tables → the same tables, after every pandera model has passed (raises BuildError)."""
    problems = Problems()
    for name, frame in tables.frames.items():
        check_frame(name, frame, context, problems, tables.origins.get(name))
        check_formulas(name, frame, problems, tables.origins.get(name))
    problems.raise_if_any()
    return tables
