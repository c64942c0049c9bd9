"""Column definitions shared by several tables (one definition, many tables)."""

from __future__ import annotations

from typing import Any

import pandera.pandas as pa

from schemas.vocabulary import codes

#: Ids and file names are ASCII: [0-9], not \d, which would also match the digits of other scripts (٠١٢…).
SOURCE_FILE = r"^[0-9]{3}_[0-9a-f]{16}\.txt$"
CLAIM_ID = r"^[0-9]{3}-c[0-9]{3}$"
HONOR_ID = r"^[0-9]{3}-h[0-9]{3}$"
MENTION_ID = r"^[0-9]{3}-m[0-9]{3}$"
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
    return pa.Field(isin=codes("cities"), description="City the figure is about: Fuzhou (福州) or Quanzhou (泉州).")


def year(description: str) -> Any:
    return pa.Field(nullable=True, ge=FIRST_YEAR, le=LAST_YEAR, description=description)


def year_basis() -> Any:
    return pa.Field(isin=codes("year_basis"),
                    description="How the year was decided: stated, relative (今年/去年 against the publication date), "
                                "period, or as_of_publication.")


def period(end: bool) -> Any:
    which = "Last" if end else "First"
    return pa.Field(nullable=True, ge=FIRST_YEAR, le=LAST_YEAR,
                    description=f"{which} year of the period a cumulative figure covers.")


def note() -> Any:
    return pa.Field(nullable=True, description="The curator's note: how the year or value was read, and any doubt.")
