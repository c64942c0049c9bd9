"""The `corroboration` table: claims on the same metric and city across documents, compared."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas import fields
from schemas.vocabulary import TIME_RELATIONS, VERDICTS, coded


class Corroboration(pa.DataFrameModel):
    """One row per pair of claims from different documents on the same metric and city."""

    metric: Series[str] = pa.Field(description="Metric id shared by both claims.")
    city: Series[str] = fields.city()
    claim_id_a: Series[str] = pa.Field(str_matches=fields.CLAIM_ID, description="The claim from the earlier source file.")
    claim_id_b: Series[str] = pa.Field(str_matches=fields.CLAIM_ID, description="The claim from the later source file.")
    source_file_a: Series[str] = fields.source_file("Source of claim a.")
    source_file_b: Series[str] = fields.source_file("Source of claim b.")
    when_a: Series[str] = pa.Field(description="Reference time of claim a: a year (2022), a period (2020-2023) or unstated.")
    when_b: Series[str] = pa.Field(description="Reference time of claim b.")
    time_relation: Series[str] = pa.Field(isin=TIME_RELATIONS,
                                          description="same_year, overlapping (periods, or a year within a period), different_years, or unknown (the text gives no time for one of them).")
    value_a: Series[float] = pa.Field(ge=0, description="Value of claim a.")
    qualifier_a: Series[str] = coded("qualifiers", description="Qualifier of claim a.")
    range_a: Series[str] = pa.Field(description="The true values claim a admits, read from its value and qualifier by the convention of vocabulary.yml (e.g. (30000, ∞) for 3万余人).")
    value_b: Series[float] = pa.Field(ge=0, description="Value of claim b.")
    qualifier_b: Series[str] = coded("qualifiers", description="Qualifier of claim b.")
    range_b: Series[str] = pa.Field(description="The true values claim b admits.")
    ranges_overlap: Series[bool] = pa.Field(description="Whether the two ranges share any value (more than 30,000 and nearly 30,000 do not).")
    same_event: Series[bool] = pa.Field(description="Whether both claims count the same award (their honours share an award_key): one fact reported twice, not independent confirmation.")
    verdict: Series[str] = pa.Field(isin=VERDICTS,
                                    description="agree (the ranges overlap), conflict (they do not, at a shared or unknown time) or changed_over_time (they do not, at different years).")

    class Config:
        strict = True
        ordered = True
        unique = ["claim_id_a", "claim_id_b"]

    @pa.dataframe_check(error="the two claims of a pair are different claims")
    def distinct(cls, df: pd.DataFrame) -> Series[bool]:
        return df["claim_id_a"] != df["claim_id_b"]
