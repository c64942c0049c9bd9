"""The `metrics` table: the controlled vocabulary of metric ids."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.vocabulary import METRIC_KINDS, coded


class Metrics(pa.DataFrameModel):
    """One row per metric: labels in Chinese and English, unit, domain and kind."""

    metric_id: Series[str] = pa.Field(unique=True, str_matches=r"^[a-z][a-z0-9_]*$", description="Metric id, snake_case.")
    label_zh: Series[str] = pa.Field(unique=True, description="Chinese label (simplified script).")
    label_en: Series[str] = pa.Field(unique=True, description="English label.")
    unit: Series[str] = coded("units", description="Unit of every claim on this metric.")
    domain: Series[str] = coded("domains", description="Field of public-safety work the metric belongs to.")
    kind: Series[str] = pa.Field(isin=METRIC_KINDS,
                                 description="count, rate (a percent within 0-100), change (a percent change, "
                                             "may exceed 100), rank, streak, amount, duration or average.")
    description: Series[str] = pa.Field(unique=True, description="What the metric measures.")
    claims: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Number of claims on this metric.")

    class Config:
        strict = True
        ordered = True

    @pa.dataframe_check(error="a percent metric is a rate or a change")
    def percent_is_rate_or_change(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["unit"] != "percent") | df["kind"].isin(["rate", "change"])
