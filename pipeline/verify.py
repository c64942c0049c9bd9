"""Records → checked records: sources pinned, quotes on their lines, values recomputed from quotes.

Every check has a stable code (see ``CODES``); all problems are collected and
reported together, sorted by file and line.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pipeline.errors import Problems
from pipeline.load import Document, Inputs, Record
from pipeline.numerals import FigureError, find_numbers, number_value, parse_figure
from pipeline.releases import check_ids, releases
from pipeline.text import fold, to_simplified

#: Every problem code a build can report, with what it means.
CODES = {
    # load: the curated files themselves
    "file-missing": "a file the build needs is not there",
    "utf8-bom": "a curated file starts with a UTF-8 byte-order mark",
    "not-utf8": "a curated file is not valid UTF-8",
    "crlf-line-ends": "a curated file has carriage returns (CRLF line ends)",
    "empty-file": "a curated file has no content",
    "yaml-syntax": "a curated file is not valid YAML",
    "yaml-tag": "a curated file uses a YAML tag (e.g. !!python/object); it is refused, nothing is constructed",
    "wrong-type": "a field's value has the wrong type",
    "unknown-field": "a field name is not one the record knows (often a misspelling)",
    "duplicate-field": "a field is given twice in one record",
    "missing-field": "a required field is missing or empty",
    # validate and publish
    "schema-violation": "a table fails a check of its pandera model",
    "read-back-mismatch": "a written file (Parquet, SQLite, annotations, Croissant…) does not read back as the tables",
    "hash-mismatch": "a written file differs from the hash in datapackage.json",
    # verify
    "source-changed": "a raw source's bytes no longer match the sha256 in sources.yml",
    "source-missing": "sources.yml lists a file that is not in datasets/sources",
    "source-unlisted": "a raw source file is not described in sources.yml",
    "source-not-curated": "a raw source has no curated document file",
    "unknown-source": "a curated file names a source that sources.yml does not list",
    "source-mismatch": "a curated file's name does not match the source it names",
    "bad-metadata": "a source's metadata has an impossible value",
    "bad-id": "an id does not follow the pattern <document>-c<nnn> or <document>-h<nnn>",
    "duplicate-id": "two records share an id",
    "duplicate-claim": "two claims are identical in everything but their id",
    "retired-id": "a record uses an id that was published once and withdrawn",
    "id-vanished": "a claim or honour id of the last release is neither published nor retired",
    "release-unreadable": "an archived release in datasets/releases cannot be read",
    "version-not-bumped": "the published tables changed but the version is that of an archived release",
    "unknown-metric": "a claim's metric is not in metrics.yml",
    "unknown-unit": "a unit is not in vocabulary.yml",
    "unknown-qualifier": "a qualifier is not in vocabulary.yml",
    "unknown-city": "a city is not in vocabulary.yml",
    "unknown-year-basis": "a year basis is not in vocabulary.yml",
    "unknown-domain": "a metric's domain is not in vocabulary.yml",
    "unknown-kind": "a metric's kind is not one of the known kinds",
    "unknown-reason": "an exclusion reason is not in vocabulary.yml",
    "unknown-reference": "a `see` reference names no claim or honour",
    "metric-unused": "a metric of metrics.yml has no claim",
    "unit-not-metric-unit": "a claim's unit differs from its metric's unit",
    "line-out-of-range": "a line number is not a line of the source",
    "quote-not-on-line": "the quote is not a verbatim substring of the cited line",
    "figure-not-in-quote": "the figure is not a substring of the quote",
    "figure-unparsed": "no single number could be read from the figure",
    "value-mismatch": "the value differs from the number in the quote",
    "qualifier-mismatch": "the qualifier differs from the one the quote states",
    "unit-mismatch": "the quote's measure word does not fit the unit",
    "percent-out-of-range": "a percentage outside 0-100 for a metric that is not a change",
    "year-out-of-range": "a year before 1949 or after the article's publication",
    "year-basis-not-allowed": "a year basis that does not apply to the record (an honour is never `current`)",
    "year-evidence-missing": "a dated figure does not say which words of the source date it (`year_evidence`)",
    "year-evidence-not-on-line": "the year evidence is not a verbatim substring of its line",
    "year-not-in-evidence": "year_basis is `stated` but the year evidence does not contain the year",
    "relative-year-mismatch": "a relative year (今年/去年) contradicts the article's date",
    "current-year-mismatch": "a stock current at publication is not dated to the publication year",
    "current-without-marker": "year_basis is `current` but the evidence has no word that makes it current "
                              "(目前, 如今…)",
    "period-missing": "a period lacks its start or end",
    "period-reversed": "a period ends before it starts",
    "period-not-in-evidence": "the year evidence of a period does not state its start, or states another end",
    "since-end-mismatch": "a total since a start does not run to the article's year",
    "year-with-period": "a claim over a period also has a single year",
    "period-with-year": "a claim dated to one year also has a period",
    "year-with-unstated": "year_basis is `unstated` but a year or period is given",
    "year-missing": "a year basis that dates a figure to one year has no year",
    "unknown-value-type": "a value type is not in vocabulary.yml",
    "value-type-unmarked": "the quote's sentence marks the figure as an estimate or target, but value_type does not",
    "value-type-not-in-text": "value_type is an estimate or target, but the quote's sentence has no word that says so",
    "direction-missing": "a claim on a change does not say whether it rose or fell",
    "direction-not-change": "a direction is given for a claim whose metric is not a change",
    "unknown-direction": "a direction is not in vocabulary.yml",
    "direction-not-in-quote": "the quote has no word of the claim's direction (上升, 下降…)",
    "comparison-set-missing": "a rank does not say what it ranks among",
    "comparison-set-not-rank": "a comparison set is given for a claim that is not a rank",
    "unknown-comparison-set": "a comparison set is not in vocabulary.yml",
    "comparison-set-not-in-text": "the quote's sentence does not name the rank's comparison set",
    "award-key-conflict": "honours that share an award key disagree on its city or year",
    "attribution-unsupported": "a source's site or publisher is given without the line of the source that names it",
    "attribution-not-on-line": "the line given for a source's site or publisher does not name it",
    "honor-not-in-quote": "the honour's name is not in the quote",
    "times-not-in-quote": "the honour's count of times is not a number in the quote",
    "exclusion-text-not-on-line": "an exclusion's text is not on its line",
    "exclusion-not-a-number": "an exclusion's text covers no number that needs accounting for",
    "unaccounted-number": "a number in a source is neither claim, honour, nor excluded",
    "formula-like-text": "a published text starts with =, +, -, @, tab or carriage return, which a spreadsheet "
                         "would run as a formula; the build refuses it rather than altering the text",
    "control-character": "a curated text holds a control character (NUL, escape, tab, line break, …) that the "
                         "raw source does not",
    "invisible-character": "a curated text holds an invisible format character (bidirectional override or mark, "
                           "zero-width space or joiner, byte-order mark, …) that the raw source does not",
    "source-not-utf8": "a raw source is not valid UTF-8",
    # the output folder (python -m pipeline build --out, python -m web build --out)
    "output-not-a-folder": "the output names a file, not a folder",
    "output-not-owned": "the output folder (or a copy beside it) holds files and was not written by the build",
    "output-foreign-files": "a publication folder holds files the build did not write, which replacing it would "
                            "delete",
    "output-locked": "another build is writing the same output folder",
    "output-not-writable": "the output could not be written (no permission, disk full, …)",
    "output-outside": "a file would be written outside the output folder (a crafted path, a symlinked subfolder)",
}
#: Characters that make a spreadsheet read a CSV cell as a formula when they start it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

METRIC_KINDS = ("count", "rate", "change", "rank", "streak", "amount", "duration", "average")
#: The year bases a claim and an honour may have (an honour's year is the year it was awarded).
CLAIM_BASES = ("stated", "relative", "current", "period", "since", "unstated")
HONOR_BASES = ("stated", "relative", "period", "unstated")
FIRST_YEAR = 1949
_SERIAL = re.compile(r"[0-9]{3}")  # ASCII digits only: \d would accept ٠١٢ and other scripts' digits
#: Fields that are verbatim copies of a raw source line (checked there), so they may hold whatever the line holds.
VERBATIM_FIELDS = ("quote", "figure", "text")
_YEAR = re.compile(r"(?<![0-9])(1[89][0-9]{2}|2[0-9]{3})(?![0-9])")
_AWARD_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SENTENCE_ENDS = ("。", "！", "？", "!", "?")


@dataclass
class Source:
    """A raw document and what we know of it."""

    file: str
    lines: list[str]
    year: int
    meta: Record


@dataclass
class Mention:
    """A number in a source line and how it is accounted for."""

    source_file: str
    line: int
    start: int
    end: int
    text: str
    kind: str
    status: str = ""
    claim_id: str | None = None
    honor_id: str | None = None
    role: str | None = None
    reason: str | None = None


@dataclass
class Verified:
    """Checked inputs, with the facts the later stages need."""

    inputs: Inputs
    sources: dict[str, Source]
    #: claim id → (figure text, offset of the figure in its line)
    figures: dict[str, tuple[str, int]] = field(default_factory=dict)
    offsets: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: claim or honour id → span of its year evidence on its own line
    evidence: dict[str, tuple[int, int]] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)


def hidden_character(text: str) -> tuple[int, str] | None:
    """The first control (Cc), format (Cf) or line/paragraph separator (Zl, Zp) character of ``text`` and
    its offset, or None: NUL, escape, tab, line breaks, bidirectional overrides and marks, zero-width
    spaces and joiners, the byte-order mark."""
    if text.isprintable():  # the common case: one C-level pass (printable excludes every category above)
        return None
    for at, char in enumerate(text):
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            return at, char
    return None


def describe_character(char: str) -> str:
    """ "U+202E RIGHT-TO-LEFT OVERRIDE", "U+0000 (a control character)"."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X} (a control character)"


class _Checker:
    def __init__(self, inputs: Inputs) -> None:
        self.inputs = inputs
        self.problems = Problems()
        vocab = inputs.vocabulary
        self.units: dict[str, Any] = vocab.get("units") or {}
        self.qualifiers: dict[str, Any] = vocab.get("qualifiers") or {}
        self.year_bases: dict[str, Any] = vocab.get("year_basis") or {}
        self.cities: dict[str, Any] = vocab.get("cities") or {}
        self.domains: dict[str, Any] = vocab.get("domains") or {}
        self.reasons: dict[str, Any] = vocab.get("exclusion_reasons") or {}
        self.value_types: dict[str, Any] = vocab.get("value_types") or {}
        self.directions: dict[str, Any] = vocab.get("directions") or {}
        self.comparison_sets: dict[str, Any] = vocab.get("comparison_sets") or {}
        self.relative_markers: dict[str, int] = (self.year_bases.get("relative") or {}).get("markers") or {}
        self.current_markers: list[str] = (self.year_bases.get("current") or {}).get("markers") or []
        #: claim or honour id → where its year evidence stands on its own line (when it does)
        self.evidence: dict[str, tuple[int, int]] = {}
        self.metrics = {m.data["id"]: m for m in inputs.metrics}
        self.sources: dict[str, Source] = {}
        self.figures: dict[str, tuple[str, int]] = {}
        self.offsets: dict[str, tuple[int, int]] = {}

    def add(self, record: Record, name: str, code: str, message: str) -> None:
        self.problems.add(record.file, record.line_of(name), record.id, name, code, message)

    # -- sources ---------------------------------------------------------
    def check_sources(self) -> None:
        paths = self.inputs.paths
        on_disk = {p.name: p for p in paths.source_texts()}
        for meta in self.inputs.sources:
            name = meta.data["file"]
            if name not in on_disk:
                self.add(meta, "file", "source-missing", f"{name} is not in {self.inputs.rel(paths.sources)}")
                continue
            raw = on_disk[name].read_bytes()
            digest = hashlib.sha256(raw).hexdigest()
            if digest != meta.data["sha256"]:
                self.add(meta, "sha256", "source-changed",
                         f"{name} has sha256 {digest}, expected {meta.data['sha256']}; raw sources are never edited")
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                rel = self.inputs.rel(on_disk[name])
                line = raw[:err.start].count(b"\n") + 1
                self.problems.add(rel, line, name, "", "source-not-utf8",
                                  f"byte {err.start} (line {line}) is not valid UTF-8; raw sources are stored as "
                                  "UTF-8: convert the file (e.g. with iconv) before adding it and pinning its sha256")
                continue
            self.sources[name] = Source(name, text.split("\n"), meta.data["published_year"], meta)
            self._check_source_meta(meta, self.sources[name].lines)
        listed = {m.data["file"] for m in self.inputs.sources}
        for name in sorted(set(on_disk) - listed):
            self.problems.add(self.inputs.rel(paths.sources_meta), 0, name, "file", "source-unlisted",
                              f"{name} is in the sources folder but not described in sources.yml")
        curated = {doc.source for doc in self.inputs.documents}
        for meta in self.inputs.sources:
            name = meta.data["file"]
            if name not in curated:
                self.add(meta, "file", "source-not-curated",
                         f"{name} has no curated file {name.removesuffix('.txt')}.yml")

    def _check_source_meta(self, meta: Record, lines: list[str]) -> None:
        data = meta.data
        for name in ("site", "publisher"):
            value, line = data.get(name), data.get(f"{name}_line")
            if value is None:
                if line is not None:
                    self.add(meta, f"{name}_line", "bad-metadata", f"{name}_line {line} is given, but no {name}")
                continue
            if line is None:
                self.add(meta, f"{name}_line", "attribution-unsupported",
                         f"{name} {value!r} needs `{name}_line`, the line of the source that names it; "
                         f"when no line does, leave {name} empty")
            elif not 1 <= line <= len(lines):
                self.add(meta, f"{name}_line", "line-out-of-range",
                         f"line {line} is not in {data['file']}, which has lines 1-{len(lines)}")
            elif fold(value) not in fold(lines[line - 1]):
                self.add(meta, f"{name}_line", "attribution-not-on-line",
                         f"line {line} of {data['file']} does not name {name} {value!r}")
        if data["city"] not in self.cities:
            self.add(meta, "city", "unknown-city", f"city {data['city']!r}; expected one of {sorted(self.cities)}")
        if data["script"] not in ("simplified", "traditional"):
            self.add(meta, "script", "bad-metadata", f"script {data['script']!r}; expected simplified or traditional")
        if data["date_basis"] not in ("stated", "inferred"):
            self.add(meta, "date_basis", "bad-metadata",
                     f"date_basis {data['date_basis']!r}; expected stated or inferred")
        date = data.get("published_date")
        if date is not None and (not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", date)
                                 or int(date[:4]) != data["published_year"]):
            self.add(meta, "published_date", "bad-metadata",
                     f"published_date {date!r} must be YYYY-MM-DD in published_year {data['published_year']}")
        if not re.fullmatch(r"[0-9a-f]{64}", data["sha256"]):
            self.add(meta, "sha256", "bad-metadata", "sha256 must be 64 lowercase hex digits")

    # -- vocabulary ------------------------------------------------------
    def check_metrics(self) -> None:
        seen: set[str] = set()
        for metric in self.inputs.metrics:
            data = metric.data
            if data["id"] in seen:
                self.add(metric, "id", "duplicate-id", f"metric {data['id']!r} is defined twice")
            seen.add(data["id"])
            if not re.fullmatch(r"[a-z][a-z0-9_]*", data["id"]):
                self.add(metric, "id", "bad-id", "metric ids are snake_case")
            if data["unit"] not in self.units:
                self.add(metric, "unit", "unknown-unit", f"unit {data['unit']!r} is not in vocabulary.yml")
            if data["domain"] not in self.domains:
                self.add(metric, "domain", "unknown-domain", f"domain {data['domain']!r} is not in vocabulary.yml")
            if data["kind"] not in METRIC_KINDS:
                self.add(metric, "kind", "unknown-kind", f"kind {data['kind']!r}; expected one of {METRIC_KINDS}")
        used = {c.data.get("metric") for doc in self.inputs.documents for c in doc.claims}
        for metric in self.inputs.metrics:
            if metric.data["id"] not in used:
                self.add(metric, "id", "metric-unused", f"metric {metric.data['id']!r} has no claim; remove it")

    def _vocab(self, record: Record, name: str, allowed: dict[str, Any], code: str) -> bool:
        value = record.data.get(name)
        if value is None or value in allowed:
            return value is not None
        self.add(record, name, code, f"{name} {value!r} is not known; expected one of: {', '.join(allowed)}")
        return False

    # -- shared by claims and honours ------------------------------------
    def _line_text(self, doc: Document, record: Record) -> str | None:
        source = self.sources.get(doc.source)
        if source is None:
            return None
        line = record.data["line"]
        if not 1 <= line <= len(source.lines):
            self.add(record, "line", "line-out-of-range",
                     f"line {line} is not in {doc.source}, which has lines 1-{len(source.lines)}")
            return None
        return source.lines[line - 1]

    def _quote(self, doc: Document, record: Record, text: str) -> int | None:
        """Where the quote starts on its line, or None after reporting why it is not there."""
        quote = record.data["quote"]
        start = text.find(quote)
        if start >= 0:
            return start
        lines = self.sources[doc.source].lines
        elsewhere = [i + 1 for i, other in enumerate(lines) if quote in other]
        if elsewhere:
            hint = f"it stands on line {', '.join(map(str, elsewhere))}"
        elif fold(quote) in fold(text):
            hint = "it differs from the line only in script, width or quotation marks; copy it verbatim"
        else:
            hint = "copy it verbatim from the raw line"
        self.add(record, "quote", "quote-not-on-line",
                 f"quote {quote!r} is not on line {record.data['line']} of {doc.source}; {hint}")
        return None

    def _locate(self, doc: Document, record: Record) -> int | None:
        """Check a claim's or honour's line, years and quote; where its quote starts on the line, or None."""
        text = self._line_text(doc, record)
        self._years(doc, record, text)
        if text is None:
            return None
        start = self._quote(doc, record, text)
        if start is not None:
            self.offsets[record.id] = (start, start + len(record.data["quote"]))
        return start

    def _evidence(self, doc: Document, record: Record, text: str | None) -> str | None:
        """The record's year evidence, once it is found verbatim on its line; None when absent or not there."""
        data = record.data
        evidence = data.get("year_evidence")
        if evidence is None or (text is None and data.get("year_evidence_line") is None):
            return None
        lines = self.sources[doc.source].lines
        number = data.get("year_evidence_line") or data["line"]
        if not 1 <= number <= len(lines):
            self.add(record, "year_evidence_line", "line-out-of-range",
                     f"line {number} is not in {doc.source}, which has lines 1-{len(lines)}")
            return None
        at = lines[number - 1].find(evidence)
        if at < 0:
            self.add(record, "year_evidence", "year-evidence-not-on-line",
                     f"year_evidence {evidence!r} is not on line {number} of {doc.source}; copy the words that "
                     "date the figure verbatim (or give year_evidence_line)")
            return None
        if number == data["line"]:
            self.evidence[record.id] = (at, at + len(evidence))
        return evidence

    def _years(self, doc: Document, record: Record, text: str | None) -> None:
        """Check the reference time (year, period) against its basis, its evidence and the article's year."""
        data, source = record.data, self.sources.get(doc.source)
        if source is None or not self._vocab(record, "year_basis", self.year_bases, "unknown-year-basis"):
            return
        honor = "recipient" in data
        basis, year = data["year_basis"], data.get("year")
        start, end = data.get("period_start"), data.get("period_end")
        reported = source.year
        for name in ("year", "period_start", "period_end"):
            value = data.get(name)
            if value is not None and not FIRST_YEAR <= value <= reported:
                self.add(record, name, "year-out-of-range",
                         f"{name} {value} is outside {FIRST_YEAR}-{reported} (the article is of {reported})")
        if basis not in (HONOR_BASES if honor else CLAIM_BASES):
            self.add(record, "year_basis", "year-basis-not-allowed",
                     f"year_basis {basis!r} does not apply to {'an honour' if honor else 'a claim'}; expected one of: "
                     f"{', '.join(HONOR_BASES if honor else CLAIM_BASES)}")
            return
        if (start is None) != (end is None) or (basis in ("period", "since") and start is None):
            self.add(record, "period_start" if start is None else "period_end", "period-missing",
                     f"year_basis {basis!r} needs both period_start and period_end")
            return
        if start is not None and end < start:
            self.add(record, "period_end", "period-reversed", f"period ends in {end}, before it starts in {start}")
            return
        evidence = self._evidence(doc, record, text)
        if basis == "unstated":
            for name in ("year", "period_start", "period_end"):
                if data.get(name) is not None:
                    self.add(record, name, "year-with-unstated",
                             f"year_basis is unstated, so the text gives no time: remove {name} {data[name]}, "
                             "or give the basis and the words that date the figure")
            return
        if evidence is None:
            if data.get("year_evidence") is None:
                self.add(record, "year_evidence", "year-evidence-missing",
                         f"year_basis {basis!r} needs `year_evidence`: the words of the source that date the figure")
            return
        simple = to_simplified(evidence)
        relative = {reported - back for marker, back in self.relative_markers.items() if marker in simple}
        if basis in ("period", "since"):
            if year is not None and not honor:
                self.add(record, "year", "year-with-period",
                         f"a figure over a period has no single year; remove `year` {year}")
            if basis == "since" and end != reported:
                self.add(record, "period_end", "since-end-mismatch",
                         f"a total since a start runs to the article's year {reported}, not {end}")
            stated = sorted({int(y) for y in _YEAR.findall(fold(evidence))})
            if start not in stated and start not in relative:
                self.add(record, "period_start", "period-not-in-evidence",
                         f"year_evidence {evidence!r} does not state the start {start}"
                         + (f" (it states {', '.join(map(str, stated))})" if stated else ""))
            elif basis == "period" and len(stated) > 1 and end != stated[-1]:
                self.add(record, "period_end", "period-not-in-evidence",
                         f"year_evidence {evidence!r} runs to {stated[-1]}, not {end}")
            return
        if year is None:
            self.add(record, "year", "year-missing", f"year_basis {basis!r} needs a year")
            return
        if start is not None and not honor:
            self.add(record, "period_start", "period-with-year",
                     f"year_basis {basis!r} dates the figure to one year; remove the period or use `period`")
        if basis == "stated" and str(year) not in fold(evidence):
            self.add(record, "year", "year-not-in-evidence", f"year_evidence {evidence!r} does not contain {year}")
        elif basis == "relative" and year not in relative:
            found = ", ".join(m for m in self.relative_markers if m in simple) or "no relative word (今年, 去年…)"
            expected = f"one of {sorted(relative)}" if relative else "a stated year or another basis"
            self.add(record, "year", "relative-year-mismatch",
                     f"year_evidence {evidence!r} says {found} in an article of {reported}, "
                     f"so the year is {expected}, not {year}")
        elif basis == "current":
            if year != reported:
                self.add(record, "year", "current-year-mismatch",
                         f"a stock current at publication has the article's year {reported}, not {year}")
            if not any(marker in simple for marker in self.current_markers):
                self.add(record, "year_evidence", "current-without-marker",
                         f"year_evidence {evidence!r} has no word that makes the figure current "
                         f"({', '.join(self.current_markers)}); without one the year is unstated")

    def _id(self, doc: Document, record: Record, letter: str, seen: dict[str, Record]) -> None:
        prefix = doc.source.split("_")[0].removesuffix(".txt")
        record_id = record.id
        head = f"{prefix}-{letter}"  # the id is head + three digits (no pattern compiled per document)
        if not (record_id.startswith(head) and _SERIAL.fullmatch(record_id, len(head))):
            self.add(record, "id", "bad-id", f"id {record_id!r} should look like {prefix}-{letter}001")
        if record_id in seen:
            other = seen[record_id]
            self.add(record, "id", "duplicate-id", f"id {record_id!r} is also used at {other.file}:{other.line}")
        seen.setdefault(record_id, record)

    # -- claims ----------------------------------------------------------
    def check_claim(self, doc: Document, claim: Record) -> None:
        data = claim.data
        metric_ok = data["metric"] in self.metrics
        if not metric_ok:
            self.add(claim, "metric", "unknown-metric", f"metric {data['metric']!r} is not in metrics.yml")
        unit_ok = self._vocab(claim, "unit", self.units, "unknown-unit")
        qualifier_ok = self._vocab(claim, "qualifier", self.qualifiers, "unknown-qualifier")
        self._vocab(claim, "city", self.cities, "unknown-city")
        if metric_ok and unit_ok and self.metrics[data["metric"]].data["unit"] != data["unit"]:
            self.add(claim, "unit", "unit-not-metric-unit",
                     f"unit {data['unit']!r} differs from the unit of metric {data['metric']!r}, "
                     f"{self.metrics[data['metric']].data['unit']!r}")
        if unit_ok and data["unit"] == "percent" and not 0 <= data["value"] <= 100:
            kind = self.metrics[data["metric"]].data["kind"] if metric_ok else None
            if kind != "change":
                self.add(claim, "value", "percent-out-of-range",
                         f"{data['value']}% is outside 0-100 and metric {data['metric']!r} is not a change")
        self._meaning(doc, claim, metric_ok, unit_ok)
        start = self._locate(doc, claim)
        if start is None:
            return
        figure_text = data.get("figure")
        if figure_text is None:
            numbers = find_numbers(data["quote"])
            if len(numbers) != 1:
                self.add(claim, "quote", "figure-unparsed",
                         f"the quote holds {len(numbers)} numbers; name the one meant in `figure`")
                return
            figure_text = data["quote"][numbers[0].start:]
        elif figure_text not in data["quote"]:
            self.add(claim, "figure", "figure-not-in-quote", f"figure {figure_text!r} is not in the quote")
            return
        try:
            figure = parse_figure(figure_text)
        except FigureError as err:
            self.add(claim, "figure", "figure-unparsed", f"figure {figure_text!r}: {err}")
            return
        self.figures[claim.id] = (figure_text, start + data["quote"].find(figure_text))
        if not math.isclose(figure.value, data["value"], rel_tol=1e-12):
            self.add(claim, "value", "value-mismatch",
                     f"the quote says {figure_text!r} = {figure.value:g}, but value is {data['value']:g}")
        if qualifier_ok and figure.qualifier != data["qualifier"]:
            self.add(claim, "qualifier", "qualifier-mismatch",
                     f"{figure_text!r} reads as {figure.qualifier!r}, but qualifier is {data['qualifier']!r}")
        if unit_ok:
            measures = self.units[data["unit"]].get("measures") or []
            if figure.measure not in measures:
                self.add(claim, "unit", "unit-mismatch",
                         f"{figure_text!r} counts in {figure.measure!r}, which is not a measure of unit "
                         f"{data['unit']!r} ({', '.join(measures)})")

    def _meaning(self, doc: Document, claim: Record, metric_ok: bool, unit_ok: bool) -> None:
        """What was counted, as data: value type, direction of a change, comparison set of a rank, honour link."""
        data = claim.data
        sentence = self._sentence(doc, claim)
        value_type = data.get("value_type") or "measured"
        if data.get("value_type") is not None and not self._vocab(claim, "value_type", self.value_types,
                                                                   "unknown-value-type"):
            value_type = None
        if value_type is not None and sentence is not None:
            for kind, entry in self.value_types.items():
                words = [w for w in (entry or {}).get("markers") or [] if w in sentence]
                if kind != value_type and words:
                    self.add(claim, "value_type", "value-type-unmarked",
                             f"the sentence of the quote says {words[0]}, which makes the figure a {kind}; "
                             f"set value_type: {kind}")
                    break
                if kind == value_type and entry and entry.get("markers") and not words:
                    self.add(claim, "value_type", "value-type-not-in-text",
                             f"value_type {kind} needs one of {', '.join(entry['markers'])} in the quote's sentence")
        kind = self.metrics[data["metric"]].data["kind"] if metric_ok else None
        direction = data.get("direction")
        if kind == "change" and direction is None:
            self.add(claim, "direction", "direction-missing",
                     f"metric {data['metric']!r} is a change: say which way it went ({', '.join(self.directions)})")
        elif kind is not None and kind != "change" and direction is not None:
            self.add(claim, "direction", "direction-not-change",
                     f"direction applies to changes only; metric {data['metric']!r} is a {kind}")
        elif direction is not None and self._vocab(claim, "direction", self.directions, "unknown-direction"):
            words = self.directions[direction].get("markers") or []
            quote = to_simplified(data["quote"])
            if not any(w in quote for w in words):
                self.add(claim, "direction", "direction-not-in-quote",
                         f"the quote has no word of direction {direction} ({', '.join(words)})")
        compared = data.get("comparison_set")
        if unit_ok and data["unit"] == "rank" and compared is None:
            self.add(claim, "comparison_set", "comparison-set-missing",
                     f"a rank says what it ranks among: one of {', '.join(self.comparison_sets)}")
        elif unit_ok and data["unit"] != "rank" and compared is not None:
            self.add(claim, "comparison_set", "comparison-set-not-rank", "comparison_set applies to ranks only")
        elif compared is not None and self._vocab(claim, "comparison_set", self.comparison_sets,
                                                  "unknown-comparison-set") and sentence is not None:
            words = self.comparison_sets[compared].get("markers") or []
            if not any(w in sentence for w in words):
                self.add(claim, "comparison_set", "comparison-set-not-in-text",
                         f"the quote's sentence names no {compared} set ({', '.join(words)})")
        link = data.get("honor_id")
        if link is not None and link not in {h.id for h in doc.honors}:
            self.add(claim, "honor_id", "unknown-reference", f"honor_id {link!r} names no honour of this document")

    def _sentence(self, doc: Document, record: Record) -> str | None:
        """The sentence of the record's line that holds its quote, in simplified script; None if not found."""
        source = self.sources.get(doc.source)
        line, quote = record.data["line"], record.data["quote"]
        if source is None or not 1 <= line <= len(source.lines):
            return None
        text = source.lines[line - 1]
        at = text.find(quote)
        if at < 0:
            return None
        begin = max(text.rfind(stop, 0, at) for stop in _SENTENCE_ENDS) + 1
        ends = [i for i in (text.find(stop, at + len(quote)) for stop in _SENTENCE_ENDS) if i >= 0]
        return to_simplified(text[begin:min(ends, default=len(text))])

    def check_awards(self) -> None:
        """Honours that share an award key are one award: one city, and one year where they give one."""
        members: dict[str, list[Record]] = {}
        for doc in self.inputs.documents:
            for honor in doc.honors:
                key = honor.data.get("award")
                if key is None:
                    continue
                if not _AWARD_KEY.fullmatch(key):
                    self.add(honor, "award", "bad-id", f"award key {key!r} should be lower-case words joined by -")
                    continue
                members.setdefault(key, []).append(honor)
        for key, honors in members.items():
            for name in ("city", "year"):
                values = [h.data[name] for h in honors if h.data.get(name) is not None]
                if len(set(values)) < 2:
                    continue
                usual = Counter(values).most_common(1)[0][0]  # ties go to the first reported
                witness = next(h for h in honors if h.data.get(name) == usual)
                for honor in honors:
                    if honor.data.get(name) not in (None, usual):
                        self.add(honor, name, "award-key-conflict",
                                 f"award {key!r} has {name} {usual} at {witness.file}:{witness.line} ({witness.id}), "
                                 f"not {honor.data[name]}; one award has one {name}")

    # -- honours ---------------------------------------------------------
    def check_honor(self, doc: Document, honor: Record) -> None:
        data = honor.data
        self._vocab(honor, "city", self.cities, "unknown-city")
        if data.get("times") is not None and data["times"] < 1:
            self.add(honor, "times", "wrong-type", "times counts awards and is at least 1")
        if self._locate(doc, honor) is None:
            return
        if fold(data["honor"]) not in fold(data["quote"]):
            self.add(honor, "honor", "honor-not-in-quote",
                     f"honour {data['honor']!r} is not in the quote (compared in simplified script)")
        times = data.get("times")
        if times is not None and times not in {number_value(m.text) for m in find_numbers(data["quote"])}:
            self.add(honor, "times", "times-not-in-quote", f"the quote states no count of {times}")

    def check_duplicates(self) -> None:
        seen: dict[str, Record] = {}
        contents: dict[tuple, Record] = {}
        for doc in self.inputs.documents:
            for claim in doc.claims:
                self._id(doc, claim, "c", seen)
                key = (doc.source, *sorted((k, str(v)) for k, v in claim.data.items() if k not in ("id", "note")))
                if key in contents:
                    other = contents[key]
                    self.add(claim, "id", "duplicate-claim",
                             f"claim is identical to {other.id} ({other.file}:{other.line}) but for its id")
                contents.setdefault(key, claim)
            for honor in doc.honors:
                self._id(doc, honor, "h", seen)
        for doc in self.inputs.documents:
            for retired in doc.retired:
                if retired.id in seen:
                    other = seen[retired.id]
                    self.add(other, "id", "retired-id",
                             f"id {retired.id!r} was withdrawn ({retired.file}:{retired.line}) and is never used "
                             "again; give the record a new id")

    def check_releases(self) -> None:
        """Every claim and honour id of the last release is still published or retired."""
        archived = releases(self.inputs.paths)
        if not archived:
            return
        docs = self.inputs.documents
        ids = {r.id for doc in docs for r in (*doc.claims, *doc.honors)}
        retired = {r.id for doc in docs for r in doc.retired}
        where = {doc.source[:3]: doc.file for doc in docs}
        check_ids(archived[-1], ids, retired, where, self.problems)

    def check_formulas(self) -> None:
        """Refuse text that a spreadsheet would run as a formula once published in CSV."""
        records = [*self.inputs.metrics, *self.inputs.sources,
                   *(r for doc in self.inputs.documents for r in (*doc.claims, *doc.honors))]
        for record in records:
            for name, value in record.data.items():
                if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                    self.add(record, name, "formula-like-text",
                             f"{name} starts with {value[0]!r}, which a spreadsheet opening the CSV would run as "
                             "a formula; expected text that does not start with =, +, -, @, tab or carriage return")

    def check_characters(self) -> None:
        """Refuse control and invisible format characters in curated text: printed, they would hide or reorder it.

        Verbatim copies of a source line (quote, figure, an exclusion's text) are exempt: they are checked
        against the raw line, so they hold such a character only where the source truly does.
        """
        records = [*self.inputs.metrics, *self.inputs.sources,
                   *(r for doc in self.inputs.documents for r in (*doc.claims, *doc.honors, *doc.excluded))]
        for record in records:
            for name, value in record.data.items():
                if not isinstance(value, str) or name in VERBATIM_FIELDS:
                    continue
                found = hidden_character(value)
                if found is not None:
                    at, char = found
                    code = "invisible-character" if unicodedata.category(char) == "Cf" else "control-character"
                    self.add(record, name, code, f"{name} holds {describe_character(char)} at character {at}, "
                             "which a terminal or a browser would act on or hide; remove it")

    def check_document(self, doc: Document) -> None:
        if doc.source not in {m.data["file"] for m in self.inputs.sources}:
            self.problems.add(doc.file, doc.source_line, doc.source, "source", "unknown-source",
                              f"source {doc.source!r} is not listed in sources.yml")
        elif doc.file.rsplit("/", 1)[-1].removesuffix(".yml") != doc.source.removesuffix(".txt"):
            self.problems.add(doc.file, doc.source_line, doc.source, "source", "source-mismatch",
                              f"the curated file of {doc.source} must be named {doc.source.removesuffix('.txt')}.yml")
        for claim in doc.claims:
            self.check_claim(doc, claim)
        for honor in doc.honors:
            self.check_honor(doc, honor)


def verify(inputs: Inputs) -> Verified:
    """Loaded records → verified records with quote offsets and a coverage ledger (raises BuildError)."""
    from pipeline.ledger import account  # the ledger needs the checked figures

    checker = _Checker(inputs)
    checker.check_sources()
    checker.check_metrics()
    checker.check_duplicates()
    checker.check_formulas()
    checker.check_awards()
    checker.check_releases()
    checker.check_characters()
    for doc in inputs.documents:
        checker.check_document(doc)
    verified = Verified(inputs, checker.sources, checker.figures, checker.offsets, checker.evidence)
    if not checker.problems:
        verified.mentions = account(verified, checker.problems, checker.reasons)
    checker.problems.raise_if_any()
    return verified
