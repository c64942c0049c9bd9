"""The rules that place a claim or an honour on its source line: the line, its time, its quote."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from pipeline.check.rules import rule
from pipeline.core.records import Honor
from pipeline.core.text import fold, to_simplified
from schemas.fields import FIRST_YEAR
from schemas.vocabulary import CLAIM_BASES, HONOR_BASES

if TYPE_CHECKING:
    from pipeline.check.state import DocumentCheck

_YEAR = re.compile(r"(?<![0-9])(1[89][0-9]{2}|2[0-9]{3})(?![0-9])")
_SENTENCE_ENDS = ("。", "！", "？", "!", "?")


def line_text(check: DocumentCheck, record: Any) -> str | None:
    """The text of the record's line, or None when it is not a line of the source."""
    lines = check.lines
    if lines is None or not isinstance(record.line, int) or not 1 <= record.line <= len(lines):
        return None
    return lines[record.line - 1]


def sentence(check: DocumentCheck, record: Any) -> str | None:
    """The sentence of the record's line that holds its quote, in simplified script; None if not found."""
    text = line_text(check, record)
    if text is None or record.quote is None:
        return None
    at = text.find(record.quote)
    if at < 0:
        return None
    begin = max(text.rfind(stop, 0, at) for stop in _SENTENCE_ENDS) + 1
    ends = [i for i in (text.find(stop, at + len(record.quote)) for stop in _SENTENCE_ENDS) if i >= 0]
    return to_simplified(text[begin:min(ends, default=len(text))])


#: The value types whose figure may be of a year after the article's (a target, an estimate), and how far ahead.
FORWARD_VALUE_TYPES = ("target", "estimate")
FORWARD_YEARS = 30

@rule(("claim", "honor"), "unknown-region", step=10)
def region(check: DocumentCheck, record: Any) -> None:
    """A region the curator names is a division of the reference table."""
    if record.region_code is not None and check.context.regions.get(record.region_code) is None:
        check.add(record, "region", "unknown-region",
                  f"region {record.region_code!r} is not a division of "
                  f"{check.context.rel(check.context.paths.regions)}; give its six-digit GB/T 2260 code")


@rule(("claim", "honor"), "line-out-of-range", step=30)
def line(check: DocumentCheck, record: Any) -> None:
    """The record's line is a line of the source."""
    if record.line is not None and line_text(check, record) is None:
        check.add(record, "line", "line-out-of-range",
                  f"line {record.line} is not in {check.doc.source}, which has lines 1-{len(check.lines)}")


def _evidence(check: DocumentCheck, record: Any, text: str | None) -> str | None:
    """The record's year evidence, once it is found verbatim on its line; None when absent or not there."""
    evidence = record.year_evidence
    if evidence is None or (text is None and record.year_evidence_line is None):
        return None
    number = record.year_evidence_line or record.line
    if not 1 <= number <= len(check.lines):
        check.add(record, "year_evidence_line", "line-out-of-range",
                  f"line {number} is not in {check.doc.source}, which has lines 1-{len(check.lines)}")
        return None
    if check.lines[number - 1].find(evidence) < 0:
        check.add(record, "year_evidence", "year-evidence-not-on-line",
                  f"year_evidence {evidence!r} is not on line {number} of {check.doc.source}; copy the words "
                  "that date the figure verbatim (or give year_evidence_line)")
        return None
    return evidence


@rule(("claim", "honor"), "unknown-year-basis", "year-out-of-range", "year-basis-not-allowed", "period-missing",
      "period-reversed", "line-out-of-range", "year-evidence-not-on-line", "year-with-unstated",
      "year-evidence-missing", "year-with-period", "since-end-mismatch", "period-not-in-evidence", "year-missing",
      "period-with-year", "year-not-in-evidence", "relative-year-mismatch", "current-year-mismatch",
      "current-without-marker", step=40)
def reference_time(check: DocumentCheck, record: Any) -> None:
    """The reference time (year, period) fits its basis, its evidence and the article's year."""
    if not check.vocab(record, "year_basis", "year_basis", "unknown-year-basis"):
        return
    honor = isinstance(record, Honor)
    basis, year, start, end = record.year_basis, record.year, record.period_start, record.period_end
    reported = check.year
    if reported is None:
        return  # the source has no published_year: a problem of its entry in sources.yml, said there
    # a target or an estimate may be of a year to come (力争到2025年, 预计明年); a measured figure may not
    ahead = not honor and getattr(record, "value_type", None) in FORWARD_VALUE_TYPES
    last = reported + FORWARD_YEARS if ahead else reported
    for name in ("year", "period_start", "period_end"):
        value = getattr(record, name)
        if value is not None and not FIRST_YEAR <= value <= last:
            check.add(record, name, "year-out-of-range",
                      f"{name} {value} is outside {FIRST_YEAR}-{last} (the article is of {reported}"
                      + (f"; a {record.value_type} may look {FORWARD_YEARS} years ahead)" if ahead else ")"))
    allowed = HONOR_BASES if honor else CLAIM_BASES
    if basis not in allowed:
        check.add(record, "year_basis", "year-basis-not-allowed",
                  f"year_basis {basis!r} does not apply to {'an honour' if honor else 'a claim'}; expected one of: "
                  f"{', '.join(allowed)}")
        return
    if (start is None) != (end is None) or (basis in ("period", "since") and start is None):
        check.add(record, "period_start" if start is None else "period_end", "period-missing",
                  f"year_basis {basis!r} needs both period_start and period_end")
        return
    if start is not None and end < start:
        check.add(record, "period_end", "period-reversed", f"period ends in {end}, before it starts in {start}")
        return
    evidence = _evidence(check, record, line_text(check, record))
    if basis == "unstated":
        for name in ("year", "period_start", "period_end"):
            if getattr(record, name) is not None:
                check.add(record, name, "year-with-unstated",
                          f"year_basis is unstated, so the text gives no time: remove {name} "
                          f"{getattr(record, name)}, or give the basis and the words that date the figure")
        return
    if evidence is None:
        if record.year_evidence is None:
            check.add(record, "year_evidence", "year-evidence-missing",
                      f"year_basis {basis!r} needs `year_evidence`: the words of the source that date the figure")
        return
    simple = to_simplified(evidence)
    markers = check.vocabulary.relative_markers
    relative = {reported - back for marker, back in markers.items() if marker in simple}
    if basis in ("period", "since"):
        if year is not None and not honor:
            check.add(record, "year", "year-with-period",
                      f"a figure over a period has no single year; remove `year` {year}")
        if basis == "since" and end != reported:
            check.add(record, "period_end", "since-end-mismatch",
                      f"a total since a start runs to the article's year {reported}, not {end}")
        stated = sorted({int(y) for y in _YEAR.findall(fold(evidence))})
        if start not in stated and start not in relative:
            check.add(record, "period_start", "period-not-in-evidence",
                      f"year_evidence {evidence!r} does not state the start {start}"
                      + (f" (it states {', '.join(map(str, stated))})" if stated else ""))
        elif basis == "period" and len(stated) > 1 and end != stated[-1]:
            check.add(record, "period_end", "period-not-in-evidence",
                      f"year_evidence {evidence!r} runs to {stated[-1]}, not {end}")
        return
    if year is None:
        check.add(record, "year", "year-missing", f"year_basis {basis!r} needs a year")
        return
    if start is not None and not honor:
        check.add(record, "period_start", "period-with-year",
                  f"year_basis {basis!r} dates the figure to one year; remove the period or use `period`")
    if basis == "stated" and str(year) not in fold(evidence):
        check.add(record, "year", "year-not-in-evidence", f"year_evidence {evidence!r} does not contain {year}")
    elif basis == "relative" and year not in relative:
        found = ", ".join(m for m in markers if m in simple) or "no relative word (今年, 去年…)"
        expected = f"one of {sorted(relative)}" if relative else "a stated year or another basis"
        check.add(record, "year", "relative-year-mismatch",
                  f"year_evidence {evidence!r} says {found} in an article of {reported}, "
                  f"so the year is {expected}, not {year}")
    elif basis == "current":
        if year != reported:
            check.add(record, "year", "current-year-mismatch",
                      f"a stock current at publication has the article's year {reported}, not {year}")
        current = check.vocabulary.current_markers
        if not any(marker in simple for marker in current):
            check.add(record, "year_evidence", "current-without-marker",
                      f"year_evidence {evidence!r} has no word that makes the figure current "
                      f"({', '.join(current)}); without one the year is unstated")


@rule(("claim", "honor"), "quote-not-on-line", step=50)
def quote(check: DocumentCheck, record: Any) -> bool:
    """The quote is a verbatim substring of its line (else the record is not checked further)."""
    text = line_text(check, record)
    if text is None or record.quote is None:
        check.complete = False
        return False
    if text.find(record.quote) >= 0:
        return True
    elsewhere = [i + 1 for i, other in enumerate(check.lines) if record.quote in other]
    if elsewhere:
        hint = f"it stands on line {', '.join(map(str, elsewhere))}"
    elif fold(record.quote) in fold(text):
        hint = "it differs from the line only in script, width or quotation marks; copy it verbatim"
    else:
        hint = "copy it verbatim from the raw line"
    check.add(record, "quote", "quote-not-on-line",
              f"quote {record.quote!r} is not on line {record.line} of {check.doc.source}; {hint}")
    check.complete = False
    return False
