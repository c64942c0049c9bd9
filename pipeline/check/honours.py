"""The rules of an honour: its city, count and award key; its name and count of times in its quote."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from pipeline.check import placement  # noqa: F401 - registers the rules that place an honour on its line
from pipeline.check.rules import rule
from pipeline.core.numerals import find_numbers, number_value
from pipeline.core.text import fold

if TYPE_CHECKING:
    from pipeline.check.state import DocumentCheck

_AWARD_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@rule("honor", "unknown-honor-kind", "wrong-type", "bad-id", step=10)
def honour_fields(check: DocumentCheck, honor: Any) -> None:
    """The kind is a code of the vocabulary, a count of times is at least 1, an award key is lower-case words."""
    check.vocab(honor, "kind", "honor_kinds", "unknown-honor-kind")
    if honor.times is not None and honor.times < 1:
        check.add(honor, "times", "wrong-type", "times counts awards and is at least 1")
    if honor.award_key is not None and not _AWARD_KEY.fullmatch(honor.award_key):
        check.add(honor, "award", "bad-id", f"award key {honor.award_key!r} should be lower-case words joined by -")


@rule("honor", "honor-not-in-quote", "times-not-in-quote", step=60)
def honour_in_quote(check: DocumentCheck, honor: Any) -> None:
    """The honour's name and its count of times stand in its quote."""
    if honor.honor is not None and fold(honor.honor) not in fold(honor.quote):
        check.add(honor, "honor", "honor-not-in-quote",
                  f"honour {honor.honor!r} is not in the quote (compared in simplified script)")
    times = honor.times
    if times is not None and times not in {number_value(m.text) for m in find_numbers(honor.quote)}:
        check.add(honor, "times", "times-not-in-quote", f"the quote states no count of {times}")
