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
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Reading:
    """What a corroboration pair says, for people: ``code`` (same_event, no_time, agree, conflict or
    changed_over_time), a short ``label`` and a ``sentence`` that explains it."""

    code: str
    label: str
    sentence: str


#: The label of each reading: what a mark on the site or a line of the command line says.
READINGS = {"same_event": "same event", "no_time": "cannot compare in time", "agree": "agree",
            "conflict": "conflict", "changed_over_time": "changed over time"}


def corroboration(pair: Mapping[str, Any], reported: tuple[object, object] = (None, None)) -> Reading:
    """How to read a row of the corroboration table, claiming no more than the data say.

    A pair whose claims count the same award (``same_event``) is one fact reported twice, not two confirmations,
    whatever its verdict; a pair one of whose figures has no time (``time_relation`` unknown) cannot be compared
    in time, so its values neither confirm nor contradict each other; otherwise the table's verdict stands.
    ``reported`` is the years the two articles were published, where known, for the sentence."""
    ranges = f"{pair.get('range_a')} and {pair.get('range_b')}"
    overlap = bool(pair.get("ranges_overlap"))
    if pair.get("same_event"):
        return Reading("same_event", READINGS["same_event"],
                       "One fact reported twice: both claims count the same award, so the second article repeats "
                       "the first rather than confirming it.")
    if pair.get("time_relation") == "unknown":
        undated = [w for w in (pair.get("when_a"), pair.get("when_b")) if w in (None, "", "unstated")]
        who = ("Neither text gives a time for its figure" if len(undated) == 2
               else "One text gives no time for its figure")
        years = [str(y) for y in reported if y is not None]
        published = (f" (the articles were published in {years[0]} and {years[1]})"
                     if len(years) == 2 and years[0] != years[1] else "")
        return Reading("no_time", READINGS["no_time"],
                       f"{who}{published}, so the two may describe different moments: the ranges {ranges} "
                       f"{'share values' if overlap else 'share no value'}, which neither confirms nor "
                       "contradicts either figure.")
    times = f"{pair.get('when_a')}; {pair.get('when_b')}"
    verdict = str(pair.get("verdict"))
    if verdict == "agree":
        when = "the same year" if pair.get("time_relation") == "same_year" else "overlapping times"
        sentence = f"Two documents give values that can both be true at {when} ({times}): the ranges {ranges} overlap."
    elif verdict == "changed_over_time":
        sentence = (f"The figures are for different years ({times}) and their ranges {ranges} share no value: the "
                    "figure changed, or one of them is wrong.")
    else:
        sentence = (f"At the same or overlapping times ({times}) the ranges {ranges} share no value: both cannot "
                    "be true.")
    return Reading(verdict, READINGS.get(verdict, words(verdict)), sentence)


def words(code: str | None) -> str:
    """A code for reading: underscores as spaces ("national_peer_cities" → "national peer cities")."""
    return (code or "").replace("_", " ")


__all__ = ["READINGS", "Reading", "amount", "corroboration", "dated", "number", "vocabulary_of", "when", "words"]
