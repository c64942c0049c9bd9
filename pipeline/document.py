"""One curated document and its raw source → a typed result: claims, honours, ledger and problems.

:func:`check_document` is the unit of work of a build. It reads ``datasets/curated/documents/<stem>.yml``
and the raw source it names, and checks, in one round:

* the source: listed in sources.yml, its bytes unchanged (sha256), UTF-8, and the lines its metadata cites;
* every claim: its vocabulary, metric and unit; its line, its quote verbatim on that line, its figure in the
  quote with value, qualifier and measure word recomputed from it; its reference time against its basis, its
  evidence and the article's date; what was counted (value type, direction of a change, comparison set of a
  rank, the honour a count links to);
* every honour: its line and quote, its name and count of times in the quote, its award year;
* ids: each with the document's prefix, none twice, none retired;
* the coverage ledger: every number of the source is part of a claim's figure, a date of a claim or honour,
  an honour's count of times, or excluded with a reason (see :func:`account`).

It returns a :class:`DocumentResult` whose rows are the published rows of the document's claims, honours and
ledger, with every problem found. Checks that span documents are in :mod:`pipeline.corpus`.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import yaml

from pipeline import ids
from pipeline.context import Context
from pipeline.errors import Problem, Problems
from pipeline.formats import web_annotations
from pipeline.load import check_text, compose, mapping, read_text, records, unknown_keys
from pipeline.numerals import FigureError, Grammar, find_numbers, number_value, parse_figure
from pipeline.records import CLAIM_COLUMNS, HONOR_COLUMNS, Claim, Exclusion, Honor, Retired
from pipeline.rows import pack
from pipeline.text import fold, to_simplified
from schemas import TABLES
from schemas.fields import FIRST_YEAR

#: The year bases a claim and an honour may have (an honour's year is the year it was awarded).
CLAIM_BASES = ("stated", "relative", "current", "period", "since", "unstated")
HONOR_BASES = ("stated", "relative", "period", "unstated")
#: A curated document's top-level keys and the records of each section.
SECTIONS = {"claims": Claim, "honors": Honor, "excluded": Exclusion, "retired": Retired}
MENTION_COLUMNS = ("mention_id", "source_file", "line", "char_start", "char_end", "text", "kind", "status",
                   "claim_id", "honor_id", "role", "reason")
_YEAR = re.compile(r"(?<![0-9])(1[89][0-9]{2}|2[0-9]{3})(?![0-9])")
_AWARD_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SENTENCE_ENDS = ("。", "！", "？", "!", "?")


@dataclass
class Document:
    """The curated file of one source document, as read."""

    file: str
    source: str
    source_line: int
    claims: list[Claim]
    honors: list[Honor]
    excluded: list[Exclusion]
    retired: list[Retired]


@dataclass
class Mention:
    """A number in a source line and how it is accounted for (a row of the ledger)."""

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

    def row(self, mention_id: str, source_file: str) -> tuple:
        return (mention_id, source_file, self.line, self.start, self.end, self.text, self.kind, self.status,
                self.claim_id, self.honor_id, self.role, self.reason)


@dataclass
class DocumentResult:
    """What one document contributes to the publication, and what is wrong with it.

    Plain data only (tuples, lists, dicts, text and numbers), so that a result can be cached and moved
    between processes as it is.
    """

    file: str
    source_file: str
    #: table → the published rows (claims, honors, mentions) packed as Arrow (pipeline.rows.pack); none when
    #: the document has a problem
    rows: dict[str, bytes] = field(default_factory=dict)
    #: (id, curated line) of each claim and honour row, in row order
    claim_lines: list[tuple[str, int]] = field(default_factory=list)
    honor_lines: list[tuple[str, int]] = field(default_factory=list)
    #: (id, line) of every claim and honour, whether or not it could be checked, and of every retired id
    ids: list[tuple[str, int]] = field(default_factory=list)
    retired: list[tuple[str, int]] = field(default_factory=list)
    #: (award key, city, year, honour id, its line, the line of its city and year) of each honour with an award key
    awards: list[tuple[str, str | None, int | None, str, int, int, int]] = field(default_factory=list)
    #: metric id → what the check read of it (Context.metric_digest): the result holds while these hold
    metrics: dict[str, str] = field(default_factory=dict)
    #: the W3C Web Annotations of the claim and honour rows, one JSON line each in row order, joined by ",\\n"
    #: (one text per table: a cached result reads back fast)
    annotations: dict[str, str] = field(default_factory=dict)
    #: whether every section and record could be read (else what the document lacks may be a reading error)
    complete: bool = True
    #: size of the raw source in bytes and in lines (when it could be read)
    source_bytes: int | None = None
    source_lines: int | None = None
    problems: list[tuple] = field(default_factory=list)

    def problem_list(self) -> list[Problem]:
        return [Problem(*p) for p in self.problems]

    def to_plain(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_plain(cls, data: dict[str, Any]) -> DocumentResult:
        return cls(**data)


def read_document(path: Path, rel: str, problems: Problems) -> Document | None:
    """One curated document file: its source name and its sections."""
    text = read_text(path, rel, problems)
    node = compose(text, rel, problems) if text is not None else None
    top = mapping(node, rel, problems) if node is not None else None
    if top is None:
        return None
    unknown_keys(node, ("source", *SECTIONS), rel, problems)
    source_node = top.get("source")
    source = source_node.value if isinstance(source_node, yaml.ScalarNode) else ""
    source_line = source_node.start_mark.line + 1 if source_node is not None else 1
    if not source:
        problems.add(rel, source_line, "", "source", "missing-field",
                     "top-level 'source' (the raw file name) is missing")
    sections = {name: records(top[name], cls, rel, name, problems) if name in top else []
                for name, cls in SECTIONS.items()}
    return Document(rel, source, source_line, sections["claims"], sections["honors"], sections["excluded"],
                    sections["retired"])


def read_problems(path: Path, paths: Any) -> Problems:
    """What is wrong with a curated document as a file (encoding, YAML, fields), before any check."""
    problems = Problems()
    read_document(path, path.relative_to(paths.root).as_posix(), problems)
    return problems


class _Checker:
    """The checks of one document against its source and the context."""

    def __init__(self, context: Context, doc: Document, problems: Problems) -> None:
        self.context = context
        self.vocabulary = context.vocabulary
        self.grammar = Grammar(self.vocabulary.qualifier_markers)
        self.doc = doc
        self.problems = problems
        self.lines: list[str] | None = None
        self.raw_text = ""
        self.size: int | None = None
        self.year: int | None = None
        self.meta = context.sources.get(doc.source)
        self.metrics_read: dict[str, str] = {}
        #: whether every record was read and placed on its line: only then can a number left over be blamed
        #: on a missing entry rather than on a record that could not be placed (see account)
        self.complete = True
        #: lines of claims and honours with a problem: what they would account for there is uncertain
        self.suspect: set[int] = set()

    def add(self, record: Any, name: str, code: str, message: str) -> None:
        self.problems.add(record.file, record.line_of(name), record.key, name, code, message)
        if isinstance(record, Claim | Honor) and isinstance(record.line, int):
            self.suspect.add(record.line)

    def _vocab(self, record: Any, name: str, section: str, code: str) -> bool:
        value = getattr(record, name)
        allowed = self.vocabulary.sections[section]
        if value is None or value in allowed:
            return value is not None
        self.add(record, name, code, f"{name} {value!r} is not known; expected one of: {', '.join(allowed)}")
        return False

    # -- the source -----------------------------------------------------------------------------
    def source(self) -> None:
        """Find the raw source, check its bytes and metadata, and keep its lines."""
        doc, meta = self.doc, self.meta
        if not doc.source:
            return
        if meta is None:
            if self.context.sources_whole:
                self.problems.add(doc.file, doc.source_line, doc.source, "source", "unknown-source",
                                  f"source {doc.source!r} is not listed in sources.yml")
            return
        if doc.file.rsplit("/", 1)[-1].removesuffix(".yml") != doc.source.removesuffix(".txt"):
            self.problems.add(doc.file, doc.source_line, doc.source, "source", "source-mismatch",
                              f"the curated file of {doc.source} must be named {doc.source.removesuffix('.txt')}.yml")
        path = self.context.paths.sources / doc.source
        try:
            raw = path.read_bytes()
        except OSError:
            return  # reported once for the corpus: sources.yml lists a file that is not there
        digest = hashlib.sha256(raw).hexdigest()
        if digest != meta.sha256:
            self.add(meta, "sha256", "source-changed",
                     f"{doc.source} has sha256 {digest}, expected {meta.sha256}; raw sources are never edited")
            return
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            line = raw[: err.start].count(b"\n") + 1
            self.problems.add(self.context.rel(path), line, doc.source, "", "source-not-utf8",
                              f"byte {err.start} (line {line}) is not valid UTF-8; raw sources are stored as UTF-8: "
                              "convert the file (e.g. with iconv) before adding it and pinning its sha256")
            return
        self.raw_text = text
        self.lines = text.split("\n")
        self.size = len(raw)
        self.year = meta.published_year
        for name in ("site", "publisher"):
            value, line = getattr(meta, name), getattr(meta, f"{name}_line")
            if value is None:
                if line is not None:
                    self.add(meta, f"{name}_line", "bad-metadata", f"{name}_line {line} is given, but no {name}")
                continue
            if line is None:
                self.add(meta, f"{name}_line", "attribution-unsupported",
                         f"{name} {value!r} needs `{name}_line`, the line of the source that names it; "
                         f"when no line does, leave {name} empty")
            elif not 1 <= line <= len(self.lines):
                self.add(meta, f"{name}_line", "line-out-of-range",
                         f"line {line} is not in {doc.source}, which has lines 1-{len(self.lines)}")
            elif fold(value) not in fold(self.lines[line - 1]):
                self.add(meta, f"{name}_line", "attribution-not-on-line",
                         f"line {line} of {doc.source} does not name {name} {value!r}")

    # -- shared by claims and honours ----------------------------------------------------------
    def _line_text(self, record: Claim | Honor) -> str | None:
        if self.lines is None or record.line is None:
            return None
        if not 1 <= record.line <= len(self.lines):
            self.add(record, "line", "line-out-of-range",
                     f"line {record.line} is not in {self.doc.source}, which has lines 1-{len(self.lines)}")
            return None
        return self.lines[record.line - 1]

    def _quote(self, record: Claim | Honor, text: str) -> int | None:
        """Where the quote starts on its line, or None after reporting why it is not there."""
        quote = record.quote
        start = text.find(quote)
        if start >= 0:
            return start
        assert self.lines is not None
        elsewhere = [i + 1 for i, other in enumerate(self.lines) if quote in other]
        if elsewhere:
            hint = f"it stands on line {', '.join(map(str, elsewhere))}"
        elif fold(quote) in fold(text):
            hint = "it differs from the line only in script, width or quotation marks; copy it verbatim"
        else:
            hint = "copy it verbatim from the raw line"
        self.add(record, "quote", "quote-not-on-line",
                 f"quote {quote!r} is not on line {record.line} of {self.doc.source}; {hint}")
        return None

    def locate(self, record: Claim | Honor) -> int | None:
        """Check a record's line, years and quote; where its quote starts on the line, or None."""
        text = self._line_text(record)
        self._years(record, text)
        start = None if text is None or record.quote is None else self._quote(record, text)
        if start is None:
            self.complete = False
            return None
        record.char_start, record.char_end = start, start + len(record.quote)
        record.quote_hans = to_simplified(record.quote)
        return start

    def _sentence(self, record: Claim | Honor) -> str | None:
        """The sentence of the record's line that holds its quote, in simplified script; None if not found."""
        if self.lines is None or record.quote is None or not isinstance(record.line, int):
            return None
        if not 1 <= record.line <= len(self.lines):
            return None
        text = self.lines[record.line - 1]
        at = text.find(record.quote)
        if at < 0:
            return None
        begin = max(text.rfind(stop, 0, at) for stop in _SENTENCE_ENDS) + 1
        ends = [i for i in (text.find(stop, at + len(record.quote)) for stop in _SENTENCE_ENDS) if i >= 0]
        return to_simplified(text[begin:min(ends, default=len(text))])

    # -- time ---------------------------------------------------------------------------------
    def _evidence(self, record: Claim | Honor, text: str | None) -> str | None:
        """The record's year evidence, once it is found verbatim on its line; None when absent or not there."""
        evidence = record.year_evidence
        assert self.lines is not None
        if evidence is None or (text is None and record.year_evidence_line is None):
            return None
        number = record.year_evidence_line or record.line
        if not 1 <= number <= len(self.lines):
            self.add(record, "year_evidence_line", "line-out-of-range",
                     f"line {number} is not in {self.doc.source}, which has lines 1-{len(self.lines)}")
            return None
        at = self.lines[number - 1].find(evidence)
        if at < 0:
            self.add(record, "year_evidence", "year-evidence-not-on-line",
                     f"year_evidence {evidence!r} is not on line {number} of {self.doc.source}; copy the words "
                     "that date the figure verbatim (or give year_evidence_line)")
            return None
        if number == record.line:
            record.evidence_span = (at, at + len(evidence))
        return evidence

    def _years(self, record: Claim | Honor, text: str | None) -> None:
        """Check the reference time (year, period) against its basis, its evidence and the article's year."""
        if self.lines is None or not self._vocab(record, "year_basis", "year_basis", "unknown-year-basis"):
            return
        honor = isinstance(record, Honor)
        basis, year, start, end = record.year_basis, record.year, record.period_start, record.period_end
        reported = self.year
        assert reported is not None
        for name in ("year", "period_start", "period_end"):
            value = getattr(record, name)
            if value is not None and not FIRST_YEAR <= value <= reported:
                self.add(record, name, "year-out-of-range",
                         f"{name} {value} is outside {FIRST_YEAR}-{reported} (the article is of {reported})")
        allowed = HONOR_BASES if honor else CLAIM_BASES
        if basis not in allowed:
            self.add(record, "year_basis", "year-basis-not-allowed",
                     f"year_basis {basis!r} does not apply to {'an honour' if honor else 'a claim'}; expected one of: "
                     f"{', '.join(allowed)}")
            return
        if (start is None) != (end is None) or (basis in ("period", "since") and start is None):
            self.add(record, "period_start" if start is None else "period_end", "period-missing",
                     f"year_basis {basis!r} needs both period_start and period_end")
            return
        if start is not None and end < start:
            self.add(record, "period_end", "period-reversed", f"period ends in {end}, before it starts in {start}")
            return
        evidence = self._evidence(record, text)
        if basis == "unstated":
            for name in ("year", "period_start", "period_end"):
                if getattr(record, name) is not None:
                    self.add(record, name, "year-with-unstated",
                             f"year_basis is unstated, so the text gives no time: remove {name} "
                             f"{getattr(record, name)}, or give the basis and the words that date the figure")
            return
        if evidence is None:
            if record.year_evidence is None:
                self.add(record, "year_evidence", "year-evidence-missing",
                         f"year_basis {basis!r} needs `year_evidence`: the words of the source that date the figure")
            return
        simple = to_simplified(evidence)
        markers = self.vocabulary.relative_markers
        relative = {reported - back for marker, back in markers.items() if marker in simple}
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
            found = ", ".join(m for m in markers if m in simple) or "no relative word (今年, 去年…)"
            expected = f"one of {sorted(relative)}" if relative else "a stated year or another basis"
            self.add(record, "year", "relative-year-mismatch",
                     f"year_evidence {evidence!r} says {found} in an article of {reported}, "
                     f"so the year is {expected}, not {year}")
        elif basis == "current":
            if year != reported:
                self.add(record, "year", "current-year-mismatch",
                         f"a stock current at publication has the article's year {reported}, not {year}")
            current = self.vocabulary.current_markers
            if not any(marker in simple for marker in current):
                self.add(record, "year_evidence", "current-without-marker",
                         f"year_evidence {evidence!r} has no word that makes the figure current "
                         f"({', '.join(current)}); without one the year is unstated")

    # -- claims -------------------------------------------------------------------------------
    def claim(self, claim: Claim) -> None:
        metric = self.context.metrics.get(claim.metric) if claim.metric is not None else None
        if claim.metric is not None:
            self.metrics_read[claim.metric] = self.context.metric_digest(claim.metric)
        if claim.metric is not None and metric is None and self.context.metrics_whole:
            self.add(claim, "metric", "unknown-metric", f"metric {claim.metric!r} is not in metrics.yml")
        unit_ok = self._vocab(claim, "unit", "units", "unknown-unit")
        qualifier_ok = self._vocab(claim, "qualifier", "qualifiers", "unknown-qualifier")
        self._vocab(claim, "city", "cities", "unknown-city")
        if metric is not None and unit_ok and metric.unit != claim.unit:
            self.add(claim, "unit", "unit-not-metric-unit",
                     f"unit {claim.unit!r} differs from the unit of metric {claim.metric!r}, {metric.unit!r}")
        if unit_ok and claim.unit == "percent" and claim.value is not None and not 0 <= claim.value <= 100:
            if metric is None or metric.kind != "change":
                self.add(claim, "value", "percent-out-of-range",
                         f"{claim.value}% is outside 0-100 and metric {claim.metric!r} is not a change")
        self._meaning(claim, metric.kind if metric is not None else None, unit_ok)
        start = self.locate(claim)
        if start is None:
            return
        figure_text = claim.figure
        if figure_text is None:
            numbers = find_numbers(claim.quote)
            if len(numbers) != 1:
                self.add(claim, "quote", "figure-unparsed",
                         f"the quote holds {len(numbers)} numbers; name the one meant in `figure`")
                self.complete = False
                return
            figure_text = claim.quote[numbers[0].start:]
        elif figure_text not in claim.quote:
            self.add(claim, "figure", "figure-not-in-quote", f"figure {figure_text!r} is not in the quote")
            self.complete = False
            return
        try:
            figure = parse_figure(figure_text, self.grammar)
        except FigureError as err:
            self.add(claim, "figure", "figure-unparsed", f"figure {figure_text!r}: {err}")
            self.complete = False
            return
        claim.figure = figure_text
        claim.figure_start = start + claim.quote.find(figure_text)
        if claim.value is not None and not math.isclose(figure.value, claim.value, rel_tol=1e-12):
            self.add(claim, "value", "value-mismatch",
                     f"the quote says {figure_text!r} = {figure.value:g}, but value is {claim.value:g}")
        if qualifier_ok and figure.qualifier != claim.qualifier:
            self.add(claim, "qualifier", "qualifier-mismatch",
                     f"{figure_text!r} reads as {figure.qualifier!r}, but qualifier is {claim.qualifier!r}")
        if unit_ok:
            measures = self.vocabulary.measures[claim.unit]
            if figure.measure not in measures:
                self.add(claim, "unit", "unit-mismatch",
                         f"{figure_text!r} counts in {figure.measure!r}, which is not a measure of unit "
                         f"{claim.unit!r} ({', '.join(measures)})")

    def _meaning(self, claim: Claim, kind: str | None, unit_ok: bool) -> None:
        """What was counted, as data: value type, direction of a change, comparison set of a rank, honour link."""
        vocabulary = self.vocabulary
        sentence = self._sentence(claim)
        value_type = claim.value_type or "measured"
        if claim.value_type is not None and not self._vocab(claim, "value_type", "value_types", "unknown-value-type"):
            value_type = None
        if value_type is not None and sentence is not None:
            for code in vocabulary.codes("value_types"):
                markers = vocabulary.markers("value_types", code)
                words = [w for w in markers if w in sentence]
                if code != value_type and words:
                    self.add(claim, "value_type", "value-type-unmarked",
                             f"the sentence of the quote says {words[0]}, which makes the figure a {code}; "
                             f"set value_type: {code}")
                    break
                if code == value_type and markers and not words:
                    self.add(claim, "value_type", "value-type-not-in-text",
                             f"value_type {code} needs one of {', '.join(markers)} in the quote's sentence")
        claim.value_type = claim.value_type or "measured"
        direction = claim.direction
        if kind == "change" and direction is None:
            self.add(claim, "direction", "direction-missing", f"metric {claim.metric!r} is a change: say which way "
                     f"it went ({', '.join(vocabulary.codes('directions'))})")
        elif kind is not None and kind != "change" and direction is not None:
            self.add(claim, "direction", "direction-not-change",
                     f"direction applies to changes only; metric {claim.metric!r} is a {kind}")
        elif direction is not None and self._vocab(claim, "direction", "directions", "unknown-direction"):
            words = vocabulary.markers("directions", direction)
            if claim.quote is not None and not any(w in to_simplified(claim.quote) for w in words):
                self.add(claim, "direction", "direction-not-in-quote",
                         f"the quote has no word of direction {direction} ({', '.join(words)})")
        compared = claim.comparison_set
        if unit_ok and claim.unit == "rank" and compared is None:
            self.add(claim, "comparison_set", "comparison-set-missing",
                     f"a rank says what it ranks among: one of {', '.join(vocabulary.codes('comparison_sets'))}")
        elif unit_ok and claim.unit != "rank" and compared is not None:
            self.add(claim, "comparison_set", "comparison-set-not-rank", "comparison_set applies to ranks only")
        elif compared is not None and self._vocab(claim, "comparison_set", "comparison_sets",
                                                  "unknown-comparison-set") and sentence is not None:
            words = vocabulary.markers("comparison_sets", compared)
            if not any(w in sentence for w in words):
                self.add(claim, "comparison_set", "comparison-set-not-in-text",
                         f"the quote's sentence names no {compared} set ({', '.join(words)})")
        if claim.honor_id is not None and claim.honor_id not in {h.honor_id for h in self.doc.honors} \
                and self.complete:
            self.add(claim, "honor_id", "unknown-reference",
                     f"honor_id {claim.honor_id!r} names no honour of this document")

    # -- honours ------------------------------------------------------------------------------
    def honor(self, honor: Honor) -> None:
        self._vocab(honor, "city", "cities", "unknown-city")
        if honor.times is not None and honor.times < 1:
            self.add(honor, "times", "wrong-type", "times counts awards and is at least 1")
        if honor.award_key is not None and not _AWARD_KEY.fullmatch(honor.award_key):
            self.add(honor, "award", "bad-id", f"award key {honor.award_key!r} should be lower-case words joined by -")
        if self.locate(honor) is None:
            return
        if honor.honor is not None and fold(honor.honor) not in fold(honor.quote):
            self.add(honor, "honor", "honor-not-in-quote",
                     f"honour {honor.honor!r} is not in the quote (compared in simplified script)")
        times = honor.times
        if times is not None and times not in {number_value(m.text) for m in find_numbers(honor.quote)}:
            self.add(honor, "times", "times-not-in-quote", f"the quote states no count of {times}")

    # -- ids and text -------------------------------------------------------------------------
    def ids(self) -> None:
        """Each id with the document's prefix and the record's letter, none twice, none retired."""
        doc = self.doc
        prefix = ids.prefix(doc.source)
        seen: dict[str, Any] = {}
        for kind, records_ in (("claim", doc.claims), ("honor", doc.honors)):
            for record in records_:
                ident = record.key
                parts = ids.parse(ident)
                if prefix is not None and (parts is None or parts.prefix != prefix
                                           or parts.letter != ids.LETTERS[kind] or parts.serial < 1):
                    self.add(record, "id", "bad-id",
                             f"id {ident!r} should look like {ids.example(prefix, kind)}: the document's number, "
                             f"'{ids.LETTERS[kind]}' and a serial of at least {ids.WIDTH} digits")
                if ident in seen:
                    other = seen[ident]
                    self.add(record, "id", "duplicate-id", f"id {ident!r} is also used at {other.file}:{other.at}")
                seen.setdefault(ident, record)
        contents: dict[tuple, Claim] = {}
        for claim in doc.claims:
            key = tuple(getattr(claim, name) for name in _CONTENT)
            if key in contents:
                other = contents[key]
                self.add(claim, "id", "duplicate-claim",
                         f"claim is identical to {other.key} ({other.file}:{other.at}) but for its id")
            contents.setdefault(key, claim)
        for retired in doc.retired:
            if retired.id in seen:
                self.add(seen[retired.id], "id", "retired-id",
                         f"id {retired.id!r} was withdrawn ({retired.file}:{retired.at}) and is never used "
                         "again; give the record a new id")

    def reviews(self) -> None:
        """Report every drafted record not yet reviewed (see :data:`pipeline.records.REVIEW_STATES`): the document's
        claims, honours and exclusions, its source's entry in sources.yml and the metrics its claims use."""
        doc, source = self.doc, self.doc.source

        def report(record: Any, key: str, what: str) -> None:
            state = record.review
            found = "proposed by `python -m pipeline draft`" if state == "proposed" else f"marked {state!r}"
            self.problems.add(record.file, record.line_of("review"), key, "review", "unreviewed-entry",
                              f"{what} is {found} and not reviewed: check it against the source, correct it, then "
                              "change `review: proposed` to `review: accepted`")

        for record in (*doc.claims, *doc.honors):
            if record.review not in (None, "accepted"):
                report(record, record.key, f"{'claim' if isinstance(record, Claim) else 'honour'} at line "
                                           f"{record.line} of {source}")
        for entry in doc.excluded:
            if entry.review not in (None, "accepted"):
                report(entry, f"excluded:{entry.line}:{entry.text}", f"the exclusion of {entry.text!r} "
                                                                     f"(line {entry.line} of {source})")
        if self.meta is not None and self.meta.review not in (None, "accepted"):
            report(self.meta, self.meta.key, f"the metadata of {source} in sources.yml")
        for metric_id in dict.fromkeys(c.metric for c in doc.claims if isinstance(c.metric, str)):
            metric = self.context.metrics.get(metric_id)
            if metric is not None and metric.review not in (None, "accepted"):
                report(metric, metric.key, f"metric {metric_id!r} of metrics.yml")

    def text(self) -> None:
        """Refuse curated text that would act on or hide itself once published or printed (see check_text)."""
        check_text((*self.doc.claims, *self.doc.honors, *self.doc.excluded, *self.doc.retired), self.problems)

    # -- the ledger ---------------------------------------------------------------------------
    def ledger(self) -> list[Mention]:
        """Every number of the source, accounted for (see :func:`account`)."""
        assert self.lines is not None
        return account(self.doc, self.lines, self.vocabulary.sections["exclusion_reasons"], self.complete,
                       self.suspect, self.problems)


#: The fields two claims must share to be the same claim (all but id and note, and the place).
_CONTENT = tuple(name for name in ("metric", "value", "unit", "qualifier", "city", "area", "year", "year_basis",
                                   "period_start", "period_end", "line", "quote", "figure", "value_type",
                                   "direction", "comparison_set", "year_evidence", "year_evidence_line",
                                   "honor_id"))
def _spans(text: str, line: str) -> list[tuple[int, int]]:
    """Every occurrence of ``text`` on ``line``, left to right, not overlapping."""
    if not text:
        return [(m.start(), m.end()) for m in re.finditer("", line)]
    spans, at = [], line.find(text)
    while at >= 0:
        spans.append((at, at + len(text)))
        at = line.find(text, at + len(text))
    return spans


def _dates(record: Claim | Honor) -> set[float]:
    return {float(v) for v in (record.year, record.period_start, record.period_end) if v is not None}


def _own_spans(record: Claim | Honor) -> list[tuple[int, int]]:
    """Where a record stands on its line: its quote, and its year evidence when that is on the line."""
    spans = [(record.char_start, record.char_end)]
    return spans + [record.evidence_span] if record.evidence_span else spans


def _within(mention: Mention, spans: list[tuple[int, int]]) -> bool:
    return any(a <= mention.start and mention.end <= b for a, b in spans)


def account(doc: Document, lines: list[str], reasons: dict[str, Any], complete: bool, suspect: set[int],
            problems: Problems) -> list[Mention]:
    """Every number of a source → claim, honour or deliberate exclusion (the coverage ledger).

    A number found by :func:`pipeline.numerals.find_numbers` is accounted for, in this order:

    1. inside a claim's figure on that line → ``claim`` (role ``value``);
    2. inside a claim's or honour's quote (or its year evidence on the same line) and equal to its year or a
       period bound → ``claim``/``honor`` (role ``date``); inside an honour's quote and equal to its count of
       times → ``honor`` (role ``times``);
    3. inside an ``excluded`` entry's text on that line (every occurrence of the text on the line) →
       ``excluded`` with the entry's reason.

    Anything left is an ``unaccounted-number`` problem, and an exclusion that covers no number left by 1-2 is an
    ``exclusion-not-a-number`` problem; both only when the document is ``complete`` (every record read and
    placed on its line) and not on a ``suspect`` line (one with a claim or honour that has a problem): such a
    record has its own problem, and the numbers it would have accounted for are not blamed on a missing
    entry. Every other problem of the document is found in the same round.
    """
    found = {number: [Mention(number, m.start, m.end, m.text, m.kind) for m in find_numbers(text)]
             for number, text in enumerate(lines, start=1)}
    placed_claims = [c for c in doc.claims if c.char_start is not None and c.figure_start is not None]
    placed_honors = [h for h in doc.honors if h.char_start is not None]
    for claim in placed_claims:
        spans = _own_spans(claim)
        fig_start, fig_end = claim.figure_start, claim.figure_start + len(claim.figure)
        for m in found.get(claim.line, []):
            if m.status:
                continue
            if fig_start <= m.start and m.end <= fig_end:
                m.status, m.claim_id, m.role = "claim", claim.claim_id, "value"
            elif _within(m, spans) and number_value(m.text) in _dates(claim):
                m.status, m.claim_id, m.role = "claim", claim.claim_id, "date"
    for honor in placed_honors:
        spans = _own_spans(honor)
        for m in found.get(honor.line, []):
            if m.status or not _within(m, spans):
                continue
            value = number_value(m.text)
            if value in _dates(honor):
                m.status, m.honor_id, m.role = "honor", honor.honor_id, "date"
            elif honor.times is not None and value == honor.times:
                m.status, m.honor_id, m.role = "honor", honor.honor_id, "times"
    references = {r.key for r in (*doc.claims, *doc.honors)}
    for entry in doc.excluded:
        if entry.reason is not None and entry.reason not in reasons:
            problems.add(entry.file, entry.line_of("reason"), "", "reason", "unknown-reason",
                         f"reason {entry.reason!r} is not known; expected one of: {', '.join(reasons)}")
        if entry.see is not None and entry.see not in references and complete:
            problems.add(entry.file, entry.line_of("see"), "", "see", "unknown-reference",
                         f"`see: {entry.see}` names no claim or honour")
        line = entry.line
        if line is None or entry.text is None:
            continue
        if not 1 <= line <= len(lines):
            problems.add(entry.file, entry.line_of("line"), "", "line", "line-out-of-range",
                         f"line {line} is not in {doc.source}, which has lines 1-{len(lines)}")
            continue
        spans = _spans(entry.text, lines[line - 1])
        if not spans:
            problems.add(entry.file, entry.line_of("text"), "", "text", "exclusion-text-not-on-line",
                         f"{entry.text!r} is not on line {line} of {doc.source}")
            continue
        covered = 0
        for m in found[line]:
            if not m.status and any(a <= m.start and m.end <= b for a, b in spans):
                m.status, m.reason = "excluded", entry.reason
                covered += 1
        if not covered and complete and line not in suspect:
            problems.add(entry.file, entry.line_of("text"), "", "text", "exclusion-not-a-number",
                         f"{entry.text!r} on line {line} covers no number left to account for")
    mentions = []
    for number, line_mentions in found.items():
        for m in line_mentions:
            if not m.status and complete and number not in suspect:
                context = lines[number - 1][max(0, m.start - 8):m.end + 8]
                problems.add(doc.file, 0, f"{doc.source}:{number}:{m.start}", "excluded", "unaccounted-number",
                             f"{m.text!r} at line {number}, characters {m.start}-{m.end} of {doc.source} "
                             f"(…{context}…) is neither in a claim's figure nor an honour, nor excluded; "
                             "add a claim, an honour or an `excluded` entry")
        mentions.extend(line_mentions)
    return mentions


def check_document(path: Path, context: Context) -> DocumentResult:
    """One curated document against its source and the context → its rows and every problem (one round)."""
    problems = Problems()
    rel = context.rel(path)
    doc = read_document(path, rel, problems)
    if doc is None:
        return DocumentResult(rel, "", complete=False, problems=[p.as_tuple() for p in problems])
    checker = _Checker(context, doc, problems)
    checker.complete = not problems  # a section or a record that could not be read leaves the rest uncertain
    checker.source()
    if checker.lines is not None:
        for claim in doc.claims:
            if not claim.broken:
                checker.claim(claim)
        for honor in doc.honors:
            if not honor.broken:
                checker.honor(honor)
    else:
        checker.complete = False  # the source could not be read: the document was not checked
    checker.ids()
    checker.reviews()
    checker.text()
    mentions = checker.ledger() if checker.lines is not None else []
    result = DocumentResult(rel, doc.source, metrics=checker.metrics_read, source_bytes=checker.size,
                            source_lines=len(checker.lines) if checker.lines is not None else None,
                            complete=checker.complete)
    result.ids = [(r.key, r.at) for r in (*doc.claims, *doc.honors)]
    result.retired = [(r.key, r.at) for r in doc.retired]
    result.awards = [(h.award_key, h.city, h.year, h.key, h.at, h.line_of("city"), h.line_of("year"))
                     for h in doc.honors if h.award_key is not None]
    if not problems and checker.lines is not None:
        meta = checker.meta
        assert meta is not None
        for record in (*doc.claims, *doc.honors):
            record.source_file = doc.source
            record.reported_year, record.reported_date = meta.published_year, meta.published_date
            if record.year_evidence is not None and record.year_evidence_line is None:
                record.year_evidence_line = record.line  # published: where the evidence stands, always
        claims = sorted(doc.claims, key=lambda c: ids.parse(c.claim_id).serial)  # the ids are checked by now
        honors = sorted(doc.honors, key=lambda h: ids.parse(h.honor_id).serial)
        claim_rows, honor_rows = [c.row() for c in claims], [h.row() for h in honors]
        result.claim_lines = [(c.claim_id, c.at) for c in claims]
        result.honor_lines = [(h.honor_id, h.at) for h in honors]
        try:
            result.annotations = {
                name: ",\n".join(web_annotations.lines(TABLES[name], [dict(zip(columns, row, strict=True))
                                                                       for row in rows], checker.raw_text, doc.source))
                for name, columns, rows in (("claims", CLAIM_COLUMNS, claim_rows),
                                            ("honors", HONOR_COLUMNS, honor_rows))}
        except ValueError as err:  # the selectors of an annotation would not find its quote: never published
            problems.add(rel, 0, doc.source, "", "read-back-mismatch", str(err))
        prefix = ids.prefix(doc.source) or doc.source
        mention_rows = [m.row(ids.make(prefix, "mention", i), doc.source) for i, m in enumerate(mentions, 1)]
        try:
            result.rows = {"claims": pack(claim_rows, "claims"), "honors": pack(honor_rows, "honors"),
                           "mentions": pack(mention_rows, "mentions")}
        except (pa.ArrowException, TypeError, ValueError, OverflowError) as err:  # a value of the wrong type
            problems.add(rel, 0, doc.source, "", "schema-violation", f"a row cannot take its table's types: {err}")
    result.problems = [p.as_tuple() for p in problems]
    return result
