"""Document results and the context → the published tables, as DataFrames in published column order.

Columns and their types come from the pandera models (``schemas``); each table is sorted by its id, numbers
compared as numbers (``000-c999`` before ``000-c1000``). Each claim and honour row remembers the curated file
and line it came from, so that a failed schema check names the line to edit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipeline import ids
from pipeline.context import Context
from pipeline.corpus import corroborate
from pipeline.document import MENTION_COLUMNS, DocumentResult
from pipeline.records import CLAIM_COLUMNS, HONOR_COLUMNS
from schemas import TABLES


@dataclass
class Tables:
    """The tables to publish, and for each row of claims and honours the curated file and line it came from."""

    frames: dict[str, pd.DataFrame]
    origins: dict[str, list[tuple[str, int, str]]]
    #: the Web Annotation lines of the claims and honours, in table order (made with each document)
    annotations: dict[str, list[str]] | None = None


def dtypes(table: str) -> dict[str, str]:
    """Column → pandas dtype, from the table's pandera model (text is pandas' ``str``)."""
    out = {}
    for name, column in TABLES[table].model.to_schema().columns.items():
        text = str(column.dtype)
        out[name] = "str" if text.startswith("str") else text
    return out


def frame(rows: list[tuple] | list[list], table: str) -> pd.DataFrame:
    """Rows in published column order → a DataFrame typed as the table's model says."""
    types = dtypes(table)
    return pd.DataFrame(rows, columns=list(types)).astype(types)


def _order(ident: str) -> tuple[int, int, str]:
    """Ids in numeric order: by document number, then serial (ids that do not parse come first)."""
    parts = ids.parse(ident)
    return (int(parts.prefix), parts.serial, ident) if parts else (-1, -1, ident)


def _document(source_file: str) -> tuple[int, str]:
    prefix = ids.prefix(source_file)
    return (int(prefix) if prefix else -1, source_file)


def _vocabulary_rows(context: Context) -> list[list[Any]]:
    """One row per code of vocabulary.yml: section, code, label_en, label_zh, symbol, words, range."""
    rows = []
    for section, codes in context.vocabulary.sections.items():
        for code, entry in codes.items():
            if isinstance(entry, dict):
                markers = entry.get("markers") or entry.get("measures") or []
                if isinstance(markers, dict):  # by position (qualifiers) or word → years back (relative)
                    markers = [w for k, v in markers.items() for w in (v if isinstance(v, list) else [k])]
                rows.append([section, code, entry.get("label_en") or code, entry.get("label_zh"),
                             entry.get("symbol") or None, " ".join(markers) or None, entry.get("range")])
            elif section == "cities":
                rows.append([section, code, code, entry, None, None, None])
            else:  # "中文 - English" or English alone
                zh, _, en = str(entry).partition(" - ")
                rows.append([section, code, en or zh, zh if en else None, None, None, None])
    return rows


def make_tables(context: Context, results: Iterable[DocumentResult]) -> Tables:
    """Document results → one DataFrame per published table, each sorted by its id."""
    results = sorted(results, key=lambda r: _document(r.source_file))
    claims, honors, claim_origins, honor_origins, mentions = [], [], [], [], []
    claim_notes: list[str] = []
    honor_notes: list[str] = []
    for result in results:
        claim_notes += result.annotations.get("claims", [])
        honor_notes += result.annotations.get("honors", [])
        claims += result.claims
        honors += result.honors
        claim_origins += [(result.file, line, row[0]) for line, row in zip(result.claim_lines, result.claims,
                                                                           strict=True)]
        honor_origins += [(result.file, line, row[0]) for line, row in zip(result.honor_lines, result.honors,
                                                                           strict=True)]
        mentions += result.mentions
    claim_order = sorted(range(len(claims)), key=[_order(row[0]) for row in claims].__getitem__)
    honor_order = sorted(range(len(honors)), key=[_order(row[0]) for row in honors].__getitem__)
    claims_frame = frame([claims[i] for i in claim_order], "claims")
    honors_frame = frame([honors[i] for i in honor_order], "honors")
    del claims, honors

    counts = claims_frame["metric"].value_counts()
    metrics = sorted(([m.id, m.label_zh, m.label_en, m.unit, m.domain, m.kind, m.description,
                       int(counts.get(m.id, 0))] for m in context.metrics.values()), key=lambda row: row[0])
    sources = []
    sizes = {r.source_file: (r.source_bytes, r.source_lines) for r in results}
    for name, meta in sorted(context.sources.items(), key=lambda item: _document(item[0])):
        size, lines = sizes.get(name, (None, None))
        sources.append([name, f"sources/{name}", meta.sha256, size, lines, meta.title, meta.title_note, meta.site,
                        meta.site_line, meta.publisher, meta.publisher_line, meta.attribution_note,
                        meta.published_date, meta.published_year, meta.date_basis, meta.date_evidence, meta.city,
                        meta.script, meta.defects, meta.rights])
    frames = {
        "claims": claims_frame,
        "honors": honors_frame,
        "metrics": frame(metrics, "metrics"),
        "sources": frame(sources, "sources"),
        "mentions": frame(mentions, "mentions"),
    }
    del mentions
    frames["corroboration"] = corroborate(frames["claims"], frames["honors"], context.vocabulary)
    frames["vocabulary"] = frame(_vocabulary_rows(context), "vocabulary")
    origins = {"claims": [claim_origins[i] for i in claim_order], "honors": [honor_origins[i] for i in honor_order]}
    annotations = {"claims": [claim_notes[i] for i in claim_order], "honors": [honor_notes[i] for i in honor_order]}
    return Tables(frames, origins, annotations)


__all__ = ["CLAIM_COLUMNS", "HONOR_COLUMNS", "MENTION_COLUMNS", "Tables", "dtypes", "frame", "make_tables"]
