"""Rendered documents and the context → the published tables, as DataFrames in published column order.

Columns and their types come from the pandera models (``schemas``); each table is sorted by its id, numbers
compared as numbers (``000-c999`` before ``000-c1000``). Each claim and honour row remembers the curated file
and line it came from, so that a failed schema check names the line to edit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pandas as pd

import schemas
from pipeline.check import derive
from pipeline.check.context import Context
from pipeline.check.document import Summary
from pipeline.render.corroboration import corroborate
from pipeline.render.document import Rendered, Spooled
from pipeline.render.rows import frame, join
from schemas import Terms, ids


@dataclass
class Tables:
    """The tables to publish, and for each row of claims and honours the curated file and line it came from."""

    frames: dict[str, pd.DataFrame]
    origins: dict[str, list[tuple[str, int, str]]]
    #: the Web Annotations of the claims and honours, made with each document: per table, one block of lines
    #: (joined by ",\\n") per document, in table order, held or spooled (pipeline.render.document.Spool)
    annotations: dict[str, list[str | Spooled]] = field(default_factory=lambda: {"claims": [], "honors": []})


def _document(source_file: str) -> tuple[int, str]:
    prefix = ids.prefix(source_file)
    return (int(prefix) if prefix else -1, source_file)


def _vocabulary_rows(context: Context) -> list[list[Any]]:
    """One row per code of vocabulary.yml, in the columns of the vocabulary table."""
    rows = []
    for section, codes in context.vocabulary.sections.items():
        for code, entry in codes.items():
            row: dict[str, Any] = {"section": section, "code": code}
            if isinstance(entry, dict):
                markers = entry.get("markers") or entry.get("measures") or []
                if isinstance(markers, dict):  # by position (qualifiers) or word → years back (relative)
                    markers = [w for k, v in markers.items() for w in (v if isinstance(v, list) else [k])]
                row |= {name: entry.get(name) or None for name in ("label_zh", "symbol", "range", "shown", "shown_one")}
                row |= {"label_en": entry.get("label_en") or code, "words": " ".join(markers) or None}
            else:  # "中文 - English" or English alone
                zh, _, en = str(entry).partition(" - ")
                row |= {"label_en": en or zh, "label_zh": zh if en else None}
            rows.append([row.get(name) for name in schemas.names(Terms)])
    return rows


def make_tables(context: Context, documents: Iterable[tuple[Summary, Rendered]]) -> Tables:
    """The summary and rendered rows of every document → one DataFrame per published table, each sorted by its id."""
    documents = sorted(documents, key=lambda d: _document(d[0].source_file))
    # each document's rows are by serial (check_document), so rows taken document by document are in id order
    claim_origins: list[tuple[str, int, str]] = []
    honor_origins: list[tuple[str, int, str]] = []
    annotations: dict[str, list[str | Spooled]] = {"claims": [], "honors": []}
    for summary, rendered in documents:
        for name, block in rendered.annotations.items():
            annotations[name].append(block)
        claim_origins += [(summary.file, line, key) for key, line in rendered.claim_lines]
        honor_origins += [(summary.file, line, key) for key, line in rendered.honor_lines]
    claims_frame = join([r.rows["claims"] for _, r in documents if "claims" in r.rows], "claims")
    honors_frame = join([r.rows["honors"] for _, r in documents if "honors" in r.rows], "honors")

    reference = reference_frames(context, Counter(claims_frame["metric"].tolist()), [s for s, _ in documents])
    frames = {
        "claims": claims_frame,
        "honors": honors_frame,
        "metrics": reference["metrics"],
        "sources": reference["sources"],
        "mentions": join([r.rows["mentions"] for _, r in documents if "mentions" in r.rows], "mentions"),
    }
    frames["corroboration"] = corroborate(frames["claims"], frames["honors"], context.vocabulary)
    frames["vocabulary"] = reference["vocabulary"]
    frames["regions"] = reference["regions"]
    return Tables(frames, {"claims": claim_origins, "honors": honor_origins}, annotations)


def reference_frames(context: Context, counts: Mapping[str, int], summaries: Iterable[Summary]
                     ) -> dict[str, pd.DataFrame]:
    """The tables made from the context files rather than document by document (metrics, sources, vocabulary,
    regions), given how many claims count in each metric and the documents' summaries (the sizes of the sources)."""
    return {name: frame(rows, name) for name, rows in reference_rows(context, counts, summaries).items()}


def reference_rows(context: Context, counts: Mapping[str, int], summaries: Iterable[Summary]
                   ) -> dict[str, list[list[Any]]]:
    """The rows of :func:`reference_frames`, in published column order."""
    counts = Counter(counts)
    metrics = sorted((derive.fill(counts, m).row() for m in context.metrics.values()), key=lambda row: row[0])
    facts = SimpleNamespace(sizes={s.source_file: (s.source_bytes, s.source_lines) for s in summaries},
                            regions=context.regions)
    sources = [derive.fill(facts, meta).row()
               for _, meta in sorted(context.sources.items(), key=lambda item: _document(item[0]))]
    return {"metrics": metrics, "sources": sources, "vocabulary": _vocabulary_rows(context),
            "regions": context.regions.rows()}


__all__ = ["Tables", "make_tables", "reference_frames", "reference_rows"]
