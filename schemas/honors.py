"""The `honors` table: awards, titles, pilot designations and recognitions."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas import fields
from schemas.fields import coded, column
from schemas.placed import Placed


class Honors(Placed):
    """Honours won by the cities and their units, with the line and verbatim quote they come from."""

    honor_id: Series[str] = column("Stable id: the source's number, 'h', and a serial, e.g. 000-h001.", yaml="id",
                                   required=True, header="honour", unique=True, str_matches=fields.HONOR_ID)
    honor: Series[str] = column("Name of the award, title, designation or recognition, in simplified script.",
                                required=True, header="name")
    recipient: Series[str] = column("Who received it (organisation, unit or person), in simplified script.",
                                    required=True, header="recipient")
    city: Series[str] = fields.city()
    year: Series[pd.Int64Dtype] = fields.year("Year it was awarded, only where the text gives it (stated, or "
                                              "relative to the article's date); empty when the text only says it "
                                              "is held or gives only the period it covers.")
    period_start: Series[pd.Int64Dtype] = fields.period(end=False, description="First year the honour covers or was "
                                                        "awarded in (2017—2020年度 → 2017; 连续9年 from 2013 → 2013).")
    period_end: Series[pd.Int64Dtype] = fields.period(end=True, description="Last year the honour covers or was "
                                                      "awarded in.")
    source_file: Series[str] = fields.source_file()
    line: Series[pd.Int64Dtype] = fields.line(header="source line")
    quote: Series[str] = fields.quote()
    quote_hans: Series[str] = fields.quote_hans()
    year_basis: Series[str] = fields.year_basis(
        True,
        "How the award year was decided: stated, relative (今年/去年 against the article's date), period (no single "
        "award year; the years it was awarded in or covers are given) or unstated (the text only says it is held).")
    times: Series[pd.Int64Dtype] = column("How many times it was won, where the text says so (连续四届 = 4).",
                                          header="times", nullable=True, ge=1)
    char_start: Series[pd.Int64Dtype] = fields.char_start()
    char_end: Series[pd.Int64Dtype] = fields.char_end()
    note: Series[str] = fields.note()
    award_key: Series[str] = column("One key per award: honours that report the same award (the same title to the "
                                    "same recipient on the same occasion) share it, so counting distinct award_key "
                                    "values counts awards once; otherwise the honour's own id.", yaml="award",
                                    header="award", str_matches=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    year_evidence: Series[str] = fields.year_evidence()
    year_evidence_line: Series[pd.Int64Dtype] = fields.year_evidence_line()
    reported_year: Series[pd.Int64Dtype] = fields.reported_year()
    reported_date: Series[str] = fields.reported_date()
    region_code: Series[str] = fields.region_code("The administrative division the honour went to or is about, by "
                                                  "its six-digit GB/T 2260 code (see the regions table).")
    region_level: Series[str] = fields.region_level()
    reported_date_basis: Series[str] = fields.reported_date_basis()
    honor_en: Series[str] = column("The honour's name in English (a curator's translation, reviewed like a metric's "
                                   "label).", yaml="honor_en", required=True, header="in English")
    kind: Series[str] = coded("honor_kinds", "What kind of honour it is: an award, a title, a designation or pilot, "
                              "the recognition of a practice, an individual's honour … (see the vocabulary table), "
                              "so that counts of honours count one kind.", required=True, header="kind")
    recipient_en: Series[str] = column("Who received it, in English.", required=True, header="recipient (en)")

    class Config:
        strict = True
        ordered = True
        coerce = False

    @pa.dataframe_check(error="the award year fits year_basis: stated and relative have a year; period has a period "
                              "and no year; unstated has neither; a period does not end before it starts")
    def years_fit_basis(cls, df: pd.DataFrame) -> Series[bool]:
        basis = df["year_basis"]
        has_year = df["year"].notna()
        has_period = df["period_start"].notna() & df["period_end"].notna()
        no_period = df["period_start"].isna() & df["period_end"].isna()
        ordered = (df["period_start"] <= df["period_end"]).fillna(True)
        fits = ((basis.isin(["stated", "relative"]) & has_year & (has_period | no_period))
                | ((basis == "period") & ~has_year & has_period)
                | ((basis == "unstated") & ~has_year & no_period))
        return fits & ordered

    @pa.dataframe_check(error="no award year or period is after the article's year")
    def years_fit_report(cls, df: pd.DataFrame) -> Series[bool]:
        reported = df["reported_year"]
        return (df["year"] <= reported).fillna(True) & (df["period_end"] <= reported).fillna(True)
