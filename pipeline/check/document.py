"""One curated document and its raw source → its checked records and every problem (one round).

:func:`check_document` is the unit of work of the check. It reads ``datasets/curated/documents/<stem>.yml`` and
the raw source it names, runs every registered rule (:mod:`pipeline.check.rules`) in one round:

* the source (:mod:`pipeline.check.source`): listed in sources.yml, its bytes unchanged, UTF-8, the lines its
  metadata cites;
* every claim and honour (:mod:`pipeline.check.claims`, :mod:`pipeline.check.honours`, :mod:`pipeline.check.time`):
  vocabulary, metric and unit; the line, the quote verbatim on it, the figure with value, qualifier and measure
  word recomputed; the reference time against its basis, its evidence and the article's date; what was counted;
* the document (:mod:`pipeline.check.records`): ids, review states, curated text;
* the coverage ledger (:mod:`pipeline.check.ledger`): every number of the source accounted for.

When nothing is wrong, the derived fields are filled (:mod:`pipeline.check.derive`) and the result holds the
checked records, frozen, and the ledger; rendering them as rows is the next stage's (:mod:`pipeline.render`).
Checks that span documents are in :mod:`pipeline.check.corpus`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.check import derive, ledger
from pipeline.check.context import Context
from pipeline.check.state import Document, DocumentCheck
from pipeline.core.load import compose, mapping, read_text, records, unknown_keys
from pipeline.core.problems import Problem, Problems
from pipeline.core.records import Claim, Exclusion, Honor, Retired
from schemas import ids

#: A curated document's top-level keys and the records of each section.
SECTIONS = {"claims": Claim, "honors": Honor, "excluded": Exclusion, "retired": Retired}


@dataclass
class Summary:
    """What the checks across documents and the cache need of one document's check: plain data only (tuples,
    lists, dicts, text and numbers), so that it can be cached and moved between processes as it is."""

    file: str
    source_file: str
    #: (id, line) of every claim and honour, whether or not it could be checked, and of every retired id
    ids: list[tuple[str, int]] = field(default_factory=list)
    retired: list[tuple[str, int]] = field(default_factory=list)
    #: (award key, region, year, honour id, its line, the line of its region and year) of each honour with an award
    #: key (the region as the build fills it: as curated, else the report's own place)
    awards: list[tuple[str, str | None, int | None, str, int, int, int]] = field(default_factory=list)
    #: metric id → what the check read of it (Context.metric_digest): the result holds while these hold
    metrics: dict[str, str] = field(default_factory=dict)
    #: whether every section and record could be read (else what the document lacks may be a reading error)
    complete: bool = True
    #: size of the raw source in bytes and in lines (when it could be read)
    source_bytes: int | None = None
    source_lines: int | None = None
    problems: list[tuple] = field(default_factory=list)

    def problem_list(self) -> list[Problem]:
        return [Problem(*p) for p in self.problems]

    def to_plain(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_plain(cls, data: dict[str, Any]) -> Summary:
        return cls(**data)


@dataclass
class Checked:
    """A checked document: its summary and, when it has no problem, its checked records (claims and honours in
    id order, frozen, every derived field filled), the ledger and the raw text they stand on."""

    summary: Summary
    claims: list[Any] = field(default_factory=list)
    honors: list[Any] = field(default_factory=list)
    mentions: list[ledger.Mention] = field(default_factory=list)
    text: str = ""

    @property
    def ok(self) -> bool:
        return not self.summary.problems


def read_document(path: Path, rel: str, problems: Problems) -> Document | None:
    """One curated document file: its source name and its sections."""
    text = read_text(path, rel, problems)
    node = compose(text, rel, problems) if text is not None else None
    top = mapping(node, rel, problems) if node is not None else None
    if top is None:
        return None
    unknown_keys(node, ("source", *SECTIONS), rel, problems)
    source_node = top.get("source")
    source = source_node.value if isinstance(source_node, yaml.ScalarNode) else ""
    source_line = source_node.start_mark.line + 1 if source_node is not None else 1
    if not source:
        problems.add(rel, source_line, "", "source", "missing-field",
                     "top-level 'source' (the raw file name) is missing")
    sections = {name: records(top[name], cls, rel, name, problems) if name in top else []
                for name, cls in SECTIONS.items()}
    return Document(rel, source, source_line, sections["claims"], sections["honors"], sections["excluded"],
                    sections["retired"])


def read_problems(path: Path, paths: Any) -> Problems:
    """What is wrong with a curated document as a file (encoding, YAML, fields), before any check."""
    problems = Problems()
    read_document(path, path.relative_to(paths.root).as_posix(), problems)
    return problems


def _rules_loaded() -> None:
    """Register the rules (each module registers its own on import)."""
    from pipeline.check import claims, honours, records, source  # noqa: F401


def check_document(path: Path, context: Context) -> Checked:
    """One curated document against its source and the context → its checked records and every problem."""
    _rules_loaded()
    problems = Problems()
    rel = context.rel(path)
    doc = read_document(path, rel, problems)
    if doc is None:
        return Checked(Summary(rel, "", complete=False, problems=[p.as_tuple() for p in problems]))
    check = DocumentCheck(context, doc, problems)
    check.complete = not problems  # a section or a record that could not be read leaves the rest uncertain
    check.run("source")
    if check.lines is not None:
        for claim in doc.claims:
            if not claim.broken and check.run("claim", claim):
                check.placed.add(id(claim))
        for honor in doc.honors:
            if not honor.broken and check.run("honor", honor):
                check.placed.add(id(honor))
    else:
        check.complete = False  # the source could not be read: the document was not checked
    check.run("document")
    summary = Summary(rel, doc.source, metrics=check.metrics_read, source_bytes=check.size,
                      source_lines=len(check.lines) if check.lines is not None else None, complete=check.complete)
    summary.ids = [(r.key, r.at) for r in (*doc.claims, *doc.honors)]
    summary.retired = [(r.key, r.at) for r in doc.retired]
    default = check.meta.region_code if check.meta is not None else None
    summary.awards = [(h.award_key, h.region_code or default, h.year, h.key, h.at, h.line_of("region"),
                       h.line_of("year")) for h in doc.honors if h.award_key is not None]
    checked = Checked(summary, mentions=check.mentions, text=check.raw_text)
    if not problems and check.lines is not None:
        # the ids are checked by now: each record's serial orders its rows
        checked.claims = sorted((derive.fill(check, c) for c in doc.claims),
                                key=lambda c: ids.parse(c.claim_id).serial)
        checked.honors = sorted((derive.fill(check, h) for h in doc.honors),
                                key=lambda h: ids.parse(h.honor_id).serial)
    summary.problems = [p.as_tuple() for p in problems]
    return checked


__all__ = ["Checked", "Document", "DocumentCheck", "SECTIONS", "Summary", "check_document", "read_document",
           "read_problems"]
