"""The `mentions` table: the coverage ledger of every number in every source."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas import fields
from schemas.vocabulary import MENTION_KINDS, ROLES, STATUSES, coded


class Mentions(pa.DataFrameModel):
    """Every number in the sources, and whether it is a claim, part of an honour, or excluded (and why)."""

    mention_id: Series[str] = pa.Field(unique=True, str_matches=fields.MENTION_ID,
                                       description="Id: the source's number, 'm', and a serial in reading order.")
    source_file: Series[str] = fields.source_file()
    line: Series[pd.Int64Dtype] = fields.line()
    char_start: Series[pd.Int64Dtype] = pa.Field(ge=0, description="0-based character offset of the number in its line.")
    char_end: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Offset just after the number (exclusive).")
    text: Series[str] = pa.Field(str_length={"min_value": 1}, description="The number as written.")
    kind: Series[str] = pa.Field(isin=MENTION_KINDS, description="arabic (digits) or chinese (numerals).")
    status: Series[str] = pa.Field(isin=STATUSES, description="claim, honor or excluded.")
    claim_id: Series[str] = pa.Field(nullable=True, str_matches=fields.CLAIM_ID, description="The claim, when status is claim.")
    honor_id: Series[str] = pa.Field(nullable=True, str_matches=fields.HONOR_ID, description="The honour, when status is honor.")
    role: Series[str] = pa.Field(nullable=True, isin=ROLES,
                                 description="For a claim or honour: value, date (its year or period) or times.")
    reason: Series[str] = coded("exclusion_reasons", nullable=True,
                                   description="Why the number is not a claim, when status is excluded.")

    class Config:
        strict = True
        ordered = True

    @pa.dataframe_check(error="claim rows name a claim, honor rows an honour, excluded rows a reason, and nothing else")
    def status_fits_references(cls, df: pd.DataFrame) -> Series[bool]:
        claim, honor, excluded = (df["status"] == s for s in ("claim", "honor", "excluded"))
        return ((claim == df["claim_id"].notna()) & (honor == df["honor_id"].notna())
                & (excluded == df["reason"].notna()) & (excluded == df["role"].isna()))

    @pa.dataframe_check(error="the text spans char_start..char_end")
    def offsets_fit_text(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["char_end"] - df["char_start"]) == df["text"].str.len()
