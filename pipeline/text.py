"""Working copies of source text for matching and display; never for storage.

A stored quote stays verbatim. These helpers make a *copy* that is easier to compare: simplified script
(OpenCC ``t2s``) and without the web-conversion debris found in some sources (pinyin readings in brackets
such as ``現(xiàn)``). The debris pattern and the folding rule are the library's (``pingan_data._script``),
so that the pipeline and the library match texts alike.
"""

from __future__ import annotations

from functools import lru_cache

import opencc

from pingan_data._script import DEBRIS, fold

__all__ = ["DEBRIS", "fold", "strip_debris", "to_simplified"]


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def strip_debris(text: str) -> str:
    """Remove bracketed pinyin readings (``區(qū)`` → ``區``)."""
    return DEBRIS.sub("", text)


def to_simplified(text: str) -> str:
    """Simplified-script copy of ``text`` (OpenCC t2s), debris removed."""
    return _t2s().convert(strip_debris(text))
