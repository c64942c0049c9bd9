"""datasets/curated/package.yml → what the data package says of itself, read field by field.

Its name, title, description, data version and release date, keywords, authors, licence, rights, sources and
citation message: the one place these words are written. The descriptor (datapackage.json), CITATION.cff and the
library's version are generated from them (:mod:`pipeline.publish`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

import yaml

from pipeline.core.load import compose, mapping, read_text
from pipeline.core.paths import Paths
from pipeline.core.problems import Problems

_VERSION = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class About:
    """The package's own words (package.yml)."""

    name: str
    title: str
    description: str
    #: the data version (MAJOR.MINOR.PATCH)
    version: str
    #: its release date (YYYY-MM-DD)
    released: str
    keywords: tuple[str, ...]
    authors: tuple[str, ...]
    #: name, path (a URL) and title of the licence of the curated tables
    licence: dict[str, str]
    rights: str
    sources: str
    citation: str


#: field → its kind: text, a list of words, or a mapping of texts
_KINDS = {"keywords": "words", "authors": "words", "licence": "texts"}


def _read(node: yaml.Node, kind: str) -> Any:
    if kind == "text":
        return node.value if isinstance(node, yaml.ScalarNode) and node.value else None
    if kind == "words":
        if isinstance(node, yaml.SequenceNode) and node.value and all(
                isinstance(n, yaml.ScalarNode) and n.value for n in node.value):
            return tuple(n.value for n in node.value)
        return None
    if isinstance(node, yaml.MappingNode) and all(isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode)
                                                  for k, v in node.value):
        return {k.value: v.value for k, v in node.value}
    return None


def read_about(paths: Paths, problems: Problems) -> About | None:
    """package.yml → :class:`About`, or None after reporting every problem at its line."""
    rel = paths.about.relative_to(paths.root).as_posix()
    text = read_text(paths.about, rel, problems)
    node = compose(text, rel, problems) if text is not None else None
    top = mapping(node, rel, problems) if node is not None else None
    if top is None:
        return None
    count = len(problems)
    names = [f.name for f in fields(About)]
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value not in names:
            problems.add(rel, key.start_mark.line + 1, "", key.value, "unknown-field",
                         f"unknown field '{key.value}'; expected one of: {', '.join(names)}")
    values: dict[str, Any] = {}
    for name in names:
        kind = _KINDS.get(name, "text")
        if name not in top:
            problems.add(rel, 1, "", name, "missing-field", f"package.yml needs `{name}`")
            continue
        value = _read(top[name], kind)
        at = top[name].start_mark.line + 1
        if value is None:
            expected = {"text": "text", "words": "a list of texts", "texts": "a mapping of texts"}[kind]
            problems.add(rel, at, "", name, "wrong-type", f"`{name}` must be {expected}")
        elif name == "version" and not _VERSION.fullmatch(value):
            problems.add(rel, at, "", name, "bad-metadata", f"version {value!r} must be MAJOR.MINOR.PATCH (0.3.0)")
        elif name == "released" and not _DATE.fullmatch(value):
            problems.add(rel, at, "", name, "bad-metadata", f"released {value!r} must be a date YYYY-MM-DD")
        elif name == "licence" and not {"name", "path", "title"} <= set(value):
            problems.add(rel, at, "", name, "missing-field", "`licence` needs its name, path (a URL) and title")
        values[name] = value
    return About(**values) if len(problems) == count else None


__all__ = ["About", "read_about"]
