"""Build the static site from the published data package.

Every page is rendered by a Jinja2 template from plain view data computed here.
The output is deterministic: same package, same bytes. All links are relative,
so the folder works opened from disk or served from any path.

Pages (the URL scheme, documented in README.md):

- ``index.html``: the dataset card and the downloads
- ``tables/<table>.html``: one per published table; rows anchored by primary key;
  filters in the query string (``?city=Fuzhou&year=2022``)
- ``metrics/<metric_id>.html``: one per metric; claims anchored by claim id
- ``sources/<stem>.html``: one per raw document; ``#L<n>`` anchors line n;
  ``#<claim_id>``, ``#<honor_id>`` and ``#<mention_id>`` anchor a quote or a number;
  ``?quote=<id>`` emphasises one quote
- ``data/``: the published package, byte for byte

The site is built only from a package verified as the library verifies it (see ``web.package``), and only
into a folder it owns (see ``build``). Links come from ids and verified package paths; a link taken from
the package's metadata (a licence) is made only to an http(s) URL or a file of the package.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from pingan_data import script as folding
from pingan_data.citation import cite_descriptor
from pingan_data.display import amount as read_amount
from pingan_data.display import corroboration as read_pair
from pingan_data.display import number, vocabulary_of, when, words
from pingan_data.package import safe_relative
from pingan_data.searchable import records as searchable_records
from pipeline.core import outputs
from pipeline.core.text import to_simplified
from schemas import ids
from web import jsonld
from web.chart import Bar, bar_chart
from web.markup import Node, Span, mark_line, plain_text
from web.package import TABLES, Package, Record, load_package

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_PACKAGE = Path("datasets/published")
DEFAULT_OUT = Path("site")
#: The file that marks a folder as a site this build wrote, listing the files it wrote there.
MARKER = ".pingan-site"
MARKER_HEADER = ("This folder is the web edition of pingan_data, written by `python -m web build`.\n"
                 "The build replaces and removes only the files listed here; anything else is left alone.\n")

TABLE_TITLES = {"claims": "Claims", "honors": "Honours", "metrics": "Metrics", "sources": "Sources",
                "mentions": "Coverage ledger", "corroboration": "Corroboration", "vocabulary": "Vocabulary"}
#: The columns a table shows first, where it has them: what a reader looks for before the details (the quote
#: among them, so that it is in view at 1280 pixels); the other titled columns follow in the published order.
FIRST = {"claims": ("claim_id", "metric", "value", "quote", "region_code", "year", "value_type", "line"),
         "honors": ("honor_id", "honor", "honor_en", "kind", "recipient", "quote", "region_code", "year", "line"),
         "corroboration": ("metric", "verdict", "claim_id_a", "claim_id_b", "when_a", "when_b", "value_a", "value_b")}
#: The words of a row's time when the text gives none (never an empty placeholder).
NO_TIME = "no time given"
LANG = {"simplified": "zh-Hans", "traditional": "zh-Hant"}


# --- formatting ---------------------------------------------------------------------------
# (values read as the library reads them: pingan_data.display, with the words of the package's own vocabulary)


YEAR_NOTE = ("The year is the year a figure refers to, never the year it was reported: the year filter keeps a "
             "figure whose stated, relative or current year it is, or whose period covers it; a figure whose "
             "text gives no time (year basis unstated, year shown as “no time given”) matches no year: find it by "
             "the year it was reported.")


def counted(row: Record) -> str:
    """What a claim's value is beyond its unit: an estimate or target, the direction of a change, what a rank
    ranks among."""
    parts = [row.get("value_type") if row.get("value_type") not in (None, "measured") else None,
             words(row.get("direction")), row.get("comparison_set") and f"among {words(row['comparison_set'])}"]
    return ", ".join(p for p in parts if p)




def years(row: Record) -> list[int]:
    """Every year a claim or honour is about: its year, or each year of its period."""
    if row.get("year") is not None:
        return [row["year"]]
    if row.get("period_start") is not None and row.get("period_end") is not None:
        return list(range(row["period_start"], row["period_end"] + 1))
    return []


def stem(source_file: str) -> str:
    """The page name of a source: its file name without .txt."""
    return source_file.removesuffix(".txt")


def short(source_file: str) -> str:
    """The source's number (its id prefix), e.g. 000 or 1042."""
    return ids.prefix(source_file) or source_file


def serial(ident: str) -> str:
    """An id without its document's number: 000-c001 → c001."""
    parts = ids.parse(ident)
    return f"{parts.letter}{ids.number(parts.serial)}" if parts else ident


def period(row: Record) -> str:
    """Year, or the period 'start–end', of a claim or honour."""
    return when(row.get("year"), row.get("period_start"), row.get("period_end"))


# --- view data ---------------------------------------------------------------------------


@dataclass
class Cell:
    """One table cell: text, optional link, sort key, and for quotes the figure to embolden."""

    text: str = ""
    href: str | None = None
    title: str | None = None
    sort: str | None = None
    cls: str = ""
    lang: str | None = None
    sub: str | None = None
    sub_lang: str | None = None
    quote: tuple[str, str, str] | None = None
    anchor: bool = False
    #: the header of the cell's column, shown beside the cell where a narrow screen lays a row out as a card
    label: str = ""


@dataclass
class Column:
    """A table column: header, its description from the schema, and whether it sorts as numbers."""

    header: str
    description: str = ""
    numeric: bool = False


@dataclass
class Row:
    """A table row: its anchor id, cells and filter values (space-separated where several)."""

    id: str
    cells: list[Cell]
    filters: dict[str, str] = field(default_factory=dict)
    #: the row's search text (pingan_data.searchable), for the table's search box; empty where it has none
    search: str = ""


@dataclass
class Filter:
    """A filter select: the key it reads on each row, its label and its options (value, label)."""

    key: str
    label: str
    options: list[tuple[str, str]]


@dataclass
class TableView:
    """A rendered table: columns, rows, filters, and the files to download."""

    name: str
    title: str
    description: str
    columns: list[Column]
    rows: list[Row]
    filters: list[Filter] = field(default_factory=list)
    downloads: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""
    #: whether the table has a search box (its rows carry their search text)
    searchable: bool = False


class Site:
    """The view data of every page, computed from one package.

    A table's columns are the columns its Table Schema gives a ``title`` (the header a column's declaration in
    ``schemas/`` names), in the published order; a cell is made by the table's renderer for that column, or shown
    as its text. The rows of each source and of each metric are grouped once.
    """

    def __init__(self, package: Package) -> None:
        self.p = package
        self.claims = package.tables["claims"]
        self.honors = package.tables["honors"]
        self.metrics = package.by_id["metrics"]
        self.sources = package.by_id["sources"]
        self.lang = {name: LANG[row["script"]] for name, row in self.sources.items()}
        self.vocabulary = vocabulary_of(package.tables["vocabulary"])
        self.by_source: dict[str, dict[str, list[Record]]] = {"claims": defaultdict(list),
                                                              "honors": defaultdict(list),
                                                              "mentions": defaultdict(list)}
        for name, grouped in self.by_source.items():
            for row in package.tables[name]:
                grouped[row["source_file"]].append(row)
        self.by_metric: dict[str, dict[str, list[Record]]] = {"claims": defaultdict(list),
                                                              "corroboration": defaultdict(list)}
        for name, grouped in self.by_metric.items():
            for row in package.tables[name]:
                grouped[row["metric"]].append(row)
        self.regions = package.regions
        self.search: dict[str, str] = {
            row["claim_id"] if kind == "claim" else row["honor_id"]: text
            for kind, row, text in searchable_records(self.claims, self.honors, package.tables["metrics"],
                                                      list(self.regions.values()))}
        self.reported = {c["claim_id"]: c.get("reported_year") for c in self.claims}

    def amount(self, value: float, qualifier: str, unit: str) -> str:
        return read_amount(value, qualifier, unit, self.vocabulary)

    # links, relative to a page one folder below the root

    def line_href(self, source_file: str, line: int, quote: str | None = None) -> str:
        query = f"?quote={quote}" if quote else ""
        return f"../sources/{stem(source_file)}.html{query}#L{line}"

    def domain(self, metric: str) -> str:
        return self.metrics[metric]["domain"]

    def source_label(self, source_file: str) -> str:
        title = self.sources[source_file]["title"] or "(no headline)"
        return f"{short(source_file)} · {title}"

    # cells shared by several tables

    def quote_cell(self, row: Record, kind: str, figure: str | None = None) -> Cell:
        quote = row["quote"]
        parts = None
        if figure and figure in quote:
            before, _, after = quote.partition(figure)
            parts = (before, figure, after)
        hans = row["quote_hans"] if row["quote_hans"] != quote else None
        key = row["claim_id"] if kind == "claim" else row["honor_id"]
        return Cell(quote, href=self.line_href(row["source_file"], row["line"], key), cls="quote",
                    lang=self.lang[row["source_file"]], sub=hans, sub_lang="zh-Hans" if hans else None,
                    quote=parts, title=f"{row['source_file']}, line {row['line']}, "
                                       f"characters {row['char_start']}–{row['char_end']}")

    def line_cell(self, row: Record, key: str | None = None) -> Cell:
        return Cell(f"{short(row['source_file'])} L{row['line']}",
                    href=self.line_href(row["source_file"], row["line"], key),
                    sort=f"{row['source_file']}:{row['line']:05d}", cls="nowrap",
                    title=f"{row['source_file']}, line {row['line']}")

    def metric_cell(self, metric: str, prefix: str = "../metrics/") -> Cell:
        m = self.metrics[metric]
        return Cell(metric, href=f"{prefix}{metric}.html", title=f"{m['label_en']} · {m['label_zh']}", cls="metric")

    def claim_link(self, claim_id: str, prefix: str = "") -> Cell:
        return Cell(claim_id, href=f"{prefix}claims.html#{claim_id}", cls="nowrap")

    def when_cell(self, row: Record) -> Cell:
        if period(row):
            return Cell(period(row), sort=str(row["year"] or row["period_start"] or ""), cls="nowrap")
        reported = row.get("reported_year")
        return Cell(NO_TIME, sort="", cls="muted", title=f"the text gives no time; reported {reported}"
                    if reported is not None else "the text gives no time")

    def region_cell(self, code: str | None) -> Cell:
        """A region by its names, with its code and the divisions it lies in on hover."""
        row = self.regions.get(code or "")
        if row is None:
            return Cell(code or "")
        chain, at = [], row.get("parent_code")
        while at in self.regions and at not in chain:
            chain.append(at)
            at = self.regions[at].get("parent_code")
        inside = ", ".join(f"{self.regions[c]['name_zh']} ({self.regions[c]['name_en']})" for c in chain)
        return Cell(row["name_zh"], lang="zh-Hans", sub=row["name_en"], sub_lang="en", sort=code, cls="region",
                    title=f"{code}, {row['level']}" + (f", in {inside}" if inside else ""))

    def year_options(self, rows: Iterable[Record]) -> list[tuple[str, str]]:
        found = sorted({y for row in rows for y in years(row)})
        return [(str(y), str(y)) for y in found]

    def basis_filter(self, rows: Iterable[Record]) -> Filter:
        found = {row["year_basis"] for row in rows}
        order = list(self.vocabulary.get("year_basis", {}))  # the vocabulary's order: best dated first
        return Filter("basis", "Year basis", [(b, words(b)) for b in order if b in found])

    def reported_filter(self, rows: Iterable[Record]) -> Filter:
        found = sorted({row["reported_year"] for row in rows if row.get("reported_year") is not None})
        return Filter("reported", "Reported", [(str(y), str(y)) for y in found])

    def city_filter(self, rows: Iterable[Record]) -> Filter:
        return Filter("city", "City", [(c, c) for c in sorted({row["city"] for row in rows})])

    def source_filter(self, files: Iterable[str]) -> Filter:
        return Filter("source", "Source", [(stem(f), self.source_label(f)) for f in sorted(set(files))])

    def metric_filter(self, metrics: Iterable[str]) -> Filter:
        options = sorted(set(metrics), key=lambda m: (self.metrics[m]["label_en"].lower(), m))
        return Filter("metric", "Metric", [(m, f"{self.metrics[m]['label_en']} ({m})") for m in options])

    def domain_filter(self, metrics: Iterable[str]) -> Filter:
        return Filter("domain", "Domain", [(d, words(d)) for d in sorted({self.domain(m) for m in metrics})])

    def downloads(self, name: str) -> list[dict[str, Any]]:
        out = []
        for resource_name in (name, f"{name}-parquet"):
            resource = self.p.resource(resource_name)
            out.append({"href": f"../data/{resource['path']}", "name": resource["path"],
                        "bytes": resource["bytes"], "format": resource["format"]})
        return out

    # the columns and cells of a table, from its schema

    def shown(self, table: str, leave_out: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        """The fields of a table that have a title (but ``leave_out``): those of FIRST first, then the others in
        the published order."""
        fields = [f for f in self.p.resource(table)["schema"]["fields"]
                  if f.get("title") and f["name"] not in leave_out]
        first = FIRST.get(table, ())
        return sorted(fields, key=lambda f: first.index(f["name"]) if f["name"] in first else len(first))

    def columns(self, table: str, leave_out: tuple[str, ...] = ()) -> list[Column]:
        return [Column(f["title"], f.get("description", ""), f["type"] in ("integer", "number"))
                for f in self.shown(table, leave_out)]

    def renderers(self, table: str) -> dict[str, Any]:
        """Column → how its cell is made, for the columns that are more than their text."""
        claim = {
            "claim_id": lambda r: Cell(r["claim_id"], cls="nowrap id", anchor=True),
            "metric": lambda r: self.metric_cell(r["metric"]),
            "value": lambda r: Cell(self.amount(r["value"], r["qualifier"], r["unit"]), sort=repr(r["value"]),
                                    cls="num nowrap",
                                    title=f"value {number(r['value'])}, {r['qualifier']}, {r['unit']}"),
            "area": lambda r: Cell(r["area"] or "", lang="zh-Hans", cls="area"),
            "region_code": lambda r: self.region_cell(r["region_code"]),
            "year": self.when_cell,
            "year_evidence": lambda r: Cell(r.get("year_evidence") or "", lang="zh-Hans"),
            "reported_date": lambda r: Cell(str(r.get("reported_date") or r.get("reported_year") or ""),
                                            cls="nowrap"),
            "value_type": lambda r: Cell(counted(r) or words(r["value_type"]),
                                         cls="" if r["value_type"] == "measured" else "flag"),
            "line": lambda r: self.line_cell(r, r["claim_id"]),
            "quote": lambda r: self.quote_cell(r, "claim", r["figure"]),
            "note": lambda r: Cell(r["note"] or "", cls="note"),
        }
        honor = {
            "honor_id": lambda r: Cell(r["honor_id"], cls="nowrap id", anchor=True),
            "honor": lambda r: Cell(r["honor"], lang="zh-Hans"),
            "honor_en": lambda r: Cell(r.get("honor_en") or "", cls="english"),
            "kind": lambda r: Cell(words(r.get("kind")), cls="nowrap"),
            "recipient": lambda r: Cell(r["recipient"], lang="zh-Hans", sub=r.get("recipient_en"), sub_lang="en"),
            "region_code": lambda r: self.region_cell(r["region_code"]),
            "year": self.when_cell,
            "year_evidence": claim["year_evidence"],
            "reported_date": claim["reported_date"],
            "times": lambda r: Cell(number(r["times"]), sort=str(r["times"] or ""), cls="num"),
            "award_key": lambda r: Cell(r["award_key"] if r["award_key"] not in (None, r["honor_id"]) else "",
                                        cls="id"),
            "line": lambda r: self.line_cell(r, r["honor_id"]),
            "quote": lambda r: self.quote_cell(r, "honor"),
            "note": claim["note"],
        }
        metric = {
            "metric_id": lambda m: Cell(m["metric_id"], href=f"../metrics/{m['metric_id']}.html", cls="id",
                                        anchor=True),
            "label_zh": lambda m: Cell(m["label_zh"], lang="zh-Hans"),
            "domain": lambda m: Cell(words(m["domain"]), sort=m["domain"]),
            "description": lambda m: Cell(m["description"], cls="note"),
            "claims": lambda m: Cell(str(m["claims"]), cls="num"),
        }
        source = {
            "source_file": lambda s: Cell(s["source_file"], href=f"../sources/{stem(s['source_file'])}.html",
                                          cls="id", anchor=True),
            "path": lambda s: Cell("raw text", href=f"../data/{s['path']}"),
            "sha256": lambda s: Cell(s["sha256"][:12] + "…", title=s["sha256"], cls="mono"),
            "bytes": lambda s: Cell(number(s["bytes"]), sort=str(s["bytes"]), cls="num"),
            "lines": lambda s: Cell(str(s["lines"]), cls="num"),
            "title": lambda s: Cell(s["title"] or "(no headline)", title=s["title_note"],
                                    lang=self.lang[s["source_file"]]),
            "site": lambda s: Cell(s["site"] or "", lang="zh-Hans"),
            "publisher": lambda s: Cell(s["publisher"] or "", lang="zh-Hans", title=s["attribution_note"]),
            "published_date": lambda s: Cell(s["published_date"] or "", cls="nowrap"),
            "published_year": lambda s: Cell(str(s["published_year"]), cls="num"),
            "date_basis": lambda s: Cell(s["date_basis"], title=s["date_evidence"]),
            "defects": lambda s: Cell(s["defects"] or "", cls="note"),
        }
        mention = {
            "mention_id": lambda m: Cell(m["mention_id"], cls="nowrap id", anchor=True),
            "source_file": lambda m: Cell(short(m["source_file"]), href=f"../sources/{stem(m['source_file'])}.html",
                                          title=self.source_label(m["source_file"])),
            "line": lambda m: Cell(f"L{m['line']}", href=self.line_href(m["source_file"], m["line"],
                                                                         m["claim_id"] or m["honor_id"]),
                                   sort=f"{m['line']:05d}", cls="nowrap"),
            "char_start": lambda m: Cell(str(m["char_start"]), cls="num"),
            "text": lambda m: Cell(m["text"], href=f"../sources/{stem(m['source_file'])}.html#{m['mention_id']}",
                                   lang=self.lang[m["source_file"]], title="the number, marked in the raw text"),
            "claim_id": lambda m: (self.claim_link(m["claim_id"]) if m["claim_id"] else
                                   Cell(m["honor_id"], href=f"honors.html#{m['honor_id']}", cls="nowrap")
                                   if m["honor_id"] else Cell()),
            "role": lambda m: Cell(m["role"] or ""),
            "reason": lambda m: Cell(words(m["reason"])),
        }
        term = {"code": lambda t: Cell(t["code"], cls="id"),
                "label_zh": lambda t: Cell(t["label_zh"] or "", lang="zh-Hans"),
                "words": lambda t: Cell(t["words"] or "", lang="zh-Hans")}
        return {"claims": claim, "honors": honor, "metrics": metric, "sources": source, "mentions": mention,
                "vocabulary": term}.get(table, {})

    def cells(self, table: str, row: Record, leave_out: tuple[str, ...] = ()) -> list[Cell]:
        made = self.renderers(table)
        out = []
        for f in self.shown(table, leave_out):
            cell = made[f["name"]](row) if f["name"] in made else Cell(str(row[f["name"]] or ""))
            cell.label = f["title"]
            out.append(cell)
        return out

    # tables

    def claims_table(self) -> TableView:
        rows = [Row(r["claim_id"], self.cells("claims", r),
                    {"city": r["city"], "metric": r["metric"], "domain": self.domain(r["metric"]),
                     "year": " ".join(map(str, years(r))), "basis": r["year_basis"],
                     "reported": str(r.get("reported_year") or ""), "source": stem(r["source_file"]),
                     "value_type": r["value_type"]}, self.search[r["claim_id"]])
                for r in self.claims]
        metrics = [r["metric"] for r in self.claims]
        filters = [self.city_filter(self.claims), self.metric_filter(metrics), self.domain_filter(metrics),
                   Filter("year", "Year", self.year_options(self.claims)), self.basis_filter(self.claims),
                   self.reported_filter(self.claims),
                   Filter("value_type", "Value type", [(v, words(v)) for v in sorted({r["value_type"]
                                                                                      for r in self.claims})]),
                   self.source_filter(r["source_file"] for r in self.claims)]
        return TableView("claims", TABLE_TITLES["claims"], self.p.resource("claims")["description"],
                         self.columns("claims"), rows, filters, self.downloads("claims"),
                         note=YEAR_NOTE + " The figure stating the value is in bold; each source line link opens "
                              "the raw text at that line with the quote emphasised.", searchable=True)

    def honors_table(self) -> TableView:
        rows = [Row(r["honor_id"], self.cells("honors", r),
                    {"city": r["city"], "year": " ".join(map(str, years(r))), "basis": r["year_basis"],
                     "reported": str(r.get("reported_year") or ""), "source": stem(r["source_file"]),
                     "kind": r.get("kind") or ""}, self.search[r["honor_id"]])
                for r in self.honors]
        filters = [self.city_filter(self.honors), Filter("year", "Year", self.year_options(self.honors)),
                   Filter("kind", "Kind", [(k, words(k)) for k in self.vocabulary.get("honor_kinds", {})
                                           if any(r.get("kind") == k for r in self.honors)]),
                   self.basis_filter(self.honors), self.reported_filter(self.honors),
                   self.source_filter(r["source_file"] for r in self.honors)]
        return TableView("honors", TABLE_TITLES["honors"], self.p.resource("honors")["description"],
                         self.columns("honors"), rows, filters, self.downloads("honors"),
                         note=YEAR_NOTE.replace("a figure", "an honour").replace("figures", "honours"),
                         searchable=True)

    def metrics_table(self) -> TableView:
        rows = []
        for m in self.p.tables["metrics"]:
            cities = " ".join(sorted({c["city"] for c in self.by_metric["claims"][m["metric_id"]]}))
            rows.append(Row(m["metric_id"], self.cells("metrics", m),
                            {"domain": m["domain"], "metric": m["metric_id"], "city": cities}))
        ids_ = list(self.metrics)
        filters = [self.city_filter(self.claims), self.metric_filter(ids_), self.domain_filter(ids_)]
        return TableView("metrics", TABLE_TITLES["metrics"], self.p.resource("metrics")["description"],
                         self.columns("metrics"), rows, filters, self.downloads("metrics"),
                         note="The city filter keeps the metrics with at least one claim on that city.")

    def sources_table(self) -> TableView:
        sources = self.p.tables["sources"]
        rows = [Row(stem(s["source_file"]), self.cells("sources", s),
                    {"city": s["city"], "year": str(s["published_year"]), "source": stem(s["source_file"])})
                for s in sources]
        filters = [self.city_filter(sources),
                   Filter("year", "Year", [(str(y), str(y)) for y in sorted({s["published_year"] for s in sources})])]
        return TableView("sources", TABLE_TITLES["sources"], self.p.resource("sources")["description"],
                         self.columns("sources"), rows, filters, self.downloads("sources"),
                         note="Hover a title, publisher or date basis for how it was established; each source page "
                              "shows the full metadata and the raw text.")

    def mentions_table(self) -> TableView:
        mentions = self.p.tables["mentions"]
        rows = [Row(m["mention_id"], self.cells("mentions", m), {
                    "city": self.sources[m["source_file"]]["city"], "source": stem(m["source_file"]),
                    "status": m["status"], "reason": m["reason"] or ""}) for m in mentions]
        filters = [self.city_filter(self.sources.values()),
                   self.source_filter(m["source_file"] for m in mentions),
                   Filter("status", "Status", [(s, s) for s in sorted({m["status"] for m in mentions})]),
                   Filter("reason", "Reason", [(r, words(r)) for r in sorted({m["reason"] for m in mentions
                                                                                 if m["reason"]})])]
        return TableView("mentions", TABLE_TITLES["mentions"], self.p.resource("mentions")["description"],
                         self.columns("mentions"), rows, filters, self.downloads("mentions"),
                         note="Every number the ledger finds in the raw texts. Follow a number to see it marked "
                              "in its line; excluded numbers show their reason on hover.")

    def corroboration_rows(self, pairs: list[Record], prefix: str = "") -> list[Row]:
        rows = []
        by_id = self.p.by_id["claims"]
        for c in pairs:
            a, b = by_id[c["claim_id_a"]], by_id[c["claim_id_b"]]
            made = {
                "metric": self.metric_cell(c["metric"]),
                "claim_id_a": self.claim_link(c["claim_id_a"], prefix),
                "claim_id_b": self.claim_link(c["claim_id_b"], prefix),
                "source_file_a": self.line_cell(a, a["claim_id"]), "source_file_b": self.line_cell(b, b["claim_id"]),
                "when_a": Cell(c["when_a"], cls="nowrap"), "when_b": Cell(c["when_b"], cls="nowrap"),
                "value_a": Cell(self.amount(c["value_a"], c["qualifier_a"], a["unit"]), sort=repr(c["value_a"]),
                                cls="num"),
                "value_b": Cell(self.amount(c["value_b"], c["qualifier_b"], b["unit"]), sort=repr(c["value_b"]),
                                cls="num"),
                "time_relation": Cell(words(c["time_relation"])),
                "verdict": self.reading_cell(c),
            }
            cells = []
            for f in self.shown("corroboration"):
                cell = made.get(f["name"]) or Cell(str(c[f["name"]] or ""))
                cell.label = f["title"]
                cells.append(cell)
            rows.append(Row(f"{c['claim_id_a']}--{c['claim_id_b']}", cells,
                            {"city": c["city"], "metric": c["metric"], "domain": self.domain(c["metric"])}))
        return rows

    def reading(self, pair: Record) -> Any:
        return read_pair(pair, (self.reported.get(pair["claim_id_a"]), self.reported.get(pair["claim_id_b"])))

    def reading_cell(self, pair: Record) -> Cell:
        """How a pair reads (pingan_data.display.corroboration): a mark no stronger than the data, and why."""
        found = self.reading(pair)
        return Cell(found.label, cls=f"verdict {found.code}", sub=found.sentence, sub_lang="en",
                    title=f"the corroboration table's verdict: {words(pair['verdict'])}; time relation: "
                          f"{words(pair['time_relation'])}; same event: {'yes' if pair['same_event'] else 'no'}")

    def corroboration_table(self) -> TableView:
        pairs = self.p.tables["corroboration"]
        metrics = [c["metric"] for c in pairs]
        filters = [self.city_filter(pairs), self.metric_filter(metrics), self.domain_filter(metrics)]
        return TableView("corroboration", TABLE_TITLES["corroboration"],
                         self.p.resource("corroboration")["description"],
                         self.columns("corroboration"), self.corroboration_rows(pairs),
                         filters, self.downloads("corroboration"))

    def vocabulary_table(self) -> TableView:
        terms = self.p.tables["vocabulary"]
        rows = [Row(f"{t['section']}--{t['code']}", self.cells("vocabulary", t), {"section": t["section"]})
                for t in terms]
        filters = [Filter("section", "Vocabulary", [(v, words(v)) for v in dict.fromkeys(t["section"] for t in terms)])]
        return TableView("vocabulary", TABLE_TITLES["vocabulary"], self.p.resource("vocabulary")["description"],
                         self.columns("vocabulary"), rows, filters, self.downloads("vocabulary"),
                         note="What every code in the other tables means, and the words of a source that mark it.")

    def tables(self) -> Iterator[TableView]:
        """Each table's view in turn, made when it is asked for (one table's rows are held at a time)."""
        for make in (self.claims_table, self.honors_table, self.metrics_table, self.sources_table,
                     self.mentions_table, self.corroboration_table, self.vocabulary_table):
            yield make()

    # metric pages

    def metric_page(self, metric_id: str) -> dict[str, Any]:
        m = self.metrics[metric_id]
        claims = self.by_metric["claims"][metric_id]
        columns = self.columns("claims", leave_out=("metric",))
        rows = [Row(c["claim_id"], self.cells("claims", c, leave_out=("metric",))) for c in claims]
        for row in rows:  # links from metrics/ to the claims table
            row.cells[0] = Cell(row.id, href=f"../tables/claims.html#{row.id}", cls="nowrap id", anchor=True,
                                label=row.cells[0].label)
        chart = None
        if len(claims) > 1:
            bars = [Bar(label=" ".join(x for x in (c["city"], c["area"], period(c)) if x),
                        detail=f"{c['claim_id']}: {c['figure']}",
                        text=self.amount(c["value"], c["qualifier"], c["unit"]),
                        href=f"#{c['claim_id']}", value=float(c["value"])) for c in claims]
            chart = bar_chart(f"{m['label_en']}: every claim", bars)
        pairs = self.by_metric["corroboration"][metric_id]
        if pairs:
            status = None
        elif len(claims) == 1:
            status = "One claim only: no other document reports this metric, so there is nothing to compare."
        elif len({(c["city"], c["source_file"]) for c in claims}) == len({c["city"] for c in claims}):
            status = "Each city's claims come from a single document, so no pair of documents can be compared."
        else:
            status = "No pair of claims on the same city from different documents."
        return {"m": m, "columns": columns, "rows": rows, "chart": chart, "status": status,
                "pairs": self.corroboration_rows(pairs, prefix="../tables/"),
                "pair_columns": self.columns("corroboration"),
                "cities": sorted({c["city"] for c in claims}),
                "years": when_span([y for c in claims for y in years(c)])}

    # source pages

    def source_page(self, source_file: str) -> dict[str, Any]:
        s = self.sources[source_file]
        lines = self.p.texts[source_file]
        spans: dict[int, list[Span]] = defaultdict(list)
        claims = self.by_source["claims"][source_file]
        honors = self.by_source["honors"][source_file]
        for c in claims:
            spans[c["line"]].append(Span(c["char_start"], c["char_end"], "claim", c["claim_id"], {
                "href": f"../tables/claims.html#{c['claim_id']}", "label": serial(c["claim_id"]),
                "title": f"claim {c['claim_id']} · {self.metrics[c['metric']]['label_en']}: "
                         f"{self.amount(c['value'], c['qualifier'], c['unit'])}"
                         + "".join(f", {x}" for x in (c["city"], period(c)) if x)}))
        for h in honors:
            spans[h["line"]].append(Span(h["char_start"], h["char_end"], "honor", h["honor_id"], {
                "href": f"../tables/honors.html#{h['honor_id']}", "label": serial(h["honor_id"]),
                "title": f"honour {h['honor_id']} · {h['honor']} → {h['recipient']}"
                         + "".join(f", {x}" for x in (h["city"], period(h)) if x)}))
        counts: Counter[str] = Counter()
        for m in self.by_source["mentions"][source_file]:
            counts[m["status"]] += 1
            tip = (f"excluded: {words(m['reason'])}" if m["status"] == "excluded"
                   else f"{m['role']} of {m['claim_id'] or m['honor_id']}")
            spans[m["line"]].append(Span(m["char_start"], m["char_end"], "mention", m["mention_id"], {
                "status": m["status"], "reason": m["reason"], "tip": tip, "role": m["role"]}))
        simplify = to_simplified if s["script"] == "traditional" else None
        rendered: list[tuple[int, list[Node]]] = []
        for number_, text in enumerate(lines, start=1):
            nodes = mark_line(text, spans.get(number_, []), simplify)
            if plain_text(nodes) != text:
                raise AssertionError(f"{source_file}:{number_}: marked text differs from the raw line")
            rendered.append((number_, nodes))
        return {"s": s, "stem": stem(source_file), "lines": rendered, "lang": self.lang[source_file],
                "claims": len(claims), "honors": len(honors), "counts": counts, "raw_href": f"../data/{s['path']}"}

    # the index

    def card(self) -> dict[str, Any]:
        d = self.p.descriptor
        sources = self.p.tables["sources"]
        mentions = self.p.tables["mentions"]
        metrics = self.p.tables["metrics"]
        claim_years = [y for c in self.claims for y in years(c)]
        per_source = Counter(c["source_file"] for c in self.claims)
        honors_per_source = Counter(h["source_file"] for h in self.honors)
        domains: dict[str, list[Record]] = defaultdict(list)
        for m in sorted(metrics, key=lambda m: m["label_en"].lower()):
            domains[m["domain"]].append(m)
        resources = list(d["resources"])
        tables = [{"name": name, "title": TABLE_TITLES[name], "rows": len(self.p.tables[name]),
                   "description": self.p.resource(name)["description"]} for name in TABLES]
        first = self.claims[0] if self.claims else None
        return {
            "d": d, "sources": sources, "per_source": per_source, "honors_per_source": honors_per_source,
            "cities": Counter(s["city"] for s in sources), "scripts": Counter(s["script"] for s in sources),
            "published": when_span([s["published_year"] for s in sources]),
            "claim_years": when_span(claim_years), "n_domains": len(domains),
            "domains": sorted(domains.items()), "status": Counter(m["status"] for m in mentions),
            "reasons": Counter(m["reason"] for m in mentions if m["reason"]).most_common(),
            "verdicts": Counter(self.reading(c).label for c in self.p.tables["corroboration"]),
            "citation": cite_descriptor(d),
            "resources": resources, "tables": tables, "rows": {t["name"]: t["rows"] for t in tables}, "example": first,
            "example_path": (f"sources/{stem(first['source_file'])}.html#L{first['line']}" if first else ""),
        }


def fold_script() -> str:
    """static/fold.js: pingan_data.script.fold in JavaScript, for the tables' search boxes: the same steps (pinyin
    debris, NFKC, traditional → simplified by OpenCC's character table, quotation marks and spaces, lower case),
    with the patterns and the table of the library itself."""
    import json

    traditional, simplified = folding.character_table()
    ignored = "[\\s" + folding.IGNORED_CHARACTERS + "]"
    table = dict(zip(traditional, simplified, strict=True))
    return ("/* Generated by web/build.py from pingan_data.script: the search rule's folding. Do not edit. */\n"
            "(function () {\n  \"use strict\";\n"
            f"  var debris = new RegExp({json.dumps(folding.DEBRIS.pattern)}, \"gu\");\n"
            f"  var ignored = new RegExp({json.dumps(ignored)}, \"gu\");\n"
            f"  var t2s = {json.dumps(table, ensure_ascii=False, separators=(',', ':'))};\n"
            "  function fold(text) {\n"
            "    var out = \"\";\n"
            "    for (var ch of text.replace(debris, \"\").normalize(\"NFKC\")) out += t2s[ch] || ch;\n"
            "    return out.replace(ignored, \"\").toLowerCase();\n  }\n"
            "  function words(query) {\n"
            "    return query.split(/\\s+/).map(fold).filter(function (w) { return w !== \"\"; });\n  }\n"
            "  window.pinganFold = { fold: fold, words: words };\n})();\n")


def when_span(values: list[int]) -> str:
    """'2016–2023' for a list of years, one year alone, or ''."""
    if not values:
        return ""
    low, high = min(values), max(values)
    return str(low) if low == high else f"{low}–{high}"


# --- rendering ------------------------------------------------------------------------------


def _escape(value: object) -> str:
    """``markupsafe.escape`` as text, without making a Markup object per value (the same five replacements)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return (str(value).replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;")
            .replace('"', "&#34;"))


def _attribute(name: str, value: object) -> str:
    return f' {name}="{_escape(value)}"'


def cell_html(c: Cell) -> Markup:
    """One table cell as HTML: the ``cell`` macro of ``_macros.html.j2`` written in Python, since a table of a large
    corpus has millions of cells and a macro call costs several times as much (a test compares the two on every kind
    of cell)."""
    parts = ["<td"]
    if c.cls:
        parts.append(_attribute("class", c.cls))
    if c.sort is not None:
        parts.append(_attribute("data-sort", c.sort))
    if c.lang:
        parts.append(_attribute("lang", c.lang))
    if c.label:
        parts.append(_attribute("data-label", c.label))
    parts.append(">")
    text = _escape(c.text)
    if c.anchor and c.href:
        parts.append(f'<a class="self" href="{_escape(c.href)}"' + (_attribute("title", c.title) if c.title else "")
                     + f">{text}</a>")
    elif c.anchor:
        parts.append(f'<a class="self" href="#{text}" title="link to this row">{text}</a>')
    elif c.quote:
        parts.append(f'<a href="{_escape(c.href)}" title="{_escape(c.title)}">{_escape(c.quote[0])}<b>'
                     f"{_escape(c.quote[1])}</b>{_escape(c.quote[2])}</a>")
    elif c.href:
        title = _attribute("title", c.title) if c.title else ""
        parts.append(f'<a href="{_escape(c.href)}"{title}>{text}</a>')
    elif c.title:
        parts.append(f'<span class="hint" title="{_escape(c.title)}">{text}</span>')
    else:
        parts.append(text)
    if c.sub:
        parts.append(f'<span class="sub" lang="{_escape(c.sub_lang)}">{_escape(c.sub)}</span>')
    parts.append("</td>")
    return Markup("".join(parts))


def cells_html(cells: Iterable[Cell]) -> Markup:
    """A row's cells as HTML (:func:`cell_html`)."""
    return Markup("".join(map(cell_html, cells)))


def environment() -> Environment:
    """The Jinja2 environment: templates from web/templates, HTML autoescaped, undefined names fail."""
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["number"] = number
    env.filters["words"] = words
    env.globals["TABLE_TITLES"] = TABLE_TITLES
    env.globals["cell_html"] = cell_html
    env.globals["cells_html"] = cells_html
    return env


def licence_links(package: Package) -> list[dict[str, str | None]]:
    """The package's licences with a link each may safely have: ``url`` for an http(s) URL, ``file`` for a
    file of the package; neither for anything else (a ``javascript:`` or ``data:`` URL, a path outside)."""
    out = []
    for licence in package.descriptor.get("licenses", []):
        path = licence.get("path")
        url = path if isinstance(path, str) and re.fullmatch(r"https?://[^\s\"'<>\\]+", path) else None
        file = path if url is None and safe_relative(path) and path in package.files else None
        out.append({"name": str(licence.get("name") or licence.get("title") or "licence"),
                    "title": str(licence.get("title") or ""), "url": url, "file": file})
    return out


def site_files(package: Package) -> tuple[list[str], Iterator[tuple[str, bytes]]]:
    """The paths of every page and static file of the site (relative to its root), and the files themselves,
    made one at a time in the same order: a large corpus's site need not be held whole."""
    site = Site(package)
    env = environment()
    common = {"version": package.descriptor.get("version", ""), "site_title": "pingan_data",
              "licenses": licence_links(package)}
    assets = sorted(a.name for a in (HERE / "static").iterdir() if a.is_file())
    paths = ["index.html", *(f"tables/{name}.html" for name in TABLES),
             *(f"metrics/{metric_id}.html" for metric_id in site.metrics),
             *(f"sources/{stem(source_file)}.html" for source_file in site.sources),
             *(f"static/{name}" for name in assets), "static/fold.js", *(f"data/{path}" for path in package.files)]

    def page(path: str, template: str, **context: Any) -> tuple[str, bytes]:
        root = "../" * path.count("/")
        return path, env.get_template(template).render(root=root, path=path, **common, **context).encode("utf-8")

    def made() -> Iterator[tuple[str, bytes]]:
        yield page("index.html", "index.html.j2", card=site.card(), jsonld=jsonld.script(package))
        for table in site.tables():
            yield page(f"tables/{table.name}.html", "table.html.j2", table=table)
        for metric_id in site.metrics:
            yield page(f"metrics/{metric_id}.html", "metric.html.j2", **site.metric_page(metric_id))
        for source_file in site.sources:
            yield page(f"sources/{stem(source_file)}.html", "source.html.j2", **site.source_page(source_file))
        for name in assets:
            yield f"static/{name}", (HERE / "static" / name).read_bytes()
        yield "static/fold.js", fold_script().encode("utf-8")
        for path, data in package.files.items():  # the verified bytes, not the files read again
            yield f"data/{path}", data

    return paths, made()


def render(package: Package) -> dict[str, bytes]:
    """Every generated page and static file of the site, by path relative to the site root."""
    return dict(sorted(site_files(package)[1]))


def build(package_dir: Path = DEFAULT_PACKAGE, out: Path = DEFAULT_OUT, pin: str | None = None) -> list[Path]:
    """Render the site from ``package_dir`` into ``out``; returns the files written.

    The package is verified first (pingan_data.DataIntegrityError), against ``pin``, the sha256 its
    datapackage.json must have (by default the library's own pin). ``out`` must be new, empty, or a site
    this build wrote (it carries MARKER, listing the files written); anything else raises
    pipeline.core.outputs.OutputError before a byte is written. Each file is written beside its place as it is
    made and all are renamed into place once every one is made, so that a build that fails changes no page;
    a file written by an earlier build and no longer made is removed; nothing else in ``out`` is touched. A
    symlinked ``out`` is written through, and a second build of the same folder is refused while one runs.
    """
    paths, made = site_files(load_package(Path(package_dir), pin))
    folder = outputs.real(Path(out))
    with outputs.lock(folder):
        outputs.claim(folder, MARKER, whole=False, owner="the site build")
        targets = {relative: outputs.inside(folder, relative) for relative in sorted(paths)}
        before = outputs.listed(folder, MARKER) or set()
        folder.mkdir(parents=True, exist_ok=True)
        # the marker lists every file this build may leave behind before any is written, so that an
        # interrupted build leaves nothing the next one does not know as its own
        (folder / MARKER).write_text(outputs.marker_text(MARKER_HEADER, sorted(before | set(paths))),
                                     encoding="utf-8")
        staged: list[tuple[Path, str]] = []
        try:
            for relative, data in made:
                target = targets[relative]
                target.parent.mkdir(parents=True, exist_ok=True)
                handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
                staged.append((target, temporary))
                with os.fdopen(handle, "wb") as written_file:
                    written_file.write(data)
            if [t for t, _ in staged] != [targets[r] for r in paths]:
                raise AssertionError("the site made other files than it listed")  # a defect of site_files
            for target, temporary in staged:
                os.chmod(temporary, outputs.file_mode(target))
                os.replace(temporary, target)
        finally:
            for _, temporary in staged:
                Path(temporary).unlink(missing_ok=True)
        for relative in sorted(before - set(paths)):
            stale = outputs.inside(folder, relative)
            if stale.is_file() and not stale.is_symlink():
                stale.unlink()
        outputs.write_atomic(folder / MARKER, outputs.marker_text(MARKER_HEADER, sorted(paths)).encode("utf-8"))
    return [t for t, _ in staged]
