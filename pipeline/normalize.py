"""Verified records → tidy tables (claims, honors, metrics, sources, mentions, corroboration)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipeline.corroborate import corroborate
from pipeline.text import to_simplified
from pipeline.verify import Verified

INT = "Int64"
STR = "str"
#: Columns in published order. Between versions, columns are only added at the end of a table, so that the
#: order users rely on never changes.
CLAIM_COLUMNS = {
    "claim_id": STR, "metric": STR, "value": "float64", "unit": STR, "qualifier": STR, "city": STR, "area": STR,
    "year": INT, "year_basis": STR, "period_start": INT, "period_end": INT, "source_file": STR, "line": INT,
    "char_start": INT, "char_end": INT, "quote": STR, "quote_hans": STR, "figure": STR, "note": STR,
    # added in 0.2.0
    "value_type": STR, "direction": STR, "comparison_set": STR, "year_evidence": STR, "year_evidence_line": INT,
    "reported_year": INT, "reported_date": STR, "honor_id": STR,
}
HONOR_COLUMNS = {
    "honor_id": STR, "honor": STR, "recipient": STR, "city": STR, "year": INT, "period_start": INT, "period_end": INT,
    "source_file": STR, "line": INT, "quote": STR, "quote_hans": STR, "year_basis": STR, "times": INT,
    "char_start": INT, "char_end": INT, "note": STR,
    # added in 0.2.0
    "award_key": STR, "year_evidence": STR, "year_evidence_line": INT, "reported_year": INT, "reported_date": STR,
}


@dataclass
class Tables:
    """The tables to publish, and for each row of claims and honours the curated file and line it came from."""

    frames: dict[str, pd.DataFrame]
    origins: dict[str, list[tuple[str, int, str]]]


def _row(values: dict[str, Any], columns: dict[str, str]) -> tuple:
    """A row as a tuple in column order: at 100,000 rows, far less memory than keeping the dicts."""
    return tuple(values[name] for name in columns)


def _frame(rows: list[dict] | list[tuple], columns: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns)).astype(columns)


def _evidence_line(data: dict[str, Any]) -> int | None:
    """The line of a record's year evidence: its own line unless another is named; none without evidence."""
    if data.get("year_evidence") is None:
        return None
    return data.get("year_evidence_line") or data["line"]


def normalize(verified: Verified) -> Tables:
    """Verified records → one DataFrame per published table, sorted by id."""
    inputs = verified.inputs
    claims, honors, claim_origins, honor_origins = [], [], [], []
    for doc in inputs.documents:
        meta = verified.sources[doc.source].meta.data
        reported = {"reported_year": meta["published_year"], "reported_date": meta.get("published_date"),
                    "source_file": doc.source}
        for claim in doc.claims:
            data = claim.data
            start, end = verified.offsets[claim.id]
            claims.append(_row({**{k: data.get(k) for k in CLAIM_COLUMNS}, **reported, "claim_id": claim.id,
                                "value_type": data.get("value_type") or "measured",
                                "year_evidence_line": _evidence_line(data), "char_start": start, "char_end": end,
                                "quote_hans": to_simplified(data["quote"]), "figure": verified.figures[claim.id][0]},
                               CLAIM_COLUMNS))
            claim_origins.append((claim.file, claim.line, claim.id))
        for honor in doc.honors:
            data = honor.data
            start, end = verified.offsets[honor.id]
            honors.append(_row({**{k: data.get(k) for k in HONOR_COLUMNS}, **reported, "honor_id": honor.id,
                                "award_key": data.get("award") or honor.id, "year_evidence_line": _evidence_line(data),
                                "char_start": start, "char_end": end, "quote_hans": to_simplified(data["quote"])},
                               HONOR_COLUMNS))
            honor_origins.append((honor.file, honor.line, honor.id))
    claims_frame = _frame(claims, CLAIM_COLUMNS)
    honors_frame = _frame(honors, HONOR_COLUMNS)
    del claims, honors  # the frames hold them now: free the rows before the ledger's are built

    counts = claims_frame["metric"].value_counts()
    metrics = [{"metric_id": m.data["id"], **{k: m.data[k] for k in
                ("label_zh", "label_en", "unit", "domain", "kind", "description")},
                "claims": int(counts.get(m.data["id"], 0))} for m in inputs.metrics]
    metric_columns = {"metric_id": STR, "label_zh": STR, "label_en": STR, "unit": STR, "domain": STR,
                      "kind": STR, "description": STR, "claims": INT}

    sources = []
    for name, source in sorted(verified.sources.items()):
        meta = source.meta.data
        raw = (inputs.paths.sources / name).read_bytes()
        sources.append({"source_file": name, "path": f"sources/{name}", "sha256": meta["sha256"], "bytes": len(raw),
                        "lines": len(source.lines), **{k: meta.get(k) for k in (
                            "title", "title_note", "site", "site_line", "publisher", "publisher_line",
                            "attribution_note", "published_date",
                            "published_year", "date_basis", "date_evidence", "city", "script", "defects", "rights")}})
    source_columns = {k: STR for k in sources[0]} | {
        "bytes": INT, "lines": INT, "site_line": INT, "publisher_line": INT, "published_year": INT}

    mention_columns = {k: STR for k in ("mention_id", "source_file", "line", "char_start", "char_end", "text", "kind",
                                        "status", "claim_id", "honor_id", "role", "reason")}
    mention_columns |= {"line": INT, "char_start": INT, "char_end": INT}
    mentions, serial = [], {}
    for m in verified.mentions:
        prefix = m.source_file.split("_")[0]
        serial[prefix] = serial.get(prefix, 0) + 1
        mentions.append(_row({"mention_id": f"{prefix}-m{serial[prefix]:03d}", "source_file": m.source_file,
                              "line": m.line, "char_start": m.start, "char_end": m.end, "text": m.text,
                              "kind": m.kind, "status": m.status, "claim_id": m.claim_id, "honor_id": m.honor_id,
                              "role": m.role, "reason": m.reason}, mention_columns))

    order = claims_frame.sort_values("claim_id").index
    frames = {
        "claims": claims_frame.loc[order].reset_index(drop=True),
        "honors": honors_frame.sort_values("honor_id").reset_index(drop=True),
        "metrics": _frame(metrics, metric_columns).sort_values("metric_id").reset_index(drop=True),
        "sources": _frame(sources, source_columns),
        "mentions": _frame(mentions, mention_columns),
    }
    frames["corroboration"] = corroborate(frames["claims"], frames["honors"], inputs.vocabulary["qualifiers"])
    origins = {
        "claims": [claim_origins[i] for i in order],
        "honors": sorted(honor_origins, key=lambda o: o[2]),
    }
    return Tables(frames, origins)
