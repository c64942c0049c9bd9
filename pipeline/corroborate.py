"""Claims → pairs of claims on the same metric and city from different documents, compared."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import pandas as pd

COLUMNS = ["metric", "city", "claim_id_a", "claim_id_b", "source_file_a", "source_file_b", "when_a", "when_b",
           "time_relation", "value_a", "qualifier_a", "value_b", "qualifier_b", "verdict"]


def _span(row: Mapping[str, Any]) -> tuple[int, int]:
    if pd.isna(row["year"]):
        return int(row["period_start"]), int(row["period_end"])
    return int(row["year"]), int(row["year"])


def _when(span: tuple[int, int]) -> str:
    return str(span[0]) if span[0] == span[1] else f"{span[0]}-{span[1]}"


def relate(a: Mapping[str, Any], b: Mapping[str, Any]) -> tuple[str, str]:
    """The time relation and verdict of two claims on the same metric and city."""
    (a0, a1), (b0, b1) = _span(a), _span(b)
    if (a0, a1) == (b0, b1) and a0 == a1:
        time = "same_year"
    elif a0 <= b1 and b0 <= a1:
        time = "overlapping"
    else:
        time = "different_years"
    if a["value"] == b["value"]:
        verdict = "agree" if a["qualifier"] == b["qualifier"] else "differ_in_qualifier"
    else:
        verdict = "changed_over_time" if time == "different_years" else "conflict"
    return time, verdict


def corroborate(claims: pd.DataFrame) -> pd.DataFrame:
    """Every pair of claims from different source files sharing metric and city, with time relation and verdict."""
    rows = []
    # Only groups reported by two or more source files can pair; sort once and walk them as plain records
    # (the order is that of groupby(["metric", "city"]) with each group sorted by source file and claim id).
    shared = claims.groupby(["metric", "city"], observed=True)["source_file"].transform("nunique") > 1
    ordered = claims[shared].sort_values(["metric", "city", "source_file", "claim_id"]).to_dict("records")
    for (metric, city), group in itertools.groupby(ordered, key=lambda row: (row["metric"], row["city"])):
        for a, b in itertools.combinations(group, 2):
            if a["source_file"] == b["source_file"]:
                continue
            time, verdict = relate(a, b)
            rows.append([metric, city, a["claim_id"], b["claim_id"], a["source_file"], b["source_file"],
                         _when(_span(a)), _when(_span(b)), time, a["value"], a["qualifier"], b["value"],
                         b["qualifier"], verdict])
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for name in COLUMNS:
        if name.startswith("value"):
            frame[name] = frame[name].astype("float64")
        else:
            frame[name] = frame[name].astype("str")
    return frame
