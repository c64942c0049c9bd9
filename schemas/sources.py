"""The `sources` table: the raw documents and what is known of them."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas import fields
from schemas.vocabulary import DATE_BASES, SCRIPTS


class Sources(pa.DataFrameModel):
    """One row per raw source document, pinned by sha256."""

    source_file: Series[str] = pa.Field(unique=True, str_matches=fields.SOURCE_FILE,
                                        description="File name of the raw document as received.")
    path: Series[str] = pa.Field(unique=True, description="Path of the raw text inside this data package.")
    sha256: Series[str] = pa.Field(unique=True, str_matches=r"^[0-9a-f]{64}$", description="SHA-256 of the raw file's bytes.")
    bytes: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Size of the raw file in bytes.")
    lines: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Number of lines in the raw file.")
    title: Series[str] = pa.Field(nullable=True, description="Headline of the article as printed (without conversion debris); empty if the page prints none.")
    title_note: Series[str] = pa.Field(nullable=True, description="How the title was found, when it is not plainly printed.")
    site: Series[str] = pa.Field(nullable=True, description="Web site the page comes from, only where the text names it (see site_line); empty otherwise.")
    site_line: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, description="Line of the raw text that names the site.")
    publisher: Series[str] = pa.Field(nullable=True, description="Newspaper or organisation that published the article, only where the text names it as the article's source (see publisher_line); a portal's copyright footer is not a byline. Empty otherwise.")
    publisher_line: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, description="Line of the raw text that names the publisher.")
    attribution_note: Series[str] = pa.Field(nullable=True, description="How site and publisher were read, and what the text does not say.")
    published_date: Series[str] = pa.Field(nullable=True, str_matches=fields.DATE,
                                                      description="Publication date (ISO 8601), stated or inferred; empty if only the year is known.")
    published_year: Series[pd.Int64Dtype] = pa.Field(ge=fields.FIRST_YEAR, le=fields.LAST_YEAR,
                                                     description="Publication year; 今年/去年 are resolved against it.")
    date_basis: Series[str] = pa.Field(isin=DATE_BASES, description="Whether the date is stated on the page or inferred.")
    date_evidence: Series[str] = pa.Field(description="The evidence for the date, with line numbers.")
    city: Series[str] = fields.city()
    script: Series[str] = pa.Field(isin=SCRIPTS, description="Script of the text: simplified or traditional.")
    defects: Series[str] = pa.Field(nullable=True, description="Known defects of the text (conversion debris, page furniture).")
    rights: Series[str] = pa.Field(description="Rights in the original text.")

    class Config:
        strict = True
        ordered = True
