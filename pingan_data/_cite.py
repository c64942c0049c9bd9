"""Citations of a claim, an honour, a table or the whole data set, as text, Markdown, HTML, CSL-JSON and BibTeX.

A claim or honour is cited as the article it comes from (title, site, date), with the file, line and
verbatim quote that locate it, and the data set it was found through. A table or the data set is cited
as a data set; its title, version, authors and licence come from datapackage.json, which CITATION.cff
mirrors.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Any

from pingan_data import package
from pingan_data.errors import ArgumentTypeError, ArgumentValueError, UnknownIdError

FORMATS = ("text", "markdown", "html", "csl", "bibtex")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True, repr=False)
class Citation:
    """How to cite one thing. ``str()`` and ``repr()`` give the plain text; notebooks show Markdown or HTML.

    Attributes: ``id`` (what was cited: a claim or honour id, a table name or ``"dataset"``), ``kind``
    (``claim``, ``honor``, ``table``, ``dataset``), ``text``, ``markdown``, ``html``, ``bibtex`` and
    ``csl_json`` (a CSL-JSON array with one item, for Zotero, Pandoc and other reference managers);
    ``csl`` is that item as a dict.
    """

    id: str
    kind: str
    text: str
    markdown: str
    html: str
    bibtex: str
    csl_json: str

    @property
    def csl(self) -> dict[str, Any]:
        """The CSL-JSON item as a dict (a fresh copy each time)."""
        return json.loads(self.csl_json)[0]

    def format(self, form: str = "text") -> str:
        """The citation in one of :data:`FORMATS`: text, markdown, html, csl (CSL-JSON) or bibtex."""
        if form not in FORMATS:
            raise ArgumentValueError(f"unknown citation format {form!r}; choose one of {', '.join(FORMATS)}")
        return self.csl_json if form == "csl" else getattr(self, form)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def _repr_markdown_(self) -> str:
        return self.markdown

    def _repr_html_(self) -> str:
        return self.html


def markdown_escape(text: str) -> str:
    """Backslash the characters Markdown would read as markup."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def bibtex_escape(text: str) -> str:
    """Escape the characters (La)TeX treats specially."""
    special = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
               "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
    return "".join(special.get(ch, ch) for ch in text)


def _bibtex(entry: str, key: str, entries: dict[str, str], raw: dict[str, str] | None = None) -> str:
    lines = [f"@{entry}{{{key},"]
    lines += [f"  {name} = {{{bibtex_escape(value)}}}," for name, value in entries.items() if value]
    lines += [f"  {name} = {value}," for name, value in (raw or {}).items()]
    return "\n".join(lines) + "\n}"


def _dataset() -> dict[str, Any]:
    """Title, short title, version, release date, authors and licence of the data set, from datapackage.json."""
    from pingan_data.citation import facts

    return facts(package.descriptor())


def _licence_words(licence: str) -> str:
    from pingan_data.citation import licence_words

    return licence_words(licence)


def _cite_dataset(table: str | None = None) -> Citation:
    data = _dataset()
    authors = "; ".join(data["authors"])
    released = data["released"]
    year = f" ({released[:4]})" if released else ""
    edition = f"version {data['version']}, " + (f"released {released}" if released else "release date not recorded")
    licence = _licence_words(data["licence"])
    if table is None:
        from pingan_data.citation import dataset_text

        ident, kind, part, part_md, part_html = "dataset", "dataset", "", "", ""
        csl_title, note = data["title"], f"Licence: {licence}."
    else:
        resource = package.table_resources()[table]
        digest = resource["hash"].removeprefix("sha256:")
        part = f"Table “{table}” ({resource['title']}; {table}.csv, sha256 {digest}). In: "
        part_md = f"Table `{table}` ({markdown_escape(resource['title'])}; `{table}.csv`, sha256 `{digest}`). In: "
        part_html = (f"Table <code>{table}</code> ({html.escape(resource['title'])}; <code>{table}.csv</code>, "
                     f"sha256 <code>{digest}</code>). In: ")
        ident, kind = table, "table"
        csl_title = f"{data['title']}: table “{table}”"
        note = f"Table {table} ({table}.csv, sha256 {digest}). Licence: {licence}."
    if table is None:  # the one wording of the data set's citation: CITATION.cff, croissant.json and the site's
        text = dataset_text(data["authors"], data["title"], data["version"], released, data["licence"])
    else:
        text = f"{authors}{year}. {part}{data['title']} ({edition}) [Data set]. Licence: {licence}."
    markdown = f"{markdown_escape(authors)}{year}. {part_md}*{markdown_escape(data['title'])}* " \
               f"({edition}) [Data set]. Licence: {licence}."
    html_text = (f"{html.escape(authors)}{year}. {part_html}<cite>{html.escape(data['title'])}</cite> "
                 f"({html.escape(edition)}) [Data set]. Licence: {html.escape(licence)}.")
    key = f"pingan-{ident}" if table else "pingan-data"
    csl: dict[str, Any] = {"id": key, "type": "dataset", "title": csl_title, "version": data["version"],
                           "author": [{"literal": a} for a in data["authors"]]}
    if released:
        csl["issued"] = {"date-parts": [[int(part) for part in released.split("-")]]}
    csl |= {"abstract": data["description"], "note": note if released else f"{note} Release date not recorded."}
    # each author is a corporate name: double braces keep BibTeX from splitting it into first and last names
    author = "{" + " and ".join("{" + bibtex_escape(a) + "}" for a in data["authors"]) + "}"
    bibtex = _bibtex("misc", key, {"title": csl_title, "version": data["version"], "year": (released or "")[:4],
                                   "date": released or "", "howpublished": "Data set", "note": csl["note"]},
                     {"author": author})
    return Citation(ident, kind, text, markdown, f"<p>{html_text}</p>", bibtex,
                    json.dumps([csl], ensure_ascii=False, indent=2))


#: What a citation says where the sources table records no title, site or URL (in words, not a placeholder).
NO_TITLE = "Article without a headline"
NO_SITE = "site not recorded"
NO_OUTLET = "Publisher and site not recorded"
NO_URL = "URL not recorded"


def outlet(site: str | None, publisher: str | None) -> str:
    """Where an article appeared: "海峡网 / 福建日报报业集团", "福州日报 (site not recorded)", or in words that
    neither is recorded."""
    if site:
        return f"{site} / {publisher}" if publisher else site
    return f"{publisher} ({NO_SITE})" if publisher else NO_OUTLET


def record_citation(rec: Any, src: dict[str, Any]) -> Citation:
    """The citation of a claim or honour record (``pingan_data.Claim``/``Honor``), given the row of the sources
    table that describes its article."""
    is_claim = hasattr(rec, "claim_id")
    data = _dataset()
    title = src["title"] or NO_TITLE
    where_published = outlet(src["site"], src["publisher"])
    date = src["published_date"] or str(src["published_year"])
    dated = f"{date} (date inferred)" if src["date_basis"] == "inferred" else date
    where = f"{rec.source_file}, line {rec.line}"
    url = src.get("page_url")
    located = f"{url}" if url else NO_URL
    if is_claim:
        kind = rec.value_type if rec.value_type not in (None, "measured") else None
        what = f"Claim {rec.id} ({rec.describe()}: {rec.amount}{f', {kind}' if kind else ''})"
    else:
        what = f"Honour {rec.id} ({rec})"
    via = f"{data['short']}, version {data['version']}"
    text = f"{title}. {where_published}, {dated}. {located}. {where}: “{rec.quote}”. {what}, in {via}."
    markdown = (f"> {markdown_escape(rec.quote)}\n\n*{markdown_escape(title)}*. {markdown_escape(where_published)}, "
                f"{dated}. {f'<{url}>' if url else NO_URL}. `{rec.source_file}`, line {rec.line}. "
                f"{markdown_escape(what)}, in *{markdown_escape(via)}*.")
    link = f'<a href="{html.escape(url)}">{html.escape(url)}</a>' if url else NO_URL
    html_text = (f"<blockquote>{html.escape(rec.quote)}</blockquote><p><cite>{html.escape(title)}</cite>. "
                 f"{html.escape(where_published)}, {html.escape(dated)}. {link}. "
                 f"<code>{html.escape(rec.source_file)}</code>, line {rec.line}. {html.escape(what)}, in "
                 f"<cite>{html.escape(via)}</cite>.</p>")
    key = f"pingan-{rec.id}"
    issued = [int(part) for part in date.split("-")]
    unknown = " ".join(f"{words[0].upper()}{words[1:]}." for words in (
        *([] if src["site"] else [NO_SITE]), *([] if src["title"] else ["the page prints no headline"]),
        *([] if url else [NO_URL])))
    note = f"{where}: “{rec.quote}”. {what}, in {via}. Date: {dated}." + (f" {unknown}" if unknown else "")
    csl = {"id": key, "type": "article-newspaper", "title": title, "container-title": src["site"] or src["publisher"],
           "publisher": src["publisher"], "issued": {"date-parts": [issued]},
           "language": "zh-Hant" if src["script"] == "traditional" else "zh-Hans",
           "URL": url, "archive": via, "archive_location": f"sources/{where}", "note": note}
    csl = {k: v for k, v in csl.items() if v}
    month = {"month": _MONTHS[issued[1] - 1]} if len(issued) > 1 else None
    entries = {"title": title, "howpublished": where_published, "year": str(issued[0]), "date": date,
               "language": "chinese", "note": note}
    raw = (month or {}) | ({"url": "{" + url.replace("}", "").replace("{", "") + "}"} if url else {})
    bibtex = _bibtex("misc", key, entries, raw or None)
    return Citation(rec.id, "claim" if is_claim else "honor", text, markdown, html_text, bibtex,
                    json.dumps([csl], ensure_ascii=False, indent=2))


#: A claim or honour id: document number, c or h, serial (of any length)
RECORD_ID = re.compile(r"[0-9]+-[chCH][0-9]+")


def named_citation(id: str) -> Citation | None:
    """The citation of the data set (``"dataset"``) or a table (``"claims"``); None for a claim or honour id
    (``pingan_data.cite`` looks those up). Raises for anything else."""
    if not isinstance(id, str):
        hint = ("; to cite several, cite each: [pingan_data.cite(i) for i in ids]"
                if isinstance(id, list | tuple | set) else "")
        raise ArgumentTypeError(f"cite() takes one claim id (000-c001), honour id (000-h001), table name or "
                                f"'dataset', not {id!r}{hint}")
    name = id.strip()
    if name.lower() in {"dataset", "pingan_data", "pingan-data"}:
        return _cite_dataset()
    table = package.table_name(name)
    if table is not None:
        return _cite_dataset(table)
    if RECORD_ID.fullmatch(name):
        return None
    raise UnknownIdError(f"cannot cite {id!r}: give a claim id (000-c001), an honour id (000-h001), a table "
                         f"({', '.join(package.table_resources())}) or 'dataset'", id)
