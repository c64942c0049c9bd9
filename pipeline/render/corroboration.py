"""Claims of different documents on the same metric and city, compared in time and value: the corroboration table."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

import schemas
from pipeline.check.vocabulary import Vocabulary
from pipeline.render.rows import frame as typed_frame
from pipeline.render.rows import from_columns
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
    """Claims of different source files sharing metric and region, compared in time and value.

    Which claims are paired is :data:`schemas.corroboration.PAIRED`: the pairs grow with the reports on one place
    (and with the square of the reports on one place and one time), not with the square of all its reports.

    A pair whose claims count the same award (their honours share an award_key) reports one fact twice:
    ``same_event`` says so, and such a pair is not independent confirmation.

    Pairs are made column by column (index arrays into the claims, sorted), not pair by pair: a corpus whose
    documents share their metrics pairs each claim with many. Their order is that of walking each group
    (by metric and region) sorted by source file and claim id, every claim with each one after it that it is
    paired with; the time relation and the overlap are :func:`relate`'s, computed for all pairs at once.
    """
    shared = claims.groupby(["metric", "region_code"], observed=True)["source_file"].transform("nunique") > 1
    ordered = claims[shared].sort_values(["metric", "region_code", "source_file", "claim_id"])
    if ordered.empty:
        return typed_frame([], "corroboration")
    award = dict(zip(honors["honor_id"], honors["award_key"], strict=True))
    one = {
        "metric": ordered["metric"].astype(object).to_numpy(),
        "region_code": ordered["region_code"].astype(object).to_numpy(),
        "city": np.array([c if isinstance(c, str) else None for c in ordered["city"]], dtype=object),
        "claim_id": ordered["claim_id"].astype(object).to_numpy(),
        "source_file": ordered["source_file"].astype(object).to_numpy(),
        "value": ordered["value"].astype(float).to_numpy(),
        "qualifier": ordered["qualifier"].astype(object).to_numpy(),
        "award": np.array([award.get(h) if isinstance(h, str) else None for h in ordered["honor_id"]], dtype=object),
    }
    year, period_start, period_end = (ordered[c].astype("Int64") for c in ("year", "period_start", "period_end"))
    one["known"] = (year.notna() | period_start.notna()).to_numpy()
    one["start"] = year.fillna(period_start).fillna(-1).to_numpy(dtype=np.int64)
    one["end"] = year.fillna(period_end).fillna(-1).to_numpy(dtype=np.int64)
    one["when"] = np.array([_when((a, b) if k else None) for a, b, k in zip(one["start"].tolist(), one["end"].tolist(),
                                                                            one["known"], strict=True)], dtype=object)
    shown: dict[tuple[float, str], Range] = {}
    for key in zip(one["value"].tolist(), one["qualifier"], strict=True):
        if key not in shown:
            shown[key] = value_range(*key, vocabulary)
    ranges = [shown[key] for key in zip(one["value"].tolist(), one["qualifier"], strict=True)]
    one["low"], one["high"] = np.array([r.low for r in ranges]), np.array([r.high for r in ranges])
    one["low_open"], one["high_open"] = np.array([r.low_open for r in ranges]), np.array([r.high_open for r in ranges])
    strings = {key: str(r) for key, r in shown.items()}
    one["range"] = np.array([strings[key] for key in zip(one["value"].tolist(), one["qualifier"], strict=True)],
                            dtype=object)
    # the groups are runs of the sorted claims: each claim with the ones after it in its run that it is paired with,
    # made for all the groups of one size at once
    group = ordered.groupby(["metric", "region_code"], observed=True, sort=False).ngroup().to_numpy()
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    sizes = np.diff(np.r_[starts, len(group)])
    ordered = ordered.assign(_report=_report_order(ordered))
    report = ordered.groupby(["metric", "region_code"], observed=True, sort=False)["_report"].rank(method="dense")
    report = report.to_numpy(dtype=np.int64)  # a claim's report in its group's order of its reports
    first, second = [], []
    for size in np.unique(sizes).tolist():
        i, j = np.triu_indices(size, 1)
        offsets = starts[sizes == size][:, None]
        ia, ib = (offsets + i).ravel(), (offsets + j).ravel()
        known = one["known"][ia] & one["known"][ib]
        same_time = known & (one["start"][ia] == one["start"][ib]) & (one["end"][ia] == one["end"][ib])
        apart = np.abs(report[ia] - report[ib])  # 0: the same document, never paired
        keep = (apart == 1) | ((apart > 1) & same_time)
        first.append(ia[keep])
        second.append(ib[keep])
    ia, ib = np.concatenate(first), np.concatenate(second)
    if not len(ia):
        return typed_frame([], "corroboration")
    walked = np.lexsort((ib, ia))
    ia, ib = ia[walked], ib[walked]

    def side(name: str, which: str) -> np.ndarray:
        return one[name][ia if which == "a" else ib]

    known = side("known", "a") & side("known", "b")
    sa0, sa1, sb0, sb1 = side("start", "a"), side("end", "a"), side("start", "b"), side("end", "b")
    same = known & (sa0 == sb0) & (sa1 == sb1) & (sa0 == sa1)
    overlapping = known & (sa0 <= sb1) & (sb0 <= sa1)
    time = np.where(~known, "unknown", np.where(same, "same_year", np.where(overlapping, "overlapping",
                                                                             "different_years")))
    la, lb, ha, hb = side("low", "a"), side("low", "b"), side("high", "a"), side("high", "b")
    loa, lob, hoa, hob = (side(n, w).astype(bool) for n, w in (("low_open", "a"), ("low_open", "b"),
                                                                ("high_open", "a"), ("high_open", "b")))
    low, high = np.maximum(la, lb), np.minimum(ha, hb)
    low_open = np.where(la > lb, loa, np.where(lb > la, lob, loa | lob))  # at equal bounds, open wins
    high_closed = np.where(ha < hb, ~hoa, np.where(hb < ha, ~hob, ~hoa & ~hob))
    overlap = (low < high) | ((low == high) & ~low_open & high_closed)
    verdict = np.where(overlap, "agree", np.where(time == "different_years", "changed_over_time", "conflict"))
    keys_a, keys_b = side("award", "a"), side("award", "b")
    made = {"metric": side("metric", "a"), "city": side("city", "a"), "region_code": side("region_code", "a"),
            "time_relation": time, "ranges_overlap": overlap,
            "same_event": [a is not None and a == b for a, b in zip(keys_a, keys_b, strict=True)],
            "verdict": verdict}
    columns = schemas.names(Corroboration)
    for which in ("a", "b"):
        made |= {f"claim_id_{which}": side("claim_id", which), f"source_file_{which}": side("source_file", which),
                 f"when_{which}": side("when", which), f"value_{which}": side("value", which),
                 f"qualifier_{which}": side("qualifier", which), f"range_{which}": side("range", which)}
    return from_columns({name: np.asarray(made[name], dtype=object) if name not in NUMERIC else made[name]
                         for name in columns}, "corroboration")


def _report_order(claims: pd.DataFrame) -> np.ndarray:
    """Each claim's report in the order the reports appeared: by the year they were reported, then the day where
    it is known, then source file; a report of unknown year or day comes after those known."""
    reports = claims[["reported_year", "reported_date", "source_file"]].drop_duplicates("source_file")
    reports = reports.sort_values(["reported_year", "reported_date", "source_file"], na_position="last")
    rank = dict(zip(reports["source_file"], range(len(reports)), strict=True))
    return np.array([rank[s] for s in claims["source_file"]], dtype=np.int64)


#: The columns of the table that are numbers or truth values (the rest is text).
NUMERIC = ("value_a", "value_b", "ranges_overlap", "same_event")
