"""Pandera models of the published tables: the single source of truth for their columns.

``TABLES`` lists each table with its model, title, description, primary key and
foreign keys; ``datapackage.json`` is generated from it (see ``schemas.package``).
Columns whose codes are curated name their vocabulary section; :func:`bind` gives a
table's schema with the codes of a build's vocabulary.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandera.pandas as pa

from schemas.claims import Claims
from schemas.corroboration import Corroboration
from schemas.honors import Honors
from schemas.mentions import Mentions
from schemas.metrics import Metrics
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


TABLES: dict[str, Table] = {t.name: t for t in [
    Table("claims", Claims, "Claims",
          "One row per numeric claim: metric, value with its qualifier and unit, city and area, year and how it was "
          "decided, and the source file, line and verbatim quote it comes from.",
          ["claim_id"], [(["metric"], "metrics", ["metric_id"]), (["source_file"], "sources", ["source_file"])]),
    Table("honors", Honors, "Honours",
          "Awards, titles, pilot designations and recognitions, with recipient, year or period, and the line and "
          "verbatim quote they come from.",
          ["honor_id"], [(["source_file"], "sources", ["source_file"])]),
    Table("metrics", Metrics, "Metrics",
          "The metric vocabulary: Chinese and English labels, unit, domain and kind of each metric id.",
          ["metric_id"]),
    Table("sources", Sources, "Sources",
          "The raw source documents: title, site and publisher where the text names them, publication date and "
          "its evidence, city, script, known defects and sha256.",
          ["source_file"]),
    Table("mentions", Mentions, "Coverage ledger",
          "Every number in every source with its status: part of a claim, part of an honour, or excluded with a "
          "reason.",
          ["mention_id"], [(["source_file"], "sources", ["source_file"]), (["claim_id"], "claims", ["claim_id"]),
                           (["honor_id"], "honors", ["honor_id"])]),
    Table("corroboration", Corroboration, "Corroboration",
          "Pairs of claims on the same metric and city from different documents, with how their times relate and "
          "whether their value ranges agree or conflict, and whether they report the same event.",
          ["claim_id_a", "claim_id_b"], [(["claim_id_a"], "claims", ["claim_id"]),
                                         (["claim_id_b"], "claims", ["claim_id"]),
                                         (["metric"], "metrics", ["metric_id"])]),
    Table("vocabulary", Terms, "Vocabulary",
          "Every code of the controlled vocabularies (units, qualifiers, year bases, value types, directions, "
          "comparison sets, cities, domains, exclusion reasons) with its labels and the words that mark it.",
          ["section", "code"]),
]}


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


__all__ = ["TABLES", "Table", "Claims", "Honors", "Metrics", "Sources", "Mentions", "Corroboration", "Terms",
           "bind"]
