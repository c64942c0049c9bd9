"""The typed records of a build, derived from the models: one immutable class per kind of curated record.

Each class is made from its kind's pandera model (:data:`schemas.curation.KINDS`): one attribute per column,
in the published order, plus the curation-only ``review`` field; a column's metadata says whether a curator
writes it (the loader reads it from YAML, under its YAML name) or the build derives it
(:mod:`pipeline.check.derive`). Nothing here lists a column. Every record also remembers where it stands:
``file``, ``at`` (its first line) and the line of each field it was written with (``field_lines``), so that a problem
names the file, line, id and field to edit; ``broken`` says that a field could not be read.

Records are frozen: the loader makes each one whole, and a check that derives a field makes a new record
(:func:`dataclasses.replace`); a published row is :meth:`Record.row`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, make_dataclass
from functools import cache
from typing import Any, ClassVar, NamedTuple

import schemas
from schemas.curation import KINDS, REVIEW_STATES, Kind

__all__ = ["KINDS", "REVIEW_STATES", "ChangeNote", "Claim", "Exclusion", "Honor", "Metric", "Record", "Retired",
           "SourceMeta", "Spec", "builder", "columns", "published", "spec", "yaml_order"]


class Spec(NamedTuple):
    """How one curated field is read: the attribute it fills, its kind (str, int, number), whether it is required."""

    attribute: str
    kind: str
    required: bool


@dataclass(frozen=True, slots=True, eq=False)
class Record:
    """What every record shares: where it stands in its curated file."""

    #: the curated file (relative to the build root) and the line the record starts at
    file: str = field(default="", repr=False)
    at: int = field(default=0, repr=False)
    #: YAML field name → the line it was written on
    field_lines: dict[str, int] = field(default_factory=dict, repr=False)
    #: whether a field could not be read (wrong type, missing, unknown): the record is not checked further
    broken: bool = field(default=False, repr=False)

    #: the kind of record (set on each derived class)
    KIND: ClassVar[Kind]

    def line_of(self, name: str) -> int:
        """The line of field ``name`` (the record's first line when the field is not written)."""
        return self.field_lines.get(name, self.at) if self.field_lines else self.at

    @property
    def key(self) -> str:
        """What problems name the record by: its id (for a source, its file name), or "" when it has none."""
        name = self.KIND.key
        value = getattr(self, name) if name else None
        return value if isinstance(value, str) else ""

    def row(self) -> tuple:
        """The published row, in column order."""
        return tuple(getattr(self, name) for name in published(type(self)))


#: The attributes every record has besides its columns (no model may name a column so).
PLACEMENT = ("file", "at", "field_lines", "broken")


def _record_class(kind: Kind) -> type:
    clash = set(PLACEMENT) & set(schemas.names(kind.model))
    if clash:
        raise TypeError(f"{kind.model.__name__} names a column {', '.join(sorted(clash))}, which every record uses "
                        "for its place in its curated file")
    declared = [(c.name, Any, field(default=None, metadata={"column": c})) for c in schemas.columns(kind.model)]
    only = [(name, Any, field(default=None, metadata={"curation_only": True})) for name in kind.curation_only()]
    cls = make_dataclass(kind.name, [*declared, *only], bases=(Record,), frozen=True, slots=True, eq=False,
                         namespace={"__doc__": (kind.model.__doc__ or kind.name).strip(),
                                    "__module__": __name__})
    cls.KIND = kind
    return cls


Claim = _record_class(KINDS["claim"])
Honor = _record_class(KINDS["honor"])
Exclusion = _record_class(KINDS["exclusion"])
Retired = _record_class(KINDS["retired"])
ChangeNote = _record_class(KINDS["change"])
Metric = _record_class(KINDS["metric"])
SourceMeta = _record_class(KINDS["source"])


@cache
def builder(cls: type) -> type:
    """A mutable twin of a record class, for code that makes a record field by field (the draft): the same
    fields and methods, not frozen."""
    names = [(f.name, f.type, field(default=f.default, default_factory=f.default_factory, metadata=f.metadata,
                                     repr=f.repr))
             for f in fields(cls) if f.name not in PLACEMENT]
    made = make_dataclass(cls.__name__, names, bases=(_Mutable,), slots=True, eq=False,
                          namespace={"__doc__": f"A {cls.__name__} being made (see :func:`builder`).",
                                     "__module__": __name__})
    made.KIND = cls.KIND
    return made


@dataclass(slots=True, eq=False)
class _Mutable:
    file: str = field(default="", repr=False)
    at: int = field(default=0, repr=False)
    field_lines: dict[str, int] = field(default_factory=dict, repr=False)
    broken: bool = field(default=False, repr=False)

    KIND: ClassVar[Kind]
    line_of = Record.line_of
    key = Record.key
    row = Record.row


@cache
def spec(cls: type) -> dict[str, Spec]:
    """YAML field name → how to read it, for a record class (in declaration order): its curated columns and its
    curation-only fields."""
    out = {}
    for f in fields(cls):
        column = f.metadata.get("column")
        if column is not None and column.role == schemas.fields.CURATED:
            out[column.yaml] = Spec(f.name, column.kind, column.required)
        elif f.metadata.get("curation_only"):
            out[f.name] = Spec(f.name, "str", False)
    return out


def yaml_order(cls: type) -> tuple[str, ...]:
    """The YAML names of a record's curated fields in the order a file writes them: its key first, then its review
    state, then the rest in column order."""
    names = list(spec(cls))
    first = [n for n in names[:1]] + [n for n in names if n == "review"]
    return tuple(first + [n for n in names if n not in first])


@cache
def columns(cls: type) -> tuple[schemas.Column, ...]:
    """The published columns of a record class, in order."""
    return tuple(f.metadata["column"] for f in fields(cls) if "column" in f.metadata)


@cache
def published(cls: type) -> tuple[str, ...]:
    """The names of the published columns of a record class, in order."""
    return tuple(c.name for c in columns(cls))
