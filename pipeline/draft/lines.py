"""A source line as the draft reads it: a simplified working copy with the offsets back to the raw line.

The raw line is never changed. The working copy drops pinyin debris ("現(xiàn)" → "現"), is converted to
simplified script (OpenCC t2s) character by character when a whole-line conversion would change its length, and
writes full-width digits and signs as ASCII (２０２４－０１ → 2024-01, １３．６％ → 13.6%), so that every
character of the copy stands for one character of the raw line: a span found in the copy is cut from the raw line
verbatim (:meth:`Line.cut`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from pipeline.core.numerals import Number, find_numbers
from pipeline.core.text import DEBRIS, to_simplified

#: Where a sentence ends, and where a clause ends (both scripts' punctuation; the sources mix them).
SENTENCE_ENDS = "。！？!?"
CLAUSE_ENDS = SENTENCE_ENDS + ",，;；:：、"
_CLAUSE = set(",，;；:：") | set(SENTENCE_ENDS)
#: Full-width digits and signs → ASCII, one character for one.
FULL_WIDTH = str.maketrans("０１２３４５６７８９．％－：／", "0123456789.%-:/")


@dataclass
class Line:
    """One raw line, its number and its working copy."""

    number: int
    raw: str
    """The raw line, verbatim."""

    @cached_property
    def _copy(self) -> tuple[str, list[int]]:
        kept, offsets, at = [], [], 0
        for match in DEBRIS.finditer(self.raw):
            kept.append(self.raw[at:match.start()])
            offsets.extend(range(at, match.start()))
            at = match.end()
        kept.append(self.raw[at:])
        offsets.extend(range(at, len(self.raw)))
        clean = "".join(kept)
        simple = to_simplified(clean)
        if len(simple) != len(clean):
            simple = "".join(c if len(c) == 1 else o for o, c in ((o, to_simplified(o)) for o in clean))
        return simple.translate(FULL_WIDTH), offsets

    @property
    def text(self) -> str:
        """The working copy: simplified script, debris removed."""
        return self._copy[0]

    def at(self, index: int) -> int:
        """The raw offset of working character ``index`` (``len(text)`` → the end of the raw line)."""
        offsets = self._copy[1]
        return offsets[index] if index < len(offsets) else len(self.raw)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """A working span [start, end) as a raw span."""
        if end <= start:
            return self.at(start), self.at(start)
        return self.at(start), self.at(end - 1) + 1

    def cut(self, start: int, end: int) -> str:
        """The raw text of a working span, verbatim."""
        a, b = self.raw_span(start, end)
        return self.raw[a:b]

    @cached_property
    def working_index(self) -> dict[int, int]:
        """raw offset → working index (debris characters have none)."""
        return {raw: i for i, raw in enumerate(self._copy[1])}

    @cached_property
    def mentions(self) -> list[tuple[Number, int, int]]:
        """Every number of the raw line (the ledger's scanner) with its working span."""
        out = []
        for m in find_numbers(self.raw):
            start = self.working_index[m.start]
            end = self.working_index[m.end - 1] + 1
            out.append((m, start, end))
        return out

    def sentence(self, index: int) -> tuple[int, int]:
        """The working span of the sentence around ``index``."""
        text = self.text
        start = max(text.rfind(c, 0, index) for c in SENTENCE_ENDS) + 1
        ends = [i for i in (text.find(c, index) for c in SENTENCE_ENDS) if i >= 0]
        return start, min(ends, default=len(text))

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The working span of the clause (between , ; : and sentence ends) that holds [start, end)."""
        text = self.text
        begin = start
        while begin > 0 and text[begin - 1] not in _CLAUSE:
            begin -= 1
        stop = end
        while stop < len(text) and text[stop] not in _CLAUSE:
            stop += 1
        return begin, stop


def lines_of(text: str) -> list[Line]:
    """The lines of a raw text (split on LF only, as the ledger does), numbered from 1."""
    return [Line(number, raw) for number, raw in enumerate(text.split("\n"), start=1)]


def strip_quotes(text: str) -> str:
    return re.sub(r"[“”‘’\"'「」『』]", "", text)
