"""How a value and its time read to people: one rule for the library, the command line and the site.

The words come from the published vocabulary (the ``shown`` and ``shown_one`` columns of the ``vocabulary``
table): a qualifier's template ("> {}", "nearly {}"), a unit's ("{} persons", "{}%", "rank {}"), so that a unit a
curator adds reads as the curator wrote it. ``vocabulary`` (section → code → its row), where given, is used
instead of the library's own package (the site passes the package it builds from).

    >>> from pingan_data.display import amount, dated
    >>> amount(30000.0, "more_than", "persons")
    '> 30,000 persons'
    >>> dated(None, 2020, 2023, "since")
    '2020–2023 [since]'
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

Vocabulary = Mapping[str, Mapping[str, Mapping[str, Any]]]


@lru_cache(maxsize=1)
def _published() -> dict[str, dict[str, dict[str, Any]]]:
    from pingan_data._tables import load

    out: dict[str, dict[str, dict[str, Any]]] = {}
    for row in load("vocabulary").to_dict("records"):
        clean = {k: (None if not isinstance(v, str) and v != v else v) for k, v in row.items()}  # NaN → None
        out.setdefault(str(row["section"]), {})[str(row["code"])] = clean
    return out


def vocabulary_of(rows: list[Mapping[str, Any]]) -> dict[str, dict[str, Mapping[str, Any]]]:
    """Rows of a vocabulary table (dicts with section and code) → section → code → row, as :func:`amount` takes."""
    out: dict[str, dict[str, Mapping[str, Any]]] = {}
    for row in rows:
        out.setdefault(str(row["section"]), {})[str(row["code"])] = row
    return out


def _shown(section: str, code: str, vocabulary: Vocabulary | None, one: bool = False) -> str:
    row = (vocabulary if vocabulary is not None else _published()).get(section, {}).get(code) or {}
    template = (row.get("shown_one") if one else None) or row.get("shown")
    if template:
        return str(template)
    words = code.replace("_", " ")
    return "{} " + words if section == "units" else f"{words} {{}}" if words != "exact" else "{}"


def number(value: float | int | None) -> str:
    """30000.0 → "30,000"; 96.11 → "96.11"; None → ""."""
    if value is None:
        return ""
    return f"{float(value):,.15g}"


def amount(value: float, qualifier: str, unit: str, vocabulary: Vocabulary | None = None) -> str:
    """A value read with its qualifier and unit: "> 30,000 persons", "≥ 98%", "rank 4", "about 1 hour"."""
    core = _shown("units", unit, vocabulary, one=value == 1).replace("{}", number(value), 1)
    return _shown("qualifiers", qualifier, vocabulary).replace("{}", core, 1)


def when(year: int | None, start: int | None, end: int | None) -> str:
    """ "2022", "2018–2020" (a period), or "" when neither is known."""
    if year is not None:
        return str(year)
    if start is not None:
        return f"{start}–{end}" if end is not None and end != start else str(start)
    return ""


def dated(year: int | None, start: int | None, end: int | None, basis: str | None,
          reported: int | None = None) -> str:
    """The reference time with how it was decided: "2021 [stated]", "2020–2023 [since]", or, when the text
    gives none, "[unstated; reported 2022]" (the year the article was published)."""
    text = when(year, start, end)
    if text:
        return f"{text} [{basis}]" if basis else text
    return f"[{basis or 'unstated'}; reported {reported}]" if reported is not None else f"[{basis or 'unstated'}]"


def words(code: str | None) -> str:
    """A code for reading: underscores as spaces ("national_peer_cities" → "national peer cities")."""
    return (code or "").replace("_", " ")


__all__ = ["amount", "dated", "number", "vocabulary_of", "when", "words"]
