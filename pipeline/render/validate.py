"""Tables → validated tables: every table against its pandera model bound to the build's vocabulary.

A failed check becomes a problem at the curated file and line of its row (claims and honours), or names the
table. The last guard before the CSV refuses text a spreadsheet would run as a formula.
"""

from __future__ import annotations

import operator
from bisect import bisect_right
from collections.abc import Sequence

import pandas as pd
import pandera.pandas as pa
import pyarrow.ipc as pa_ipc

from pipeline.check.context import Context
from pipeline.core.problems import Problems
from pipeline.render.document import Rendered
from pipeline.render.rows import join
from pipeline.render.tables import Tables
from schemas import bind
from schemas.fields import FORMULA_STARTS


def check_frame(name: str, frame: pd.DataFrame, context: Context, problems: Problems,
                origins: list[tuple[str, int, str]] | None = None, rows: list[int | None] | None = None) -> None:
    """Validate one table; each failure becomes a problem at the curated line of its row (or names the table).

    With ``rows``, the row of each problem added (None for a failure of the whole table) is appended to it."""
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
            if rows is not None:
                rows.append(_row(index))


def _row(index: object) -> int | None:
    try:
        return operator.index(index)  # type: ignore[arg-type]
    except TypeError:
        return None


def check_formulas(name: str, frame: pd.DataFrame, problems: Problems,
                   origins: list[tuple[str, int, str]] | None = None, rows: list[int | None] | None = None) -> None:
    """Refuse any text cell that a spreadsheet would run as a formula (the last guard before the CSV); ``rows`` as
    for :func:`check_frame`."""
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
            if rows is not None:
                rows.append(int(row))


def validate(tables: Tables, context: Context) -> Tables:
    """Tables → the same tables, after every pandera model has passed (raises BuildError)."""
    problems = Problems()
    for name, frame in tables.frames.items():
        check_frame(name, frame, context, problems, tables.origins.get(name))
        check_formulas(name, frame, problems, tables.origins.get(name))
    problems.raise_if_any()
    return tables


#: The tables whose rows are made document by document: validated with their document (validate_documents).
DOCUMENT_TABLES = ("claims", "honors", "mentions")


def validate_documents(context: Context, documents: Sequence[tuple[str, Rendered]]) -> list[list[tuple]]:
    """The rows of some documents (curated file, render) → the problems of each document's rows against the models
    of their tables, as :func:`validate` finds them in the whole tables.

    The rows of all the documents are validated together (a model's checks cost the same for one row as for a
    thousand) and each problem is given to the document of its row; a failure of a whole table is every
    document's. Every check of these models is of one row, but for the uniqueness of the ids: the ids of one
    document are unique here as in the whole table, and the ids of different documents are compared apart
    (:func:`pipeline.build.check_inputs`)."""
    out: list[list[tuple]] = [[] for _ in documents]
    for name in DOCUMENT_TABLES:
        parts = [(i, r.rows[name]) for i, (_, r) in enumerate(documents) if name in r.rows]
        if not parts:
            continue
        frame = join([packed for _, packed in parts], name)
        origins = None
        if name != "mentions":  # as make_tables: the mentions name no curated line
            lines = "claim_lines" if name == "claims" else "honor_lines"
            origins = [(documents[i][0], line, key) for i, _ in parts
                       for key, line in getattr(documents[i][1], lines)]
        sizes = [pa_ipc.open_stream(packed).read_all().num_rows for _, packed in parts]
        starts, total = [], 0
        for size in sizes:
            starts.append(total)
            total += size
        problems, rows = Problems(), []
        check_frame(name, frame, context, problems, origins, rows)
        check_formulas(name, frame, problems, origins, rows)
        for problem, row in zip(problems, rows, strict=True):
            if row is None or not 0 <= row < total:
                for i, _ in parts:
                    out[i].append(problem.as_tuple())
            else:
                out[parts[bisect_right(starts, row) - 1][0]].append(problem.as_tuple())
    return out
