"""The `regions` table: China's administrative divisions, the places the claims and honours are about."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.fields import DERIVED, column
from schemas.vocabulary import REGION_LEVELS

CODE = r"^[1-9][0-9]{5}$"


class Regions(pa.DataFrameModel):
    """One row per division of GB/T 2260 (province, prefecture and county level), from datasets/reference."""

    code: Series[str] = column("The division's six-digit code (GB/T 2260), e.g. 350100 for 福州市.", role=DERIVED,
                               header="code", unique=True, str_matches=CODE)
    name_zh: Series[str] = column("Its Chinese name, in full (福州市, 惠安县).", role=DERIVED, header="中文")
    name_en: Series[str] = column("Its English name (Fuzhou, Hui'an County): pinyin with the type word, or an "
                                  "established English form; a reading aid, not an official list.", role=DERIVED,
                                  header="English")
    level: Series[str] = column("province, prefecture or county: the level of the division.", role=DERIVED,
                                header="level", isin=REGION_LEVELS)
    parent_code: Series[str] = column("The division it belongs to (a county's prefecture, or its province when it has "
                                      "none); empty for a province.", role=DERIVED, nullable=True, str_matches=CODE)
    province_code: Series[str] = column("Its province-level division.", role=DERIVED, str_matches=CODE)
    iso_3166_2: Series[str] = column("For a province-level division: its ISO 3166-2 code (CN-FJ).", role=DERIVED,
                                     nullable=True, str_matches=r"^CN-[A-Z]{2}$")

    class Config:
        strict = True
        ordered = True

    @pa.dataframe_check(error="a province has no parent and is its own province; any other division has a parent")
    def hierarchy(cls, df: pd.DataFrame) -> Series[bool]:
        province = df["level"] == "province"
        return (province == df["parent_code"].isna()) & (~province | (df["province_code"] == df["code"]))
