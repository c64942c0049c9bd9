"""The id scheme, in one place: which document a source file is, and the ids of what it holds.

A raw source is named ``<number>_<16 hex digits>.txt``; its number, written with at least three digits
(``000``, ``042``, ``1000``), is the document's prefix. The records of a document are numbered within it:
claims ``<prefix>-c<serial>``, honours ``<prefix>-h<serial>``, ledger mentions ``<prefix>-m<serial>``,
each serial written with at least three digits (``000-c001``, ``000-c1000``). The patterns give neither part a
size limit, but the build reads at most ``MAX_DIGITS`` digits of each (a longer number is not taken for a
document or a serial); every id has exactly one spelling (no extra leading zeros), so a number names one record.
"""

from __future__ import annotations

import re
from typing import NamedTuple

#: At least this many digits in a document number and a serial; more only when the number needs them.
WIDTH = 3
_NUMBER = rf"(?:[0-9]{{{WIDTH}}}|[1-9][0-9]{{{WIDTH},}})"
SOURCE_FILE = rf"^{_NUMBER}_[0-9a-f]{{16}}\.txt$"
#: The most digits of a document number or a serial that the build reads (more would not even fit an int64).
MAX_DIGITS = 18
#: record kind → its letter in an id
LETTERS = {"claim": "c", "honor": "h", "mention": "m"}
CLAIM_ID, HONOR_ID, MENTION_ID = (rf"^{_NUMBER}-{letter}{_NUMBER}$" for letter in LETTERS.values())

_SOURCE = re.compile(rf"({_NUMBER})_[0-9a-f]{{16}}\.txt")
_ID = re.compile(rf"({_NUMBER})-([a-z])({_NUMBER})")


class Id(NamedTuple):
    """An id taken apart: the document's prefix, the record letter and the serial."""

    prefix: str
    letter: str
    serial: int


def number(value: int) -> str:
    """A document number or serial as ids write it: 7 → "007", 1000 → "1000"."""
    return f"{value:0{WIDTH}d}"


def prefix(source_file: str) -> str | None:
    """The document prefix of a raw source's file name ("042_…txt" → "042"), or None if it is not one."""
    match = _SOURCE.fullmatch(source_file)
    return match.group(1) if match and len(match.group(1)) <= MAX_DIGITS else None


def make(prefix_: str, kind: str, serial: int) -> str:
    """The id of the ``serial``-th record of ``kind`` (claim, honor, mention) in a document."""
    return f"{prefix_}-{LETTERS[kind]}{number(serial)}"


def parse(text: str) -> Id | None:
    """An id's parts, or None when ``text`` is not an id in its one spelling."""
    match = _ID.fullmatch(text)
    if match is None or len(match.group(1)) > MAX_DIGITS or len(match.group(3)) > MAX_DIGITS:
        return None
    return Id(match.group(1), match.group(2), int(match.group(3)))


def example(prefix_: str, kind: str) -> str:
    """The first id of a kind in a document, for messages ("000-c001")."""
    return make(prefix_, kind, 1)
