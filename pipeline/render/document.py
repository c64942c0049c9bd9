"""A checked document → its published rows, packed as Arrow, and the Web Annotations of its quotes.

The render step of one document (cached apart from its check, see :mod:`pipeline.build`): the rows of its claims,
honours and ledger in published column order (:meth:`pipeline.core.records.Record.row`), packed by the tables'
Arrow types (:mod:`pipeline.render.rows`), and one Web Annotation per quote, each resolved against the raw text
(:mod:`pipeline.render.annotations`). A value that cannot take its column's type or an annotation whose selectors
would not find its quote is a problem: nothing of the document is published then.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pyarrow as pa

from pipeline.check.document import Checked
from pipeline.core.problems import Problems
from pipeline.core.records import published
from pipeline.render import annotations
from pipeline.render.rows import pack
from schemas import TABLES, ids


@dataclass
class Rendered:
    """The rows and annotations of one document: plain data, so that it can be cached as it is."""

    #: table → the published rows (claims, honors, mentions) packed as Arrow (pipeline.render.rows.pack)
    rows: dict[str, bytes] = field(default_factory=dict)
    #: (id, curated line) of each claim and honour row, in row order
    claim_lines: list[tuple[str, int]] = field(default_factory=list)
    honor_lines: list[tuple[str, int]] = field(default_factory=list)
    #: the Web Annotations of the claim and honour rows, one JSON line each in row order, joined by ",\\n" (kept in
    #: a Spool once the document has been cached, until publishing writes them out)
    annotations: dict[str, str | Spooled] = field(default_factory=dict)
    problems: list[tuple] = field(default_factory=list)

    def to_plain(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_plain(cls, data: dict[str, Any]) -> Rendered:
        return cls(**data)

    def spool(self, spool: Spool) -> None:
        """Keep the annotations in ``spool`` rather than in memory (once this render is cached: a spooled
        block is not plain data)."""
        self.annotations = {name: spool.put(block) if isinstance(block, str) else block
                            for name, block in self.annotations.items()}

    def facts(self) -> Facts:
        """What checking needs of these rows, without the rows (their problems against the models unknown yet)."""
        claims = pa.ipc.open_stream(self.rows["claims"]).read_all() if "claims" in self.rows else None
        mentions = pa.ipc.open_stream(self.rows["mentions"]).read_all().num_rows if "mentions" in self.rows else 0
        metrics = Counter(claims.column("metric").to_pylist()) if claims is not None else Counter()
        return Facts(list(self.problems), list(self.claim_lines), list(self.honor_lines), mentions, dict(metrics))


@dataclass
class Facts:
    """What the checks of a build need of one document's render, a small fraction of it: its problems, the ids and
    curated lines of its rows, how many mentions it has and how many claims of each metric, and the problems of
    its rows against the tables' models (None until they are validated). A dry run reads these instead of the
    rows (:func:`pipeline.build.check_inputs`)."""

    problems: list[tuple] = field(default_factory=list)
    claim_lines: list[tuple[str, int]] = field(default_factory=list)
    honor_lines: list[tuple[str, int]] = field(default_factory=list)
    mentions: int = 0
    #: metric id → how many of the document's claims count in it
    metrics: dict[str, int] = field(default_factory=dict)
    #: the problems of its claims, honours and mentions against their tables' models (pipeline.render.validate)
    invalid: list[tuple] | None = None
    #: the digest of what its check made (pipeline.build.made_digest), once a build has made it from the render:
    #: a build whose documents made what the publication holds needs no render then
    made: bytes | None = None

    def to_plain(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_plain(cls, data: dict[str, Any]) -> Facts:
        return cls(**data)


@dataclass(frozen=True)
class Spooled:
    """A block of text kept in a :class:`Spool`: where its UTF-8 bytes are, and their sha256."""

    spool: Spool
    offset: int
    size: int
    sha256: bytes

    def text(self) -> str:
        return self.spool.read(self)


class Spool:
    """Blocks of text kept in an unnamed temporary file rather than in memory, each read back when it is written
    out: the annotations of every document between its render and the publication (some 150 KB a document of 100
    claims, which the build would otherwise hold for every document at once). Nothing of it outlives the build."""

    def __init__(self, folder: Path | None = None) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix=".pingan-spool-", dir=folder)
        self._end = 0

    def put(self, text: str) -> Spooled:
        data = text.encode("utf-8")
        self._file.seek(self._end)
        self._file.write(data)
        block = Spooled(self, self._end, len(data), hashlib.sha256(data).digest())
        self._end += len(data)
        return block

    def read(self, block: Spooled) -> str:
        self._file.seek(block.offset)
        return self._file.read(block.size).decode("utf-8")

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def text_of(block: str | Spooled) -> str:
    """A block of annotations as text, whether it is held or spooled."""
    return block if isinstance(block, str) else block.text()


def sha256_of(block: str | Spooled) -> bytes:
    """The sha256 of a block of annotations' UTF-8 bytes, whether it is held or spooled."""
    return hashlib.sha256(block.encode("utf-8")).digest() if isinstance(block, str) else block.sha256


def render_document(checked: Checked) -> Rendered:
    """A checked document without problems → its packed rows and annotations (or the problems that stop them)."""
    summary = checked.summary
    problems = Problems()
    rel, source = summary.file, summary.source_file
    claim_rows = [c.row() for c in checked.claims]
    honor_rows = [h.row() for h in checked.honors]
    rendered = Rendered(claim_lines=[(c.claim_id, c.at) for c in checked.claims],
                        honor_lines=[(h.honor_id, h.at) for h in checked.honors])
    try:
        rendered.annotations = {
            name: ",\n".join(annotations.lines(TABLES[name], [dict(zip(columns, row, strict=True)) for row in rows],
                                               checked.text, source))
            for name, columns, rows in (("claims", _columns(checked.claims), claim_rows),
                                        ("honors", _columns(checked.honors), honor_rows))}
    except ValueError as err:  # the selectors of an annotation would not find its quote: never published
        problems.add(rel, 0, source, "", "read-back-mismatch", str(err))
    prefix = ids.prefix(source) or source
    mention_rows = [m.row(ids.make(prefix, "mention", i), source) for i, m in enumerate(checked.mentions, 1)]
    try:
        rendered.rows = {"claims": pack(claim_rows, "claims"), "honors": pack(honor_rows, "honors"),
                         "mentions": pack(mention_rows, "mentions")}
    except (pa.ArrowException, TypeError, ValueError, OverflowError) as err:  # a value of the wrong type
        problems.add(rel, 0, source, "", "schema-violation", f"a row cannot take its table's types: {err}")
    rendered.problems = [p.as_tuple() for p in problems]
    return rendered


def _columns(records: list[Any]) -> tuple[str, ...]:
    return published(type(records[0])) if records else ()


__all__ = ["Facts", "Rendered", "Spool", "Spooled", "render_document", "sha256_of", "text_of"]
