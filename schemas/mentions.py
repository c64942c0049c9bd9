"""The `mentions` table: the coverage ledger of every number in every source."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas import fields
from schemas.fields import DERIVED, coded, column
from schemas.vocabulary import MENTION_KINDS, ROLES, STATUSES


class Mentions(pa.DataFrameModel):
    """Every number in the sources, and whether it is a claim, part of an honour, or excluded (and why)."""

    mention_id: Series[str] = column("Id: the source's number, 'm', and a serial: the numbers in reading order, then "
                                     "the claim words in reading order (so that the ids of numbers stay as they "
                                     "were).", role=DERIVED, header="mention",
                                     unique=True, str_matches=fields.MENTION_ID)
    source_file: Series[str] = fields.source_file(header="source")
    line: Series[pd.Int64Dtype] = fields.line(role=DERIVED)
    char_start: Series[pd.Int64Dtype] = fields.char_start("0-based character offset of the number in its line.",
                                                                    header="offset")
    char_end: Series[pd.Int64Dtype] = fields.char_end("Offset just after the number (exclusive).")
    text: Series[str] = column("The number (or claim word) as written.", role=DERIVED, header="number",
                               str_length={"min_value": 1})
    kind: Series[str] = column("arabic (digits), chinese (numerals) or word (a rank or share written without a "
                               "numeral: 首位, 领跑, 全覆盖; see claim_words in the vocabulary table).", role=DERIVED,
                               header="kind", isin=MENTION_KINDS)
    status: Series[str] = column("claim, honor or excluded.", role=DERIVED, header="status", isin=STATUSES)
    claim_id: Series[str] = column("The claim, when status is claim.", role=DERIVED, header="claim or honour",
                                   nullable=True,
                                   str_matches=fields.CLAIM_ID)
    honor_id: Series[str] = column("The honour, when status is honor.", role=DERIVED, nullable=True,
                                   str_matches=fields.HONOR_ID)
    role: Series[str] = column("For a claim or honour: value, date (its year or period) or times.", role=DERIVED,
                               header="role", nullable=True, isin=ROLES)
    reason: Series[str] = coded("exclusion_reasons", "Why the number is not a claim, when status is excluded.",
                                role=DERIVED, header="reason", nullable=True)

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
