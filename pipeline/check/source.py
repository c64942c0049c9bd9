"""The rules of a document's raw source: listed, its bytes unchanged, UTF-8, and the lines its metadata cites."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from pipeline.check.rules import rule
from pipeline.core import files
from pipeline.core.text import fold

if TYPE_CHECKING:
    from pipeline.check.state import DocumentCheck


@rule("source", "unknown-source", "source-mismatch", "source-changed", "source-not-utf8", "not-a-regular-file",
      "file-too-large", "link-outside")
def raw_source(check: DocumentCheck) -> bool:
    """The raw source is listed in sources.yml, named after the curated file, unchanged and UTF-8; keep its lines."""
    doc, meta = check.doc, check.meta
    if not doc.source:
        return False
    if meta is None:
        if check.context.sources_whole:
            check.report(doc.file, doc.source_line, doc.source, "source", "unknown-source",
                         f"source {doc.source!r} is not listed in sources.yml")
        return False
    if doc.file.rsplit("/", 1)[-1].removesuffix(".yml") != doc.source.removesuffix(".txt"):
        check.report(doc.file, doc.source_line, doc.source, "source", "source-mismatch",
                     f"the curated file of {doc.source} must be named {doc.source.removesuffix('.txt')}.yml")
    path = check.context.paths.sources / doc.source
    try:
        raw = files.read(path, check.context.paths.root)
    except files.Refused as err:
        if err.code == "file-changed":  # its bytes changed under the build: not the pinned ones
            check.add(meta, "sha256", "source-changed", f"{doc.source} {err.message}; raw sources are never edited")
        elif err.code != "file-missing":  # a missing one is reported once for the corpus (source-missing)
            check.report(check.context.rel(path), 0, doc.source, "", err.code, err.message)
        return False
    digest = hashlib.sha256(raw).hexdigest()
    if digest != meta.sha256:
        check.add(meta, "sha256", "source-changed",
                  f"{doc.source} has sha256 {digest}, expected {meta.sha256}; raw sources are never edited")
        return False
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        check.report(check.context.rel(path), line, doc.source, "", "source-not-utf8",
                     f"byte {err.start} (line {line}) is not valid UTF-8; raw sources are stored as UTF-8: "
                     "convert the file (e.g. with iconv) before adding it and pinning its sha256")
        return False
    check.raw_text = text
    check.lines = text.split("\n")
    check.size = len(raw)
    check.year = meta.published_year
    return True


@rule("source", "bad-metadata", "attribution-unsupported", "line-out-of-range", "attribution-not-on-line")
def attribution(check: DocumentCheck) -> None:
    """A site or publisher is given only with the line of the source that names it."""
    meta, lines = check.meta, check.lines
    for name in ("site", "publisher"):
        value, line = getattr(meta, name), getattr(meta, f"{name}_line")
        if value is None:
            if line is not None:
                check.add(meta, f"{name}_line", "bad-metadata", f"{name}_line {line} is given, but no {name}")
            continue
        if line is None:
            check.add(meta, f"{name}_line", "attribution-unsupported",
                      f"{name} {value!r} needs `{name}_line`, the line of the source that names it; "
                      f"when no line does, leave {name} empty")
        elif not 1 <= line <= len(lines):
            check.add(meta, f"{name}_line", "line-out-of-range",
                      f"line {line} is not in {check.doc.source}, which has lines 1-{len(lines)}")
        elif fold(value) not in fold(lines[line - 1]):
            check.add(meta, f"{name}_line", "attribution-not-on-line",
                      f"line {line} of {check.doc.source} does not name {name} {value!r}")
