"""Claims of different documents on the same metric and city, compared in time and value: the corroboration table."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

import schemas
from pipeline.check.vocabulary import Vocabulary
from pipeline.render.rows import frame as typed_frame
from schemas import Corroboration


@dataclass(frozen=True)
class Range:
    """An interval of possible true values."""

    low: float
    high: float
    low_open: bool
    high_open: bool

    def overlaps(self, other: Range) -> bool:
        low = max((self.low, self.low_open), (other.low, other.low_open))  # at equal bounds, open wins
        high = min((self.high, not self.high_open), (other.high, not other.high_open))
        if low[0] < high[0]:
            return True
        return low[0] == high[0] and not low[1] and high[1]

    def __str__(self) -> str:
        def show(x: float) -> str:
            return "∞" if math.isinf(x) else f"{x:.15g}"

        return f"{'(' if self.low_open else '['}{show(self.low)}, {show(self.high)}{')' if self.high_open else ']'}"


def value_range(value: float, qualifier: str, vocabulary: Vocabulary) -> Range:
    """The true values a figure admits: its value scaled by its qualifier's range (vocabulary.yml)."""
    low, high, low_open, high_open = vocabulary.ranges[qualifier]
    return Range(value * low, value * high, low_open, high_open or math.isinf(high))


def _span(row: Mapping[str, Any]) -> tuple[int, int] | None:
    if not pd.isna(row["year"]):
        return int(row["year"]), int(row["year"])
    if not pd.isna(row["period_start"]):
        return int(row["period_start"]), int(row["period_end"])
    return None


def _when(span: tuple[int, int] | None) -> str:
    if span is None:
        return "unstated"
    return str(span[0]) if span[0] == span[1] else f"{span[0]}-{span[1]}"


def relate(a: Mapping[str, Any], b: Mapping[str, Any], vocabulary: Vocabulary) -> tuple[str, bool, str]:
    """The time relation, whether the value ranges overlap, and the verdict of two claims on one metric and city.

    Two claims agree when their ranges overlap. Ranges that do not overlap are a change over time when the
    claims refer to different years, and a conflict when they refer to a shared time or the time of either
    is unknown.
    """
    sa, sb = _span(a), _span(b)
    if sa is None or sb is None:
        time = "unknown"
    elif sa == sb and sa[0] == sa[1]:
        time = "same_year"
    elif sa[0] <= sb[1] and sb[0] <= sa[1]:
        time = "overlapping"
    else:
        time = "different_years"
    overlap = value_range(a["value"], a["qualifier"], vocabulary).overlaps(
        value_range(b["value"], b["qualifier"], vocabulary))
    verdict = "agree" if overlap else "changed_over_time" if time == "different_years" else "conflict"
    return time, overlap, verdict


def corroborate(claims: pd.DataFrame, honors: pd.DataFrame, vocabulary: Vocabulary) -> pd.DataFrame:
    """Every pair of claims from different source files sharing metric and region, compared in time and value.

    A pair whose claims count the same award (their honours share an award_key) reports one fact twice:
    ``same_event`` says so, and such a pair is not independent confirmation.
    """
    award = dict(zip(honors["honor_id"], honors["award_key"], strict=True))
    rows = []
    # Only groups reported by two or more source files can pair; sort once and walk them as plain records
    # (the order is that of groupby(["metric", "region_code"]) with each group sorted by source file and claim id).
    shared = claims.groupby(["metric", "region_code"], observed=True)["source_file"].transform("nunique") > 1
    ordered = claims[shared].sort_values(["metric", "region_code", "source_file", "claim_id"]).to_dict("records")
    columns = schemas.names(Corroboration)
    for (metric, region), group in itertools.groupby(ordered, key=lambda row: (row["metric"], row["region_code"])):
        for a, b in itertools.combinations(group, 2):
            if a["source_file"] == b["source_file"]:
                continue
            time, overlap, verdict = relate(a, b, vocabulary)
            keys = [award.get(r["honor_id"]) if isinstance(r["honor_id"], str) else None for r in (a, b)]
            pair = {"metric": metric, "city": a["city"] if isinstance(a["city"], str) else None,
                    "region_code": region, "time_relation": time, "ranges_overlap": overlap,
                    "same_event": keys[0] is not None and keys[0] == keys[1], "verdict": verdict}
            for side, claim in (("a", a), ("b", b)):
                pair |= {f"claim_id_{side}": claim["claim_id"], f"source_file_{side}": claim["source_file"],
                         f"when_{side}": _when(_span(claim)), f"value_{side}": claim["value"],
                         f"qualifier_{side}": claim["qualifier"],
                         f"range_{side}": str(value_range(claim["value"], claim["qualifier"], vocabulary))}
            rows.append([pair[name] for name in columns])
    return typed_frame(rows, "corroboration")
