"""The `claims` table: one row per numeric claim in a source document."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas import fields
from schemas.vocabulary import codes


class Claims(pa.DataFrameModel):
    """Numeric claims: metric, value, unit, qualifier, city, year, and the line and verbatim quote they come from."""

    claim_id: Series[str] = pa.Field(unique=True, str_matches=fields.CLAIM_ID,
                                     description="Stable id: the source's number, 'c', and a serial, e.g. 000-c001.")
    metric: Series[str] = pa.Field(description="Metric id; see the metrics table.")
    value: Series[float] = pa.Field(ge=0, description="The number as written in the source, multipliers applied "
                                    "(3万 = 30000); read it with `qualifier`.")
    unit: Series[str] = pa.Field(isin=codes("units"), description="What the value counts or measures.")
    qualifier: Series[str] = pa.Field(isin=codes("qualifiers"),
                                      description="How the value relates to the true figure: exact, more_than (余/多/超), "
                                                  "at_least (以上/不少于), nearly (近, from below) or about (约/左右).")
    city: Series[str] = fields.city()
    area: Series[str] = pa.Field(nullable=True, description="District, county, street or single unit the figure is "
                                 "for, in simplified script; empty for the whole city.")
    year: Series[pd.Int64Dtype] = fields.year("Year the figure refers to; empty for a figure over a period.")
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

    class Config:
        strict = True
        ordered = True
        coerce = False

    @pa.dataframe_check(error="a figure over a period has period_start <= period_end and no year; any other has a year")
    def years_fit_basis(cls, df: pd.DataFrame) -> Series[bool]:
        is_period = df["year_basis"] == "period"
        period_ok = df["period_start"].notna() & df["period_end"].notna() & df["year"].isna()
        period_ok &= (df["period_start"] <= df["period_end"]).fillna(False)
        return (is_period & period_ok) | (~is_period & df["year"].notna())

    @pa.dataframe_check(error="the quote spans char_start..char_end")
    def offsets_fit_quote(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["char_end"] - df["char_start"]) == df["quote"].str.len()

    @pa.dataframe_check(error="the figure stands in the quote")
    def figure_in_quote(cls, df: pd.DataFrame) -> Series[bool]:
        return pd.Series([f in q for f, q in zip(df["figure"], df["quote"], strict=True)], index=df.index)
