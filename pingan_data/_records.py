"""One claim or honour as an object: readable in a notebook, citable, traceable to its source line."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from pingan_data.display import amount, dated, when
from pingan_data.errors import ArgumentTypeError, UnknownIdError

if TYPE_CHECKING:
    from pingan_data._cite import Citation
    from pingan_data._source import Excerpt


def plain(value: Any) -> Any:
    """pandas/numpy scalars → Python values; missing → None."""
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _row(table: str, id_column: str, wanted: str) -> dict[str, Any]:
    from pingan_data._tables import load

    frame = load(table)
    ident = wanted.strip().lower()
    rows = frame[frame[id_column] == ident]
    if rows.empty:
        kind = {"claims": "claim", "honors": "honour"}[table]
        close = difflib.get_close_matches(ident, list(frame[id_column]), n=3, cutoff=0.75)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UnknownIdError(f"no {kind} has the id {wanted!r}{hint} (the {table} run from {frame[id_column].min()} "
                             f"to {frame[id_column].max()})", wanted, list(frame[id_column]))
    return {k: plain(v) for k, v in rows.iloc[0].to_dict().items()}


def source_row(source_file: str) -> dict[str, Any]:
    """The row of the sources table that describes ``source_file``."""
    from pingan_data._tables import load

    frame = load("sources")
    return {k: plain(v) for k, v in frame[frame["source_file"] == source_file].iloc[0].to_dict().items()}


class _Record:
    """What claims and honours share: their row (every column of their table, as published), their source line,
    citation and excerpt. A record's attributes are its table's columns, whatever they are: a column added to a
    later version of the tables is an attribute at once."""

    __slots__ = ("_row",)
    _table = ""

    def __init__(self, row: dict[str, Any]) -> None:
        object.__setattr__(self, "_row", dict(row))

    def __getattr__(self, name: str) -> Any:
        try:
            return object.__getattribute__(self, "_row")[name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__} has no column {name!r}") from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a {type(self).__name__} is read-only; copy its to_dict() to change values")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._row == self._row

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.id))

    def __dir__(self) -> list[str]:
        return sorted({*object.__dir__(self), *self._row})

    @property
    def fields(self) -> tuple[str, ...]:
        """The record's columns, in the table's order (a claim adds its metric's labels and domain)."""
        return tuple(self._row)

    @property
    def id(self) -> str:
        """The claim or honour id."""
        raise NotImplementedError

    def describe(self) -> str:
        """What the record is about (metric or recipient, city, year)."""
        raise NotImplementedError

    def headline(self) -> str:
        """The value of a claim, the name of an honour."""
        raise NotImplementedError

    @property
    def when(self) -> str:
        """The year the record refers to, or its period ("2018–2020"); "" when the text gives no time."""
        return when(self.year, self.period_start, self.period_end)

    @property
    def dated(self) -> str:
        """The reference time with how it was decided ("2021 [stated]"), or "[unstated; reported 2022]"."""
        return dated(self.year, self.period_start, self.period_end, self.year_basis, self.reported_year)

    def cite(self) -> Citation:
        """This record's :class:`~pingan_data.Citation`."""
        from pingan_data._cite import record_citation

        return record_citation(self, source_row(self.source_file))

    def source(self, context: int = 1) -> Excerpt:
        """The raw source line with the quote marked, and ``context`` non-blank lines before and after."""
        from pingan_data._source import excerpt

        return excerpt(self, context)

    def to_dict(self) -> dict[str, Any]:
        """The record's fields as a dict (the table's columns, plus the metric's labels for a claim)."""
        return dict(self._row)

    def _repr_markdown_(self) -> str:
        from pingan_data._cite import markdown_escape

        return f"**{markdown_escape(self.headline())}** · {markdown_escape(self.describe())}\n\n{self.cite().markdown}"


class Claim(_Record):
    """A numeric claim: ``str(claim)`` is its value read with qualifier and unit ("> 30,000 persons"). Its
    attributes are the columns of the claims table, and its metric's ``label_en``, ``label_zh`` and ``domain``."""

    __slots__ = ()

    @property
    def id(self) -> str:
        return self.claim_id

    @property
    def amount(self) -> str:
        """The value with its qualifier and unit: "> 30,000 persons", "≥ 98%", "nearly 100,000 persons"."""
        return amount(self.value, self.qualifier, self.unit)

    def describe(self) -> str:
        """ "patrol force, Fuzhou, 2022": what the value is about."""
        place = f"{self.city} ({self.area})" if self.area else self.city
        return ", ".join(p for p in (self.label_en, place, self.when) if p)

    def headline(self) -> str:
        return self.amount

    def __str__(self) -> str:
        return self.amount

    def __repr__(self) -> str:
        return f"<Claim {self.claim_id}: {self.amount} ({self.describe()})>"


class Honor(_Record):
    """An award, title, designation or recognition: ``str(honor)`` is "name — recipient, year". Its attributes
    are the columns of the honors table."""

    __slots__ = ()

    @property
    def id(self) -> str:
        return self.honor_id

    def describe(self) -> str:
        times = f", {self.times} times" if self.times else ""
        return ", ".join(p for p in (self.recipient, self.city, self.when) if p) + times

    def headline(self) -> str:
        return self.honor

    def __str__(self) -> str:
        return f"{self.honor} — {self.describe()}"

    def __repr__(self) -> str:
        return f"<Honor {self.honor_id}: {self}>"


def _checked(ident: object, caller: str, what: str) -> str:
    """An id argument, once it is text; ArgumentTypeError naming what was expected otherwise."""
    if not isinstance(ident, str):
        hint = "; to look up several, call it once for each" if isinstance(ident, list | tuple | set) else ""
        raise ArgumentTypeError(f"{caller}() takes {what}, not {ident!r}{hint}")
    return ident


def claim(claim_id: str) -> Claim:
    """The claim with this id (``"000-c001"``) as a :class:`Claim`; UnknownIdError if there is none."""
    from pingan_data._tables import load

    row = _row("claims", "claim_id", _checked(claim_id, "claim", "a claim id such as '000-c001'"))
    meta = load("metrics").set_index("metric_id").loc[row["metric"]]
    row |= {"label_en": meta["label_en"], "label_zh": meta["label_zh"], "domain": str(meta["domain"])}
    return Claim(row)


def honor(honor_id: str) -> Honor:
    """The honour with this id (``"000-h001"``) as a :class:`Honor`; UnknownIdError if there is none."""
    honor_id = _checked(honor_id, "honor", "an honour id such as '000-h001'")
    return Honor(_row("honors", "honor_id", honor_id))


def record(ident: str, caller: str = "source") -> Claim | Honor:
    """A claim or an honour, by its id (``000-c001`` or ``000-h001``)."""
    ident = _checked(ident, caller, "a claim or honour id such as '000-c001' or '000-h001'")
    return honor(ident) if "-h" in ident.lower() else claim(ident)


def cite(id: str) -> Citation:
    """How to cite a claim (``"000-c001"``), an honour (``"000-h001"``), a table (``"claims"``) or the
    data set itself (``"dataset"``), as a :class:`Citation` with text, Markdown, HTML, CSL-JSON and BibTeX.

    A claim or honour is cited as its article (title, site, date), located by file, line and verbatim
    quote, found through this data set. Raises :class:`UnknownIdError` for anything else.
    """
    from pingan_data._cite import named_citation

    named = named_citation(id)
    return named if named is not None else record(id.strip(), "cite").cite()


def source(claim_id: str, context: int = 1) -> Excerpt:
    """The raw line a claim (or honour) comes from, with its quote marked, plus ``context`` non-blank lines
    before and after it. ``print()`` it, or let a notebook show it (the quote is highlighted).

    The raw file is checked against its sha256 first, and the quote against its line
    (:class:`DataIntegrityError` if either differs). Raises :class:`UnknownIdError` for an unknown id.
    """
    from pingan_data._source import check_context, excerpt

    context = check_context(context)
    return excerpt(record(claim_id, "source"), context)
