"""The `claims` table: one row per numeric claim in a source document."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas import fields
from schemas.vocabulary import coded


class Claims(pa.DataFrameModel):
    """Numeric claims: metric, value, unit, qualifier, city, year, and the line and verbatim quote they come from."""

    claim_id: Series[str] = pa.Field(unique=True, str_matches=fields.CLAIM_ID,
                                     description="Stable id: the source's number, 'c', and a serial, e.g. 000-c001.")
    metric: Series[str] = pa.Field(description="Metric id; see the metrics table.")
    value: Series[float] = pa.Field(ge=0, description="The number as written in the source, multipliers applied "
                                    "(3万 = 30000); read it with `qualifier`.")
    unit: Series[str] = coded("units", description="What the value counts or measures.")
    qualifier: Series[str] = coded("qualifiers",
                                      description="How the value relates to the true figure: exact, more_than (余/多/超), "
                                                  "at_least (以上/不少于), nearly (近, from below) or about (约/左右).")
    city: Series[str] = fields.city()
    area: Series[str] = pa.Field(nullable=True, description="District, county, street or single unit the figure is "
                                 "for, in simplified script; empty for the whole city.")
    year: Series[pd.Int64Dtype] = fields.year("Year the figure refers to (its reference time), only where the text "
                                              "supports one (see year_basis); empty for a period or when the text "
                                              "gives no time. Not the article's date: see reported_year.")
    year_basis: Series[str] = fields.year_basis()
    period_start: Series[pd.Int64Dtype] = fields.period(end=False)
    period_end: Series[pd.Int64Dtype] = fields.period(end=True)
    source_file: Series[str] = fields.source_file()
    line: Series[pd.Int64Dtype] = fields.line()
    char_start: Series[pd.Int64Dtype] = fields.char_start()
    char_end: Series[pd.Int64Dtype] = fields.char_end()
    quote: Series[str] = fields.quote()
    quote_hans: Series[str] = fields.quote_hans()
    figure: Series[str] = pa.Field(description="The words of the quote that state the value, e.g. 3万余人.")
    note: Series[str] = fields.note()
    value_type: Series[str] = coded("value_types",
                                       description="What kind of figure the text gives: measured (reported as counted or measured), estimate (据估算, 预计) or target.")
    direction: Series[str] = coded("directions", nullable=True,
                                      description="For a change (metric kind `change`): increase or decrease, as the text says; `value` is the size of the change as written. Empty for anything else.")
    comparison_set: Series[str] = coded("comparison_sets", nullable=True,
                                           description="For a rank: what it ranks among: province (Fujian's cities), national_peer_cities (China's provincial capitals, autonomous-region capitals and cities specifically designated in the state plan) or nation. Empty for anything else.")
    year_evidence: Series[str] = fields.year_evidence()
    year_evidence_line: Series[pd.Int64Dtype] = fields.year_evidence_line()
    reported_year: Series[pd.Int64Dtype] = fields.reported_year()
    reported_date: Series[str] = fields.reported_date()
    honor_id: Series[str] = pa.Field(nullable=True, str_matches=fields.HONOR_ID,
                                     description="For a count or streak of an award: the honour it counts (see the honors table and its award_key).")

    class Config:
        strict = True
        ordered = True
        coerce = False

    @pa.dataframe_check(error="the reference time fits year_basis: stated, relative and current have a year and no "
                              "period; period and since have a period and no year; unstated has neither")
    def years_fit_basis(cls, df: pd.DataFrame) -> Series[bool]:
        basis = df["year_basis"]
        has_year = df["year"].notna()
        has_period = df["period_start"].notna() & df["period_end"].notna()
        no_period = df["period_start"].isna() & df["period_end"].isna()
        ordered = (df["period_start"] <= df["period_end"]).fillna(False)
        single = basis.isin(["stated", "relative", "current"]) & has_year & no_period
        spans = basis.isin(["period", "since"]) & ~has_year & has_period & ordered
        none = (basis == "unstated") & ~has_year & no_period
        return single | spans | none

    @pa.dataframe_check(error="no reference time is after the article's year; current is the article's year; since "
                              "runs to it")
    def years_fit_report(cls, df: pd.DataFrame) -> Series[bool]:
        reported = df["reported_year"]
        not_after = ((df["year"] <= reported).fillna(True) & (df["period_end"] <= reported).fillna(True))
        current = (df["year_basis"] != "current") | (df["year"] == reported).fillna(False)
        since = (df["year_basis"] != "since") | (df["period_end"] == reported).fillna(False)
        return not_after & current & since

    @pa.dataframe_check(error="every dated figure names its year evidence and the line it stands on")
    def evidence_fits_basis(cls, df: pd.DataFrame) -> Series[bool]:
        paired = df["year_evidence"].isna() == df["year_evidence_line"].isna()
        return paired & ((df["year_basis"] == "unstated") | df["year_evidence"].notna())

    @pa.dataframe_check(error="a rank has a comparison set, and only a rank")
    def comparison_set_fits_rank(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["unit"] == "rank") == df["comparison_set"].notna()

    @pa.dataframe_check(error="reported_date falls in reported_year")
    def reported_date_fits_year(cls, df: pd.DataFrame) -> Series[bool]:
        return df["reported_date"].isna() | (df["reported_date"].str[:4] == df["reported_year"].astype("string"))

    @pa.dataframe_check(error="the quote spans char_start..char_end")
    def offsets_fit_quote(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["char_end"] - df["char_start"]) == df["quote"].str.len()

    @pa.dataframe_check(error="the figure stands in the quote")
    def figure_in_quote(cls, df: pd.DataFrame) -> Series[bool]:
        return pd.Series([f in q for f, q in zip(df["figure"], df["quote"], strict=True)], index=df.index)
