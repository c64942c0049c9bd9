"""The `corroboration` table: claims on the same metric and city across documents, compared."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas import fields
from schemas.vocabulary import TIME_RELATIONS, VERDICTS, codes


class Corroboration(pa.DataFrameModel):
    """One row per pair of claims from different documents on the same metric and city."""

    metric: Series[str] = pa.Field(description="Metric id shared by both claims.")
    city: Series[str] = fields.city()
    claim_id_a: Series[str] = pa.Field(str_matches=fields.CLAIM_ID, description="The claim from the earlier source file.")
    claim_id_b: Series[str] = pa.Field(str_matches=fields.CLAIM_ID, description="The claim from the later source file.")
    source_file_a: Series[str] = fields.source_file("Source of claim a.")
    source_file_b: Series[str] = fields.source_file("Source of claim b.")
    when_a: Series[str] = pa.Field(description="Year or period of claim a, e.g. 2022 or 2020-2023.")
    when_b: Series[str] = pa.Field(description="Year or period of claim b.")
    time_relation: Series[str] = pa.Field(isin=TIME_RELATIONS,
                                          description="same_year, overlapping (periods or a year within a period) or different_years.")
    value_a: Series[float] = pa.Field(ge=0, description="Value of claim a.")
    qualifier_a: Series[str] = pa.Field(isin=codes("qualifiers"), description="Qualifier of claim a.")
    value_b: Series[float] = pa.Field(ge=0, description="Value of claim b.")
    qualifier_b: Series[str] = pa.Field(isin=codes("qualifiers"), description="Qualifier of claim b.")
    verdict: Series[str] = pa.Field(isin=VERDICTS,
                                    description="agree (same value and qualifier), differ_in_qualifier (same value, "
                                                "other qualifier), conflict (other value at a shared time) or "
                                                "changed_over_time (other value at different times).")

    class Config:
        strict = True
        ordered = True
        unique = ["claim_id_a", "claim_id_b"]

    @pa.dataframe_check(error="the two claims of a pair are different claims")
    def distinct(cls, df: pd.DataFrame) -> Series[bool]:
        return df["claim_id_a"] != df["claim_id_b"]
