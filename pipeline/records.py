"""The typed records of a build: what a curator writes, and what a claim or honour becomes.

One dataclass per kind of record, its fields declared once:

* fields made with :func:`curated` are read from the curated YAML (the loader derives each file's field list,
  types and required fields from them; ``yaml`` names a field whose YAML name differs, e.g. a claim's ``id``);
* a field made with ``curated(published=False)`` belongs to the curation only: the review state of a drafted record
  (:func:`review_state`, see :data:`REVIEW_STATES`);
* fields made with :func:`derived` are filled by the checks (offsets, the simplified quote, the article's date);
* every record remembers where it stands (``file``, ``at`` and the line of each field in ``lines``), so that a
  problem names the file, line, id and field to edit.

For claims and honours the order of the curated and derived fields is the order of the published columns
(``schemas.claims.Claims``, ``schemas.honors.Honors``); a test keeps the two equal. A claim's row is
:meth:`Claim.row`, so following one claim from its YAML to its published row means reading this module and
:mod:`pipeline.document`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cache
from typing import Any, NamedTuple

#: A field's type as the loader reads it: text, a whole number, or any number.
KINDS = ("str", "int", "number")


def curated(kind: str = "str", *, required: bool = False, yaml: str | None = None, published: bool = True) -> Any:
    """A field the curator writes in YAML (``yaml``: its name there when it differs; ``published=False``: a field
    of the curation only, never a published column)."""
    return field(default=None, metadata={"curated": True, "kind": kind, "required": required, "yaml": yaml,
                                         "published": published})


def derived() -> Any:
    """A field the build fills in (published, but never written by the curator)."""
    return field(default=None, metadata={"derived": True})


def _place() -> Any:
    return field(default=None, metadata={"place": True}, repr=False, compare=False)


class Spec(NamedTuple):
    """How one curated field is read: the attribute it fills, its kind, whether it is required."""

    attribute: str
    kind: str
    required: bool


@cache
def spec(cls: type) -> dict[str, Spec]:
    """YAML field name → how to read it, for a record class (in declaration order)."""
    return {(f.metadata["yaml"] or f.name): Spec(f.name, f.metadata["kind"], f.metadata["required"])
            for f in fields(cls) if f.metadata.get("curated")}


def published(cls: type) -> list[str]:
    """The published columns of a record class, in order: its curated and derived fields (not those of the
    curation only, such as the review state)."""
    return [f.name for f in fields(cls)
            if (f.metadata.get("curated") or f.metadata.get("derived")) and f.metadata.get("published", True)]


#: The review state of a drafted record: ``proposed`` by ``python -m pipeline draft``, ``accepted`` once a person
#: has checked it. A record without the field was written by hand. Only an accepted (or hand-written) record is
#: published; :mod:`pipeline.document` reports every other one (``unreviewed-entry``).
REVIEW_STATES = ("proposed", "accepted")


def review_state() -> Any:
    """The review state of a record (see :data:`REVIEW_STATES`): curated, never published."""
    return curated(published=False)


class _Placed:
    """Where a record stands in its curated file."""

    __slots__ = ()
    file: str
    at: int
    lines: dict[str, int]

    def line_of(self, name: str) -> int:
        """The line of field ``name`` (the record's first line when the field is not written)."""
        return self.lines.get(name, self.at) if self.lines else self.at

    @property
    def key(self) -> str:
        """What problems name the record by: its id, or for a source its file name."""
        return ""


@dataclass(slots=True, eq=False)
class Claim(_Placed):
    """One numeric claim: a figure of a source line, its value and what it counts, and when."""

    claim_id: str = curated(required=True, yaml="id")
    metric: str = curated(required=True)
    value: float = curated("number", required=True)
    unit: str = curated(required=True)
    qualifier: str = curated(required=True)
    city: str = curated(required=True)
    area: str | None = curated()
    year: int | None = curated("int")
    year_basis: str = curated(required=True)
    period_start: int | None = curated("int")
    period_end: int | None = curated("int")
    source_file: str = derived()
    line: int = curated("int", required=True)
    char_start: int = derived()
    char_end: int = derived()
    quote: str = curated(required=True)
    quote_hans: str = derived()
    figure: str | None = curated()
    note: str | None = curated()
    value_type: str | None = curated()
    direction: str | None = curated()
    comparison_set: str | None = curated()
    year_evidence: str | None = curated()
    year_evidence_line: int | None = curated("int")
    reported_year: int = derived()
    reported_date: str | None = derived()
    honor_id: str | None = curated()
    review: str | None = review_state()
    file: str = _place()
    at: int = _place()
    lines: dict[str, int] = _place()
    #: whether a field could not be read (wrong type, missing, unknown): the record is not checked further
    broken: bool = _place()
    #: where the figure starts on its line, once found
    figure_start: int | None = _place()
    #: where the year evidence stands on the record's own line, once found there
    evidence_span: tuple[int, int] | None = _place()

    @property
    def key(self) -> str:
        return self.claim_id if isinstance(self.claim_id, str) else ""

    def row(self) -> tuple:
        """The published row, in column order."""
        return tuple(getattr(self, name) for name in CLAIM_COLUMNS)


@dataclass(slots=True, eq=False)
class Honor(_Placed):
    """An award, title, designation or recognition a source reports."""

    honor_id: str = curated(required=True, yaml="id")
    honor: str = curated(required=True)
    recipient: str = curated(required=True)
    city: str = curated(required=True)
    year: int | None = curated("int")
    period_start: int | None = curated("int")
    period_end: int | None = curated("int")
    source_file: str = derived()
    line: int = curated("int", required=True)
    quote: str = curated(required=True)
    quote_hans: str = derived()
    year_basis: str = curated(required=True)
    times: int | None = curated("int")
    char_start: int = derived()
    char_end: int = derived()
    note: str | None = curated()
    award_key: str = curated(yaml="award")
    year_evidence: str | None = curated()
    year_evidence_line: int | None = curated("int")
    reported_year: int = derived()
    reported_date: str | None = derived()
    review: str | None = review_state()
    file: str = _place()
    at: int = _place()
    lines: dict[str, int] = _place()
    #: whether a field could not be read (wrong type, missing, unknown): the record is not checked further
    broken: bool = _place()
    evidence_span: tuple[int, int] | None = _place()

    @property
    def key(self) -> str:
        return self.honor_id if isinstance(self.honor_id, str) else ""

    def row(self) -> tuple:
        """The published row, in column order (an honour without an award key is its own award)."""
        return tuple(getattr(self, name) if name != "award_key" else self.award_key or self.honor_id
                     for name in HONOR_COLUMNS)


@dataclass(slots=True, eq=False)
class Exclusion(_Placed):
    """A number of a source line that is deliberately not a claim, with the reason."""

    line: int = curated("int", required=True)
    text: str = curated(required=True)
    reason: str = curated(required=True)
    see: str | None = curated()
    note: str | None = curated()
    review: str | None = review_state()
    file: str = _place()
    at: int = _place()
    lines: dict[str, int] = _place()
    #: whether a field could not be read (wrong type, missing, unknown): the record is not checked further
    broken: bool = _place()


@dataclass(slots=True, eq=False)
class Retired(_Placed):
    """An id once published and withdrawn, which no record may use again."""

    id: str = curated(required=True)
    reason: str = curated(required=True)
    file: str = _place()
    at: int = _place()
    lines: dict[str, int] = _place()
    #: whether a field could not be read (wrong type, missing, unknown): the record is not checked further
    broken: bool = _place()

    @property
    def key(self) -> str:
        return self.id if isinstance(self.id, str) else ""


@dataclass(slots=True, eq=False)
class Metric(_Placed):
    """A metric of metrics.yml."""

    id: str = curated(required=True)
    label_zh: str = curated(required=True)
    label_en: str = curated(required=True)
    unit: str = curated(required=True)
    domain: str = curated(required=True)
    kind: str = curated(required=True)
    description: str = curated(required=True)
    review: str | None = review_state()
    file: str = _place()
    at: int = _place()
    lines: dict[str, int] = _place()
    #: whether a field could not be read (wrong type, missing, unknown): the record is not checked further
    broken: bool = _place()

    @property
    def key(self) -> str:
        return self.id if isinstance(self.id, str) else ""


@dataclass(slots=True, eq=False)
class SourceMeta(_Placed):
    """What is known of a raw source document (datasets/sources/sources.yml)."""

    file_name: str = curated(required=True, yaml="file")
    sha256: str = curated(required=True)
    title: str | None = curated()
    title_note: str | None = curated()
    site: str | None = curated()
    site_line: int | None = curated("int")
    publisher: str | None = curated()
    publisher_line: int | None = curated("int")
    attribution_note: str | None = curated()
    published_date: str | None = curated()
    published_year: int = curated("int", required=True)
    date_basis: str = curated(required=True)
    date_evidence: str = curated(required=True)
    city: str = curated(required=True)
    script: str = curated(required=True)
    defects: str | None = curated()
    rights: str = curated(required=True)
    review: str | None = review_state()
    file: str = _place()
    at: int = _place()
    lines: dict[str, int] = _place()
    #: whether a field could not be read (wrong type, missing, unknown): the record is not checked further
    broken: bool = _place()

    @property
    def key(self) -> str:
        return self.file_name if isinstance(self.file_name, str) else ""


CLAIM_COLUMNS = published(Claim)
HONOR_COLUMNS = published(Honor)
