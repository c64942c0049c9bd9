"""Problems found in the inputs: a stable code plus where to fix it."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

#: The characters a terminal acts on or a reader cannot see: control (Cc), format (Cf: bidirectional overrides,
#: zero-width characters), line and paragraph separators (Zl, Zp) and lone surrogates (Cs).
_HIDDEN = frozenset(("Cc", "Cf", "Zl", "Zp", "Cs"))


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str) -> str:
    """``text`` with every character a terminal would act on or a reader not see written as an escape (``\\x1b``,
    ``\\u202e``), so that printing text read from a file cannot move the cursor, recolour, retitle or reorder
    the terminal, nor hide what it says; everything else (Chinese text, spaces of any width) as it is."""
    if text.isprintable():  # the usual case: one pass in C
        return text
    return "".join(_escape(c) if unicodedata.category(c) in _HIDDEN else c for c in text)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_printable(text: str) -> str:
    """JSON text (as ``json.dumps`` writes it, line ends between values) with every character a terminal would act
    on written as a JSON escape (``\\u009b``, ``\\u202e``): the same JSON, safe to print. ``json.dumps`` escapes
    C0 controls but leaves C1 controls and format characters as they are."""
    return "\n".join(line if line.isprintable() else "".join(
        _json_escape(c) if unicodedata.category(c) in _HIDDEN else c for c in line) for line in text.split("\n"))


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the inputs.

    ``file`` is the path (relative to the repository root) of the file to edit,
    ``line`` the 1-based line in that file (0 when the whole file is at fault),
    ``id`` the claim, honour or source concerned, ``field`` the field at fault
    and ``code`` a stable kebab-case code that tests and tools may rely on.
    ``message`` says what was found and what was expected; its wording may change.
    """

    file: str
    line: int
    id: str
    field: str
    code: str
    message: str = field(compare=False)

    def as_tuple(self) -> tuple[str, int, str, str, str, str]:
        """The problem as plain data (for caches and worker processes); ``Problem(*t)`` rebuilds it."""
        return (self.file, self.line, self.id, self.field, self.code, self.message)

    def __str__(self) -> str:
        """One line, ``file:line id [field]: message (code)``, with whatever a terminal would act on escaped (an id
        or a file name read from a hostile input may hold an escape sequence)."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        what = " ".join(p for p in (self.id, self.field and f"[{self.field}]") if p)
        return printable(f"{where}: {what + ': ' if what else ''}{self.message} ({self.code})")


#: What a failed build leaves behind, unless it says otherwise.
UNCHANGED = "nothing was published; the previous publication is unchanged"


class BuildError(Exception):
    """The build stopped; ``problems`` lists everything found, sorted by file and line.

    ``subject`` says where the problems are: ``"in the inputs"`` (the curated files and raw sources) or
    ``"with the output folder"``; ``outcome`` says what the build left behind (by default: nothing changed).
    """

    def __init__(self, problems: Iterable[Problem], subject: str = "in the inputs", outcome: str = UNCHANGED) -> None:
        self.problems = sorted(set(problems))
        self.subject = subject
        self.outcome = outcome
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.problems)
        head = f"build failed: {n} problem{'s' if n != 1 else ''} {self.subject}"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])

    def codes(self) -> set[str]:
        return {p.code for p in self.problems}


class Problems(list[Problem]):
    """A list of problems that a stage collects before it stops the build."""

    def add(self, file: str, line: int, id: str, field: str, code: str, message: str) -> None:
        self.append(Problem(file, line, id, field, code, message))

    def raise_if_any(self) -> None:
        if self:
            raise BuildError(self)


#: Every problem code a build can report, with what it means.
CODES = {
    # load: the curated files themselves
    "file-missing": "a file the build needs is not there (or cannot be opened)",
    "not-a-regular-file": "an input is a folder, FIFO, device or socket, not a regular file (reading it could block "
                          "for ever or never end)",
    "file-too-large": "an input is larger than the build reads of one file",
    "link-outside": "an input is a symbolic link that leads outside the repository (or the publication being read)",
    "file-changed": "an input changed while the build read it",
    "size-mismatch": "a file of a publication does not have the size its datapackage.json declares",
    "utf8-bom": "a curated file starts with a UTF-8 byte-order mark",
    "not-utf8": "a curated file is not valid UTF-8",
    "crlf-line-ends": "a curated file has carriage returns (CRLF line ends)",
    "empty-file": "a curated file has no content",
    "yaml-syntax": "a curated file is not valid YAML",
    "yaml-too-deep": "a curated file nests lists and mappings deeper than the build composes (a damaged file)",
    "number-too-long": "a number in a curated file has more characters than any field takes (it is not read)",
    "yaml-tag": "a curated file uses a YAML tag (e.g. !!python/object); it is refused, nothing is constructed",
    "wrong-type": "a field's value has the wrong type",
    "unknown-field": "a field name is not one the record knows (often a misspelling)",
    "duplicate-field": "a field is given twice in one record",
    "missing-field": "a required field is missing or empty",
    # validate and publish
    "schema-violation": "a table fails a check of its pandera model",
    "read-back-mismatch": "a written Parquet file does not read back as the table",
    "hash-mismatch": "a written file differs from the hash in datapackage.json",
    # verify
    "source-changed": "a raw source's bytes no longer match the sha256 in sources.yml",
    "source-missing": "sources.yml lists a file that is not in datasets/sources",
    "source-unlisted": "a raw source file is not described in sources.yml",
    "source-not-curated": "a raw source has no curated document file",
    "unknown-source": "a curated file names a source that sources.yml does not list",
    "source-mismatch": "a curated file's name does not match the source it names",
    "bad-metadata": "a source's metadata has an impossible value",
    "bad-id": "an id does not follow the pattern <document>-c<nnn> or <document>-h<nnn>",
    "duplicate-id": "two records share an id",
    "duplicate-claim": "two claims are identical in everything but their id",
    "retired-id": "a record uses an id that was published once and withdrawn (even if its `retired` entry is gone)",
    "retired-id-foreign": "a document retires an id that is not one of its own (another document's, or no id)",
    "retired-id-unknown": "a document retires an id that was never published (in no release, nor the current "
                          "publication)",
    "change-without-note": "the published data change since the last release with no note in changes.yml saying why",
    "note-explains-nothing": "a change note of the version being prepared names no change since the last release",
    "bad-change-note": "a change note names a table, kind or version that does not exist",
    "id-vanished": "a claim or honour id of the last release is neither published nor retired",
    "release-unreadable": "an archived release in datasets/releases cannot be read",
    "version-not-bumped": "the published tables changed but the version is that of an archived release",
    "unknown-metric": "a claim's metric is not in metrics.yml",
    "unknown-unit": "a unit is not in vocabulary.yml",
    "unknown-qualifier": "a qualifier is not in vocabulary.yml",
    "unknown-region": "a region is not a division of datasets/reference/regions.csv (a six-digit GB/T 2260 code)",
    "unknown-honor-kind": "an honour's kind is not in vocabulary.yml",
    "date-not-known-to-the-day": "a source's inferred date gives a day; an inferred date gives only its year",
    "comparison-set-above-region": "a rank among a province's or a city's divisions is given to a region not inside "
                                   "one (the province or the city itself)",
    "compared-with-not-change": "a base of comparison is given for a claim that is not a change",
    "unknown-comparison-base": "a base of comparison is neither a year nor in vocabulary.yml",
    "compared-with-not-in-text": "the quote's sentence does not name the base a change is measured against",
    "months-without-year": "months are given for a figure without a single year",
    "months-reversed": "a figure's months do not run forward (or give an end without a start)",
    "months-not-in-evidence": "a figure's months are given but its year evidence names no part of the year",
    "unknown-year-basis": "a year basis is not in vocabulary.yml",
    "unknown-domain": "a metric's domain is not in vocabulary.yml",
    "unknown-kind": "a metric's kind is not one of the known kinds",
    "source-not-utf8": "a raw source is not UTF-8 text",
    "duplicate-prefix": "two raw sources share a document number",
    "unknown-reason": "an exclusion reason is not in vocabulary.yml",
    "unknown-reference": "a `see` reference names no claim or honour",
    "metric-unused": "a metric of metrics.yml has no claim",
    "unit-not-metric-unit": "a claim's unit differs from its metric's unit",
    "line-out-of-range": "a line number is not a line of the source",
    "quote-not-on-line": "the quote is not a verbatim substring of the cited line",
    "figure-not-in-quote": "the figure is not a substring of the quote",
    "figure-unparsed": "no single number could be read from the figure",
    "value-mismatch": "the value differs from the number in the quote",
    "qualifier-mismatch": "the qualifier differs from the one the quote states",
    "unit-mismatch": "the quote's measure word does not fit the unit",
    "percent-out-of-range": "a percentage outside 0-100 for a metric that is not a change",
    "year-out-of-range": "a year before 1949 or after the article's publication",
    "year-basis-not-allowed": "a year basis that does not apply to the record (an honour is never `current`)",
    "year-evidence-missing": "a dated figure does not say which words of the source date it (`year_evidence`)",
    "year-evidence-not-on-line": "the year evidence is not a verbatim substring of its line",
    "year-not-in-evidence": "year_basis is `stated` but the year evidence does not contain the year",
    "relative-year-mismatch": "a relative year (今年/去年) contradicts the article's date",
    "current-year-mismatch": "a stock current at publication is not dated to the publication year",
    "current-without-marker": "year_basis is `current` but the evidence has no word that makes it current "
                              "(目前, 如今…)",
    "period-missing": "a period lacks its start or end",
    "period-reversed": "a period ends before it starts",
    "period-not-in-evidence": "the year evidence of a period does not state its start, or states another end",
    "since-end-mismatch": "a total since a start does not run to the article's year",
    "year-with-period": "a claim over a period also has a single year",
    "period-with-year": "a claim dated to one year also has a period",
    "year-with-unstated": "year_basis is `unstated` but a year or period is given",
    "year-missing": "a year basis that dates a figure to one year has no year",
    "unknown-value-type": "a value type is not in vocabulary.yml",
    "value-type-unmarked": "the quote's sentence marks the figure as an estimate or target, but value_type does not",
    "value-type-not-in-text": "value_type is an estimate or target, but the quote's sentence has no word that says so",
    "direction-missing": "a claim on a change does not say whether it rose or fell",
    "direction-not-change": "a direction is given for a claim whose metric is not a change",
    "unknown-direction": "a direction is not in vocabulary.yml",
    "direction-not-in-quote": "the quote has no word of the claim's direction (上升, 下降…)",
    "comparison-set-missing": "a rank does not say what it ranks among",
    "comparison-set-not-rank": "a comparison set is given for a claim that is not a rank",
    "unknown-comparison-set": "a comparison set is not in vocabulary.yml",
    "comparison-set-not-in-text": "the quote's sentence does not name the rank's comparison set",
    "award-key-conflict": "honours that share an award key disagree on its city or year",
    "attribution-unsupported": "a source's site or publisher is given without the line of the source that names it",
    "attribution-not-on-line": "the line given for a source's site or publisher does not name it",
    "honor-not-in-quote": "the honour's name is not in the quote",
    "times-not-in-quote": "the honour's count of times is not a number in the quote",
    "exclusion-text-not-on-line": "an exclusion's text is not on its line",
    "exclusion-not-a-number": "an exclusion's text covers no number that needs accounting for",
    "unaccounted-number": "a number in a source is neither claim, honour, nor excluded",
    "unaccounted-word": "a claim word (a rank or share written without a numeral: 首位, 领跑, 全覆盖) is neither a "
                        "claim's figure nor excluded",
    "claim-word-mismatch": "a figure that is a claim word (首位, 全覆盖) has another value or unit than the word "
                           "gives",
    "unreviewed-entry": "a record written by `python -m pipeline draft` (a claim, honour, exclusion, source metadata "
                        "or metric) is still `review: proposed`; a person checks it and changes it to `accepted`",
    "formula-like-text": "a published text starts with =, +, -, @, tab or carriage return, which a spreadsheet "
                         "would run as a formula; the build refuses it rather than altering the text",
    "control-character": "a curated text holds a control character (NUL, escape, tab, line break, …) that the "
                         "raw source does not",
    "invisible-character": "a curated text holds an invisible format character (bidirectional override or mark, "
                           "zero-width space or joiner, byte-order mark, …) that the raw source does not",
    "output-not-a-folder": "the output names a file, not a folder",
    "output-in-inputs": "the output folder is inside the inputs (curated files, raw sources, reference data, "
                        "archived releases) or inside the publication",
    "output-not-owned": "the output folder (or a copy beside it) holds files and was not written by the build",
    "output-foreign-files": "a publication folder holds files the build did not write, which replacing it would "
                            "delete",
    "output-locked": "another build is writing the same output folder",
    "output-not-writable": "the output could not be written (no permission, disk full, …)",
    "output-outside": "a file would be written outside the output folder (a crafted path, a symlinked subfolder)",
}
