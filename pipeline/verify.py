"""Records → checked records: sources pinned, quotes on their lines, values recomputed from quotes.

Every check has a stable code (see ``CODES``); all problems are collected and
reported together, sorted by file and line.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.errors import Problems
from pipeline.load import Document, Inputs, Record
from pipeline.numerals import FigureError, find_numbers, number_value, parse_figure
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
    "year-not-stated": "year_basis is `stated` but the cited line does not contain the year",
    "relative-year-mismatch": "a relative year (今年/去年) contradicts the article's date",
    "as-of-year-mismatch": "a status as of publication is not dated to the publication year",
    "period-missing": "a period lacks its start or end",
    "period-reversed": "a period ends before it starts",
    "year-with-period": "a period also has a single year",
    "year-missing": "a year basis other than `period` needs a year",
    "honor-not-in-quote": "the honour's name is not in the quote",
    "times-not-in-quote": "the honour's count of times is not a number in the quote",
    "exclusion-text-not-on-line": "an exclusion's text is not on its line",
    "exclusion-not-a-number": "an exclusion's text covers no number that needs accounting for",
    "unaccounted-number": "a number in a source is neither claim, honour, nor excluded",
    "formula-like-text": "a published text starts with =, +, -, @, tab or carriage return, which a spreadsheet "
                         "would run as a formula; the build refuses it rather than altering the text",
}
#: Characters that make a spreadsheet read a CSV cell as a formula when they start it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

METRIC_KINDS = ("count", "rate", "change", "rank", "streak", "amount", "duration", "average")
RELATIVE_MARKERS = {"今年": 0, "本年": 0, "年初以来": 0, "去年": 1, "前年": 2}
FIRST_YEAR = 1949
_SERIAL = re.compile(r"\d{3}")


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
    mentions: list[Mention] = field(default_factory=list)


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
            self._check_source_meta(meta)
            text = raw.decode("utf-8")
            self.sources[name] = Source(name, text.split("\n"), meta.data["published_year"], meta)
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

    def _check_source_meta(self, meta: Record) -> None:
        data = meta.data
        if data["city"] not in self.cities:
            self.add(meta, "city", "unknown-city", f"city {data['city']!r}; expected one of {sorted(self.cities)}")
        if data["script"] not in ("simplified", "traditional"):
            self.add(meta, "script", "bad-metadata", f"script {data['script']!r}; expected simplified or traditional")
        if data["date_basis"] not in ("stated", "inferred"):
            self.add(meta, "date_basis", "bad-metadata",
                     f"date_basis {data['date_basis']!r}; expected stated or inferred")
        date = data.get("published_date")
        if date is not None and (not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date)
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

    def _years(self, doc: Document, record: Record, text: str | None) -> None:
        data, source = record.data, self.sources.get(doc.source)
        if source is None or not self._vocab(record, "year_basis", self.year_bases, "unknown-year-basis"):
            return
        basis, year = data["year_basis"], data.get("year")
        start, end = data.get("period_start"), data.get("period_end")
        latest = source.year
        for name in ("year", "period_start", "period_end"):
            value = data.get(name)
            if value is not None and not FIRST_YEAR <= value <= latest:
                self.add(record, name, "year-out-of-range",
                         f"{name} {value} is outside {FIRST_YEAR}-{latest} (the article is of {latest})")
        if (start is None) != (end is None) or (basis == "period" and start is None):
            self.add(record, "period_start" if start is None else "period_end", "period-missing",
                     "a period needs both period_start and period_end")
        elif start is not None and end < start:
            self.add(record, "period_end", "period-reversed", f"period ends in {end}, before it starts in {start}")
        if basis == "period":
            if year is not None and record.data.get("honor") is None:
                self.add(record, "year", "year-with-period", "a claim over a period has no single year; remove `year`")
            return
        if year is None:
            self.add(record, "year", "year-missing", f"year_basis {basis!r} needs a year")
            return
        if basis == "as_of_publication" and year != latest:
            self.add(record, "year", "as-of-year-mismatch",
                     f"a status as of publication has the article's year {latest}, not {year}")
        elif basis == "stated" and text is not None and str(year) not in text:
            self.add(record, "year", "year-not-stated",
                     f"year_basis is stated, but line {data['line']} does not contain {year}")
        elif basis == "relative" and text is not None:
            simple = to_simplified(text)
            offsets = {latest - back for marker, back in RELATIVE_MARKERS.items() if marker in simple}
            if year not in offsets:
                found = ", ".join(m for m in RELATIVE_MARKERS if m in simple) or "no 今年/去年"
                expected = f"one of {sorted(offsets)}" if offsets else "a stated year or another basis"
                self.add(record, "year", "relative-year-mismatch",
                         f"line {data['line']} says {found} in an article of {latest}, "
                         f"so the year is {expected}, not {year}")

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
    for doc in inputs.documents:
        checker.check_document(doc)
    verified = Verified(inputs, checker.sources, checker.figures, checker.offsets)
    if not checker.problems:
        verified.mentions = account(verified, checker.problems, checker.reasons)
    checker.problems.raise_if_any()
    return verified
