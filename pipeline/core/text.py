"""Working copies of source text for matching and display; never for storage.

A stored quote stays verbatim. These helpers make a *copy* that is easier to compare: simplified script
(OpenCC ``t2s``) and without the web-conversion debris found in some sources (pinyin readings in brackets
such as ``現(xiàn)``). The debris pattern and the folding rule are the library's (``pingan_data.script``),
so that the pipeline and the library match texts alike.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc

from pingan_data.script import DEBRIS, fold

__all__ = ["DEBRIS", "describe_character", "fold", "hidden_character", "strip_debris", "to_simplified"]


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def strip_debris(text: str) -> str:
    """Remove bracketed pinyin readings (``區(qū)`` → ``區``)."""
    return DEBRIS.sub("", text)


def to_simplified(text: str) -> str:
    """Simplified-script copy of ``text`` (OpenCC t2s), debris removed."""
    return _t2s().convert(strip_debris(text))


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
