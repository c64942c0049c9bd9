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
    published_date: Series[str] = column("Publication date (ISO 8601), where it is known to the day (printed, or "
                                         "shown by the page); empty when only the year is known or the date is "
                                         "inferred.", header="published", nullable=True, str_matches=fields.DATE)
    published_year: Series[pd.Int64Dtype] = column("Publication year; 今年/去年 are resolved against it.",
                                                   required=True, header="year", ge=fields.FIRST_YEAR, le=fields.LAST_YEAR)
    date_basis: Series[str] = column("How the date is known: printed (the received text prints it), page (the page the "
                                     "article was published on shows it: see page_url) or inferred (from the text, "
                                     "see date_evidence).", required=True, header="date basis", isin=DATE_BASES)
    date_evidence: Series[str] = column("The evidence for the date, with line numbers.", required=True)
    city: Series[str] = fields.city("City the document is about: the English name of the prefecture-level city "
                                    "(or the municipality) of its region; empty for a province-wide report.")
    script: Series[str] = column("Script of the text: simplified or traditional.", required=True, header="script",
                                 isin=SCRIPTS)
    defects: Series[str] = column("Known defects of the text (conversion debris, page furniture).", header="defects",
                                 nullable=True)
    rights: Series[str] = column("Rights in the original text.", required=True)
    region_code: Series[str] = fields.region_code("The place the report is about (its region's six-digit GB/T 2260 "
                                                  "code): the default region of its claims and honours.",
                                                  required=True)
    region_level: Series[str] = fields.region_level()
    page_url: Series[str] = column("The address of the page the article was published on (or of a faithful copy), "
                                   "found apart from the text by searching stored copies of public pages; empty when "
                                   "none was found. Never from the text itself.", header="page", nullable=True,
                                   str_matches=r"^https?://\S+$")
    page_outlet: Series[str] = column("The outlet the page names (site, and the newspaper it names as the source).",
                                      nullable=True)
    page_date: Series[str] = column("The publication date and time the page shows.", nullable=True)
    page_evidence: Series[str] = column("Which lines of the received text match the page (verbatim, or but for "
                                        "punctuation) and how the copy differs; with no page_url, what was searched "
                                        "and not found.", nullable=True)
    looked_up: Series[str] = column("The day the page was looked up (a fact found apart from the text).",
                                    nullable=True, str_matches=fields.DATE)

    class Config:
        strict = True
        ordered = True
