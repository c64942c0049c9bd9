"""Curated YAML files → typed records that remember their file and the line of every field.

Files are parsed with libyaml and *composed*, never constructed: nothing is built from data but plain text,
numbers, lists and mappings, and any YAML tag (``!!python/object`` …) is reported. Text fields take the
scalar exactly as written, so that ``text: 2016-06-06`` stays text. Each record's fields, their types and
which are required come from its class in :mod:`pipeline.core.records`.
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml

from pipeline.core import files
from pipeline.core.problems import Problems
from pipeline.core.records import spec
from pipeline.core.text import describe_character, hidden_character
from schemas.fields import FORMULA_STARTS

_NULL = "tag:yaml.org,2002:null"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
#: The tags a curated file may carry: those the resolver gives plain values (``=`` and ``<<``
#: included). Any other, such as ``!!python/object/apply``, is reported; nothing is built from it.
_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in (
    "null", "bool", "int", "float", "str", "timestamp", "value", "merge", "seq", "map")}
_EXPECTED = {"str": "text", "int": "a whole number", "number": "a number"}

R = TypeVar("R")


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's composer with YAML 1.1's implicit tags resolved by one dictionary lookup per scalar.

    Same tags as the safe loader (the same table of implicit resolvers, keyed by the first character); the
    general resolver's bookkeeping for path resolvers, which curated files never use, is skipped.
    """

    _first = yaml.SafeLoader.yaml_implicit_resolvers

    def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self._first.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


def read_text(path: Path, rel: str, problems: Problems) -> str | None:
    """Read a hand-edited file as UTF-8 text with LF line ends, or report why not (a file that is not a regular
    file inside the repository, or too large, is not read: :mod:`pipeline.core.files`)."""
    raw = files.read_input(path, rel, problems)
    return decode(raw, rel, problems) if raw is not None else None


def decode(raw: bytes, rel: str, problems: Problems) -> str | None:
    """A hand-edited file's bytes as text, or None after reporting a BOM, bad UTF-8, CRs or no content."""
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.add(rel, 1, "", "", "utf8-bom",
                     "file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        problems.add(rel, line, "", "", "not-utf8", f"byte {err.start} is not valid UTF-8; save the file as UTF-8")
        return None
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        problems.add(rel, line, "", "", "crlf-line-ends", "carriage return found; use LF (Unix) line ends")
        return None
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        problems.add(rel, 0, "", "", "empty-file", "file has no content")
        return None
    return text


def yaml_error(err: yaml.YAMLError, rel: str, problems: Problems) -> None:
    """Report a YAML error at its line."""
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line = mark.line + 1 if mark is not None else 0
    problems.add(rel, line, "", "", "yaml-syntax", f"not valid YAML: {getattr(err, 'problem', err)}")


#: The deepest nesting of lists and mappings a curated file may have (they nest a few levels). libyaml composes
#: a node tree by recursion, and a file nested tens of thousands deep would exhaust the stack and kill the
#: process: such a file is refused before it is composed.
MAX_DEPTH = 1000
#: The longest number a curated file may write (int64 has 19 digits): a longer one is refused before it is read.
MAX_NUMBER_CHARS = 32


def _may_nest_deeper(text: str, limit: int) -> bool:
    """False when the text cannot nest deeper than ``limit`` (the usual answer, found in a few passes of C code);
    True when it might.

    A bound, not a parse: every flow collection opens with ``[`` or ``{``, so there are no more of them than those
    characters; a block collection starts at a column no further right than the indentation and indicators
    (``- ``, ``? ``, ``: ``) that begin some line, and at most two of them (a mapping and the list that is one of
    its values) share a column.
    """
    flow = text.count("[") + text.count("{")
    room = (limit - flow) // 2 - 1
    return room < 0 or re.search(rf"(?m)^[ \t?:-]{{{room + 1},}}", text) is not None


def _too_deep(text: str, rel: str, problems: Problems) -> bool:
    """Report a file that nests lists and mappings deeper than MAX_DEPTH (or its syntax error, if the parser finds
    one first): read as a stream of events, which libyaml parses without recursion."""
    if not _may_nest_deeper(text, MAX_DEPTH):
        return False
    loader = _Loader(text)
    depth = 0
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return False
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    problems.add(rel, event.start_mark.line + 1, "", "", "yaml-too-deep",
                                 f"lists and mappings nested more than {MAX_DEPTH} levels deep; a curated file nests "
                                 "a few levels: the file is damaged or is not a curated file")
                    return True
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as err:
        yaml_error(err, rel, problems)
        return True
    finally:
        loader.dispose()


def compose(text: str, rel: str, problems: Problems) -> yaml.Node | None:
    """The file's node tree (nothing constructed), or None after reporting bad syntax, a tag or a nesting too deep
    to compose."""
    if _too_deep(text, rel, problems):
        return None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as err:
        yaml_error(err, rel, problems)
        return None
    finally:
        loader.dispose()
    if node is not None and not _plain_tags(node, rel, problems):
        return None
    return node


def _plain_tags(root: yaml.Node, rel: str, problems: Problems) -> bool:
    """Report every node with a tag other than the plain ones; True when there is none."""
    clean, seen = True, set()
    stack: list[tuple[yaml.Node, str, str]] = [(root, "", "")]
    while stack:
        node, record_id, name = stack.pop()
        if node.tag not in _PLAIN_TAGS:
            clean = False
            problems.add(rel, node.start_mark.line + 1, record_id, name, "yaml-tag",
                         f"YAML tag {node.tag!r} is not allowed; expected plain text, numbers, lists and mappings")
        if isinstance(node, yaml.ScalarNode) or id(node) in seen:  # aliases share (even enclose) nodes
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            own = next((v.value for k, v in node.value if k.value == "id" and isinstance(v, yaml.ScalarNode)),
                       record_id)
            stack += [(n, own, k.value if n is v and isinstance(k, yaml.ScalarNode) else "")
                      for k, v in node.value for n in (k, v)]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(item, record_id, name) for item in node.value]
    return clean


def scalar(node: yaml.Node, kind: str) -> tuple[Any, str | None]:
    """The value of a scalar node as the field's type, or an error text."""
    if not isinstance(node, yaml.ScalarNode):
        return None, "a list or mapping"
    if node.tag == _NULL:
        return None, None
    if kind == "str":
        return node.value, None
    try:
        if kind == "int":
            if node.tag == _INT:
                return int(node.value.replace("_", ""), 0), None
            return None, f"text {node.value!r}"
        if node.tag in (_INT, _FLOAT):
            value = float(node.value.replace("_", ""))
            return (value, None) if math.isfinite(value) else (None, f"{node.value!r}")
    except ValueError:  # YAML 1.1 octal (011), base 60 (33:42), .inf, .nan
        return None, f"{node.value!r}, which is not a plain decimal number"
    return None, f"text {node.value!r}"


def records(node: yaml.Node, cls: type[R], rel: str, section: str, problems: Problems) -> list[R]:
    """The records of one section (a YAML list of mappings), typed by ``cls``; every problem reported."""
    if not isinstance(node, yaml.SequenceNode):
        problems.add(rel, node.start_mark.line + 1, "", section, "wrong-type", f"'{section}' must be a list of records")
        return []
    fields = spec(cls)
    out = []
    for item in node.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            problems.add(rel, line, "", section, "wrong-type", f"each entry of '{section}' must be a mapping")
            continue
        lines: dict[str, int] = {}
        values: dict[str, Any] = {}
        found: list[tuple[int, str, str, str]] = []  # reported once the record's id is known
        for key_node, value_node in item.value:
            at = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                found.append((at, "", "wrong-type", "expected a field name, found a list or mapping as a key"))
                continue
            name = sys.intern(key_node.value)  # names and texts repeat in every record: keep one copy of each
            if name in lines:
                found.append((at, name, "duplicate-field", f"field '{name}' given twice"))
            lines[name] = at
            field = fields.get(name)
            if field is None:
                found.append((at, name, "unknown-field",
                              f"unknown field '{name}'; expected one of: {', '.join(fields)}"))
                continue
            if field.kind != "str" and isinstance(value_node, yaml.ScalarNode) and value_node.tag in (_INT, _FLOAT) \
                    and len(value_node.value) > MAX_NUMBER_CHARS:
                found.append((at, name, "number-too-long",
                              f"a number of {len(value_node.value)} characters ({value_node.value[:16]}…) is not read: "
                              f"no field takes more than {MAX_NUMBER_CHARS}"))
                continue
            value, error = scalar(value_node, field.kind)
            if error:
                found.append((at, name, "wrong-type", f"expected {_EXPECTED[field.kind]}, found {error}"))
            values[field.attribute] = sys.intern(value) if isinstance(value, str) else value
        for name, field in fields.items():
            if not field.required or values.get(field.attribute) is not None or any(f[1] == name for f in found):
                continue
            if name not in lines:
                found.append((line, name, "missing-field", f"required field '{name}' is missing"))
            else:
                found.append((lines[name], name, "missing-field", f"required field '{name}' is empty"))
        record = cls(file=rel, at=line, field_lines=lines, broken=bool(found), **values)
        for at, name, code, message in found:
            problems.add(rel, at, record.key, name, code, message)
        out.append(record)
    return out


def mapping(node: yaml.Node, rel: str, problems: Problems) -> dict[str, yaml.Node] | None:
    """A top-level mapping's keys and values, reporting non-text keys and keys given twice."""
    if not isinstance(node, yaml.MappingNode):
        problems.add(rel, node.start_mark.line + 1, "", "", "wrong-type", "the file must be a YAML mapping")
        return None
    top: dict[str, yaml.Node] = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            problems.add(rel, key.start_mark.line + 1, "", "", "wrong-type",
                         "expected a top-level key, found a list or mapping as a key")
            continue
        if key.value in top:
            problems.add(rel, key.start_mark.line + 1, "", key.value, "duplicate-field",
                         f"top-level key '{key.value}' given twice; the first one is used")
            continue
        top[key.value] = value
    return top


def load_records(path: Path, rel: str, section: str, cls: type[R], problems: Problems) -> list[R]:
    """A YAML file whose top-level key ``section`` holds a list of records of ``cls``."""
    text = read_text(path, rel, problems)
    node = compose(text, rel, problems) if text is not None else None
    top = mapping(node, rel, problems) if node is not None else None
    if top is None:
        return []
    if section not in top:
        problems.add(rel, 1, "", section, "missing-field", f"top-level key '{section}' is missing")
        return []
    return records(top[section], cls, rel, section, problems)


def unknown_keys(node: yaml.MappingNode, allowed: Iterable[str], rel: str, problems: Problems) -> None:
    """Report top-level keys that are not ``allowed``."""
    allowed = list(allowed)
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value not in allowed:
            problems.add(rel, key.start_mark.line + 1, "", key.value, "unknown-field",
                         f"unknown top-level key '{key.value}'; expected {', '.join(allowed)}")


#: Fields that are verbatim copies of a raw source line (checked there), so they may hold whatever the line holds.
VERBATIM_FIELDS = ("quote", "figure", "text")


def check_text(records_: Iterable[Any], problems: Problems) -> None:
    """Refuse curated text that would act on or hide itself once published or printed.

    * Control and invisible format characters (NUL, escape, tab, line breaks, bidirectional overrides,
      zero-width characters): printed, they would hide or reorder text. Verbatim copies of a source line
      (quote, figure, an exclusion's text) are exempt: they are checked against the raw line, so they hold
      such a character only where the source truly does.
    * Text a spreadsheet would run as a formula when it starts a CSV cell (=, +, -, @, tab, CR): refused,
      not escaped, so that the CSV stays equal to the Parquet and the quote to the source.
    """
    for record in records_:
        fields = spec(type(record))
        for name in record.field_lines:
            field = fields.get(name)
            value = getattr(record, field.attribute) if field else None
            if not isinstance(value, str):
                continue
            found = hidden_character(value) if name not in VERBATIM_FIELDS else None
            if found is not None:
                at, char = found
                code = "invisible-character" if unicodedata.category(char) == "Cf" else "control-character"
                problems.add(record.file, record.line_of(name), record.key, name, code,
                             f"{name} holds {describe_character(char)} at character {at}, "
                             "which a terminal or a browser would act on or hide; remove it")
            elif value.startswith(FORMULA_STARTS):
                problems.add(record.file, record.line_of(name), record.key, name, "formula-like-text",
                             f"{name} starts with {value[0]!r}, which a spreadsheet opening the CSV would run as "
                             "a formula; expected text that does not start with =, +, -, @, tab or carriage return")
