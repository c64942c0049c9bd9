"""Column definitions shared by several tables (one definition, many tables)."""

from __future__ import annotations

from typing import Any

import pandera.pandas as pa

from pipeline.ids import CLAIM_ID, HONOR_ID, MENTION_ID, SOURCE_FILE
from schemas.vocabulary import HONOR_BASES, coded

__all__ = ["CLAIM_ID", "DATE", "FIRST_YEAR", "HONOR_ID", "LAST_YEAR", "MENTION_ID", "SOURCE_FILE"]
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
FIRST_YEAR, LAST_YEAR = 1949, 2100


def source_file(description: str = "File name of the raw source document, e.g. 000_2b8feb0ae4f9f377.txt.") -> Any:
    return pa.Field(str_matches=SOURCE_FILE, description=description)


def line() -> Any:
    return pa.Field(ge=1, description="1-based line number in the raw source file.")


def char_start() -> Any:
    return pa.Field(ge=0, description="0-based character offset where the quote starts in its line.")


def char_end() -> Any:
    return pa.Field(ge=1, description="Character offset just after the quote's end (exclusive).")


def quote() -> Any:
    return pa.Field(str_length={"min_value": 1},
                    description="Verbatim substring of the raw line, in the script of the source, debris included.")


def quote_hans() -> Any:
    return pa.Field(str_length={"min_value": 1},
                    description="The quote in simplified script (OpenCC t2s) with web debris removed; for reading and search, not for citation.")


def city() -> Any:
    return coded("cities", description="City the figure is about (a code of the cities vocabulary, e.g. Fuzhou for "
                                       "福州; see the vocabulary table).")


def year(description: str) -> Any:
    return pa.Field(nullable=True, ge=FIRST_YEAR, le=LAST_YEAR, description=description)


def year_basis(honor: bool = False, description: str | None = None) -> Any:
    return coded("year_basis", subset=HONOR_BASES if honor else None, description=description or (
        "How the reference time was decided: stated (the year is written with the figure), relative (今年/去年 "
        "against the article's date), current (a stock the text presents as current: 目前, 如今, 已…; the "
        "article's year), period (a stated or documented period), since (a total from a stated start up to the "
        "article's date) or unstated (the text gives no time: year and period are empty)."))


def year_evidence() -> Any:
    return pa.Field(nullable=True, description="The words of the source that date the figure, verbatim (e.g. 今年, "
                    "2020年至今, 目前, 近年来); empty when the text has no time word for it.")


def year_evidence_line() -> Any:
    return pa.Field(nullable=True, ge=1, description="Line of the raw source where year_evidence stands (usually the "
                    "record's own line); empty when there is no evidence.")


def reported_year() -> Any:
    return pa.Field(ge=FIRST_YEAR, le=LAST_YEAR, description="Year the article was published (its reporting time, "
                    "from the sources table; stated or inferred there). Never used to fill `year`.")


def reported_date() -> Any:
    return pa.Field(nullable=True, str_matches=DATE,
                    description="Date the article was published (ISO 8601), where the source's date is known to the "
                                "day; see date_basis in the sources table.")


def period(end: bool, description: str | None = None) -> Any:
    which = "Last" if end else "First"
    return pa.Field(nullable=True, ge=FIRST_YEAR, le=LAST_YEAR, description=description or (
        f"{which} year of the period the figure covers (year_basis period or since); empty otherwise."))


def note() -> Any:
    return pa.Field(nullable=True, description="The curator's note: how the year or value was read, and any doubt.")
