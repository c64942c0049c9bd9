"""Tables + raw sources → annotations.jsonld: every quote as a W3C Web Annotation anchored in its raw source.

One annotation per row of every table that locates a verbatim quote in a raw source (the tables whose
schema has ``source_file``, ``line``, ``char_start``, ``char_end`` and ``quote``: today claims and honours).
The file is a W3C Web Annotation Data Model collection (JSON-LD, context ``http://www.w3.org/ns/anno.jsonld``).
Each annotation's target is the raw text ``sources/<file>.txt`` with two selectors, so that annotation
tools can anchor it in the text as published:

- a ``TextQuoteSelector``: the quote (``exact``), with up to 32 characters before (``prefix``) and after
  (``suffix``) it, more where that is needed to tell two copies of the same words apart;
- a ``TextPositionSelector``: ``start`` and ``end`` (exclusive) count the characters (Unicode code points)
  of the whole raw text, from its first character, newlines included.

The bodies identify the row (its primary key) and describe it (its other columns, from the schema).
IRIs are relative to the package folder, which has no fixed address: ``annotations.jsonld#000-c001``.
"""

from __future__ import annotations

import json
import math
from itertools import accumulate
from pathlib import Path
from typing import Any

import pandas as pd

from schemas import TABLES, Table
from schemas.package import table_schema

FILE = "annotations.jsonld"
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
AROUND = 32  #: characters of prefix and suffix, at least (as annotation tools commonly record)
LOCATION = ("source_file", "line", "char_start", "char_end", "quote")

RESOURCE = {
    "name": "annotations", "type": "file", "title": "Quotes as W3C Web Annotations",
    "description": "Every claim's and honour's quote as a W3C Web Annotation (JSON-LD) on its raw source "
                   "sources/<file>.txt, with a TextQuoteSelector (exact, prefix, suffix) and a "
                   "TextPositionSelector (character offsets in the whole raw text), for annotation tools.",
    "path": FILE, "format": "jsonld", "mediatype": "application/ld+json", "encoding": "utf-8",
}


def annotated_tables() -> list[Table]:
    """The tables whose rows are quotes located in a raw source."""
    return [t for t in TABLES.values()
            if set(LOCATION) <= {f["name"] for f in table_schema(t)["fields"]} and len(t.primary_key) == 1]


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
    start = text.position(row["line"], row["char_start"])
    end = start + (row["char_end"] - row["char_start"])
    shown = {name: _value(value) for name, value in row.items() if name not in (*LOCATION, *table.primary_key)}
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


def collection(frames: dict[str, pd.DataFrame], folder: Path) -> dict[str, Any]:
    """The annotation collection of every quote table, the raw texts read from ``folder/sources``."""
    texts: dict[str, _Text] = {}
    items = []
    for table in annotated_tables():
        frame = frames[table.name].sort_values(table.primary_key, kind="stable")
        for row in frame.to_dict(orient="records"):
            source_path = f"sources/{row['source_file']}"
            if source_path not in texts:
                texts[source_path] = _Text((folder / source_path).read_bytes().decode("utf-8"))
            items.append(annotation(table, row, texts[source_path], source_path))
    names = " and ".join(t.name for t in annotated_tables())
    return {
        "@context": CONTEXT,
        "id": FILE,
        "type": "AnnotationCollection",
        "label": f"The quotes of the {names} tables of pingan_data, anchored in their raw sources",
        "total": len(items),
        "first": {"id": f"{FILE}#page-1", "type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def write_annotations(frames: dict[str, pd.DataFrame], folder: Path) -> Path:
    """The quote tables and the raw sources staged in ``folder/sources`` → ``folder/annotations.jsonld``."""
    path = folder / FILE
    text = json.dumps(collection(frames, folder), ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def read_back(path: Path, frames: dict[str, pd.DataFrame]) -> list[str]:
    """What is wrong with written annotations: a selector that does not find its quote, or a row without one."""
    try:
        items = json.loads(path.read_text(encoding="utf-8"))["first"]["items"]
    except (ValueError, KeyError, TypeError) as err:
        return [f"{FILE} does not hold an annotation page: {err}"]
    problems = []
    expected = {f"{FILE}#{key}": quote for t in annotated_tables()
                for key, quote in zip(frames[t.name][t.primary_key[0]], frames[t.name]["quote"], strict=True)}
    if sorted(a["id"] for a in items) != sorted(expected):
        problems.append(f"{FILE} does not hold one annotation per quote")
    texts: dict[str, str] = {}
    for item in items:
        source = item["target"]["source"]["id"]
        text = texts.setdefault(source, (path.parent / source).read_bytes().decode("utf-8"))
        quote, position = item["target"]["selector"]
        found = text[position["start"]:position["end"]]
        anchored = quote["prefix"] + quote["exact"] + quote["suffix"]
        first = text.find(anchored)
        if found != expected.get(item["id"]) or found != quote["exact"] or text.find(anchored, first + 1) >= 0 \
                or first + len(quote["prefix"]) != position["start"]:
            problems.append(f"{item['id']}: its selectors do not find its quote in {source}")
    return problems
