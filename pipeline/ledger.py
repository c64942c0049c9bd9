"""Every number in every source → claim, honour or deliberate exclusion (the coverage ledger).

A number found by ``numerals.find_numbers`` is accounted for, in this order:
1. inside a claim's figure on that line → ``claim`` (role ``value``);
2. inside a claim's or honour's quote (or its year evidence on the same line) and equal to its year or a
   period bound
   → ``claim``/``honor`` (role ``date``); inside an honour's quote and equal to
   its count of times → ``honor`` (role ``times``);
3. inside an ``excluded`` entry's text on that line (every occurrence of the
   text on the line) → ``excluded`` with the entry's reason.
Anything left is an ``unaccounted-number`` problem, and an exclusion that
covers no number left by 1-2 is an ``exclusion-not-a-number`` problem.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from pipeline.errors import Problems
from pipeline.numerals import find_numbers, number_value

if TYPE_CHECKING:
    from pipeline.verify import Mention, Verified


def _spans(text: str, line: str) -> list[tuple[int, int]]:
    """Every occurrence of ``text`` on ``line``, left to right, not overlapping (as ``re.finditer`` of the
    escaped text finds them, without compiling a pattern for each exclusion)."""
    if not text:
        return [(m.start(), m.end()) for m in re.finditer("", line)]
    spans, at = [], line.find(text)
    while at >= 0:
        spans.append((at, at + len(text)))
        at = line.find(text, at + len(text))
    return spans


def _dates(data: dict[str, Any]) -> set[float]:
    return {float(data[k]) for k in ("year", "period_start", "period_end") if data.get(k) is not None}


def _own_spans(verified: Verified, record_id: str) -> list[tuple[int, int]]:
    """Where a claim or honour stands on its line: its quote, and its year evidence when that is on the line."""
    evidence = verified.evidence.get(record_id)
    return [verified.offsets[record_id], *([evidence] if evidence else [])]


def _within(mention: Mention, spans: list[tuple[int, int]]) -> bool:
    return any(a <= mention.start and mention.end <= b for a, b in spans)


def account(verified: Verified, problems: Problems, reasons: dict[str, Any]) -> list[Mention]:
    """Find every number in the sources and say what it is; report the rest to ``problems``."""
    from pipeline.verify import Mention

    mentions: list[Mention] = []
    ids = {r.id for doc in verified.inputs.documents for r in (*doc.claims, *doc.honors)}
    for doc in verified.inputs.documents:
        source = verified.sources[doc.source]
        found: dict[int, list[Mention]] = {}
        for number, text in enumerate(source.lines, start=1):
            found[number] = [Mention(doc.source, number, m.start, m.end, m.text, m.kind)
                             for m in find_numbers(text)]
        for claim in doc.claims:
            spans = _own_spans(verified, claim.id)
            figure, fig_start = verified.figures[claim.id]
            fig_end = fig_start + len(figure)
            for m in found[claim.data["line"]]:
                if m.status:
                    continue
                if fig_start <= m.start and m.end <= fig_end:
                    m.status, m.claim_id, m.role = "claim", claim.id, "value"
                elif _within(m, spans) and number_value(m.text) in _dates(claim.data):
                    m.status, m.claim_id, m.role = "claim", claim.id, "date"
        for honor in doc.honors:
            spans = _own_spans(verified, honor.id)
            times = honor.data.get("times")
            for m in found[honor.data["line"]]:
                if m.status or not _within(m, spans):
                    continue
                value = number_value(m.text)
                if value in _dates(honor.data):
                    m.status, m.honor_id, m.role = "honor", honor.id, "date"
                elif times is not None and value == times:
                    m.status, m.honor_id, m.role = "honor", honor.id, "times"
        for entry in doc.excluded:
            data = entry.data
            here = entry.line_of
            if data["reason"] not in reasons:
                problems.add(entry.file, here("reason"), "", "reason", "unknown-reason",
                             f"reason {data['reason']!r} is not known; expected one of: {', '.join(reasons)}")
            if data.get("see") is not None and data["see"] not in ids:
                problems.add(entry.file, here("see"), "", "see", "unknown-reference",
                             f"`see: {data['see']}` names no claim or honour")
            line = data["line"]
            if not 1 <= line <= len(source.lines):
                problems.add(entry.file, here("line"), "", "line", "line-out-of-range",
                             f"line {line} is not in {doc.source}, which has lines 1-{len(source.lines)}")
                continue
            spans = _spans(data["text"], source.lines[line - 1])
            if not spans:
                problems.add(entry.file, here("text"), "", "text", "exclusion-text-not-on-line",
                             f"{data['text']!r} is not on line {line} of {doc.source}")
                continue
            covered = 0
            for m in found[line]:
                if not m.status and any(a <= m.start and m.end <= b for a, b in spans):
                    m.status, m.reason = "excluded", data["reason"]
                    covered += 1
            if not covered:
                problems.add(entry.file, here("text"), "", "text", "exclusion-not-a-number",
                             f"{data['text']!r} on line {line} covers no number left to account for")
        for number, line_mentions in found.items():
            for m in line_mentions:
                if not m.status:
                    context = source.lines[number - 1][max(0, m.start - 8):m.end + 8]
                    problems.add(doc.file, 0, f"{doc.source}:{number}:{m.start}", "excluded", "unaccounted-number",
                                 f"{m.text!r} at line {number}, characters {m.start}-{m.end} of {doc.source} "
                                 f"(…{context}…) "
                                 "is neither in a claim's figure nor an honour, nor excluded; "
                                 "add a claim, an honour or an `excluded` entry")
            mentions.extend(line_mentions)
    return mentions
