"""Search claims and honours by keyword, in either script (see pingan_data.script for how)."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from pingan_data import package
from pingan_data.errors import ArgumentTypeError, ArgumentValueError

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ["kind", "id", "city", "year", "period_start", "period_end", "what", "quote", "source_file", "line"]
_TABLES = ("claims", "honors", "metrics", "regions")
_corpus_cache: dict[tuple[Any, ...], list[tuple[list[str], list[Any]]]] = {}


def _corpus() -> list[tuple[list[str], list[Any]]]:
    """(folded searchable fields, result row) of every claim and honour; rebuilt when a table changes."""
    from pingan_data._records import plain
    from pingan_data._tables import _ancestors, _regions, load
    from pingan_data.display import amount
    from pingan_data.script import converter, fold

    key = (*(hashlib.sha256(package.read_verified(f"{t}.parquet")).hexdigest() for t in _TABLES), converter())
    if key in _corpus_cache:
        return _corpus_cache[key]
    labels = load("metrics").set_index("metric_id")[["label_zh", "label_en"]].to_dict("index")
    regions = _regions()

    def places(code: object) -> list[str]:  # the names of a row's region and of every division it lies in
        return [name for c in _ancestors(str(code), regions) for name in (regions[c]["name_zh"],
                                                                          regions[c]["name_en"])]

    corpus = []
    for c in load("claims").to_dict("records"):
        label = labels[c["metric"]]
        fields = [c["quote_hans"], c["metric"].replace("_", " "), label["label_zh"], label["label_en"], c["area"],
                  c["city"], *places(c["region_code"])]
        what = f"{label['label_en']}: {amount(c['value'], c['qualifier'], c['unit'])}"
        corpus.append((fields, ["claim", c["claim_id"], c, what]))
    # an honour has no English name of its own; the metric that counts it (its Chinese label holds the honour's
    # name, e.g. 捧回“长安杯”次数 for 长安杯) gives it one: "times the Chang'an Cup was won"
    counted = [(fold(label["label_zh"]), label["label_en"]) for label in labels.values()]
    for h in load("honors").to_dict("records"):
        name = fold(h["honor"])
        english = [label_en for label_zh, label_en in counted if name and name in label_zh]
        fields = [h["quote_hans"], h["honor"], h["recipient"], h["city"], *places(h["region_code"]), *english,
                  h["honor_en"], h["recipient_en"]]
        corpus.append((fields, ["honor", h["honor_id"], h, f"{h['honor']} ({h['recipient']})"]))
    folded = []
    for fields, (kind, ident, row, what) in corpus:
        keys = [fold(f) for f in fields if isinstance(f, str) and f]
        folded.append((keys, [kind, ident, row["city"], *(plain(row[k]) for k in ("year", "period_start",
                       "period_end")), what, row["quote"], row["source_file"], plain(row["line"])]))
    _corpus_cache.clear()
    _corpus_cache[key] = folded
    return folded


def search(text: str) -> pd.DataFrame:
    """Claims and honours whose quote, metric (id, Chinese or English label), area, city, honour name or
    recipient contains every word of ``text``, in either script: "调解" and "調解" find the same rows. An
    honour is also found in English by the label of the metric that counts it ("Chang'an Cup" finds 长安杯).

    Words are separated by spaces; case, full-width forms, quotation marks and pinyin debris are ignored.
    Returns a DataFrame, claims first, with columns ``kind`` (claim or honor), ``id``, ``city``, ``year``,
    ``period_start``, ``period_end``, ``what`` (the metric and value, or the honour and recipient),
    ``quote`` (verbatim), ``source_file`` and ``line``. Pass an ``id`` to ``cite()`` or ``source()``.
    """
    import pandas as pd

    from pingan_data._tables import load
    from pingan_data.script import fold

    if not isinstance(text, str):
        raise ArgumentTypeError(f"search() takes text, such as '调解 成功率' or 'Chang'an Cup', not {text!r}")
    terms = [t for t in (fold(word) for word in text.split()) if t]
    if not terms:
        raise ArgumentValueError(f"search() needs at least one word to look for, not {text!r}",
                                 cli=f"search needs at least one word to look for, not {text!r}")
    hits = [row for keys, row in _corpus() if all(any(term in key for key in keys) for term in terms)]
    frame = pd.DataFrame(hits, columns=COLUMNS)
    for name in ("year", "period_start", "period_end", "line"):
        frame[name] = frame[name].astype("Int64")
    cities = sorted({str(c) for t in ("claims", "honors") for c in load(t)["city"].dropna().unique()})
    frame["city"] = frame["city"].astype(pd.CategoricalDtype(cities))
    return frame
