"""Search claims and honours by keyword, in either script: the rule is pingan_data.searchable's."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from pingan_data import package
from pingan_data.errors import ArgumentTypeError, ArgumentValueError

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ["kind", "id", "city", "year", "period_start", "period_end", "what", "quote", "source_file", "line"]
_TABLES = ("claims", "honors", "metrics", "regions")
_corpus_cache: dict[tuple[Any, ...], list[tuple[str, str, list[Any]]]] = {}


def corpus() -> list[tuple[str, str, list[Any]]]:
    """(kind, search text, result row) of every claim and honour; rebuilt when a table changes."""
    from pingan_data._records import plain
    from pingan_data._tables import load
    from pingan_data.display import amount
    from pingan_data.script import converter
    from pingan_data.searchable import records

    key = (*(hashlib.sha256(package.read_verified(f"{t}.parquet")).hexdigest() for t in _TABLES), converter())
    if key in _corpus_cache:
        return _corpus_cache[key]
    metrics = load("metrics")
    labels = metrics.set_index("metric_id")["label_en"].to_dict()
    found = []
    for kind, row, text in records(load("claims").to_dict("records"), load("honors").to_dict("records"),
                                   metrics.to_dict("records"), load("regions").to_dict("records")):
        if kind == "claim":
            value = amount(row["value"], row["qualifier"], row["unit"])
            ident, what = row["claim_id"], f"{labels[row['metric']]}: {value}"
        else:
            ident, what = row["honor_id"], f"{row['honor']} ({row['recipient']})"
        found.append((kind, text, [kind, ident, row["city"], *(plain(row[k]) for k in ("year", "period_start",
                      "period_end")), what, row["quote"], row["source_file"], plain(row["line"])]))
    _corpus_cache.clear()
    _corpus_cache[key] = found
    return found


def query_words(text: object, caller: str = "search()", example: str = "'调解 成功率' or 'Chang'an Cup'") -> list[str]:
    """The folded words of a query; ArgumentTypeError for anything but text, ArgumentValueError for no word."""
    from pingan_data.searchable import words

    if not isinstance(text, str):
        verb = "takes" if caller.endswith("()") else "is"
        raise ArgumentTypeError(f"{caller} {verb} text, such as {example}, not {text!r}")
    found = words(text)
    if not found:
        name = caller.removesuffix("()")
        raise ArgumentValueError(f"{caller} needs at least one word to look for, not {text!r}",
                                 cli=f"{name} needs at least one word to look for, not {text!r}")
    return found


def found_ids(words: list[str], kind: str) -> set[str]:
    """The ids of the claims (``kind`` claim) or honours (honor) whose search text holds every word."""
    from pingan_data.searchable import matches

    return {row[1] for k, text, row in corpus() if k == kind and matches(words, text)}


def search(text: str) -> pd.DataFrame:
    """Claims and honours whose quote, metric (id, Chinese or English label), area, city or region, honour name
    or recipient (in Chinese or English) contains every word of ``text``, in either script: "调解" and "調解"
    find the same rows, and so do words of one or two characters ("巡防", "福州"). An honour is also found in
    English by its English name and by the label of the metric that counts it ("Chang'an Cup" finds 长安杯).

    Words are separated by spaces; case, full-width forms, quotation marks and pinyin debris are ignored. The
    rule is :mod:`pingan_data.searchable`'s, the same in the command line (``pingan-data search``), the
    ``keyword`` filters of :func:`claims` and :func:`honors`, the web edition and the SQLite database.

    Returns a DataFrame, claims first, with columns ``kind`` (claim or honor), ``id``, ``city``, ``year``,
    ``period_start``, ``period_end``, ``what`` (the metric and value, or the honour and recipient),
    ``quote`` (verbatim), ``source_file`` and ``line``. Pass an ``id`` to ``cite()`` or ``source()``.
    """
    import pandas as pd

    from pingan_data._tables import load
    from pingan_data.searchable import matches

    words = query_words(text)
    hits = [row for _, searched, row in corpus() if matches(words, searched)]
    frame = pd.DataFrame(hits, columns=COLUMNS)
    for name in ("year", "period_start", "period_end", "line"):
        frame[name] = frame[name].astype("Int64")
    cities = sorted({str(c) for t in ("claims", "honors") for c in load(t)["city"].dropna().unique()})
    frame["city"] = frame["city"].astype(pd.CategoricalDtype(cities))
    return frame
