"""The corruption battery: kinds of bad input, each applied alone to a copy of the inputs.

A case is a small function that corrupts a temporary copy of ``datasets/`` and
returns the problems the build must report. YAML files are corrupted by
replacing real lines, so their line numbers stay meaningful, and each expected
problem is derived from the edit itself (the line edited, the record it belongs
to, the value written), never copied from the pipeline's output.

``run`` runs the real build on a corrupted copy; ``verdict`` lists what went
wrong with a case (nothing when the build caught it cleanly). Run
``python -m tests.corruption`` to apply the whole battery and print the figures
that docs/pipeline.md quotes under "What we check".
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest.mock import patch

import opencc
import yaml

import pipeline.__main__ as cli
import pipeline.build
from pipeline.build import build
from pipeline.core.paths import Paths
from pipeline.core.problems import CODES, BuildError, Problem

REPO = Path(__file__).resolve().parents[1]
DOCUMENTS = "datasets/curated/documents"
SRC0, SRC1, SRC2, SRC3, SRC4 = (f"{n}.txt" for n in (
    "000_2b8feb0ae4f9f377", "001_6f9d1c62c3d9ba67", "002_a14baa4da29c5484", "003_5f50904643b5c427",
    "004_aea384481f6baa8d"))
DOC0, DOC1, DOC2, DOC3, DOC4 = (f"{DOCUMENTS}/{s.removesuffix('.txt')}.yml" for s in (SRC0, SRC1, SRC2, SRC3, SRC4))
SOURCES = "datasets/sources/sources.yml"
METRICS = "datasets/curated/metrics.yml"
VOCABULARY = "datasets/curated/vocabulary.yml"
PUBLISHED = "datasets/published"


@dataclass(frozen=True)
class Expect:
    """A problem the build must report: where, about what, and words its message must contain."""

    file: str
    line: int
    id: str
    field: str
    code: str
    says: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, int, str, str, str]:
        return (self.file, self.line, self.id, self.field, self.code)


@dataclass(frozen=True)
class Edit:
    """A line replaced in a copied file (1-based line, old and new text of the value)."""

    line: int
    old: str
    new: str


class Copy:
    """A temporary copy of the repository's ``datasets/``, with line-preserving edits."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, rel: str) -> Path:
        return self.root / rel

    def lines(self, rel: str) -> list[str]:
        return self.path(rel).read_text(encoding="utf-8").split("\n")

    def write(self, rel: str, lines: list[str]) -> None:
        self.path(rel).write_text("\n".join(lines), encoding="utf-8")

    def find(self, rel: str, text: str) -> int:
        """The 1-based number of the one line that reads exactly ``text``."""
        hits = [i for i, line in enumerate(self.lines(rel), start=1) if line == text]
        assert len(hits) == 1, f"{text!r} is on lines {hits} of {rel}"
        return hits[0]

    def explain(self, table: str, ids: str | None = None, columns: str | None = None,
                source: str | None = None) -> None:
        """Add a change note (datasets/curated/changes.yml) for an edit the publication is meant to take, under the
        data version being prepared."""
        version = yaml.safe_load(self.path("datasets/curated/package.yml").read_text(encoding="utf-8"))["version"]
        changes = self.path("datasets/curated/changes.yml")
        text = changes.read_text(encoding="utf-8") if changes.is_file() else "notes:\n"
        entry = [f'  - version: "{version}"', f"    table: {table}", *([f"    ids: {ids}"] if ids else []),
                 *([f"    source: {source}"] if source else []), *([f"    columns: {columns}"] if columns else []),
                 "    note: An edit made by a test."]
        changes.write_text("\n".join([text.rstrip("\n"), *entry, ""]), encoding="utf-8")

    def record(self, rel: str, key: str) -> int:
        """The line of a record (``- id: <key>`` or, in sources.yml, ``- file: <key>``)."""
        hits = [i for i, line in enumerate(self.lines(rel), start=1)
                if re.fullmatch(rf"\s*- (id|file): {re.escape(key)}", line)]
        assert len(hits) == 1, f"record {key} is on lines {hits} of {rel}"
        return hits[0]

    def field(self, rel: str, key: str, name: str) -> int:
        """The line of field ``name`` of a record."""
        lines = self.lines(rel)
        start = self.record(rel, key)
        indent = " " * (len(lines[start - 1]) - len(lines[start - 1].lstrip()) + 2)
        if re.match(rf"\s*- {name}:", lines[start - 1]):
            return start
        for number in range(start + 1, len(lines) + 1):
            line = lines[number - 1]
            if not line.startswith(indent):
                break
            if line.startswith(f"{indent}{name}:"):
                return number
        raise AssertionError(f"record {key} of {rel} has no field {name}")

    def get(self, rel: str, key: str, name: str) -> str:
        """The value of a field as written."""
        return self.lines(rel)[self.field(rel, key, name) - 1].split(f"{name}: ", 1)[1]

    def set(self, rel: str, key: str, name: str, value: str | Callable[[str], str]) -> Edit:
        """Write a new value (or a function of the old one) on the field's line."""
        number = self.field(rel, key, name)
        lines = self.lines(rel)
        head, old = lines[number - 1].split(f"{name}: ", 1)
        new = value(old) if callable(value) else value
        assert new != old, f"the edit of {key}.{name} changes nothing"
        lines[number - 1] = f"{head}{name}: {new}"
        self.write(rel, lines)
        return Edit(number, old, new)

    def replace(self, rel: str, number: int, text: str) -> str:
        """Replace line ``number`` with ``text``; return the old line."""
        lines = self.lines(rel)
        old, lines[number - 1] = lines[number - 1], text
        assert old != text
        self.write(rel, lines)
        return old

    def insert(self, rel: str, number: int, new: list[str]) -> None:
        """Insert lines so that the first of them becomes line ``number``."""
        lines = self.lines(rel)
        lines[number - 1:number - 1] = new
        self.write(rel, lines)

    def delete(self, rel: str, number: int) -> str:
        lines = self.lines(rel)
        old = lines.pop(number - 1)
        self.write(rel, lines)
        return old

    def source_line(self, source: str, text: str) -> int:
        """The one line of a raw source that contains ``text``."""
        raw = self.path(f"datasets/sources/{source}").read_text(encoding="utf-8").split("\n")
        hits = [i for i, line in enumerate(raw, start=1) if text in line]
        assert len(hits) == 1, f"{text!r} is on lines {hits} of {source}"
        return hits[0]


@dataclass(frozen=True)
class Case:
    """A named kind of corruption: ``corrupt`` edits the copy and returns the expected problems."""

    name: str
    corrupt: Callable[[Copy], list[Expect]]


CASES: list[Case] = []


def case(name: str) -> Callable[[Callable[[Copy], list[Expect]]], Callable[[Copy], list[Expect]]]:
    def register(corrupt: Callable[[Copy], list[Expect]]) -> Callable[[Copy], list[Expect]]:
        assert name not in {c.name for c in CASES}, name
        CASES.append(Case(name, corrupt))
        return corrupt
    return register


def _claim(rel: str, id: str, name: str, code: str, edit: Edit | int, *says: str) -> Expect:
    line = edit.line if isinstance(edit, Edit) else edit
    return Expect(rel, line, id, name, code, says)


# --- quotes and lines --------------------------------------------------------------


@case("quote not on the cited line")
def _quote_altered(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c001", "quote", lambda q: q.replace("3万余人", "4万余人"))
    return [_claim(DOC0, "000-c001", "quote", "quote-not-on-line", e, e.new, f"line {c.get(DOC0, '000-c001', 'line')}")]


@case("quote taken from another line")
def _quote_elsewhere(c: Copy) -> list[Expect]:
    other = c.get(DOC0, "000-c003", "quote")
    e = c.set(DOC0, "000-c001", "quote", other)
    return [_claim(DOC0, "000-c001", "quote", "quote-not-on-line", e, f"line {c.source_line(SRC0, other)}")]


@case("line past the end of the source")
def _line_past_end(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c001", "line", "999")
    return [_claim(DOC0, "000-c001", "line", "line-out-of-range", e, "999", SRC0)]


@case("line zero")
def _line_zero(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-h002", "line", "0")
    return [_claim(DOC0, "000-h002", "line", "line-out-of-range", e, "line 0")]


@case("quote in traditional script, source in simplified")
def _quote_traditional(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c001", "quote", opencc.OpenCC("s2t").convert)
    return [_claim(DOC0, "000-c001", "quote", "quote-not-on-line", e, "script")]


@case("quote in simplified script, source in traditional")
def _quote_simplified(c: Copy) -> list[Expect]:
    e = c.set(DOC2, "002-c001", "quote", opencc.OpenCC("t2s").convert)
    return [_claim(DOC2, "002-c001", "quote", "quote-not-on-line", e, "script")]


@case("quote with a full-width comma where the source has a half-width one")
def _quote_full_width_comma(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c003", "quote", lambda q: q.replace(",", "，"))
    return [_claim(DOC0, "000-c003", "quote", "quote-not-on-line", e, "width")]


@case("quote with full-width digits")
def _quote_full_width_digits(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c001", "quote", lambda q: q.replace("3", "３"))
    return [_claim(DOC0, "000-c001", "quote", "quote-not-on-line", e, "width")]


@case("quote with straight quotation marks where the source has curly ones")
def _quote_straight_marks(c: Copy) -> list[Expect]:
    e = c.set(DOC1, "001-c004", "quote", lambda q: q.replace("“", '"').replace("”", '"'))
    return [_claim(DOC1, "001-c004", "quote", "quote-not-on-line", e, "quotation marks")]


@case("figure not in the quote")
def _figure_elsewhere(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c001", "figure", "4万余人")
    return [_claim(DOC0, "000-c001", "figure", "figure-not-in-quote", e, "4万余人")]


# --- values, qualifiers, units -----------------------------------------------------


@case("value off by one")
def _value_off(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c001", "value", "30001")
    return [_claim(DOC0, "000-c001", "value", "value-mismatch", e, "30000", "30001")]


@case("value without its 萬 factor")
def _value_without_wan(c: Copy) -> list[Expect]:
    e = c.set(DOC2, "002-c006", "value", "1.2")
    return [_claim(DOC2, "002-c006", "value", "value-mismatch", e, "12000", "1.2")]


@case("value with its 万 factor applied twice")
def _value_twice_wan(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c001", "value", "300000000")
    return [_claim(DOC0, "000-c001", "value", "value-mismatch", e, "30000", "3e+08")]


@case("qualifier that the quote does not state")
def _qualifier_wrong(c: Copy) -> list[Expect]:
    e = c.set(DOC2, "002-c013", "qualifier", "more_than")
    return [_claim(DOC2, "002-c013", "qualifier", "qualifier-mismatch", e, "nearly", "more_than")]


@case("unit that the quote's measure word does not fit")
def _unit_wrong(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c001", "unit", "person_times")
    return [_claim(DOC0, "000-c001", "unit", "unit-not-metric-unit", e, "person_times", "persons"),
            _claim(DOC0, "000-c001", "unit", "unit-mismatch", e, "人", "人次")]


@case("percentage over 100 for a rate")
def _percent_over(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c007", "value", "196.7")
    return [_claim(DOC0, "000-c007", "value", "percent-out-of-range", e, "196.7", "0-100"),
            _claim(DOC0, "000-c007", "value", "value-mismatch", e, "96.7", "196.7")]


# --- vocabularies --------------------------------------------------------------------


@case("unknown metric")
def _unknown_metric(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c001", "metric", "patrol_forces")
    return [_claim(DOC0, "000-c001", "metric", "unknown-metric", e, "patrol_forces", "metrics.yml")]


@case("unknown unit")
def _unknown_unit(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c001", "unit", "people")
    return [_claim(DOC0, "000-c001", "unit", "unknown-unit", e, "people", "persons")]


@case("unknown region")
def _unknown_region(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-h002", "region", '"999999"')
    return [_claim(DOC0, "000-h002", "region", "unknown-region", e, "999999", "regions.csv")]


@case("unknown qualifier")
def _unknown_qualifier(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c001", "qualifier", "over")
    return [_claim(DOC0, "000-c001", "qualifier", "unknown-qualifier", e, "over", "more_than")]


@case("unknown year basis")
def _unknown_year_basis(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c001", "year_basis", "estimated")
    return [_claim(DOC0, "000-c001", "year_basis", "unknown-year-basis", e, "estimated", "unstated")]


@case("unknown metric domain")
def _unknown_domain(c: Copy) -> list[Expect]:
    e = c.set(METRICS, "patrol_force", "domain", "police")
    return [_claim(METRICS, "patrol_force", "domain", "unknown-domain", e, "police")]


@case("unknown exclusion reason")
def _unknown_reason(c: Copy) -> list[Expect]:
    old = "  - {line: 6, text: 一支, reason: idiom}"
    line = c.find(DOC0, old)
    c.replace(DOC0, line, old.replace("idiom", "proverb"))
    return [Expect(DOC0, line, "", "reason", "unknown-reason", ("proverb", "idiom"))]


@case("reference to an honour that does not exist")
def _unknown_reference(c: Copy) -> list[Expect]:
    old = "  - {line: 19, text: 第一期, reason: ordinal_in_name, see: 000-h008}"
    line = c.find(DOC0, old)
    c.replace(DOC0, line, old.replace("000-h008", "000-h808"))
    return [Expect(DOC0, line, "", "see", "unknown-reference", ("000-h808",))]


# --- years ---------------------------------------------------------------------------


@case("period ending after the article was published")
def _year_after_article(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c003", "period_end", "2025")
    return [_claim(DOC0, "000-c003", "period_end", "year-out-of-range", e, "2025", "2022"),
            _claim(DOC0, "000-c003", "period_end", "period-not-in-evidence", e, "2020", "2025")]


@case("period starting before 1949")
def _year_before_1949(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c003", "period_start", "1848")
    return [_claim(DOC0, "000-c003", "period_start", "year-out-of-range", e, "1848", "1949"),
            _claim(DOC0, "000-c003", "period_start", "period-not-in-evidence", e, "1848", "2018")]


@case("honour with an impossible year")
def _honour_impossible_year(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-h002", "year", "2102")
    return [_claim(DOC0, "000-h002", "year", "year-out-of-range", e, "2102", "2022"),
            _claim(DOC0, "000-h002", "year", "year-not-in-evidence", e, "2102")]


@case("stated year not in its evidence")
def _year_not_stated(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-h002", "year", "2013")
    evidence = c.get(DOC0, "000-h002", "year_evidence")
    return [_claim(DOC0, "000-h002", "year", "year-not-in-evidence", e, "2013", evidence)]


@case("relative year contradicting the article's date")
def _relative_year(c: Copy) -> list[Expect]:
    e = c.set(DOC1, "001-c003", "year", "2015")
    return [_claim(DOC1, "001-c003", "year", "relative-year-mismatch", e, "今年", "2016", "2015")]


@case("current stock dated to another year")
def _current_year(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c013", "year", "2021")
    return [_claim(DOC0, "000-c013", "year", "current-year-mismatch", e, "2022", "2021")]


@case("current stock whose evidence has no word that makes it current")
def _current_without_marker(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c013", "year_evidence", "建成调解工作室")
    return [_claim(DOC0, "000-c013", "year_evidence", "current-without-marker", e, "建成调解工作室", "目前")]


@case("year evidence not on its line")
def _evidence_elsewhere(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c013", "year_evidence", "目前")
    return [_claim(DOC0, "000-c013", "year_evidence", "year-evidence-not-on-line", e, "目前",
                   f"line {c.get(DOC0, '000-c013', 'line')}")]


@case("dated figure without year evidence")
def _evidence_missing(c: Copy) -> list[Expect]:
    c.replace(DOC4, c.field(DOC4, "004-c006", "year_evidence"), "    # the evidence was here")
    return [Expect(DOC4, c.record(DOC4, "004-c006"), "004-c006", "year_evidence", "year-evidence-missing",
                   ("stated", "year_evidence"))]


@case("figure with no time in the text given a year")
def _year_with_unstated(c: Copy) -> list[Expect]:
    line = c.field(DOC0, "000-c001", "year_basis")
    c.insert(DOC0, line, ["    year: 2022"])
    return [Expect(DOC0, line, "000-c001", "year", "year-with-unstated", ("unstated", "2022"))]


@case("total since a start not running to the article's year")
def _since_end(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c010", "period_end", "2021")
    return [_claim(DOC0, "000-c010", "period_end", "since-end-mismatch", e, "2022", "2021")]


@case("period whose evidence states neither bound")
def _period_evidence(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c020", "period_start", "2017")
    return [Expect(DOC0, e.line, "000-c020", "period_start", "period-not-in-evidence", ("2017", "2018"))]


@case("period running past the end its evidence states")
def _period_end_evidence(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c020", "period_end", "2021")
    return [Expect(DOC0, e.line, "000-c020", "period_end", "period-not-in-evidence", ("2020", "2021"))]


@case("figure dated to one year with a period as well")
def _period_with_year(c: Copy) -> list[Expect]:
    line = c.field(DOC0, "000-c013", "year_evidence")
    c.insert(DOC0, line, ["    period_start: 2020", "    period_end: 2022"])
    return [Expect(DOC0, line, "000-c013", "period_start", "period-with-year", ("current",))]


@case("honour said to be current")
def _honour_current(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-h002", "year_basis", "current")
    return [_claim(DOC0, "000-h002", "year_basis", "year-basis-not-allowed", e, "current", "unstated")]


@case("period ending before it starts")
def _period_reversed(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c003", "period_end", "2017")
    return [_claim(DOC0, "000-c003", "period_end", "period-reversed", e, "2017", "2018")]


# --- what was counted ------------------------------------------------------------------


def _add_field(c: Copy, rel: str, key: str, after: str, text: str) -> int:
    """Insert a field line after field ``after`` of a record; return its line."""
    line = c.field(rel, key, after) + 1
    c.insert(rel, line, [f"    {text}"])
    return line


@case("estimate published as measured")
def _estimate_unmarked(c: Copy) -> list[Expect]:
    e = c.set(DOC4, "004-c012", "value_type", "measured")
    return [_claim(DOC4, "004-c012", "value_type", "value-type-unmarked", e, "据估算", "estimate")]


@case("estimate with no word of estimation in its sentence")
def _estimate_unsupported(c: Copy) -> list[Expect]:
    line = _add_field(c, DOC0, "000-c001", "qualifier", "value_type: estimate")
    return [Expect(DOC0, line, "000-c001", "value_type", "value-type-not-in-text", ("estimate", "据估算"))]


@case("unknown value type")
def _unknown_value_type(c: Copy) -> list[Expect]:
    e = c.set(DOC4, "004-c012", "value_type", "guess")
    return [_claim(DOC4, "004-c012", "value_type", "unknown-value-type", e, "guess", "estimate")]


@case("change without a direction")
def _direction_missing(c: Copy) -> list[Expect]:
    c.replace(DOC0, c.field(DOC0, "000-c008", "direction"), "    # the direction was here")
    return [Expect(DOC0, c.record(DOC0, "000-c008"), "000-c008", "direction", "direction-missing",
                   ("telecom_fraud_solved_increase", "increase"))]


@case("direction the quote contradicts")
def _direction_wrong(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c008", "direction", "decrease")
    return [_claim(DOC0, "000-c008", "direction", "direction-not-in-quote", e, "decrease", "下降")]


@case("direction given for a figure that is not a change")
def _direction_not_change(c: Copy) -> list[Expect]:
    line = _add_field(c, DOC0, "000-c001", "qualifier", "direction: increase")
    return [Expect(DOC0, line, "000-c001", "direction", "direction-not-change", ("patrol_force", "count"))]


@case("unknown direction")
def _unknown_direction(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c008", "direction", "up")
    return [_claim(DOC0, "000-c008", "direction", "unknown-direction", e, "up", "increase")]


@case("rank without its comparison set")
def _comparison_missing(c: Copy) -> list[Expect]:
    c.replace(DOC0, c.field(DOC0, "000-c009", "comparison_set"), "    # the comparison set was here")
    return [Expect(DOC0, c.record(DOC0, "000-c009"), "000-c009", "comparison_set", "comparison-set-missing",
                   ("province",))]


@case("rank compared within a set its sentence does not name")
def _comparison_wrong(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c009", "comparison_set", "nation")
    return [_claim(DOC0, "000-c009", "comparison_set", "comparison-set-not-in-text", e, "nation", "全国")]


@case("comparison set on a figure that is not a rank")
def _comparison_not_rank(c: Copy) -> list[Expect]:
    line = _add_field(c, DOC0, "000-c001", "qualifier", "comparison_set: province")
    return [Expect(DOC0, line, "000-c001", "comparison_set", "comparison-set-not-rank", ("ranks only",))]


@case("unknown comparison set")
def _unknown_comparison(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c009", "comparison_set", "world")
    return [_claim(DOC0, "000-c009", "comparison_set", "unknown-comparison-set", e, "world", "national_peer_cities")]


@case("count of an award linked to an honour of another document")
def _honor_link_elsewhere(c: Copy) -> list[Expect]:
    e = c.set(DOC4, "004-c019", "honor_id", "003-h002")
    return [_claim(DOC4, "004-c019", "honor_id", "unknown-reference", e, "003-h002")]


@case("one award key for honours of two cities")
def _award_key_conflict(c: Copy) -> list[Expect]:
    c.set(DOC0, "000-h009", "award", "quanzhou-changan-cup-4")
    first = c.record(DOC3, "003-h002")  # the region is the report's own place: the record's first line names it
    return [_claim(DOC0, "000-h009", "region", "award-key-conflict", c.record(DOC0, "000-h009"),
                   "quanzhou-changan-cup-4", f"{DOC3}:{first}", "350100")]


@case("award key that is not lower-case words")
def _award_key_bad(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-h009", "award", "Fuzhou_Model_City")
    return [_claim(DOC0, "000-h009", "award", "bad-id", e, "Fuzhou_Model_City")]


# --- attribution and releases ------------------------------------------------------------


@case("site given without the line that names it")
def _site_unsupported(c: Copy) -> list[Expect]:
    line = c.field(SOURCES, SRC3, "site")
    c.replace(SOURCES, line, "    site: 海峡网")
    return [Expect(SOURCES, c.record(SOURCES, SRC3), SRC3, "site_line", "attribution-unsupported", ("海峡网",))]


@case("publisher line that does not name the publisher")
def _publisher_elsewhere(c: Copy) -> list[Expect]:
    e = c.set(SOURCES, SRC1, "publisher_line", "8")
    return [Expect(SOURCES, e.line, SRC1, "publisher_line", "attribution-not-on-line", ("line 8", "福州日报"))]


@case("published data changed under a released version")
def _version_not_bumped(c: Copy) -> list[Expect]:
    from pingan_data import __version__

    release = c.path(f"datasets/releases/{__version__}")
    shutil.copytree(c.path("datasets/releases/0.1.0"), release)
    descriptor = release / "datapackage.json"
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace('"version": "0.1.0"',
                                                                         f'"version": "{__version__}"'),
                          encoding="utf-8")
    return [Expect("datasets/curated/package.yml", 0, "", "version", "version-not-bumped", (__version__, "raise"))]


@case("archived release that cannot be read")
def _release_unreadable(c: Copy) -> list[Expect]:
    c.path("datasets/releases/0.1.0/datapackage.json").write_text("{", encoding="utf-8")
    return [Expect("datasets/releases/0.1.0", 0, "", "", "release-unreadable", ("datapackage.json",))]


@case("qualifier without a readable range")
def _qualifier_range(c: Copy) -> list[Expect]:
    old = c.lines(VOCABULARY)
    line = next(i for i, text in enumerate(old, start=1) if text.startswith("  nearly:"))
    c.replace(VOCABULARY, line, old[line - 1].replace('range: "[0.9, 1)"', 'range: "just under"'))
    return [Expect(VOCABULARY, line, "nearly", "range", "wrong-type", ("just under", "interval"))]


# --- identity ------------------------------------------------------------------------


def _vanished(ident: str, doc: str) -> Expect:
    return Expect(doc, 0, ident, "id", "id-vanished", (ident, "0.1.0", "retired"))


@case("duplicate id")
def _duplicate_id(c: Copy) -> list[Expect]:
    first = c.record(DOC0, "000-c001")
    e = c.set(DOC0, "000-c002", "id", "000-c001")
    return [_claim(DOC0, "000-c001", "id", "duplicate-id", e, f"{DOC0}:{first}"), _vanished("000-c002", DOC0)]


@case("published id renamed without retiring the old one")
def _renamed_id(c: Copy) -> list[Expect]:
    taken = re.findall(r"(?m)^  - id: 000-c(\d+)$", c.path(DOC0).read_text(encoding="utf-8"))
    c.set(DOC0, "000-c020", "id", f"000-c{max(int(n) for n in taken) + 1:03d}")  # an id no record has
    return [_vanished("000-c020", DOC0)]


@case("retired id used again")
def _retired_reused(c: Copy) -> list[Expect]:
    e = c.set(DOC3, "003-c009", "id", "003-c001")
    return [_claim(DOC3, "003-c001", "id", "retired-id", e, "003-c001", "withdrawn"), _vanished("003-c009", DOC3)]


@case("two claims identical but for their id")
def _duplicate_claim(c: Copy) -> list[Expect]:
    start, end = c.record(DOC0, "000-c001"), c.field(DOC0, "000-c001", "quote")
    block = c.lines(DOC0)[start - 1:end]
    at = c.find(DOC0, "honors:")
    c.insert(DOC0, at, [block[0].replace("000-c001", "000-c099"), *block[1:], ""])
    return [Expect(DOC0, at, "000-c099", "id", "duplicate-claim", ("000-c001",))]


@case("id not following the pattern")
def _bad_id(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-h002", "id", "000-h2")
    return [_claim(DOC0, "000-h2", "id", "bad-id", e, "000-h001"), _vanished("000-h002", DOC0)]


@case("id with digits of another script")
def _non_ascii_id(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-h002", "id", "000-h\u0660\u0660\u0662")  # Arabic-Indic ٠٠٢, which \d would accept
    return [_claim(DOC0, e.new, "id", "bad-id", e, f"id {e.new!r} should look like 000-h001"),
            _vanished("000-h002", DOC0)]


@case("publication date in digits of another script")
def _non_ascii_date(c: Copy) -> list[Expect]:
    e = c.set(SOURCES, SRC1, "published_date", '"\u0662\u0660\u0661\u0666-06-06"')  # ٢٠١٦-06-06
    return [Expect(SOURCES, e.line, SRC1, "published_date", "bad-metadata",
                   ("published_date '\u0662\u0660\u0661\u0666-06-06' must be YYYY-MM-DD in published_year 2016",))]


# --- text that would hide or reorder itself when printed -------------------------------------

#: (case name, file, record, field, the value as written in the YAML file, the offset of the character in the
#: value, the code, how the message names the character)
HIDDEN = [
    ("NUL in a claim's note", DOC0, "000-c003", "note", '"Read as 2018\\0-2020."', 12, "control-character",
     "U+0000 (a control character)"),
    ("terminal escape sequence in an honour's recipient", DOC0, "000-h002", "recipient",
     '"\\e[2J\\e[31m福州市公安局鼓楼分局"', 0, "control-character", "U+001B (a control character)"),
    ("line break in a claim's area", DOC0, "000-c010", "area", '"市医患纠纷\\n调解处置中心"', 5,
     "control-character", "U+000A (a control character)"),
    ("right-to-left override in a metric label", METRICS, "patrol_force", "label_en",
     "patrol \u202eecrof", 7, "invisible-character", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("zero-width space in a source title", SOURCES, SRC1, "title", "福州创新社会治理\u200b将平安建设朝纵深推进", 8,
     "invisible-character", "U+200B ZERO WIDTH SPACE"),
    ("byte-order mark inside an honour's note", DOC3, "003-h002", "note", '"\\ufeffThe Chang\'an Cup."', 0,
     "invisible-character", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
]


def _hidden_case(name: str, rel: str, key: str, field: str, written: str, at: int, code: str, described: str) -> None:
    @case(name)
    def corrupt(c: Copy) -> list[Expect]:
        e = c.set(rel, key, field, written)
        message = (f"{field} holds {described} at character {at}, which a terminal or a browser would act on or "
                   "hide; remove it")
        return [Expect(rel, e.line, key, field, code, (message,))]


for _spec in HIDDEN:
    _hidden_case(*_spec)


# --- honours -------------------------------------------------------------------------


@case("honour name not in the quote")
def _honour_not_in_quote(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-h002", "honor", "全国优秀派出所")
    return [_claim(DOC0, "000-h002", "honor", "honor-not-in-quote", e, "全国优秀派出所")]


@case("honour's count of times not in the quote")
def _times_not_in_quote(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-h004", "times", "8")
    return [_claim(DOC0, "000-h004", "times", "times-not-in-quote", e, "8")]


# --- coverage ledger -------------------------------------------------------------------


def _unaccounted(c: Copy, line: int, text: str) -> Expect:
    start = c.path(f"datasets/sources/{SRC0}").read_text(encoding="utf-8").split("\n")[line - 1].find(text)
    return Expect(DOC0, 0, f"{SRC0}:{line}:{start}", "excluded", "unaccounted-number", (f"line {line}",))


@case("number left unaccounted for")
def _unaccounted_number(c: Copy) -> list[Expect]:
    c.delete(DOC0, c.find(DOC0, "  - {line: 6, text: 一支, reason: idiom}"))
    return [_unaccounted(c, 6, "一支")]


@case("exclusion whose text is not on its line")
def _exclusion_elsewhere(c: Copy) -> list[Expect]:
    old = "  - {line: 6, text: 一支, reason: idiom}"
    line = c.find(DOC0, old)
    c.replace(DOC0, line, old.replace("一支", "一只"))
    return [Expect(DOC0, line, "", "text", "exclusion-text-not-on-line", ("一只", "line 6")),
            _unaccounted(c, 6, "一支")]


# --- fields and types ------------------------------------------------------------------


@case("missing required field")
def _missing_field(c: Copy) -> list[Expect]:
    c.delete(DOC0, c.field(DOC0, "000-c001", "unit"))
    return [Expect(DOC0, c.record(DOC0, "000-c001"), "000-c001", "unit", "missing-field", ("unit",))]


@case("required field left empty")
def _empty_field(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-h002", "recipient", "~")
    return [_claim(DOC0, "000-h002", "recipient", "missing-field", e, "recipient")]


@case("misspelt field name")
def _misspelt_field(c: Copy) -> list[Expect]:
    line = c.field(DOC0, "000-c001", "qualifier")
    c.replace(DOC0, line, c.lines(DOC0)[line - 1].replace("qualifier:", "qualifer:"))
    return [Expect(DOC0, line, "000-c001", "qualifer", "unknown-field", ("qualifer", "qualifier")),
            Expect(DOC0, c.record(DOC0, "000-c001"), "000-c001", "qualifier", "missing-field", ("qualifier",))]


@case("field given twice")
def _duplicate_field(c: Copy) -> list[Expect]:
    at = c.field(DOC0, "000-c001", "quote") + 1
    c.insert(DOC0, at, ["    value: 30000"])
    return [Expect(DOC0, at, "000-c001", "value", "duplicate-field", ("value",))]


@case("list used as a field name")
def _list_as_key(c: Copy) -> list[Expect]:
    line = c.field(DOC1, "001-c001", "qualifier")
    old = c.replace(DOC1, line, "    ? [qualifier]")
    c.insert(DOC1, line + 1, [f"    : {old.split(': ', 1)[1]}"])
    return [Expect(DOC1, line, "001-c001", "", "wrong-type", ("field name",)),
            Expect(DOC1, c.record(DOC1, "001-c001"), "001-c001", "qualifier", "missing-field", ("qualifier",))]


@case("list used as a key in the vocabulary")
def _list_as_vocabulary_key(c: Copy) -> list[Expect]:
    line = next(n for n, text in enumerate(c.lines(VOCABULARY), 1) if text.startswith("  policing:"))
    c.replace(VOCABULARY, line, "  [policing]: 治安")
    return [Expect(VOCABULARY, line, "", "domains", "wrong-type", ("code", "text"))]


@case("text where a number belongs")
def _text_for_number(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c001", "value", "lots")
    return [_claim(DOC0, "000-c001", "value", "wrong-type", e, "number", "lots")]


@case("quoted year")
def _quoted_year(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-h002", "year", '"2012"')
    return [_claim(DOC0, "000-h002", "year", "wrong-type", e, "whole number", "2012")]


@case("list where text belongs")
def _list_for_text(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c001", "metric", "[patrol_force]")
    return [_claim(DOC0, "000-c001", "metric", "wrong-type", e, "text", "list")]


@case("YAML 1.1 octal line number")
def _octal(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c001", "line", "011")
    return [_claim(DOC0, "000-c001", "line", "wrong-type", e, "whole number", "011")]


@case("YAML 1.1 sexagesimal year")
def _sexagesimal(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-h002", "year", "33:42")
    return [_claim(DOC0, "000-h002", "year", "wrong-type", e, "whole number", "33:42")]


@case("not-a-number value")
def _nan(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c001", "value", ".nan")
    return [_claim(DOC0, "000-c001", "value", "wrong-type", e, "number", ".nan")]


@case("misspelt section name")
def _misspelt_section(c: Copy) -> list[Expect]:
    line = c.find(DOC0, "honors:")
    c.replace(DOC0, line, "honours:")
    return [Expect(DOC0, line, "", "honours", "unknown-field", ("honours", "honors"))]


@case("section given twice")
def _duplicate_section(c: Copy) -> list[Expect]:
    line = c.find(DOC0, "honors:")
    c.replace(DOC0, line, "claims:")
    return [Expect(DOC0, line, "", "claims", "duplicate-field", ("claims",))]


# --- syntax, encoding, safety ----------------------------------------------------------


@case("malformed YAML: a colon in a plain value")
def _syntax_colon(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c001", "metric", "patrol: force")
    return [Expect(DOC0, e.line, "", "", "yaml-syntax", ("YAML",))]


@case("malformed YAML: broken indentation")
def _syntax_indent(c: Copy) -> list[Expect]:
    line = c.field(METRICS, "patrol_force", "domain")
    c.replace(METRICS, line, c.lines(METRICS)[line - 1][1:])
    return [Expect(METRICS, line, "", "", "yaml-syntax", ("YAML",))]


@case("malformed YAML in the vocabulary")
def _syntax_vocabulary(c: Copy) -> list[Expect]:
    line = next(n for n, text in enumerate(c.lines(VOCABULARY), 1) if text.startswith("  policing:"))
    c.replace(VOCABULARY, line, "  policing: 治安: policing")
    return [Expect(VOCABULARY, line, "", "", "yaml-syntax", ("YAML",))]


@case("vocabulary unit that is not a mapping")
def _vocabulary_unit_type(c: Copy) -> list[Expect]:
    line = next(n for n, text in enumerate(c.lines(VOCABULARY), 1) if text.startswith("  trips:"))
    c.replace(VOCABULARY, line, "  trips: trips")
    return [Expect(VOCABULARY, line, "trips", "units", "wrong-type", ("mapping",))]


@case("empty curated file")
def _empty_file(c: Copy) -> list[Expect]:
    c.path(DOC3).write_text("", encoding="utf-8")
    return [Expect(DOC3, 0, "", "", "empty-file", ("no content",))]


@case("curated file of comments only")
def _comments_only(c: Copy) -> list[Expect]:
    lines = c.lines(METRICS)
    c.write(METRICS, [line for line in lines if line.startswith("#")])
    return [Expect(METRICS, 0, "", "", "empty-file", ("no content",))]


@case("curated file not in UTF-8")
def _not_utf8(c: Copy) -> list[Expect]:
    line = c.field(DOC0, "000-c001", "quote")
    raw = c.path(DOC0).read_bytes().split(b"\n")
    raw[line - 1] = raw[line - 1].decode("utf-8").encode("gb18030")
    c.path(DOC0).write_bytes(b"\n".join(raw))
    return [Expect(DOC0, line, "", "", "not-utf8", ("UTF-8",))]


@case("UTF-8 byte-order mark")
def _bom(c: Copy) -> list[Expect]:
    c.path(DOC1).write_bytes(b"\xef\xbb\xbf" + c.path(DOC1).read_bytes())
    return [Expect(DOC1, 1, "", "", "utf8-bom", ("without BOM",))]


@case("CRLF line ends")
def _crlf(c: Copy) -> list[Expect]:
    c.path(DOC2).write_bytes(c.path(DOC2).read_bytes().replace(b"\n", b"\r\n"))
    return [Expect(DOC2, 1, "", "", "crlf-line-ends", ("LF",))]


@case("YAML tag that would construct a Python object")
def _python_tag(c: Copy) -> list[Expect]:
    marker = c.root / "constructed"
    e = c.set(DOC0, "000-c001", "quote", f'!!python/object/apply:builtins.open ["{marker}", "w"]')
    return [_claim(DOC0, "000-c001", "quote", "yaml-tag", e, "python/object/apply")]


@case("YAML tag in the vocabulary")
def _vocabulary_tag(c: Copy) -> list[Expect]:
    line = next(n for n, text in enumerate(c.lines(VOCABULARY), 1) if text.startswith("  policing:"))
    c.replace(VOCABULARY, line, "  policing: !!python/name:os.system ''")
    return [Expect(VOCABULARY, line, "", "policing", "yaml-tag", ("python/name",))]


# --- spreadsheet formulas ---------------------------------------------------------------


@case("claim note that a spreadsheet would run as a formula (=)")
def _formula_note(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-c003", "note", '=HYPERLINK("https://example.org","see")')
    return [_claim(DOC0, "000-c003", "note", "formula-like-text", e, "'='")]


@case("honour recipient that a spreadsheet would run as a formula (@)")
def _formula_recipient(c: Copy) -> list[Expect]:
    e = c.set(DOC0, "000-h002", "recipient", lambda old: f'"@{old}"')
    return [_claim(DOC0, "000-h002", "recipient", "formula-like-text", e, "'@'")]


@case("metric label that a spreadsheet would run as a formula (+)")
def _formula_label(c: Copy) -> list[Expect]:
    e = c.set(METRICS, "patrol_force", "label_en", lambda old: f"+{old}")
    return [_claim(METRICS, "patrol_force", "label_en", "formula-like-text", e, "'+'")]


@case("source title that a spreadsheet would run as a formula (-)")
def _formula_title(c: Copy) -> list[Expect]:
    e = c.set(SOURCES, SRC0, "title", lambda old: f'"-{old}"')
    return [_claim(SOURCES, SRC0, "title", "formula-like-text", e, "'-'")]


# --- sources ----------------------------------------------------------------------------


@case("source file changed by one byte")
def _source_changed(c: Copy) -> list[Expect]:
    path = c.path(f"datasets/sources/{SRC0}")
    raw = path.read_bytes()
    at = raw.index("3万余人".encode())
    path.write_bytes(raw[:at] + b"4" + raw[at + 1:])
    pinned = c.get(SOURCES, SRC0, "sha256")
    now = hashlib.sha256(path.read_bytes()).hexdigest()
    return [Expect(SOURCES, c.field(SOURCES, SRC0, "sha256"), SRC0, "sha256", "source-changed", (pinned, now))]


@case("source file missing")
def _source_missing(c: Copy) -> list[Expect]:
    c.path(f"datasets/sources/{SRC1}").unlink()
    return [Expect(SOURCES, c.field(SOURCES, SRC1, "file"), SRC1, "file", "source-missing", (SRC1,))]


@case("extra source file that sources.yml does not describe")
def _source_unlisted(c: Copy) -> list[Expect]:
    name = "005_0123456789abcdef.txt"
    c.path(f"datasets/sources/{name}").write_text("平安建设\n", encoding="utf-8")
    return [Expect(SOURCES, 0, name, "file", "source-unlisted", (name,))]


@case("sources.yml naming a file that does not exist")
def _metadata_missing_file(c: Copy) -> list[Expect]:
    name = "001_0000000000000000.txt"
    e = c.set(SOURCES, SRC1, "file", name)
    return [Expect(SOURCES, e.line, name, "file", "source-missing", (name,)),
            Expect(SOURCES, e.line, name, "file", "source-not-curated", (name,)),
            Expect(SOURCES, 0, SRC1, "file", "source-unlisted", (SRC1,)),
            Expect(DOC1, c.find(DOC1, f"source: {SRC1}"), SRC1, "source", "unknown-source", (SRC1,))]


@case("curated file naming a source that does not exist")
def _document_unknown_source(c: Copy) -> list[Expect]:
    name = "000_ffffffffffffffff.txt"
    line = c.find(DOC0, f"source: {SRC0}")
    c.replace(DOC0, line, f"source: {name}")
    return [Expect(DOC0, line, name, "source", "unknown-source", (name,)),
            Expect(SOURCES, c.field(SOURCES, SRC0, "file"), SRC0, "file", "source-not-curated", (SRC0,))]


@case("curated file of a source missing")
def _document_missing(c: Copy) -> list[Expect]:
    def metrics(rel: str) -> set[str]:
        return {claim["metric"] for claim in yaml.safe_load(c.path(rel).read_text(encoding="utf-8"))["claims"]}

    orphans = metrics(DOC3).difference(*(metrics(d.relative_to(c.root).as_posix())
                                          for d in c.path(DOCUMENTS).glob("*.yml") if d != c.path(DOC3)))
    ids = re.findall(r"(?m)^  - id: (003-[ch]\d{3})$", c.path(DOC3).read_text(encoding="utf-8").split("retired:")[0])
    c.path(DOC3).unlink()
    return [Expect(SOURCES, c.field(SOURCES, SRC3, "file"), SRC3, "file", "source-not-curated", (SRC3,)),
            *(Expect(METRICS, c.record(METRICS, m), m, "id", "metric-unused", (m,)) for m in orphans),
            *(Expect("datasets/curated/documents", 0, i, "id", "id-vanished", (i,)) for i in ids),
            Expect("datasets/curated/documents", 0, "003-c001", "id", "id-vanished", ("003-c001",))]


@case("raw source not in UTF-8 (pinned as it is)")
def _source_not_utf8(c: Copy) -> list[Expect]:
    path = c.path(f"datasets/sources/{SRC1}")
    raw = path.read_bytes().decode("utf-8").encode("gb18030")
    path.write_bytes(raw)
    c.set(SOURCES, SRC1, "sha256", hashlib.sha256(raw).hexdigest())  # a curator pinned the file as received
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        at, line = err.start, raw[:err.start].count(b"\n") + 1
    return [Expect(f"datasets/sources/{SRC1}", line, SRC1, "", "source-not-utf8",
                   (f"byte {at} (line {line}) is not valid UTF-8; raw sources are stored as UTF-8: convert the file "
                    "(e.g. with iconv) before adding it and pinning its sha256",))]


@case("publication date outside the publication year")
def _bad_metadata(c: Copy) -> list[Expect]:
    e = c.set(SOURCES, SRC1, "published_date", '"2015-06-06"')
    return [Expect(SOURCES, e.line, SRC1, "published_date", "bad-metadata", ("2015-06-06", "2016"))]


# --- running a case -----------------------------------------------------------------------


def copy_inputs(dest: Path) -> Copy:
    """Copy the repository's ``datasets/`` (inputs and publication, not the review notes) below ``dest``."""
    shutil.copytree(REPO / "datasets", dest / "datasets", copy_function=shutil.copyfile,
                    ignore=shutil.ignore_patterns("review", ".published.*"))
    return Copy(dest)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (relative path → bytes)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@dataclass
class Outcome:
    """What one build of a corrupted copy did."""

    status: int | None
    report: str
    problems: list[Problem]
    crash: str | None
    damaged: bool
    leftovers: list[str]


def run(root: Path) -> Outcome:
    """Build ``root`` once with the command line: its exit status, what it printed, the problems it raised."""
    published = Paths(root).published
    before = snapshot(published)
    stderr = io.StringIO()
    status: int | None = None
    crash = None
    raised: list[BuildError] = []

    def watched(*args: Any, **kwargs: Any) -> Path:
        try:
            return build(*args, **kwargs)
        except BuildError as err:
            raised.append(err)
            raise

    try:
        with patch.object(pipeline.build, "build", watched), redirect_stderr(stderr), redirect_stdout(io.StringIO()):
            status = cli.main(["build", "--root", str(root)])
    except Exception as err:  # noqa: BLE001 - a crash is what the battery looks for
        crash = f"{type(err).__name__}: {err}"
    problems = raised[0].problems if raised else []
    leftovers = sorted(p.name for p in published.parent.iterdir() if p.name.startswith(f".{published.name}."))
    return Outcome(status, stderr.getvalue(), problems, crash, snapshot(published) != before, leftovers)


def verdict(expected: list[Expect], outcome: Outcome) -> list[str]:
    """Everything wrong with how the build handled a corruption; empty when it was caught cleanly."""
    faults = []
    if outcome.crash:
        faults.append(f"the build crashed instead of reporting problems: {outcome.crash}")
    if outcome.status == 0:
        faults.append("the build exited 0")
    if outcome.damaged or outcome.leftovers:
        faults.append(f"the publication changed (leftovers: {outcome.leftovers})")
    found = {(p.file, p.line, p.id, p.field, p.code): p for p in outcome.problems}
    wanted = {e.key: e for e in expected}
    for key in wanted.keys() - found.keys():
        faults.append(f"not reported: {key}")
    for key in found.keys() - wanted.keys():
        faults.append(f"reported but not expected: {found[key]}")
    for key in wanted.keys() & found.keys():
        missing = [w for w in wanted[key].says if w not in found[key].message]
        if missing:
            faults.append(f"the message of {key} does not mention {missing}: {found[key].message!r}")
    for problem in outcome.problems:
        if problem.code not in CODES:
            faults.append(f"code {problem.code!r} is not in pipeline.verify.CODES")
        if str(problem) not in outcome.report:
            faults.append(f"the command did not print {str(problem)!r}")
    return faults


def apply(corruption: Case, root: Path) -> tuple[list[Expect], Outcome]:
    """Copy the inputs below ``root``, corrupt them, build."""
    copy = copy_inputs(root)
    expected = corruption.corrupt(copy)
    return expected, run(root)


@dataclass(frozen=True)
class Figures:
    tried: int
    caught: int
    damaged: int


def battery() -> tuple[Figures, dict[str, list[str]]]:
    """Apply every case, each to a fresh copy; return the figures and each case's faults."""
    faults = {}
    damaged = 0
    with tempfile.TemporaryDirectory() as tmp:
        for number, corruption in enumerate(CASES):
            expected, outcome = apply(corruption, Path(tmp) / str(number))
            faults[corruption.name] = verdict(expected, outcome)
            damaged += outcome.damaged or bool(outcome.leftovers)
    caught = sum(not f for f in faults.values())
    return Figures(len(CASES), caught, damaged), faults


def readme_lines(figures: Figures) -> list[str]:
    """The figures as docs/pipeline.md states them."""
    return [
        f"- kinds of corruption tried: {figures.tried}",
        f"- kinds caught (build refused, every problem located and explained): {figures.caught}",
        f"- publications damaged: {figures.damaged}",
    ]


if __name__ == "__main__":
    figures, faults = battery()
    for name, wrong in faults.items():
        for fault in wrong:
            print(f"{name}: {fault}", file=sys.stderr)
    print("\n".join(readme_lines(figures)))
    sys.exit(1 if figures.caught != figures.tried or figures.damaged else 0)


def tree(root: Path) -> dict[str, object]:
    """Everything below ``root`` by relative path: a file's bytes, a link's target, a FIFO or other special file's
    kind, an empty folder."""
    found: dict[str, object] = {}
    for folder, dirs, names in os.walk(root):
        for name in [*names, *dirs]:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = ("link", os.readlink(path))
            elif path.is_fifo():
                found[rel] = ("fifo",)
            elif path.is_file():
                found[rel] = path.read_bytes()
            elif path.is_dir() and not any(path.iterdir()):
                found[rel] = ("empty folder",)
            elif not path.is_dir():
                found[rel] = ("special",)
    return found
