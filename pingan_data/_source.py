"""Show the source: the raw line a claim or honour comes from, with its quote marked, and its neighbours."""

from __future__ import annotations

import html
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pingan_data import package
from pingan_data.errors import ArgumentTypeError, ArgumentValueError, DataIntegrityError

MARK = ("⟦", "⟧")


@dataclass(frozen=True, repr=False)
class Excerpt:
    """Lines of a raw source around a claim or honour. ``str()`` marks the quote as ⟦…⟧.

    ``lines`` holds (line number, raw text) pairs in file order: the quote's line (``line``) and up to
    ``context`` non-blank lines before and after it (blank lines are skipped; the numbers are the raw
    file's). ``quote`` is ``text[char_start:char_end]`` of the quote's line.
    """

    id: str
    source_file: str
    line: int
    char_start: int
    char_end: int
    quote: str
    lines: tuple[tuple[int, str], ...]

    def render(self, mark: tuple[str, str] = MARK, clean: Callable[[str], str] = str) -> str:
        """Plain text, one raw line per row, the quote's line flagged with ▶ and its quote between ``mark``.

        ``clean`` is applied to the text of the source (not to the marks), e.g. to show control characters
        as visible escapes on a terminal.
        """
        width = len(str(self.lines[-1][0]))
        rows = [f"{self.source_file}, line {self.line} ({self.id}):"]
        for number, text in self.lines:
            if number == self.line:
                text = (f"{clean(text[:self.char_start])}{mark[0]}{clean(self.quote)}{mark[1]}"
                        f"{clean(text[self.char_end:])}")
            else:
                text = clean(text)
            rows.append(f"{'▶' if number == self.line else ' '} {number:>{width}} │ {text}")
        return "\n".join(rows)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return self.render()

    def _repr_html_(self) -> str:
        rows = []
        for number, text in self.lines:
            if number == self.line:
                body = (f"{html.escape(text[:self.char_start])}<mark>{html.escape(self.quote)}</mark>"
                        f"{html.escape(text[self.char_end:])}")
            else:
                body = html.escape(text)
            rows.append(f"<tr><td style='text-align:right;color:#888'>{number}</td>"
                        f"<td style='text-align:left'>{body}</td></tr>")
        caption = f"<code>{html.escape(self.source_file)}</code>, line {self.line} ({html.escape(self.id)})"
        return f"<table><caption style='text-align:left'>{caption}</caption>{''.join(rows)}</table>"


def source_lines(source_file: str) -> list[str]:
    """The lines of a raw source file (split on LF, as the pipeline counts them), after checking its sha256."""
    data = package.read_verified(f"sources/{source_file}")
    try:
        return data.decode("utf-8").split("\n")
    except UnicodeDecodeError as err:
        raise DataIntegrityError(f"sources/{source_file} is not valid UTF-8 ({err}); reinstall pingan_data or "
                                 "restore the file", source_file) from None


def check_context(context: object) -> int:
    """``context`` as a number of lines (0 or more), or the argument error that says what it should be."""
    if isinstance(context, bool) or not isinstance(context, int):
        raise ArgumentTypeError(f"source(context=...) is a whole number of lines, such as 2, not {context!r}")
    if context < 0:
        raise ArgumentValueError(f"source(context=...) is a number of lines, 0 or more, not {context}")
    return context


def excerpt(rec: Any, context: int = 1) -> Excerpt:
    """The raw line of a claim or honour record with its quote marked, plus ``context`` non-blank lines before and
    after it; the raw file checked against its sha256 and the quote against its line (DataIntegrityError)."""
    context = check_context(context)
    lines = source_lines(rec.source_file)
    text = lines[rec.line - 1] if 0 < rec.line <= len(lines) else ""
    if text[rec.char_start:rec.char_end] != rec.quote:
        raise DataIntegrityError(f"the quote of {rec.id} is not at {rec.source_file}, line {rec.line}, characters "
                                 f"{rec.char_start}-{rec.char_end}: the table and the raw file disagree",
                                 rec.source_file)
    before = [(n, lines[n - 1]) for n in range(rec.line - 1, 0, -1) if lines[n - 1].strip()][:context]
    after = [(n, lines[n - 1]) for n in range(rec.line + 1, len(lines) + 1) if lines[n - 1].strip()][:context]
    return Excerpt(rec.id, rec.source_file, rec.line, rec.char_start, rec.char_end, rec.quote,
                   (*reversed(before), (rec.line, text), *after))


def terminal_mark() -> tuple[str, str]:
    """Reverse video for the quote on a colour terminal (unless NO_COLOR is set), else ⟦…⟧."""
    if sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb":
        return ("\x1b[7m", "\x1b[0m")
    return MARK
