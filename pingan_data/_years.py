"""Selecting rows by year: the years asked for become bounds, and rows are matched by comparing bounds.

``spans(year)`` turns what a user passes (2022, "2022", range(2019, 2022), a list of those) into sorted
spans ``(first, last, step)``; ``matches(frame, spans)`` compares each row's ``year`` and period with
them. Nothing enumerates the years, so ``range(0, 200000)`` costs what ``2022`` costs.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pingan_data.errors import ArgumentTypeError, ArgumentValueError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

#: A year or run of years: first, last (inclusive) and step.
Span = tuple[int, int, int]
#: Bounds are clamped here, where float64 still holds every whole number exactly.
LIMIT = 2**53
YEAR_HELP = "a year such as 2022, a range such as range(2019, 2023), or a list of them"


def _one(value: object, name: str) -> list[Span]:
    if isinstance(value, bool):
        raise ArgumentTypeError(f"{name} is {YEAR_HELP}, not {value!r}")
    if isinstance(value, numbers.Integral):
        year = max(-LIMIT, min(LIMIT, int(value)))
        return [(year, year, 1)]
    if isinstance(value, str):
        if not re.fullmatch(r"-?[0-9]+", value.strip()):
            raise ArgumentValueError(f"{name} is {YEAR_HELP}, not {value!r}")
        return _one(int(value), name)
    if isinstance(value, range):
        if not value:
            if value.start == value.stop:
                raise ArgumentValueError(f"{name}={value!r} holds no year")
            hint = f"; for {value.stop} to {value.start} write range({value.stop}, {value.start + 1})" \
                if value.step == 1 else ""
            raise ArgumentValueError(f"{name}={value!r} is reversed: it starts after it ends, so it holds no "
                                     f"year{hint}")
        low, high = max(-LIMIT, min(value[0], value[-1])), min(LIMIT, max(value[0], value[-1]))
        return [(low, high, abs(value.step) if low < high else 1)]
    if isinstance(value, float) or (hasattr(value, "dtype") and getattr(value, "ndim", 1) == 0):
        raise ArgumentTypeError(f"{name} is {YEAR_HELP}, not {value!r} (years are whole numbers)")
    raise ArgumentTypeError(f"{name} is {YEAR_HELP}, not {value!r}")


def spans(value: Any, name: str = "year") -> list[Span]:
    """The years asked for as sorted spans; overlapping and adjacent runs of consecutive years are merged.

    Raises ArgumentTypeError for anything that is not a year, a range or a list of them (floats included:
    a year is a whole number) and ArgumentValueError for a reversed or empty range.
    """
    if isinstance(value, str | range | numbers.Number) or not isinstance(value, Iterable):
        found = _one(value, name)
    else:
        found = [span for item in value for span in _one(item, name)]
    plain = sorted(s for s in found if s[2] == 1)
    merged: list[Span] = []
    for first, last, _ in plain:
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last), 1)
        else:
            merged.append((first, last, 1))
    return merged + sorted(s for s in found if s[2] != 1)


def matches(frame: pd.DataFrame, wanted: list[Span]) -> np.ndarray:
    """Which rows fall in the years asked for: a row's ``year`` is one of them, or its period
    (``period_start`` to ``period_end``) covers one of them. Costs O(rows × log spans)."""
    import numpy as np

    def column(name: str) -> np.ndarray:
        return frame[name].astype("Float64").to_numpy(dtype="float64", na_value=np.nan)

    year, start, end = column("year"), column("period_start"), column("period_end")
    found = np.zeros(len(frame), dtype=bool)
    plain = [(first, last) for first, last, step in wanted if step == 1]
    if plain:
        lows = np.array([first for first, _ in plain], dtype="float64")
        highs = np.array([last for _, last in plain], dtype="float64")
        for low, high in ((year, year), (start, end)):  # a year is a period of one year
            at = np.searchsorted(highs, low, side="left")  # the first span that does not end before it
            inside = at < len(highs)
            found |= inside & (lows[np.minimum(at, len(highs) - 1)] <= high)
    with np.errstate(invalid="ignore"):
        for first, last, step in (s for s in wanted if s[2] != 1):
            for low, high in ((year, year), (start, end)):
                nearest = first + np.ceil(np.maximum(low - first, 0) / step) * step  # first year asked >= low
                found |= nearest <= np.minimum(high, last)
    return found
