"""The `sources` table: the raw documents and what is known of them."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas import fields
from schemas.fields import DERIVED, column
from schemas.vocabulary import DATE_BASES, SCRIPTS


class Sources(pa.DataFrameModel):
    """One row per raw source document, pinned by sha256."""

    source_file: Series[str] = fields.source_file("File name of the raw document as received.", role=fields.CURATED,
                                                  yaml="file", required=True, header="source",
                                                  unique=True)
    path: Series[str] = column("Path of the raw text inside this data package.", role=DERIVED, header="file",
                               unique=True)
    sha256: Series[str] = column("SHA-256 of the raw file's bytes.", required=True, header="sha256", unique=True,
                                 str_matches=r"^[0-9a-f]{64}$")
    bytes: Series[pd.Int64Dtype] = column("Size of the raw file in bytes.", role=DERIVED, header="bytes", ge=1)
    lines: Series[pd.Int64Dtype] = column("Number of lines in the raw file.", role=DERIVED, header="lines", ge=1)
    title: Series[str] = column("Headline of the article as printed (without conversion debris); empty if the page "
                                "prints none.", header="title", nullable=True)
    title_note: Series[str] = column("How the title was found, when it is not plainly printed.", nullable=True)
    site: Series[str] = column("Web site the page comes from, only where the text names it (see site_line); empty "
                               "otherwise.", header="site", nullable=True)
    site_line: Series[pd.Int64Dtype] = column("Line of the raw text that names the site.", nullable=True, ge=1)
    publisher: Series[str] = column("Newspaper or organisation that published the article, only where the text names "
                                    "it as the article's source (see publisher_line); a portal's copyright footer is "
                                    "not a byline. Empty otherwise.", header="publisher", nullable=True)
    publisher_line: Series[pd.Int64Dtype] = column("Line of the raw text that names the publisher.", nullable=True,
                                                   ge=1)
    attribution_note: Series[str] = column("How site and publisher were read, and what the text does not say.",
                                           nullable=True)
    published_date: Series[str] = column("Publication date (ISO 8601), stated or inferred; empty if only the year is "
                                         "known.", header="published", nullable=True, str_matches=fields.DATE)
    published_year: Series[pd.Int64Dtype] = column("Publication year; 今年/去年 are resolved against it.",
                                                   required=True, header="year", ge=fields.FIRST_YEAR, le=fields.LAST_YEAR)
    date_basis: Series[str] = column("Whether the date is stated on the page or inferred.", required=True,
                                     header="date basis", isin=DATE_BASES)
    date_evidence: Series[str] = column("The evidence for the date, with line numbers.", required=True)
    city: Series[str] = fields.city()
    script: Series[str] = column("Script of the text: simplified or traditional.", required=True, header="script",
                                 isin=SCRIPTS)
    defects: Series[str] = column("Known defects of the text (conversion debris, page furniture).", header="defects",
                                 nullable=True)
    rights: Series[str] = column("Rights in the original text.", required=True)

    class Config:
        strict = True
        ordered = True
