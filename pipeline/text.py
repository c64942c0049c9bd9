"""Working copies of source text for matching and display; never for storage.

A stored quote stays verbatim. These helpers make a *copy* that is easier to
compare: simplified script (OpenCC ``t2s``) and without the web-conversion
debris found in some sources (pinyin readings in brackets such as ``現(xiàn)``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_PINYIN_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê"
_PINYIN_VOWELS = "aeiouāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê"
#: A pinyin reading left behind by a web converter: 1 to 6 lower-case Latin letters (tone marks
#: allowed, at least one vowel) in ASCII or full-width brackets, e.g. "(xiàn)"; "(km)" is kept.
DEBRIS = re.compile(rf"[(（](?=[^)）]*[{_PINYIN_VOWELS}])[{_PINYIN_LETTERS}]{{1,6}}[)）]")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def strip_debris(text: str) -> str:
    """Remove bracketed pinyin readings (``區(qū)`` → ``區``)."""
    return DEBRIS.sub("", text)


def to_simplified(text: str) -> str:
    """Simplified-script copy of ``text`` (OpenCC t2s), debris removed."""
    return _t2s().convert(strip_debris(text))


def fold(text: str) -> str:
    """A loose matching key: simplified script, NFKC width folding, no quotation marks or spaces."""
    folded = unicodedata.normalize("NFKC", to_simplified(text))
    return re.sub(r"[\s“”‘’\"'「」『』]", "", folded)
