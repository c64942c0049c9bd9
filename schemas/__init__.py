"""Pandera models of the published tables and of the curated records: the model layer, the single source of
truth for every column.

``TABLES`` lists each table with its model, title, description, primary key and foreign keys; ``datapackage.json``
is generated from it (see ``schemas.package``). :func:`columns` reads a model's columns with what each layer needs
of them (see ``schemas.fields``). Columns whose codes are curated name their vocabulary section; :func:`bind` gives
a table's schema with the codes of a build's vocabulary. Nothing here imports the pipeline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pandera.pandas as pa

from schemas.claims import Claims
from schemas.corroboration import PAIRED, Corroboration
from schemas.honors import Honors
from schemas.mentions import Mentions
from schemas.metrics import Metrics
from schemas.regions import Regions
from schemas.sources import Sources
from schemas.terms import Terms


@dataclass(frozen=True)
class Table:
    """A published table: its model and its place in the data package."""

    name: str
    model: type[pa.DataFrameModel]
    title: str
    description: str
    primary_key: list[str]
    foreign_keys: list[tuple[list[str], str, list[str]]] = field(default_factory=list)
    #: whether its rows are computed from the other tables, so that a change in it follows from theirs (the data
    #: changelog asks a note for the change that causes it, not for it)
    computed: bool = False


TABLES: dict[str, Table] = {t.name: t for t in [
    Table("claims", Claims, "Claims",
          "One row per numeric claim: metric, value with its qualifier and unit, city and area, year and how it was "
          "decided, and the source file, line and verbatim quote it comes from.",
          ["claim_id"], [(["metric"], "metrics", ["metric_id"]), (["source_file"], "sources", ["source_file"]),
                         (["region_code"], "regions", ["code"])]),
    Table("honors", Honors, "Honours",
          "Awards, titles, pilot designations and recognitions, with recipient, year or period, and the line and "
          "verbatim quote they come from.",
          ["honor_id"], [(["source_file"], "sources", ["source_file"]), (["region_code"], "regions", ["code"])]),
    Table("metrics", Metrics, "Metrics",
          "The metric vocabulary: Chinese and English labels, unit, domain and kind of each metric id.",
          ["metric_id"]),
    Table("sources", Sources, "Sources",
          "The raw source documents: title, site and publisher where the text names them, publication date and "
          "its evidence, city, script, known defects and sha256.",
          ["source_file"], [(["region_code"], "regions", ["code"])]),
    Table("mentions", Mentions, "Coverage ledger",
          "Every number in every source with its status: part of a claim, part of an honour, or excluded with a "
          "reason.",
          ["mention_id"], [(["source_file"], "sources", ["source_file"]), (["claim_id"], "claims", ["claim_id"]),
                           (["honor_id"], "honors", ["honor_id"])], computed=True),
    Table("corroboration", Corroboration, "Corroboration",
          f"Pairs of claims on the same metric and region from different documents ({PAIRED}), with how their "
          "times relate and whether their value ranges agree or conflict, and whether they report the same event.",
          ["claim_id_a", "claim_id_b"], [(["claim_id_a"], "claims", ["claim_id"]),
                                         (["claim_id_b"], "claims", ["claim_id"]),
                                         (["metric"], "metrics", ["metric_id"])], computed=True),
    Table("vocabulary", Terms, "Vocabulary",
          "Every code of the controlled vocabularies (units, qualifiers, year bases, value types, directions, "
          "comparison sets and bases, honour kinds, claim words, domains, exclusion reasons) with its labels and "
          "the words that mark it.",
          ["section", "code"]),
    Table("regions", Regions, "Regions",
          "China's administrative divisions (GB/T 2260 codes, 2024) at province, prefecture and county level, with "
          "Chinese and English names and their parent: the places the claims and honours are about.",
          ["code"]),
]}


#: pandera dtype → the kind of value a column holds (anything else is text)
_KINDS = {"Int64": "int", "float64": "number", "bool": "bool"}


@dataclass(frozen=True)
class Column:
    """One column of a model, as every layer reads it."""

    name: str
    #: str, int, number or bool
    kind: str
    #: curated (a curator writes it) or derived (the build computes it)
    role: str
    description: str
    nullable: bool
    #: its name in the curated YAML (the column's own name unless the model says otherwise)
    yaml: str
    required: bool = False
    #: a short title for people, if it has one
    header: str | None = None
    #: the vocabulary section whose codes it takes
    vocabulary: str | None = None


@cache
def columns(model: type[pa.DataFrameModel]) -> tuple[Column, ...]:
    """The columns of a model in its declared (published) order."""
    out = []
    for name, column in model.to_schema().columns.items():
        meta = column.metadata or {}
        out.append(Column(name, _KINDS.get(str(column.dtype), "str"), meta.get("role", "derived"),
                          column.description or "", bool(column.nullable), meta.get("yaml") or name,
                          bool(meta.get("required")), meta.get("header"), meta.get("vocabulary")))
    return tuple(out)


def names(model: type[pa.DataFrameModel]) -> list[str]:
    """The column names of a model, in order."""
    return [c.name for c in columns(model)]


def bind(name: str, vocabulary: Mapping[str, Mapping[str, Any]]) -> pa.DataFrameSchema:
    """The schema of table ``name`` with the codes of ``vocabulary`` (section → codes) checked in its coded columns."""
    schema = TABLES[name].model.to_schema()
    for column_name, column in schema.columns.items():
        section = (column.metadata or {}).get("vocabulary")
        if section is None:
            continue
        allowed = list(vocabulary[section])
        subset = column.metadata.get("subset")
        if subset is not None:
            allowed = [code for code in allowed if code in subset]
        schema = schema.update_column(column_name, checks=[*column.checks, pa.Check.isin(allowed)])
    return schema


__all__ = ["TABLES", "Column", "Table", "columns", "names", "Claims", "Honors", "Metrics", "Sources", "Mentions",
           "Corroboration", "Regions", "Terms",
           "bind"]
