"""What a claim or honour is found by: the one search rule of the library, the command line, the site and the
SQLite database that Datasette serves.

The rule: a record matches a query when every word of the query (words are separated by white space) occurs in
one of the record's searchable fields, both sides folded by :func:`pingan_data.script.fold` (simplified script,
NFKC, no pinyin debris, quotation marks or spaces, lower case). A word of one or two characters counts like any
other: 调解, 巡防 and 福州 are words.

A record's searchable fields:

- a claim: its quote (the simplified copy), its metric (the id in words, the Chinese and English labels), its
  area, its city, and the Chinese and English names of its region and of every division that region lies in;
- an honour: its quote, its name and recipient in Chinese and in English, its city and regions as for a claim,
  and the English label of any metric that counts it (捧回“长安杯”次数 is "times the Chang'an Cup was won").

:func:`text` joins the folded fields with a space. No folded field holds a space and no folded word does, so a
word found in the joined text lies inside one field: ``matches(words, text)`` is the whole rule. The SQLite
database stores this text (with a traditional-script copy, since SQLite cannot fold a query) and the site
stores it on each row; both fold the query as this module does.

Nothing here needs pandas: the rows are plain mappings (a table's rows as dicts).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pingan_data.script import fold

Row = Mapping[str, Any]


def words(query: str) -> list[str]:
    """The folded words of a query; empty when it holds none (only spaces or quotation marks)."""
    return [w for w in (fold(part) for part in query.split()) if w]


def text(fields: Iterable[object]) -> str:
    """Searchable fields → the record's search text: each field folded, joined by a space; empty fields left out."""
    return " ".join(f for f in (fold(field) for field in fields if isinstance(field, str) and field) if f)


def matches(query_words: Iterable[str], search_text: str) -> bool:
    """Whether every (folded) word occurs in a record's search text."""
    return all(word in search_text for word in query_words)


def places(code: object, regions: Mapping[str, Row]) -> list[str]:
    """The Chinese and English names of a region and of every division it lies in, itself first."""
    out: list[str] = []
    seen: set[str] = set()
    while isinstance(code, str) and code in regions and code not in seen:
        seen.add(code)
        row = regions[code]
        out += [row["name_zh"], row["name_en"]]
        code = row.get("parent_code")
    return out


#: The columns of a claim's row its search text is made from (with its metric's labels and its places' names).
CLAIM_COLUMNS = ("quote_hans", "metric", "area", "city", "region_code")
#: The columns of an honour's row its search text is made from (with its places' names and counting metrics).
HONOR_COLUMNS = ("quote_hans", "honor", "recipient", "honor_en", "recipient_en", "city", "region_code")


def claim_fields(claim: Row, metric: Row, regions: Mapping[str, Row]) -> list[object]:
    """The searchable fields of a claim, given its metric's row and the regions by code."""
    return [claim.get("quote_hans"), str(claim["metric"]).replace("_", " "), metric.get("label_zh"),
            metric.get("label_en"), claim.get("area"), claim.get("city"), *places(claim.get("region_code"), regions)]


def counting_labels(metrics: Iterable[Row]) -> list[tuple[str, str]]:
    """(folded Chinese label, English label) of every metric, to find the metrics that count an honour."""
    return [(fold(str(m["label_zh"])), str(m["label_en"])) for m in metrics if m.get("label_zh")]


def _counting(name: str, counting: list[tuple[str, str]]) -> list[str]:
    """The English labels of the metrics that count an honour named ``name`` (folded), given
    :func:`counting_labels`: those whose folded Chinese label holds the name."""
    return [label_en for label_zh, label_en in counting if name and name in label_zh]


def honor_fields(honor: Row, regions: Mapping[str, Row], counting: list[tuple[str, str]],
                 counted: Mapping[str, list[str]] | None = None) -> list[object]:
    """The searchable fields of an honour, given the regions by code and :func:`counting_labels` (and, optionally,
    ``counted``: a folded honour name → :func:`counting` of it, where known)."""
    name = fold(str(honor.get("honor") or ""))
    english = counted[name] if counted is not None and name in counted else _counting(name, counting)
    return [honor.get("quote_hans"), honor.get("honor"), honor.get("recipient"), honor.get("honor_en"),
            honor.get("recipient_en"), honor.get("city"), *places(honor.get("region_code"), regions), *english]


def records(claims: Iterable[Row], honors: Iterable[Row], metrics: Iterable[Row],
            regions: Iterable[Row]) -> Iterator[tuple[str, Row, str]]:
    """(kind, row, search text) of every claim (kind ``claim``), then every honour (``honor``), in table order."""
    metric_rows = list(metrics)
    by_metric = {m["metric_id"]: m for m in metric_rows}
    by_code = {r["code"]: r for r in regions}
    labels = counting_labels(metric_rows)
    folded: dict[str, str] = {}  # fold is a function of its text alone, and most fields recur from row to row

    def memo_text(fields: Iterable[object]) -> str:
        out = []
        for field in fields:
            if isinstance(field, str) and field:
                key = folded.get(field)
                if key is None:
                    key = folded[field] = fold(field)
                if key:
                    out.append(key)
        return " ".join(out)

    counted: dict[str, list[str]] = {}  # the metrics that count an honour depend on its name alone
    for claim in claims:
        yield "claim", claim, memo_text(claim_fields(claim, by_metric.get(claim["metric"], {}), by_code))
    for honor in honors:
        name = fold(str(honor.get("honor") or ""))
        if name not in counted:
            counted[name] = _counting(name, labels)
        yield "honor", honor, memo_text(honor_fields(honor, by_code, labels, counted))


__all__ = ["CLAIM_COLUMNS", "HONOR_COLUMNS",
           "claim_fields", "counting_labels", "honor_fields", "matches", "places", "records", "text", "words"]
