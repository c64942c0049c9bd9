"""The `corroboration` table: claims on the same metric and city across documents, compared."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas import fields
from schemas.fields import DERIVED, coded
from schemas.fields import column as _column
from schemas.vocabulary import TIME_RELATIONS, VERDICTS


def column(description: str, **checks: object) -> object:
    """A column of this table: every one is derived (the build compares claims; no one curates a pair)."""
    return _column(description, role=DERIVED, **checks)


#: Which claims of one metric and region from different documents the table pairs. Every pair would grow with
#: the square of the reports on one place; these grow with the reports, and keep every comparison at one time.
PAIRED = ("every two claims at the same reference time (the same year or the same period), and each claim with the "
          "claims of the reports just before and just after its own, in the order the reports appeared")


class Corroboration(pa.DataFrameModel):
    """One row per pair of claims from different documents on the same metric and region, paired as PAIRED says."""

    metric: Series[str] = column("Metric id shared by both claims.", header="metric")
    city: Series[str] = fields.city("City of both claims (of the region they share).")
    claim_id_a: Series[str] = column("The claim from the earlier source file.", str_matches=fields.CLAIM_ID, header="claim a")
    claim_id_b: Series[str] = column("The claim from the later source file.", str_matches=fields.CLAIM_ID, header="claim b")
    source_file_a: Series[str] = fields.source_file("Source of claim a.", header="line a")
    source_file_b: Series[str] = fields.source_file("Source of claim b.", header="line b")
    when_a: Series[str] = column("Reference time of claim a: a year (2022), a period (2020-2023) or unstated.", header="when a")
    when_b: Series[str] = column("Reference time of claim b.", header="when b")
    time_relation: Series[str] = column("same_year, overlapping (periods, or a year within a period), different_years, or unknown (the text gives no time for one of them).", isin=TIME_RELATIONS, header="time relation")
    value_a: Series[float] = column("Value of claim a.", ge=0, header="value a")
    qualifier_a: Series[str] = coded("qualifiers", "Qualifier of claim a.", role=DERIVED)
    range_a: Series[str] = column("The true values claim a admits, read from its value and qualifier by the convention of vocabulary.yml (e.g. (30000, ∞) for 3万余人).")
    value_b: Series[float] = column("Value of claim b.", ge=0, header="value b")
    qualifier_b: Series[str] = coded("qualifiers", "Qualifier of claim b.", role=DERIVED)
    range_b: Series[str] = column("The true values claim b admits.")
    ranges_overlap: Series[bool] = column("Whether the two ranges share any value (more than 30,000 and nearly 30,000 do not).")
    same_event: Series[bool] = column("Whether both claims count the same award (their honours share an award_key): one fact reported twice, not independent confirmation.")
    verdict: Series[str] = column("agree (the ranges overlap), conflict (they do not, at a shared or unknown time) or changed_over_time (they do not, at different years).", isin=VERDICTS, header="verdict")

    region_code: Series[str] = column("The region both claims are about (see the regions table): only claims on the same "
                                      "metric and region are compared.", str_matches=r"^[1-9][0-9]{5}$")

    class Config:
        strict = True
        ordered = True
        unique = ["claim_id_a", "claim_id_b"]

    @pa.dataframe_check(error="the two claims of a pair are different claims")
    def distinct(cls, df: pd.DataFrame) -> Series[bool]:
        return df["claim_id_a"] != df["claim_id_b"]
