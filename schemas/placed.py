"""The checks that claims and honours share: records placed on a line of a raw source, dated by its words.

A model holding only checks: ``Claims`` and ``Honors`` inherit them and declare their own columns, so each
table keeps its published column order.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series


class Placed(pa.DataFrameModel):
    """Checks of every record that stands on a line of a raw source, with a quote and a reporting date."""

    @pa.dataframe_check(error="every dated record names its year evidence and the line it stands on")
    def evidence_fits_basis(cls, df: pd.DataFrame) -> Series[bool]:
        paired = df["year_evidence"].isna() == df["year_evidence_line"].isna()
        return paired & ((df["year_basis"] == "unstated") | df["year_evidence"].notna())

    @pa.dataframe_check(error="the quote spans char_start..char_end")
    def offsets_fit_quote(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["char_end"] - df["char_start"]) == df["quote"].str.len()

    @pa.dataframe_check(error="reported_date falls in reported_year")
    def reported_date_fits_year(cls, df: pd.DataFrame) -> Series[bool]:
        return df["reported_date"].isna() | (df["reported_date"].str[:4] == df["reported_year"].astype("string"))
