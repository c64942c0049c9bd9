"""How a column is declared: its checks, its description and what every layer needs to know of it.

Every column of every record is declared once, in its pandera model (``schemas/<table>.py``), with one of
the factories below. Besides pandera's checks and the description, a column's ``metadata`` says:

* ``role``: ``curated`` (a curator writes it in YAML; the loader reads it) or ``derived`` (the build computes
  it; see :mod:`pipeline.check.derive`);
* ``yaml``: its name in the curated YAML where that differs from the column's (a claim's ``id``);
* ``required``: whether a curator must write it;
* ``header``: its short title for people (a table header of the site, the ``title`` of the Table Schema field);
* ``indexed``: whether people select rows by it (the SQLite database indexes it; so it does every coded column,
  foreign key and year);
* ``vocabulary`` / ``subset``: the vocabulary section whose codes it takes (see :func:`schemas.vocabulary.coded`).

The loader (:mod:`pipeline.core.load`), the typed records (:mod:`pipeline.core.records`), the draft's YAML, the
site's tables, the library's record classes and the documentation of the columns are all derived from these
declarations; nothing else lists a table's columns.
"""

from __future__ import annotations

from typing import Any

import pandera.pandas as pa

from schemas.ids import CLAIM_ID, HONOR_ID, MENTION_ID, SOURCE_FILE
from schemas.vocabulary import HONOR_BASES

__all__ = ["CLAIM_ID", "CURATED", "DATE", "DERIVED", "FIRST_YEAR", "FORMULA_STARTS", "HONOR_ID", "LAST_YEAR",
           "MENTION_ID", "SOURCE_FILE", "column"]
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
FIRST_YEAR, LAST_YEAR = 1949, 2100
#: The two roles of a column: written by a curator, or computed by the build.
CURATED, DERIVED = "curated", "derived"
#: Characters that make a spreadsheet read a CSV cell as a formula when they start it: no published text starts
#: with one (the build refuses such text rather than altering it).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def column(description: str, *, role: str = CURATED, yaml: str | None = None, required: bool = False,
           header: str | None = None, vocabulary: str | None = None, subset: list[str] | None = None,
           indexed: bool = False, **checks: Any) -> Any:
    """A column: its description, pandera checks (``checks``) and what the other layers need (see above)."""
    if role not in (CURATED, DERIVED):
        raise ValueError(f"a column is {CURATED} or {DERIVED}, not {role!r}")
    metadata = {"role": role, "yaml": yaml, "required": required, "header": header, "indexed": indexed}
    if vocabulary is not None:
        metadata |= {"vocabulary": vocabulary, "subset": subset}
    return pa.Field(description=description, metadata=metadata, **checks)


def source_file(description: str = "File name of the raw source document, e.g. 000_2b8feb0ae4f9f377.txt.",
                **meta: Any) -> Any:
    return column(description, str_matches=SOURCE_FILE, **({"role": DERIVED} | meta))


def line(**meta: Any) -> Any:
    return column("1-based line number in the raw source file.", ge=1,
                  **({"required": True, "header": "line"} | meta))


def char_start(description: str = "0-based character offset where the quote starts in its line.", **meta: Any) -> Any:
    return column(description, role=DERIVED, ge=0, **meta)


def char_end(description: str = "Character offset just after the quote's end (exclusive).") -> Any:
    return column(description, role=DERIVED, ge=1)


def quote() -> Any:
    return column("Verbatim substring of the raw line, in the script of the source, debris included.",
                  required=True, header="quote", str_length={"min_value": 1})


def quote_hans() -> Any:
    return column("The quote in simplified script (OpenCC t2s) with web debris removed; for reading and search, not "
                  "for citation.", role=DERIVED, str_length={"min_value": 1})


def city(description: str = "City the figure is about: the English name of the prefecture-level city (or the "
                            "municipality) its region lies in, e.g. Fuzhou for 福州市 and for its districts; empty "
                            "for a province-wide figure. Read from region_code.", **meta: Any) -> Any:
    return column(description, role=DERIVED, nullable=True, **({"header": "city", "indexed": True} | meta))


def region_code(description: str = "The administrative division the figure is about, by its six-digit GB/T 2260 "
                                   "code (see the regions table): a district or county when the text attributes the "
                                   "figure to one, else the report's own place.", **meta: Any) -> Any:
    return column(description, yaml="region", header="region", str_matches=r"^[1-9][0-9]{5}$", **meta)


def region_level() -> Any:
    return column("The level of region_code: province, prefecture or county.", role=DERIVED,
                  isin=["province", "prefecture", "county"])


def reported_date_basis() -> Any:
    return column("How the article's date (reported_year, reported_date) is known: printed (the received text prints "
                  "it), page (the page it was published on shows it, found apart from the text) or inferred (from "
                  "the text; then only the year is given, as the latest it allows).", role=DERIVED,
                  isin=["printed", "page", "inferred"])


def year(description: str) -> Any:
    return column(description, header="year", nullable=True, ge=FIRST_YEAR, le=LAST_YEAR)


def coded(section: str, description: str, *, subset: list[str] | None = None, **meta: Any) -> Any:
    """A column whose values are codes of a vocabulary section (bound to a build's vocabulary by
    ``schemas.bind``); ``subset`` limits them to some of the section's codes."""
    return column(description, vocabulary=section, subset=subset, **meta)


def year_basis(honor: bool = False, description: str | None = None) -> Any:
    return column(description or (
        "How the reference time was decided: stated (the year is written with the figure), relative (今年/去年 "
        "against the article's date), current (a stock the text presents as current: 目前, 如今, 已…; the "
        "article's year), period (a stated or documented period), since (a total from a stated start up to the "
        "article's date) or unstated (the text gives no time: year and period are empty)."),
        required=True, header="year basis", vocabulary="year_basis", subset=HONOR_BASES if honor else None)


def year_evidence() -> Any:
    return column("The words of the source that date the figure, verbatim (e.g. 今年, 2020年至今, 目前, 近年来); "
                  "empty when the text has no time word for it.", header="dated by", nullable=True)


def year_evidence_line() -> Any:
    return column("Line of the raw source where year_evidence stands (usually the record's own line); empty when "
                  "there is no evidence.", nullable=True, ge=1)


def reported_year() -> Any:
    return column("Year the article was published (its reporting time, from the sources table; stated or inferred "
                  "there). Never used to fill `year`.", role=DERIVED, ge=FIRST_YEAR, le=LAST_YEAR)


def reported_date() -> Any:
    return column("Date the article was published (ISO 8601), only where it is known to the day (printed, or shown "
                  "by its page): see reported_date_basis.", role=DERIVED, header="reported", nullable=True,
                  str_matches=DATE)


def period(end: bool, description: str | None = None) -> Any:
    which = "Last" if end else "First"
    return column(description or f"{which} year of the period the figure covers (year_basis period or since); empty "
                                 "otherwise.", nullable=True, ge=FIRST_YEAR, le=LAST_YEAR)


def note() -> Any:
    return column("The curator's note: how the year or value was read, and any doubt.", header="note", nullable=True)


def review() -> Any:
    """The review state of a drafted record (see :data:`schemas.curation.REVIEW_STATES`): curated, never
    published; declared once for every kind of curated record (:mod:`schemas.curation`)."""
    return column("The review state of a record written by `python -m pipeline draft`: proposed, then accepted once "
                  "a person has checked it; a record without it was written by hand.", nullable=True)
