"""The annotations made with each document → annotations.jsonld, the W3C Web Annotation collection of every quote.

The file is a W3C Web Annotation Data Model collection (JSON-LD, context ``http://www.w3.org/ns/anno.jsonld``), one
annotation per line (see :mod:`pipeline.render.annotations` for the annotations themselves).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.render.annotations import FILE, annotated_tables, items
from pipeline.render.document import Spooled, text_of

CONTEXT = "http://www.w3.org/ns/anno.jsonld"

RESOURCE = {
    "name": "annotations", "type": "file", "title": "Quotes as W3C Web Annotations",
    "description": "Every claim's and honour's quote as a W3C Web Annotation (JSON-LD) on its raw source "
                   "sources/<file>.txt, with a TextQuoteSelector (exact, prefix, suffix) and a "
                   "TextPositionSelector (character offsets in the whole raw text), for annotation tools.",
    "path": FILE, "format": "jsonld", "mediatype": "application/ld+json", "encoding": "utf-8",
}


def head(frames: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """The collection and its one page, without the annotations."""
    tables = annotated_tables()
    return {
        "@context": CONTEXT,
        "id": FILE,
        "type": "AnnotationCollection",
        "label": f"The quotes of the {' and '.join(t.name for t in tables)} tables of pingan_data, anchored in "
                 "their raw sources",
        "total": sum(len(frames[t.name]) for t in tables),
        "first": {"id": f"{FILE}#page-1", "type": "AnnotationPage", "startIndex": 0},
    }


def collection(frames: dict[str, pd.DataFrame], folder: Path) -> dict[str, Any]:
    """The annotation collection of every quote table, the raw texts read from ``folder/sources``."""
    document = head(frames)
    document["first"]["items"] = list(items(frames, folder))
    return document


def write_annotations(frames: dict[str, pd.DataFrame], folder: Path, made: Mapping[str, Sequence[str | Spooled]],
                      digest: Any = None) -> Path:
    """The annotation lines made with each document → ``folder/annotations.jsonld``.

    One annotation per line, so that a change to one quote changes one line of the file. ``made`` gives the
    lines already made (and checked) for each table, in the table's row order, as blocks of lines joined by
    ",\\n" (the build makes one block with each document), held or spooled. ``digest`` (a hashlib object), if
    given, is fed every byte written, so that the file can be read back against it.
    """
    document = head(frames)
    page = document.pop("first")
    path = folder / FILE
    items = (text for t in annotated_tables() for block in made[t.name] if (text := text_of(block)))
    with open(path, "wb") as out:
        def write(text: str) -> None:
            data = text.encode("utf-8")
            out.write(data)
            if digest is not None:
                digest.update(data)

        write(json.dumps(document, ensure_ascii=False, indent=1).removesuffix("\n}"))
        write(f',\n "first": {json.dumps(page, ensure_ascii=False).removesuffix("}")}, "items": [')
        for n, item in enumerate(items):
            write(("\n" if n == 0 else ",\n") + item)
        write("\n]}\n}\n")
    return path
