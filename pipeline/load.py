"""Curated YAML files and source metadata → typed records with their line numbers.

Curated files are parsed with YAML's safe loader (no object construction from
data). Text fields take the scalar exactly as written, so that ``text: 2016-06-06``
stays text and is not read as a date. Every record keeps the line it starts on
and the line of each of its fields, so that later stages can say where to edit.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.corroborate import parse_range
from pipeline.errors import Problems
from pipeline.paths import Paths

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULL = "tag:yaml.org,2002:null"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
#: The tags a curated file may carry: those the resolver gives plain values (``=`` and ``<<``
#: included). Any other, such as ``!!python/object/apply``, is reported; nothing is built from it.
_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in (
    "null", "bool", "int", "float", "str", "timestamp", "value", "merge", "seq", "map")}

#: field name → (type, required). Types: "str", "int", "number", "list".
CLAIM_FIELDS: dict[str, tuple[str, bool]] = {
    "id": ("str", True),
    "metric": ("str", True),
    "value": ("number", True),
    "unit": ("str", True),
    "qualifier": ("str", True),
    "city": ("str", True),
    "area": ("str", False),
    "year": ("int", False),
    "year_basis": ("str", True),
    "period_start": ("int", False),
    "period_end": ("int", False),
    "year_evidence": ("str", False),
    "year_evidence_line": ("int", False),
    "value_type": ("str", False),
    "direction": ("str", False),
    "comparison_set": ("str", False),
    "honor_id": ("str", False),
    "line": ("int", True),
    "quote": ("str", True),
    "figure": ("str", False),
    "note": ("str", False),
}
HONOR_FIELDS: dict[str, tuple[str, bool]] = {
    "id": ("str", True),
    "honor": ("str", True),
    "recipient": ("str", True),
    "city": ("str", True),
    "year": ("int", False),
    "year_basis": ("str", True),
    "period_start": ("int", False),
    "period_end": ("int", False),
    "year_evidence": ("str", False),
    "year_evidence_line": ("int", False),
    "award": ("str", False),
    "times": ("int", False),
    "line": ("int", True),
    "quote": ("str", True),
    "note": ("str", False),
}
EXCLUSION_FIELDS: dict[str, tuple[str, bool]] = {
    "line": ("int", True),
    "text": ("str", True),
    "reason": ("str", True),
    "see": ("str", False),
    "note": ("str", False),
}
METRIC_FIELDS: dict[str, tuple[str, bool]] = {
    "id": ("str", True),
    "label_zh": ("str", True),
    "label_en": ("str", True),
    "unit": ("str", True),
    "domain": ("str", True),
    "kind": ("str", True),
    "description": ("str", True),
}
SOURCE_FIELDS: dict[str, tuple[str, bool]] = {
    "file": ("str", True),
    "sha256": ("str", True),
    "title": ("str", False),
    "title_note": ("str", False),
    "site": ("str", False),
    "site_line": ("int", False),
    "publisher": ("str", False),
    "publisher_line": ("int", False),
    "attribution_note": ("str", False),
    "published_date": ("str", False),
    "published_year": ("int", True),
    "date_basis": ("str", True),
    "date_evidence": ("str", True),
    "city": ("str", True),
    "script": ("str", True),
    "defects": ("str", False),
    "rights": ("str", True),
}
RETIRED_FIELDS: dict[str, tuple[str, bool]] = {
    "id": ("str", True),
    "reason": ("str", True),
}
#: section of a curated document → the fields of its records.
DOCUMENT_SECTIONS = {"claims": CLAIM_FIELDS, "honors": HONOR_FIELDS, "excluded": EXCLUSION_FIELDS,
                     "retired": RETIRED_FIELDS}


@dataclass
class Record:
    """One mapping from a curated file: its values and where each one stands."""

    file: str
    line: int
    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """The record's id; for a source, its file name."""
        value = self.data.get("id", self.data.get("file"))
        return value if isinstance(value, str) else ""

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)


@dataclass
class Document:
    """The curated file of one source document."""

    file: str
    source: str
    claims: list[Record]
    honors: list[Record]
    excluded: list[Record]
    source_line: int = 1
    #: ids once published and withdrawn, which no record may use again
    retired: list[Record] = field(default_factory=list)


@dataclass
class Inputs:
    """Everything a build reads, before any check."""

    paths: Paths
    vocabulary: dict[str, Any]
    metrics: list[Record]
    sources: list[Record]
    documents: list[Document]

    def rel(self, path: Path) -> str:
        return path.relative_to(self.paths.root).as_posix()


def _read_text(path: Path, rel: str, problems: Problems) -> str | None:
    """Read a hand-edited file as UTF-8 text with LF line ends, or report why not."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.add(rel, 0, "", "", "file-missing", "file not found")
        return None
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


def _yaml_error(err: yaml.YAMLError, rel: str, problems: Problems) -> None:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line = mark.line + 1 if mark is not None else 0
    problems.add(rel, line, "", "", "yaml-syntax", f"not valid YAML: {getattr(err, 'problem', err)}")


def _compose(text: str, rel: str, problems: Problems) -> yaml.Node | None:
    """The file's node tree (nothing constructed), or None after reporting bad syntax or a tag."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as err:
        _yaml_error(err, rel, problems)
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


def _scalar(node: yaml.Node, kind: str) -> tuple[Any, str | None]:
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


_EXPECTED = {"str": "text", "int": "a whole number", "number": "a number", "list": "a list"}


def _records(node: yaml.Node, spec: dict[str, tuple[str, bool]], rel: str, section: str,
             problems: Problems) -> list[Record]:
    if not isinstance(node, yaml.SequenceNode):
        problems.add(rel, node.start_mark.line + 1, "", section, "wrong-type", f"'{section}' must be a list of records")
        return []
    records = []
    for item in node.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            problems.add(rel, line, "", section, "wrong-type", f"each entry of '{section}' must be a mapping")
            continue
        record = Record(rel, line, {})
        found: list[tuple[int, str, str, str]] = []  # reported once the record's id is known
        for key_node, value_node in item.value:
            name = key_node.value
            at = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                found.append((at, "", "wrong-type", "expected a field name, found a list or mapping as a key"))
                continue
            name = sys.intern(name)  # names and texts repeat in every record: keep one copy of each
            if name in record.lines:
                found.append((at, name, "duplicate-field", f"field '{name}' given twice"))
            record.lines[name] = at
            if name not in spec:
                found.append((at, name, "unknown-field", f"unknown field '{name}'; expected one of: {', '.join(spec)}"))
                continue
            value, error = _scalar(value_node, spec[name][0])
            if error:
                found.append((at, name, "wrong-type", f"expected {_EXPECTED[spec[name][0]]}, found {error}"))
            record.data[name] = sys.intern(value) if isinstance(value, str) else value
        for name, (_, required) in spec.items():
            if not required or record.data.get(name) is not None or any(f[1] == name for f in found):
                continue
            if name not in record.lines:
                found.append((line, name, "missing-field", f"required field '{name}' is missing"))
            else:
                found.append((record.lines[name], name, "missing-field", f"required field '{name}' is empty"))
        for at, name, code, message in found:
            problems.add(rel, at, record.id, name, code, message)
        records.append(record)
    return records


def _mapping(node: yaml.Node, rel: str, problems: Problems) -> dict[str, yaml.Node] | None:
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


def load_records(path: Path, rel: str, section: str, spec: dict[str, tuple[str, bool]],
                 problems: Problems) -> list[Record]:
    """A YAML file whose top-level key ``section`` holds a list of records."""
    text = _read_text(path, rel, problems)
    node = _compose(text, rel, problems) if text is not None else None
    top = _mapping(node, rel, problems) if node is not None else None
    if top is None:
        return []
    if section not in top:
        problems.add(rel, 1, "", section, "missing-field", f"top-level key '{section}' is missing")
        return []
    return _records(top[section], spec, rel, section, problems)


def load_document(path: Path, rel: str, problems: Problems) -> Document | None:
    """One curated document file: its source name and its three sections."""
    text = _read_text(path, rel, problems)
    node = _compose(text, rel, problems) if text is not None else None
    top = _mapping(node, rel, problems) if node is not None else None
    if top is None:
        return None
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value not in ("source", *DOCUMENT_SECTIONS):
            problems.add(rel, key.start_mark.line + 1, "", key.value, "unknown-field",
                         f"unknown top-level key '{key.value}'; expected source, {', '.join(DOCUMENT_SECTIONS)}")
    source_node = top.get("source")
    source = source_node.value if isinstance(source_node, yaml.ScalarNode) else ""
    source_line = source_node.start_mark.line + 1 if source_node is not None else 1
    if not source:
        problems.add(rel, source_line, "", "source", "missing-field",
                     "top-level 'source' (the raw file name) is missing")
    sections = {name: _records(top[name], spec, rel, name, problems) if name in top else []
                for name, spec in DOCUMENT_SECTIONS.items()}
    return Document(rel, source, sections["claims"], sections["honors"], sections["excluded"], source_line,
                    sections["retired"])


#: vocabulary.yml: its sections, each a mapping of codes.
VOCABULARY_SECTIONS = ("units", "qualifiers", "year_basis", "value_types", "directions", "comparison_sets", "cities",
                       "domains", "exclusion_reasons")


def _vocabulary_shape(node: yaml.Node, rel: str, problems: Problems) -> bool:
    """Every section a mapping, every unit a mapping with a list of measures; report what is not."""
    top = _mapping(node, rel, problems)
    if top is None:
        return False
    count = len(problems)
    for section in VOCABULARY_SECTIONS:
        value = top.get(section)
        if not isinstance(value, yaml.MappingNode):
            at = value.start_mark.line + 1 if value is not None else 1
            problems.add(rel, at, "", section, "wrong-type" if value is not None else "missing-field",
                         f"'{section}' must be a mapping of codes")
    qualifiers = top.get("qualifiers")
    for code, entry in qualifiers.value if isinstance(qualifiers, yaml.MappingNode) else []:
        fields = {k.value: v for k, v in entry.value if isinstance(k, yaml.ScalarNode)} if isinstance(
            entry, yaml.MappingNode) else {}
        value = fields.get("range")
        try:
            parse_range(value.value if isinstance(value, yaml.ScalarNode) else "")
        except ValueError as err:
            at = (value or entry).start_mark.line + 1
            problems.add(rel, at, str(code.value), "range", "wrong-type",
                         f"qualifier '{code.value}' needs a `range` of the true values it admits, in factors of the "
                         f"value: {err}")
    units = top.get("units")
    for code, unit in units.value if isinstance(units, yaml.MappingNode) else []:
        fields = {k.value: v for k, v in unit.value if isinstance(k, yaml.ScalarNode)} if isinstance(
            unit, yaml.MappingNode) else {}
        if not isinstance(fields.get("measures"), yaml.SequenceNode):
            problems.add(rel, unit.start_mark.line + 1, str(code.value), "units", "wrong-type",
                         f"unit '{code.value}' must be a mapping with a list of `measures`")
    return len(problems) == count


def load_inputs(paths: Paths) -> Inputs:
    """Curated files, vocabulary and source metadata → records (raises BuildError on bad syntax or types)."""
    problems = Problems()
    rel = lambda p: p.relative_to(paths.root).as_posix()  # noqa: E731
    vocabulary_text = _read_text(paths.vocabulary, rel(paths.vocabulary), problems)
    vocabulary: dict[str, Any] = {}
    node = _compose(vocabulary_text, rel(paths.vocabulary), problems) if vocabulary_text is not None else None
    if node is not None and _vocabulary_shape(node, rel(paths.vocabulary), problems):
        try:
            vocabulary = yaml.load(vocabulary_text, Loader=_Loader)
        except yaml.YAMLError as err:  # composes, yet cannot be built (e.g. a list as a key)
            _yaml_error(err, rel(paths.vocabulary), problems)
    metrics = load_records(paths.metrics, rel(paths.metrics), "metrics", METRIC_FIELDS, problems)
    sources = load_records(paths.sources_meta, rel(paths.sources_meta), "sources", SOURCE_FIELDS, problems)
    documents = [doc for path in paths.curated_documents()
                 if (doc := load_document(path, rel(path), problems)) is not None]
    if not paths.curated_documents():
        problems.add(rel(paths.documents), 0, "", "", "file-missing", "no curated document files found")
    problems.raise_if_any()
    return Inputs(paths, vocabulary, metrics, sources, documents)
