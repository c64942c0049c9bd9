"""datasets/curated/vocabulary.yml → the typed vocabulary: every code of every section, read field by field.

The file is composed, never constructed (as every curated file is): each section is a mapping of codes, and each
code's entry is read against :data:`ENTRIES`, which says, per section, what an entry is: a text (a city's
Chinese name), or a mapping of known fields, each of a known kind. A field the section does not know (often a
word cut loose by an unquoted comma in a flow mapping), a value of the wrong kind and a missing required field
are problems at their line, as in a curated document; nothing is read from a vocabulary with a problem.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import yaml

from pipeline.core.load import mapping
from pipeline.core.numerals import MEASURE_WORDS, Figure, FigureError, Grammar, parse_figure
from pipeline.core.problems import Problems
from pipeline.core.text import to_simplified
from schemas.curation import REVIEW_STATES

#: Where a qualifier's marker may stand: before the number, directly after it, after the measure word.
POSITIONS = ("before", "after_number", "after")
_INTERVAL = re.compile(r"\s*([\[(])\s*([0-9.]+)\s*,\s*([0-9.]+|inf)\s*([\])])\s*")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_SHOWN = "how a value with the code reads to people, `{}` standing for the number (e.g. \"> {}\", \"{} persons\")"

#: The kinds of value a field may hold: text, a list of words, markers by position (qualifiers), words with the
#: years they go back (relative year words), a template with one `{}` for the number, an interval (qualifiers),
#: a number (a claim word's value), a review state (a unit proposed by a draft: see schemas.curation.REVIEW_STATES).
KINDS = ("text", "words", "positions", "years_back", "template", "interval", "number", "review")


@dataclass(frozen=True)
class Entry:
    """What an entry of a section is: a text (``fields`` None) or a mapping of these fields → (kind, required)."""

    fields: dict[str, tuple[str, bool]] | None
    description: str


ENTRIES: dict[str, Entry] = {
    "units": Entry({"label_en": ("text", True), "label_zh": ("text", False), "measures": ("words", True),
                    "shown": ("template", False), "shown_one": ("template", False), "review": ("review", False)},
                   f"label_en, label_zh, the measure words that follow a number, and {_SHOWN} (shown_one: for 1); "
                   "review: proposed for a unit a draft proposes, until a person accepts it"),
    "qualifiers": Entry({"label_en": ("text", True), "symbol": ("text", False), "markers": ("positions", True),
                         "range": ("interval", True), "shown": ("template", False)},
                        f"label_en, symbol, the marker words by position, the range of true values, and {_SHOWN}"),
    "year_basis": Entry({"label_en": ("text", True), "markers": ("words", False), "shown": ("text", False)},
                        "label_en, the marker words of the basis (relative words: with the years they go back), "
                        "and how the basis is shown to people"),
    "value_types": Entry({"label_en": ("text", True), "markers": ("words", False), "shown": ("text", False)},
                         "label_en, marker words, and how the code is shown"),
    "directions": Entry({"label_en": ("text", True), "markers": ("words", False), "shown": ("text", False)},
                        "label_en, marker words, and how the code is shown"),
    "comparison_sets": Entry({"label_en": ("text", True), "markers": ("words", False), "shown": ("text", False)},
                             "label_en, marker words, and how the code is shown"),
    "comparison_bases": Entry({"label_en": ("text", True), "markers": ("words", True), "shown": ("text", False)},
                              "label_en, marker words, and how the code is shown"),
    "honor_kinds": Entry({"label_en": ("text", True), "shown": ("text", False)}, "label_en, and how it is shown"),
    "claim_words": Entry({"label_en": ("text", True), "markers": ("words", True), "value": ("number", False),
                          "unit": ("text", False), "reason": ("text", False)},
                         "label_en, the words (written without a numeral), the value and unit a claim of them has, "
                         "or the exclusion reason when they never make a claim"),
    "domains": Entry(None, "\"中文 - English\""),
    "exclusion_reasons": Entry(None, "what the reason means"),
}
SECTIONS = tuple(ENTRIES)


def parse_range(text: str) -> tuple[float, float, bool, bool]:
    """A qualifier's range in interval notation over factors of the value ("(1, inf)") → low, high, open ends."""
    match = _INTERVAL.fullmatch(text)
    if match is None:
        raise ValueError(f"range {text!r} is not an interval such as [0.9, 1) or (1, inf)")
    left, low, high, right = match.groups()
    return float(low), math.inf if high == "inf" else float(high), left == "(", right == ")"


@dataclass(frozen=True)
class Vocabulary:
    """vocabulary.yml, typed: the codes of every section and the words that mark them in a text."""

    sections: dict[str, dict[str, Any]]
    #: (section, code) → the line of vocabulary.yml its entry stands on
    lines: dict[tuple[str, str], int] = field(default_factory=dict)

    def review(self, section: str, code: str) -> str | None:
        """The review state of an entry (a unit proposed by a draft), or None for one written by hand."""
        return self.entry(section, code).get("review")

    def codes(self, section: str) -> list[str]:
        """The codes of one section, in file order."""
        return list(self.sections[section])

    def entry(self, section: str, code: str) -> dict[str, Any]:
        value = self.sections[section].get(code)
        return value if isinstance(value, dict) else {}

    def markers(self, section: str, code: str) -> list[str]:
        """The marker words of a code of value_types, directions, comparison_sets or year_basis."""
        return list(self.entry(section, code).get("markers") or [])

    @cached_property
    def measures(self) -> dict[str, list[str]]:
        """unit → its measure words."""
        return {code: list(self.entry("units", code).get("measures") or []) for code in self.sections["units"]}

    @cached_property
    def measure_words(self) -> tuple[str, ...]:
        """Every measure word of every unit, longest first."""
        words = {w for measures in self.measures.values() for w in measures}
        return tuple(sorted(words, key=lambda w: (-len(w), w)))

    def read_figure(self, text: str, grammar: Grammar, extra: tuple[str, ...] = ()) -> Figure:
        """A figure's value, qualifier and measure word (:func:`pipeline.core.numerals.parse_figure`), with the measure
        words of the units too: a figure whose measure word the numeral grammar does not list ("5艘", "86.5千克",
        "1.4万平方米", "三成") reads as the same figure with a listed measure word in its place, and reports its own.
        So a measure word added to a unit of vocabulary.yml is read without a change to the code (``extra``: more
        measure words, of units not yet in the vocabulary)."""
        simple = to_simplified(text).translate(_FULL_WIDTH)
        if "件" not in simple:
            for word in sorted({*self.measure_words, *extra}, key=lambda w: (-len(w), w)):
                if word in MEASURE_WORDS or word not in simple:
                    continue
                at = simple.index(word)
                if any(len(w) > len(word) and simple.startswith(w, at) for w in (*MEASURE_WORDS, *self.measure_words)):
                    continue  # 分 of 10分钟: the longer measure word is the one
                try:
                    read = parse_figure(simple[:at] + "件" + simple[at + len(word):], grammar)
                except FigureError:
                    continue
                if read.measure == "件":
                    return Figure(read.value, read.qualifier, word)
        return parse_figure(text, grammar)

    @cached_property
    def qualifier_markers(self) -> dict[str, dict[str, str]]:
        """position (before, after_number, after) → marker word → the qualifier it selects."""
        out: dict[str, dict[str, str]] = {p: {} for p in POSITIONS}
        for code in self.sections["qualifiers"]:
            for position, words in (self.entry("qualifiers", code).get("markers") or {}).items():
                out[position].update({w: code for w in words})
        return out

    @cached_property
    def ranges(self) -> dict[str, tuple[float, float, bool, bool]]:
        """qualifier → the interval of true values it admits, in factors of the value."""
        return {code: parse_range(self.entry("qualifiers", code)["range"]) for code in self.sections["qualifiers"]}

    @cached_property
    def relative_markers(self) -> dict[str, int]:
        """今年, 去年 … → years back from the article's year."""
        return dict(self.entry("year_basis", "relative").get("markers") or {})

    @cached_property
    def claim_words(self) -> dict[str, dict[str, Any]]:
        """A rank or share word written without a numeral (首位, 领跑, 全覆盖) → its entry (value, unit, or the
        reason it is excluded), with the entry's code."""
        return {word: {"code": code, **self.entry("claim_words", code)}
                for code in self.sections.get("claim_words", {}) for word in self.markers("claim_words", code)}

    @cached_property
    def current_markers(self) -> list[str]:
        """目前, 如今 … : the words that present a stock as current."""
        return self.markers("year_basis", "current")


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _words(node: yaml.Node) -> list[str] | None:
    if not isinstance(node, yaml.SequenceNode) or not all(isinstance(n, yaml.ScalarNode) for n in node.value):
        return None
    return [n.value for n in node.value]


def _value(kind: str, node: yaml.Node, code: str, section: str) -> tuple[Any, str | None]:
    """The value of one field, or an error text saying what was expected."""
    if kind == "number":
        try:
            value = float(node.value) if isinstance(node, yaml.ScalarNode) else None
        except ValueError:
            value = None
        return (value, None) if value is not None and math.isfinite(value) else (None, "a number")
    if kind == "review":
        if isinstance(node, yaml.ScalarNode) and node.value in REVIEW_STATES:
            return node.value, None
        return None, f"one of {', '.join(REVIEW_STATES)}"
    if kind in ("text", "template", "interval"):
        if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
            return None, "text"
        if kind == "template" and node.value.count("{}") != 1:
            return None, "a template with one {} for the number"
        if kind == "interval":
            try:
                parse_range(node.value)
            except ValueError as err:
                return None, f"the range of the true values it admits, in factors of the value ({err})"
        return node.value, None
    if kind == "words":
        if section == "year_basis" and code == "relative":
            return _value("years_back", node, code, section)
        words = _words(node)
        return (words, None) if words is not None else (None, "a list of words")
    if kind == "years_back":
        if isinstance(node, yaml.MappingNode) and all(
                isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode)
                and re.fullmatch(r"-?[0-9]{1,4}", v.value) for k, v in node.value):
            return {k.value: int(v.value) for k, v in node.value}, None
        return None, "a mapping of words to the whole number of years back from the article's year (-1: the year after)"
    if kind == "positions":
        if isinstance(node, yaml.MappingNode):
            out = {}
            for key, value in node.value:
                words = _words(value)
                if not isinstance(key, yaml.ScalarNode) or key.value not in POSITIONS or words is None:
                    break
                out[key.value] = words
            else:
                return out, None
        return None, f"a mapping of {', '.join(POSITIONS)} to lists of words"
    raise ValueError(kind)


def read_vocabulary(node: yaml.Node, rel: str, problems: Problems) -> Vocabulary | None:
    """The composed vocabulary.yml → the typed vocabulary, or None after reporting every problem at its line."""
    top = mapping(node, rel, problems)
    if top is None:
        return None
    count = len(problems)
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value not in ENTRIES:
            problems.add(rel, _line(key), "", key.value, "unknown-field",
                         f"unknown section '{key.value}'; expected one of: {', '.join(SECTIONS)}")
    sections: dict[str, dict[str, Any]] = {}
    lines: dict[tuple[str, str], int] = {}
    for section, entry in ENTRIES.items():
        value = top.get(section)
        if not isinstance(value, yaml.MappingNode):
            problems.add(rel, _line(value) if value is not None else 1, "", section,
                         "wrong-type" if value is not None else "missing-field",
                         f"'{section}' must be a mapping of codes")
            continue
        codes: dict[str, Any] = {}
        for key, item in value.value:
            code = key.value if isinstance(key, yaml.ScalarNode) else ""
            if not code:
                problems.add(rel, _line(key), "", section, "wrong-type", f"a code of '{section}' must be text")
                continue
            if code in codes:
                problems.add(rel, _line(key), code, section, "duplicate-field", f"code '{code}' given twice")
                continue
            if entry.fields is None:
                if not isinstance(item, yaml.ScalarNode) or not item.value:
                    problems.add(rel, _line(item), code, section, "wrong-type",
                                 f"{section} '{code}' is one text ({entry.description})")
                    continue
                codes[code] = item.value
                continue
            if not isinstance(item, yaml.MappingNode):
                problems.add(rel, _line(item), code, section, "wrong-type",
                             f"{section} '{code}' must be a mapping: {entry.description}")
                continue
            read: dict[str, Any] = {}
            for field_node, field_value in item.value:
                name = field_node.value if isinstance(field_node, yaml.ScalarNode) else ""
                if name not in entry.fields:
                    problems.add(rel, _line(field_node), code, name, "unknown-field",
                                 f"{section} '{code}' has an unknown field '{name}'; expected one of: "
                                 f"{', '.join(entry.fields)} (a label with a comma needs quotes in a flow mapping)")
                    continue
                got, expected = _value(entry.fields[name][0], field_value, code, section)
                if expected is not None:
                    problems.add(rel, _line(field_value), code, name, "wrong-type",
                                 f"{name} of {section} '{code}' must be {expected}")
                    continue
                read[name] = got
            for name, (_kind, required) in entry.fields.items():
                if required and name not in read and not any(
                        isinstance(f, yaml.ScalarNode) and f.value == name for f, _ in item.value):
                    problems.add(rel, _line(item), code, name, "missing-field",
                                 f"{section} '{code}' needs `{name}`: {entry.description}")
            codes[code] = read
            lines[(section, code)] = _line(key)
        sections[section] = codes
    if len(problems) != count:
        return None
    return Vocabulary(sections, lines)


__all__ = ["ENTRIES", "KINDS", "POSITIONS", "SECTIONS", "Entry", "Vocabulary", "parse_range", "read_vocabulary"]
