"""The `vocabulary` table: every code of the controlled vocabularies, with its labels and marker words."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from schemas.fields import DERIVED, column


class Terms(pa.DataFrameModel):
    """One row per code of datasets/curated/vocabulary.yml: what the codes of the other tables mean."""

    section: Series[str] = column("The vocabulary: units, qualifiers, year_basis, value_types, directions, comparison_sets, cities, domains or exclusion_reasons.", role=DERIVED, header="vocabulary")
    code: Series[str] = column("The code, as it stands in the other tables (e.g. more_than, Fuzhou, unstated).", role=DERIVED, header="code")
    label_en: Series[str] = column("What the code means, in English.", role=DERIVED, header="meaning")
    label_zh: Series[str] = column("The code's Chinese name, where it has one (a city's, a unit's, a domain's).", role=DERIVED, header="中文", nullable=True)
    symbol: Series[str] = column("For a qualifier: the sign it is read with (>, ≥, ≲, ≈).", role=DERIVED, nullable=True)
    words: Series[str] = column("The words of a source that mark the code (a qualifier's 余, 近…; a unit's measure words; a year basis's 今年, 目前…), separated by spaces, in simplified script.", role=DERIVED, header="marker words", nullable=True)
    range: Series[str] = pa.Field(nullable=True, description="For a qualifier: the true values a figure with it admits, in factors of its value (e.g. (1, inf) for more_than); the corroboration compares claims by it.")
    shown: Series[str] = column("How a value with the code reads to people, {} standing for the number: a unit's (\"{} persons\", \"{}%\", \"rank {}\"), a qualifier's (\"> {}\", \"nearly {}\"); the library, the command line and the site read values so.", role=DERIVED, header="reads as", nullable=True)
    shown_one: Series[str] = column("For a unit: how a value of 1 reads (\"{} person\"), where it differs from `shown`.", role=DERIVED, nullable=True)

    class Config:
        strict = True
        ordered = True
        unique = ["section", "code"]
