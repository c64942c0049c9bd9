"""Every number of a source → claim, honour or deliberate exclusion: the coverage ledger.

:func:`place` says where a claim or an honour stands on its line (its quote, its figure, its year evidence);
:func:`account` gives every number the scanner (:func:`pipeline.core.numerals.find_numbers`) finds a status, or
reports it. Both the check of a document and the draft use them, so a draft accounts for exactly the numbers the
build counts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from pipeline.core.numerals import find_numbers, find_words, number_value
from pipeline.core.problems import Problems


@dataclass
class Mention:
    """A number in a source line and how it is accounted for (a row of the ledger, the mentions table)."""

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
        """The published row of the mentions table."""
        return (mention_id, source_file, self.line, self.start, self.end, self.text, self.kind, self.status,
                self.claim_id, self.honor_id, self.role, self.reason)


class Place(NamedTuple):
    """Where a claim or honour stands on its line: its quote, its figure (claims) and its year evidence."""

    start: int
    end: int
    #: the figure's words and where they start on the line (claims), else None
    figure: str | None
    figure_start: int | None
    #: where the year evidence stands, when it stands on the record's own line
    evidence: tuple[int, int] | None


def _is_claim(record: Any) -> bool:
    """Whether a record (or the draft's twin of one) is a claim."""
    return record.KIND.name == "Claim"


def figure_of(claim: Any) -> str | None:
    """A claim's figure: as curated, or when none is curated the quote from its one number on (None when the
    quote has not exactly one number)."""
    if claim.figure is not None:
        return claim.figure
    numbers = find_numbers(claim.quote)
    return claim.quote[numbers[0].start:] if len(numbers) == 1 else None


def place(record: Any, lines: list[str]) -> Place | None:
    """Where a record stands on its line, or None when its line, quote or figure cannot be found."""
    if not isinstance(record.line, int) or not 1 <= record.line <= len(lines) or not record.quote:
        return None
    text = lines[record.line - 1]
    start = text.find(record.quote)
    if start < 0:
        return None
    figure = figure_start = None
    if _is_claim(record):
        figure = figure_of(record)
        if figure is None or figure not in record.quote:
            return None
        figure_start = start + record.quote.find(figure)
    evidence = None
    if record.year_evidence and record.year_evidence_line in (None, record.line):
        at = text.find(record.year_evidence)
        evidence = (at, at + len(record.year_evidence)) if at >= 0 else None
    return Place(start, start + len(record.quote), figure, figure_start, evidence)


def _spans(text: str, line: str) -> list[tuple[int, int]]:
    """Every occurrence of ``text`` on ``line``, left to right, not overlapping."""
    if not text:
        return [(m.start(), m.end()) for m in re.finditer("", line)]
    spans, at = [], line.find(text)
    while at >= 0:
        spans.append((at, at + len(text)))
        at = line.find(text, at + len(text))
    return spans


def _dates(record: Any) -> set[float]:
    return {float(v) for v in (record.year, record.period_start, record.period_end) if v is not None}


def _months(record: Any) -> set[float]:
    """The months of a part of a year (今年1至4月): dates of the record only where its year evidence stands."""
    return {float(v) for v in (getattr(record, "month_start", None), getattr(record, "month_end", None))
            if v is not None}


def _own(where: Place) -> list[tuple[int, int]]:
    """Where a record stands on its line: its quote, and its year evidence when that is on the line."""
    return [(where.start, where.end), where.evidence] if where.evidence else [(where.start, where.end)]


def _within(mention: Mention, spans: list[tuple[int, int]]) -> bool:
    return any(a <= mention.start and mention.end <= b for a, b in spans)


def account(doc: Any, lines: list[str], reasons: Mapping[str, Any], complete: bool, suspect: set[int],
            problems: Problems, placed: Callable[[Any], bool] | None = None,
            words: tuple[str, ...] = ()) -> list[Mention]:
    """Every number of a source → claim, honour or deliberate exclusion (the coverage ledger).

    A number found by :func:`pipeline.core.numerals.find_numbers`, and a claim word (``words``: ranks and shares
    written without a numeral, found by :func:`pipeline.core.numerals.find_words`), is accounted for, in this
    order:

    1. inside a claim's figure on that line → ``claim`` (role ``value``);
    2. inside a claim's or honour's quote (or its year evidence on the same line) and equal to its year or a
       period bound, or inside its year evidence and equal to its first or last month (今年1至4月) →
       ``claim``/``honor`` (role ``date``); inside an honour's quote and equal to its count of
       times → ``honor`` (role ``times``);
    3. inside an ``excluded`` entry's text on that line (every occurrence of the text on the line) →
       ``excluded`` with the entry's reason.

    Only the records that ``placed`` accepts (the check's: those whose quote and figure it found) account for
    numbers. Anything left is an ``unaccounted-number`` problem, and an exclusion that covers no number left by
    1-2 is an ``exclusion-not-a-number`` problem; both only when the document is ``complete`` (every record read
    and placed on its line) and not on a ``suspect`` line (one with a claim or honour that has a problem): such a
    record has its own problem, and the numbers it would have accounted for are not blamed on a missing entry.
    """
    found = {number: [Mention(number, m.start, m.end, m.text, m.kind) for m in find_numbers(text)]
             for number, text in enumerate(lines, start=1)}
    # the claim words, apart from the numbers: the ledger lists them after every number, so that the ids of the
    # numbers (serials in reading order) stay as they were; a word that holds a number is that number's
    said = {number: [Mention(number, m.start, m.end, m.text, m.kind) for m in find_words(text, words)
                     if not any(n.start < m.end and m.start < n.end for n in found[number])]
            for number, text in enumerate(lines, start=1)} if words else {}
    for number, line_words in said.items():
        found[number] = sorted(found[number] + line_words, key=lambda m: m.start)
    for record in (*doc.claims, *doc.honors):
        if placed is not None and not placed(record):
            continue
        where = place(record, lines)
        if where is None:
            continue
        spans = _own(where)
        is_claim = _is_claim(record)
        for m in found.get(record.line, []):
            if m.status:
                continue
            if is_claim and where.figure_start <= m.start and m.end <= where.figure_start + len(where.figure):
                m.status, m.claim_id, m.role = "claim", record.claim_id, "value"
            elif not _within(m, spans):
                continue
            elif number_value(m.text) in _dates(record) or (
                    where.evidence and _within(m, [where.evidence]) and number_value(m.text) in _months(record)):
                if is_claim:
                    m.status, m.claim_id, m.role = "claim", record.claim_id, "date"
                else:
                    m.status, m.honor_id, m.role = "honor", record.honor_id, "date"
            elif not is_claim and record.times is not None and number_value(m.text) == record.times:
                m.status, m.honor_id, m.role = "honor", record.honor_id, "times"
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
    numbers, claim_words = [], []
    for number, line_mentions in found.items():
        for m in line_mentions:
            if not m.status and complete and number not in suspect:
                context = lines[number - 1][max(0, m.start - 8):m.end + 8]
                word = m.kind == "word"
                problems.add(doc.file, 0, f"{doc.source}:{number}:{m.start}", "excluded",
                             "unaccounted-word" if word else "unaccounted-number",
                             f"{'the claim word ' if word else ''}{m.text!r} at line {number}, characters "
                             f"{m.start}-{m.end} of {doc.source} (…{context}…) is neither in a claim's figure nor "
                             "an honour, nor excluded; add a claim, an honour or an `excluded` entry")
            (claim_words if m.kind == "word" else numbers).append(m)
    return numbers + claim_words


#: The problem codes the ledger may report (it is a rule of the document: pipeline.check.document).
CODES = ("unknown-reason", "unknown-reference", "line-out-of-range", "exclusion-text-not-on-line",
         "exclusion-not-a-number", "unaccounted-number", "unaccounted-word")

__all__ = ["CODES", "Mention", "Place", "account", "figure_of", "place"]
