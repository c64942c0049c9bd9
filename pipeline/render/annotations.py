"""Checked rows + their raw source → W3C Web Annotations: every quote anchored in its raw text.

One annotation per row of every table that locates a verbatim quote in a raw source (the tables whose schema has
``source_file``, ``line``, ``char_start``, ``char_end`` and ``quote``: today claims and honours). Each
annotation's target is the raw text ``sources/<file>.txt`` with two selectors, so that annotation tools can anchor
it in the text as published:

- a ``TextQuoteSelector``: the quote (``exact``), with up to 32 characters before (``prefix``) and after
  (``suffix``) it, more where that is needed to tell two copies of the same words apart;
- a ``TextPositionSelector``: ``start`` and ``end`` (exclusive) count the characters (Unicode code points)
  of the whole raw text, from its first character, newlines included.

The bodies identify the row (its primary key) and describe it (its other columns, from the schema, but
the location and the copies of the quote). IRIs are relative to the package folder, which has no fixed address:
``annotations.jsonld#000-c001``. The file that collects them is written by
:mod:`pipeline.publish.formats.web_annotations`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path
from typing import Any

import pandas as pd

import schemas
from schemas import TABLES, Table

FILE = "annotations.jsonld"
AROUND = 32  #: characters of prefix and suffix, at least (as annotation tools commonly record)
LOCATION = ("source_file", "line", "char_start", "char_end", "quote")


def annotated_tables() -> list[Table]:
    """The tables whose rows are quotes located in a raw source."""
    return [t for t in TABLES.values() if set(LOCATION) <= set(schemas.names(t.model)) and len(t.primary_key) == 1]


class _Text:
    """A raw source's text and where each of its lines starts in it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *accumulate(len(line) + 1 for line in text.split("\n"))]

    def position(self, line: int, char: int) -> int:
        return self.starts[line - 1] + char

    def quote_selector(self, start: int, end: int) -> dict[str, str]:
        """exact, and a prefix and suffix long enough that prefix + exact + suffix occurs once in the text."""
        text, exact = self.text, self.text[start:end]
        around = AROUND
        while True:
            prefix, suffix = text[max(0, start - around):start], text[end:end + around]
            whole = prefix + exact + suffix
            first = text.find(whole)
            if text.find(whole, first + 1) < 0 or (len(prefix) == start and end + len(suffix) == len(text)):
                return {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}
            around *= 2


def _value(value: Any) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return format(value, ".15g") if isinstance(value, float) else str(value)


def annotation(table: Table, row: dict[str, Any], text: _Text, source_path: str) -> dict[str, Any]:
    """One row of a quote table as a Web Annotation on its raw source."""
    key = row[table.primary_key[0]]
    start = text.position(int(row["line"]), int(row["char_start"]))
    end = start + int(row["char_end"]) - int(row["char_start"])
    copies = [name for name in row if name.startswith("quote_")]  # the quote's copies (quote_hans): in the target
    shown = {name: _value(value) for name, value in row.items()
             if name not in (*LOCATION, *table.primary_key, *copies)}
    described = [f"{name}: {value}" for name, value in shown.items() if value is not None]
    return {
        "id": f"{FILE}#{key}",
        "type": "Annotation",
        "motivation": "describing",
        "body": [
            {"type": "TextualBody", "purpose": "identifying", "value": f"{table.name} {key}",
             "format": "text/plain"},
            {"type": "TextualBody", "purpose": "describing", "value": "\n".join(described),
             "format": "text/plain"},
        ],
        "target": {
            "source": {"id": source_path, "type": "Text", "format": "text/plain"},
            "selector": [text.quote_selector(start, end),
                         {"type": "TextPositionSelector", "start": start, "end": end}],
        },
    }


def resolves(item: dict[str, Any], text: str, quote: str) -> bool:
    """Whether an annotation's two selectors both find ``quote`` in the raw ``text``, and find it once."""
    exact, position = item["target"]["selector"]
    found = text[position["start"]:position["end"]]
    anchored = exact["prefix"] + exact["exact"] + exact["suffix"]
    first = text.find(anchored)
    return (found == quote == exact["exact"] and text.find(anchored, first + 1) < 0
            and first + len(exact["prefix"]) == position["start"])


def lines(table: Table, rows: list[dict[str, Any]], text: str, source_file: str) -> list[str]:
    """The annotation lines of some rows of a quote table, all on one raw source (``text``), each checked:
    both its selectors find its quote there (ValueError names a row whose selectors do not)."""
    located, source_path = _Text(text), f"sources/{source_file}"
    out = []
    for row in rows:
        item = annotation(table, row, located, source_path)
        if not resolves(item, text, row["quote"]):
            raise ValueError(f"{item['id']}: its selectors do not find its quote in {source_path}")
        out.append(json.dumps(item, ensure_ascii=False))
    return out


def items(frames: dict[str, pd.DataFrame], folder: Path) -> Iterator[dict[str, Any]]:
    """The annotations of every quote table in the table's order, the raw texts read from ``folder/sources``."""
    texts: dict[str, _Text] = {}
    for table in annotated_tables():
        frame = frames[table.name]  # in the table's order: by id, numbers compared as numbers
        columns = list(frame.columns)
        for values in frame.itertuples(index=False, name=None):
            row = dict(zip(columns, values, strict=True))
            source_path = f"sources/{row['source_file']}"
            if source_path not in texts:
                texts[source_path] = _Text((folder / source_path).read_bytes().decode("utf-8"))
            yield annotation(table, row, texts[source_path], source_path)
