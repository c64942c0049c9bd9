"""The derived fields of a checked record: each made by one small function that names the fields it makes.

A column's metadata says whether a curator writes it or the build derives it (:mod:`schemas.fields`). A
derivation is registered with :func:`derives`, naming the kind of record and the fields it fills: a derived
column (the quote's offsets, the simplified quote, the article's date) or a curated column it fills when the
curator left it empty (a claim's figure, its value type, the line of its year evidence). :func:`fill` applies them
to a record that passed every rule and returns a new, frozen record; a test proves that every derived column of
every kind is made by exactly one derivation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from pipeline.check.ledger import figure_of
from pipeline.core.text import to_simplified


@dataclass(frozen=True)
class Derivation:
    """One derivation: the kind of record (its class name), the fields it fills, the function."""

    kind: str
    fields: tuple[str, ...]
    run: Callable[[Any, Any], dict[str, Any]]


DERIVATIONS: list[Derivation] = []


def derives(kinds: str | tuple[str, ...], *names: str) -> Callable[[Callable], Callable]:
    """Register a function of (check, record) → {field: value} that fills ``names`` of records of ``kinds``."""
    def register(function: Callable) -> Callable:
        for kind in (kinds,) if isinstance(kinds, str) else kinds:
            DERIVATIONS.append(Derivation(kind, names, function))
        return function

    return register


class _Filling:
    """A record as a derivation sees it: the fields derived before it, else the record's own (one new record is
    made at the end, not one for each derivation)."""

    __slots__ = ("_record", "_values")

    def __init__(self, record: Any, values: dict[str, Any]) -> None:
        self._record, self._values = record, values

    def __getattr__(self, name: str) -> Any:
        values = self._values
        return values[name] if name in values else getattr(self._record, name)


def fill(check: Any, record: Any) -> Any:
    """``record`` with every derived field of its kind filled (a new frozen record)."""
    values: dict[str, Any] = {}
    seen = _Filling(record, values)
    kind = type(record).__name__
    for derivation in DERIVATIONS:
        if derivation.kind == kind:
            made = derivation.run(check, seen)
            values.update({name: made[name] for name in derivation.fields})
    return replace(record, **values)


# --- claims and honours --------------------------------------------------------------------------------------

@derives(("Claim", "Honor"), "source_file", "reported_year", "reported_date")
def _report(check: Any, record: Any) -> dict[str, Any]:
    """The source file, and when its article was published (from its metadata)."""
    return {"source_file": check.doc.source, "reported_year": check.meta.published_year,
            "reported_date": check.meta.published_date}


@derives(("Claim", "Honor"), "region_code")
def _region(check: Any, record: Any) -> dict[str, Any]:
    """The division the record is about: as curated, else the report's own place."""
    return {"region_code": record.region_code or check.meta.region_code}


@derives(("Claim", "Honor"), "region_level", "city")
def _place(check: Any, record: Any) -> dict[str, Any]:
    """Its region's level, and the city the region lies in (its English name)."""
    return _region_facts(check.context.regions, record.region_code)


@derives(("Claim", "Honor"), "reported_date_basis")
def _date_basis(check: Any, record: Any) -> dict[str, Any]:
    """How the article's date is known (printed, page, inferred)."""
    return {"reported_date_basis": check.meta.date_basis}


@derives(("Claim", "Honor"), "char_start", "char_end", "quote_hans")
def _quote(check: Any, record: Any) -> dict[str, Any]:
    """Where the quote stands on its line, and its simplified copy."""
    start = check.lines[record.line - 1].find(record.quote)
    return {"char_start": start, "char_end": start + len(record.quote), "quote_hans": to_simplified(record.quote)}


@derives(("Claim", "Honor"), "year_evidence_line")
def _evidence_line(check: Any, record: Any) -> dict[str, Any]:
    """Where the year evidence stands: the record's own line unless the curator names another."""
    line = record.year_evidence_line
    return {"year_evidence_line": record.line if line is None and record.year_evidence is not None else line}


@derives("Claim", "comparison_region")
def _comparison_region(check: Any, record: Any) -> dict[str, Any]:
    """For a rank among a province's or a city's divisions: that province or city, the one the record's region
    lies in."""
    region = check.context.regions.holder(record.region_code, record.comparison_set or "") \
        if record.region_code else None
    return {"comparison_region": region.code if region is not None else None}


@derives("Claim", "figure")
def _figure(check: Any, record: Any) -> dict[str, Any]:
    """The words that state the value: as curated, or the quote from its one number on."""
    return {"figure": figure_of(record)}


@derives("Claim", "value_type")
def _value_type(check: Any, record: Any) -> dict[str, Any]:
    """What kind of figure it is: as curated, else measured."""
    return {"value_type": record.value_type or "measured"}


@derives("Honor", "award_key")
def _award_key(check: Any, record: Any) -> dict[str, Any]:
    """The key of the award: as curated, else the honour is its own award."""
    return {"award_key": record.award_key or record.honor_id}


# --- sources and metrics (filled when their table is made) ---------------------------------------------------

@derives("SourceMeta", "path", "bytes", "lines")
def _source_file(facts: Any, record: Any) -> dict[str, Any]:
    """Where the raw text stands in the package, and its size in bytes and lines (``facts.sizes``: file → both)."""
    size, lines = facts.sizes.get(record.source_file, (None, None))
    return {"path": f"sources/{record.source_file}", "bytes": size, "lines": lines}


@derives("SourceMeta", "region_level", "city")
def _source_place(facts: Any, record: Any) -> dict[str, Any]:
    """Its region's level, and the city the region lies in."""
    return _region_facts(facts.regions, record.region_code)


def _region_facts(regions: Any, code: str | None) -> dict[str, Any]:
    region = regions.get(code)
    city = regions.city(code) if region is not None else None
    return {"region_level": region.level if region is not None else None,
            "city": city.name_en if city is not None else None}


@derives("Metric", "claims")
def _claims(counts: Any, record: Any) -> dict[str, Any]:
    """How many claims use the metric (``counts``: metric → claims)."""
    return {"claims": counts[record.metric_id]}


__all__ = ["DERIVATIONS", "Derivation", "derives", "fill"]
