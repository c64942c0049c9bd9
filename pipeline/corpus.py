"""Document results and the context → the checks that span documents, and the corroboration table.

What one document cannot know is checked here: that every raw source is listed, curated and present; that
no two sources share a document number and no id is used twice; that every metric is used; that the honours
sharing an award key agree; that every claim and honour id of the last release is still published or
retired. :func:`corroborate` compares claims on the same metric and city across documents.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import ids
from pipeline.context import Context, Vocabulary
from pipeline.document import DocumentResult
from pipeline.errors import Problems
from pipeline.releases import check_ids, releases


def check_corpus(context: Context, results: Iterable[DocumentResult]) -> Problems:
    """Document results and the context → every problem that spans documents (each document's own problems
    are in its result)."""
    results = list(results)
    problems = Problems()
    paths = context.paths
    sources_yml = context.rel(paths.sources_meta)
    on_disk = {p.name for p in paths.source_texts()}
    documents = paths.curated_documents()
    if not documents:
        problems.add(context.rel(paths.documents), 0, "", "", "file-missing", "no curated document files found")
    # the sources the documents name; a document that could not be read is taken to be its file's namesake
    curated = {r.source_file or Path(r.file).name.removesuffix(".yml") + ".txt" for r in results}
    prefixes: dict[str, str] = {}
    for name, meta in context.sources.items():
        if name not in on_disk:
            problems.add(meta.file, meta.line_of("file"), name, "file", "source-missing",
                         f"{name} is not in {context.rel(paths.sources)}")
        if name not in curated:
            problems.add(meta.file, meta.line_of("file"), name, "file", "source-not-curated",
                         f"{name} has no curated file {name.removesuffix('.txt')}.yml")
        prefix = ids.prefix(name)
        if prefix is not None and prefix in prefixes:
            problems.add(meta.file, meta.line_of("file"), name, "file", "duplicate-prefix",
                         f"{name} has the document number {prefix} of {prefixes[prefix]}; every source needs its own")
        prefixes.setdefault(prefix or name, name)
    for name in sorted(on_disk - set(context.sources)):
        problems.add(sources_yml, 0, name, "file", "source-unlisted",
                     f"{name} is in the sources folder but not described in sources.yml")
    seen: dict[str, tuple[str, int]] = {}
    for result in results:
        for ident, line in result.ids:
            if ident in seen and seen[ident][0] != result.file:
                problems.add(result.file, line, ident, "id", "duplicate-id",
                             f"id {ident!r} is also used at {seen[ident][0]}:{seen[ident][1]}")
            seen.setdefault(ident, (result.file, line))
    used = {metric for result in results for metric in result.metrics}
    complete = all(result.complete for result in results)  # else a metric may be used by what was not read
    for metric in context.metrics.values():
        if complete and metric.id not in used:
            problems.add(metric.file, metric.line_of("id"), metric.id, "id", "metric-unused",
                         f"metric {metric.id!r} has no claim; remove it")
    _check_awards(results, problems)
    archived = releases(paths)
    if archived:
        where = {ids.prefix(r.source_file) or r.source_file: r.file for r in results}
        unread = {p for r in results if not r.complete for p in (ids.prefix(r.source_file), ids.prefix(
            Path(r.file).name.removesuffix(".yml") + ".txt")) if p}  # what an unread document holds is unknown
        check_ids(archived[-1], set(seen), {i for r in results for i, _ in r.retired}, where, problems, unread)
    return problems


def _check_awards(results: list[DocumentResult], problems: Problems) -> None:
    """Honours that share an award key are one award: one city, and one year where they give one."""
    members: dict[str, list[tuple[str, dict[str, Any], str, dict[str, int]]]] = {}
    for result in results:
        for key, city, year, ident, line, city_line, year_line in result.awards:
            members.setdefault(key, []).append((result.file, {"city": city, "year": year}, ident,
                                                {"record": line, "city": city_line, "year": year_line}))
    for key, honors in members.items():
        for name in ("city", "year"):
            values = [h[1][name] for h in honors if h[1][name] is not None]
            if len(set(values)) < 2:
                continue
            usual = Counter(values).most_common(1)[0][0]  # ties go to the first reported
            witness = next(h for h in honors if h[1][name] == usual)
            for file, values_, ident, lines in honors:
                if values_[name] not in (None, usual):
                    problems.add(file, lines[name], ident, name, "award-key-conflict",
                                 f"award {key!r} has {name} {usual} at {witness[0]}:{witness[3]['record']} "
                                 f"({witness[2]}), not {values_[name]}; one award has one {name}")


# --- corroboration --------------------------------------------------------------------------------------

CORROBORATION_COLUMNS = ["metric", "city", "claim_id_a", "claim_id_b", "source_file_a", "source_file_b", "when_a",
                         "when_b", "time_relation", "value_a", "qualifier_a", "range_a", "value_b", "qualifier_b",
                         "range_b", "ranges_overlap", "same_event", "verdict"]


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
    """Every pair of claims from different source files sharing metric and city, compared in time and value.

    A pair whose claims count the same award (their honours share an award_key) reports one fact twice:
    ``same_event`` says so, and such a pair is not independent confirmation.
    """
    award = dict(zip(honors["honor_id"], honors["award_key"], strict=True))
    rows = []
    # Only groups reported by two or more source files can pair; sort once and walk them as plain records
    # (the order is that of groupby(["metric", "city"]) with each group sorted by source file and claim id).
    shared = claims.groupby(["metric", "city"], observed=True)["source_file"].transform("nunique") > 1
    ordered = claims[shared].sort_values(["metric", "city", "source_file", "claim_id"]).to_dict("records")
    for (metric, city), group in itertools.groupby(ordered, key=lambda row: (row["metric"], row["city"])):
        for a, b in itertools.combinations(group, 2):
            if a["source_file"] == b["source_file"]:
                continue
            time, overlap, verdict = relate(a, b, vocabulary)
            keys = [award.get(r["honor_id"]) if isinstance(r["honor_id"], str) else None for r in (a, b)]
            rows.append([metric, city, a["claim_id"], b["claim_id"], a["source_file"], b["source_file"],
                         _when(_span(a)), _when(_span(b)), time,
                         a["value"], a["qualifier"], str(value_range(a["value"], a["qualifier"], vocabulary)),
                         b["value"], b["qualifier"], str(value_range(b["value"], b["qualifier"], vocabulary)),
                         overlap, keys[0] is not None and keys[0] == keys[1], verdict])
    frame = pd.DataFrame(rows, columns=CORROBORATION_COLUMNS)
    for name in CORROBORATION_COLUMNS:
        if name.startswith("value"):
            frame[name] = frame[name].astype("float64")
        elif name in ("ranges_overlap", "same_event"):
            frame[name] = frame[name].astype("bool")
        else:
            frame[name] = frame[name].astype("str")
    return frame
