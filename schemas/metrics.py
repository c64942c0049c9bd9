"""The `metrics` table: the controlled vocabulary of metric ids."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.fields import DERIVED, coded, column
from schemas.vocabulary import METRIC_KINDS


class Metrics(pa.DataFrameModel):
    """One row per metric: labels in Chinese and English, unit, domain and kind."""

    metric_id: Series[str] = column("Metric id, snake_case.", yaml="id", required=True, header="metric", unique=True,
                                    str_matches=r"^[a-z][a-z0-9_]*$")
    label_zh: Series[str] = column("Chinese label (simplified script).", required=True, header="label (zh)",
                                   unique=True)
    label_en: Series[str] = column("English label.", required=True, header="label (en)", unique=True)
    unit: Series[str] = coded("units", "Unit of every claim on this metric.", required=True, header="unit")
    domain: Series[str] = coded("domains", "Field of public-safety work the metric belongs to.", required=True,
                                header="domain")
    kind: Series[str] = column("count, rate (a percent within 0-100), change (a percent change, may exceed 100), "
                               "rank, streak, amount, duration or average.", required=True, header="kind",
                               isin=METRIC_KINDS)
    description: Series[str] = column("What the metric measures.", required=True, header="description", unique=True)
    claims: Series[pd.Int64Dtype] = column("Number of claims on this metric.", role=DERIVED, header="claims", ge=1)

    class Config:
        strict = True
        ordered = True

    @pa.dataframe_check(error="a percent metric is a rate or a change")
    def percent_is_rate_or_change(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["unit"] != "percent") | df["kind"].isin(["rate", "change"])
