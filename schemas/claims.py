"""The `claims` table: one row per numeric claim in a source document."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas import fields
from schemas.fields import DERIVED, coded, column
from schemas.placed import Placed
from schemas.vocabulary import PERIOD_BASES, SINGLE_YEAR_BASES


class Claims(Placed):
    """Numeric claims: metric, value, unit, qualifier, city, year, and the line and verbatim quote they come from."""

    claim_id: Series[str] = column("Stable id: the source's number, 'c', and a serial, e.g. 000-c001.", yaml="id",
                                   required=True, header="claim", unique=True, str_matches=fields.CLAIM_ID)
    metric: Series[str] = column("Metric id; see the metrics table.", required=True, header="metric")
    value: Series[float] = column("The number as written in the source, multipliers applied (3万 = 30000); read it "
                                  "with `qualifier`.", required=True, header="value", ge=0)
    unit: Series[str] = coded("units", "What the value counts or measures.", required=True, header="unit")
    qualifier: Series[str] = coded("qualifiers", "How the value relates to the true figure: exact, more_than "
                                   "(余/多/超), at_least (以上/不少于), nearly (近, from below) or about (约/左右).",
                                   required=True, header="qualifier")
    city: Series[str] = fields.city()
    area: Series[str] = column("District, county, street or single unit the figure is for, in simplified script; "
                               "empty for the whole city.", header="area", nullable=True)
    year: Series[pd.Int64Dtype] = fields.year("Year the figure refers to (its reference time), only where the text "
                                              "supports one (see year_basis); empty for a period or when the text "
                                              "gives no time. Not the article's date: see reported_year.")
    year_basis: Series[str] = fields.year_basis()
    period_start: Series[pd.Int64Dtype] = fields.period(end=False)
    period_end: Series[pd.Int64Dtype] = fields.period(end=True)
    source_file: Series[str] = fields.source_file()
    line: Series[pd.Int64Dtype] = fields.line(header="source line")
    char_start: Series[pd.Int64Dtype] = fields.char_start()
    char_end: Series[pd.Int64Dtype] = fields.char_end()
    quote: Series[str] = fields.quote()
    quote_hans: Series[str] = fields.quote_hans()
    figure: Series[str] = column("The words of the quote that state the value, e.g. 3万余人.")
    note: Series[str] = fields.note()
    value_type: Series[str] = coded("value_types", "What kind of figure the text gives: measured (reported as "
                                    "counted or measured), estimate (据估算, 预计) or target.", header="counted")
    direction: Series[str] = coded("directions", "For a change (metric kind `change`): increase or decrease, as "
                                   "the text says; `value` is the size of the change as written. Empty for anything "
                                   "else.", nullable=True)
    comparison_set: Series[str] = coded("comparison_sets", "For a rank: what it ranks among: province (Fujian's "
                                        "cities), national_peer_cities (China's provincial capitals, autonomous-region "
                                        "capitals and cities specifically designated in the state plan) or nation. "
                                        "Empty for anything else.", nullable=True)
    year_evidence: Series[str] = fields.year_evidence()
    year_evidence_line: Series[pd.Int64Dtype] = fields.year_evidence_line()
    reported_year: Series[pd.Int64Dtype] = fields.reported_year()
    reported_date: Series[str] = fields.reported_date()
    honor_id: Series[str] = column("For a count or streak of an award: the honour it counts (see the honors table "
                                   "and its award_key).", nullable=True, str_matches=fields.HONOR_ID)
    region_code: Series[str] = fields.region_code()
    region_level: Series[str] = fields.region_level()
    comparison_region: Series[str] = column("For a rank among the divisions of a province or a city (全省, 全市): that "
                                            "province's or city's code, the one the figure's own region lies in; empty "
                                            "for a rank among the nation or a peer group, and for anything else.",
                                            role=DERIVED, nullable=True, str_matches=r"^[1-9][0-9]{5}$")
    compared_with: Series[str] = column("For a change: what it is measured against, as the text says: a year "
                                        "(2021, 与2021年相比), previous_year (较上年) or same_period_previous_year "
                                        "(同比; a year-on-year change). Empty when the text names no base.",
                                        nullable=True, str_matches=r"^(?:[12][0-9]{3}|[a-z_]+)$")
    month_start: Series[pd.Int64Dtype] = column("For a figure over part of its year (今年1至5月, 一季度, 上半年, "
                                                "今年以来): the first month of that part; empty otherwise.",
                                                nullable=True, ge=1, le=12)
    month_end: Series[pd.Int64Dtype] = column("The last month of that part of the year; empty when the text leaves it "
                                              "open (今年以来 in an article whose month is not known).",
                                              nullable=True, ge=1, le=12)
    reported_date_basis: Series[str] = fields.reported_date_basis()

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
        single = basis.isin(SINGLE_YEAR_BASES) & has_year & no_period
        spans = basis.isin(PERIOD_BASES) & ~has_year & has_period & ordered
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

    @pa.dataframe_check(error="months are a part of one year: they need a year (stated, relative or current) and "
                              "run forward")
    def months_fit_year(cls, df: pd.DataFrame) -> Series[bool]:
        months = df["month_start"].notna() | df["month_end"].notna()
        ordered = (df["month_start"] <= df["month_end"]).fillna(True) & df["month_start"].notna().where(months, True)
        return ~months | (df["year_basis"].isin(SINGLE_YEAR_BASES) & df["year"].notna() & ordered)

    @pa.dataframe_check(error="a rank has a comparison set, and only a rank")
    def comparison_set_fits_rank(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["unit"] == "rank") == df["comparison_set"].notna()

    @pa.dataframe_check(error="the figure stands in the quote")
    def figure_in_quote(cls, df: pd.DataFrame) -> Series[bool]:
        return pd.Series([f in q for f, q in zip(df["figure"], df["quote"], strict=True)], index=df.index)
