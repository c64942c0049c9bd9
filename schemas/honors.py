"""The `honors` table: awards, titles, pilot designations and recognitions."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas import fields


class Honors(pa.DataFrameModel):
    """Honours won by the cities and their units, with the line and verbatim quote they come from."""

    honor_id: Series[str] = pa.Field(unique=True, str_matches=fields.HONOR_ID,
                                     description="Stable id: the source's number, 'h', and a serial, e.g. 000-h001.")
    honor: Series[str] = pa.Field(description="Name of the award, title, designation or recognition, in simplified script.")
    recipient: Series[str] = pa.Field(description="Who received it (organisation, unit or person), in simplified script.")
    city: Series[str] = fields.city()
    year: Series[pd.Int64Dtype] = fields.year("Year it was awarded or held; empty when only a period is known.")
    period_start: Series[pd.Int64Dtype] = fields.period(end=False)
    period_end: Series[pd.Int64Dtype] = fields.period(end=True)
    source_file: Series[str] = fields.source_file()
    line: Series[pd.Int64Dtype] = fields.line()
    quote: Series[str] = fields.quote()
    quote_hans: Series[str] = fields.quote_hans()
    year_basis: Series[str] = fields.year_basis()
    times: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1,
                                            description="How many times it was won, where the text says so (连续四届 = 4).")
    char_start: Series[pd.Int64Dtype] = fields.char_start()
    char_end: Series[pd.Int64Dtype] = fields.char_end()
    note: Series[str] = fields.note()

    class Config:
        strict = True
        ordered = True
        coerce = False

    @pa.dataframe_check(error="an honour has a year or a complete period, and a period does not end before it starts")
    def years_fit_basis(cls, df: pd.DataFrame) -> Series[bool]:
        has_period = df["period_start"].notna() & df["period_end"].notna()
        ordered = (df["period_start"] <= df["period_end"]).fillna(True)
        return (df["year"].notna() | has_period) & ordered & (df["period_start"].isna() == df["period_end"].isna())

    @pa.dataframe_check(error="the quote spans char_start..char_end")
    def offsets_fit_quote(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["char_end"] - df["char_start"]) == df["quote"].str.len()
