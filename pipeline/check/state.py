"""The state of one document's check, apart from the rules that read and report on it (:mod:`pipeline.check.rules`):
the document as read, and :class:`DocumentCheck`, which every rule receives. The rules import this module and
:mod:`pipeline.check.document` imports the rules, so that no import runs in a circle."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.check import ledger
from pipeline.check.context import Context
from pipeline.check.rules import RULES, Rule
from pipeline.core.numerals import Grammar
from pipeline.core.problems import Problems
from pipeline.core.records import Claim, Honor


@dataclass
class Document:
    """The curated file of one source document, as read."""

    file: str
    source: str
    source_line: int
    claims: list[Any]
    honors: list[Any]
    excluded: list[Any]
    retired: list[Any]


class DocumentCheck:
    """The state of one document's check: the document, its source's lines, and what the rules found."""

    def __init__(self, context: Context, doc: Document, problems: Problems) -> None:
        self.context = context
        self.vocabulary = context.vocabulary
        self.grammar = Grammar(self.vocabulary.qualifier_markers)
        self.doc = doc
        self.problems = problems
        self.meta = context.sources.get(doc.source)
        #: the raw source, once read and verified: its text, lines and size in bytes
        self.raw_text = ""
        self.lines: list[str] | None = None
        self.size: int | None = None
        self.year: int | None = None
        self.metrics_read: dict[str, str] = {}
        #: whether every record was read and placed on its line: only then can a number left over be blamed
        #: on a missing entry rather than on a record that could not be placed (see ledger.account)
        self.complete = True
        #: lines of claims and honours with a problem: what they would account for there is uncertain
        self.suspect: set[int] = set()
        #: the records whose quote (and figure) the rules found on their line: those account for numbers
        self.placed: set[int] = set()
        #: the ledger (pipeline.check.ledger), once the document's rules have run
        self.mentions: list[ledger.Mention] = []
        self.rule: Rule | None = None

    def add(self, record: Any, name: str, code: str, message: str) -> None:
        """Report a problem of ``record`` at the line of its field ``name``."""
        self.report(record.file, record.line_of(name), record.key, name, code, message)
        if isinstance(record, Claim | Honor) and isinstance(record.line, int):
            self.suspect.add(record.line)

    def report(self, file: str, line: int, ident: str, name: str, code: str, message: str) -> None:
        """Report a problem; its code must be one the running rule declares."""
        if self.rule is not None and code not in self.rule.codes:
            raise AssertionError(f"rule {self.rule.name} reported {code!r}, which it does not declare")
        self.problems.add(file, line, ident, name, code, message)

    def vocab(self, record: Any, name: str, section: str, code: str) -> bool:
        """Whether field ``name`` holds a code of vocabulary ``section`` (reported as ``code`` when it holds
        another; False when empty)."""
        value = getattr(record, name)
        allowed = self.vocabulary.sections[section]
        if value is None or value in allowed:
            return value is not None
        self.add(record, name, code, f"{name} {value!r} is not known; expected one of: {', '.join(allowed)}")
        return False

    def run(self, subject: str, *args: Any) -> bool:
        """Run the rules of ``subject`` in order; False when one says the record cannot be checked further."""
        for one in RULES[subject]:
            self.rule = one
            try:
                if one.run(self, *args) is False:
                    return False
            finally:
                self.rule = None
        return True


__all__ = ["Document", "DocumentCheck"]
