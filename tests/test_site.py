"""The web edition: the generated HTML checked without a browser, then used in headless Chromium.

The site is built once into a temporary folder from datasets/published. The browser
test drives Debian's Chromium (/usr/bin/chromium) through Playwright and saves its
screenshots outside the tree: in $PINGAN_SCREENSHOTS when it is set, else in a temporary folder.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from web.build import MARKER, build, render, stem
from web.package import Package, load_package

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "datasets" / "published"
#: Debian's Chromium, or the browser $PINGAN_CHROMIUM names.
CHROMIUM = Path(__import__("os").environ.get("PINGAN_CHROMIUM", "/usr/bin/chromium"))
#: Why the browser tests are skipped where there is no browser: what is left out, and how to get it.
NO_BROWSER = (f"the site was not tried in a browser: {CHROMIUM} is absent; install Debian's Chromium and CJK fonts "
              "(apt-get install chromium fonts-noto-cjk) to run it")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


# --- a small DOM over html.parser ------------------------------------------------------------


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Element | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element | str] = []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, **attrs: str) -> list[Element]:
        return [e for e in self.iter() if all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def offsets(self) -> dict[int, tuple[int, int]]:
        """(start, end) of every descendant element's text within this element's text, by id()."""
        out: dict[int, tuple[int, int]] = {}

        def walk(node: Element, at: int) -> int:
            start = at
            for child in node.children:
                at = at + len(child) if isinstance(child, str) else walk(child, at)
            out[id(node)] = (start, at)
            return at

        walk(self, 0)
        return out


class Tree(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.current = self.root
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Element(tag, dict(attrs), self.current))

    def handle_endtag(self, tag: str) -> None:
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


class Pages:
    """Parsed pages of a built site, cached."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cache: dict[Path, Element] = {}

    def __call__(self, relative: str | Path) -> Element:
        path = (self.root / relative).resolve()
        if path not in self.cache:
            self.cache[path] = Tree(path.read_text(encoding="utf-8")).root
        return self.cache[path]

    def ids(self, relative: str | Path) -> set[str]:
        return {e.attrs["id"] for e in self(relative).iter() if e.attrs.get("id")}


@pytest.fixture(scope="module")
def package() -> Package:
    return load_package(PACKAGE)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    build(PACKAGE, out)
    return out


@pytest.fixture(scope="module")
def pages(site: Path) -> Pages:
    return Pages(site)


# --- the generated HTML -------------------------------------------------------------------------


def test_build_is_deterministic(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build(PACKAGE, again)
    first = {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in sorted(again.rglob("*")) if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_rebuild_replaces_only_its_own_files(tmp_path: Path) -> None:
    build(PACKAGE, tmp_path)
    # a page an earlier build wrote and this one no longer makes, and files of the user's beside the pages
    marker = tmp_path / MARKER
    marker.write_text(marker.read_text(encoding="utf-8") + "tables/stale.html\n", encoding="utf-8")
    (tmp_path / "tables" / "stale.html").write_text("old", encoding="utf-8")
    (tmp_path / "tables" / "my-notes.html").write_text("mine", encoding="utf-8")
    (tmp_path / "screenshots").mkdir()
    (tmp_path / "screenshots" / "keep.png").write_bytes(b"png")
    build(PACKAGE, tmp_path)
    assert not (tmp_path / "tables" / "stale.html").exists()
    assert (tmp_path / "tables" / "my-notes.html").read_text(encoding="utf-8") == "mine"
    assert (tmp_path / "screenshots" / "keep.png").read_bytes() == b"png"
    assert "tables/stale.html" not in marker.read_text(encoding="utf-8")


def test_a_site_build_that_fails_part_way_changes_no_page_of_the_earlier_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages are written beside their places as they are made and renamed in only once all are made."""
    from tests.corruption import tree
    from web.build import Site

    build(PACKAGE, tmp_path)
    for page in tmp_path.rglob("*.html"):
        page.write_bytes(b"an earlier page")  # so that a page written again would show
    before = tree(tmp_path)

    def broken(self: Site, source_file: str) -> dict:
        raise RuntimeError("a page that cannot be made")

    monkeypatch.setattr(Site, "source_page", broken)  # after the index, the tables and the metric pages
    with pytest.raises(RuntimeError):
        build(PACKAGE, tmp_path)
    after = tree(tmp_path)
    assert sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p)) == []


def test_a_licence_link_is_made_only_to_an_http_url_or_a_file_of_the_package(package: Package) -> None:
    hostile = replace(package, descriptor={**package.descriptor, "licenses": [
        {"name": "A", "path": "javascript:alert(document.cookie)"}, {"name": "B", "path": "data:text/html,<b>x</b>"},
        {"name": "C", "path": "../../etc/passwd"}, {"name": "D", "path": "https://creativecommons.org/licenses/by/4.0/"},
        {"name": "E", "path": "claims.csv"}]})
    pages = render(hostile)
    hrefs = {href for html in pages.values() if isinstance(html, bytes)
             for href in re.findall(r'href="([^"]*)"', html.decode("utf-8", "replace"))}
    assert not [h for h in hrefs if h.startswith(("javascript:", "data:")) or "etc/passwd" in h]
    index = pages["index.html"].decode("utf-8")
    assert '<a href="https://creativecommons.org/licenses/by/4.0/">D</a>' in index
    assert '<a href="data/claims.csv">E</a>' in index
    assert "<li>A: .</li>" in index


def test_downloads_are_the_published_files(site: Path, package: Package) -> None:
    paths = ["datapackage.json"] + [r["path"] for r in package.descriptor["resources"]]
    for name in ("claims", "honors", "metrics", "sources", "mentions", "corroboration"):
        assert f"{name}.parquet" in paths and f"{name}.csv" in paths
    for path in paths:
        assert (site / "data" / path).read_bytes() == (PACKAGE / path).read_bytes(), path


def test_every_page_exists(site: Path, package: Package) -> None:
    assert (site / "index.html").is_file()
    for name in package.tables:
        assert (site / "tables" / f"{name}.html").is_file()
    for metric in package.tables["metrics"]:
        assert (site / "metrics" / f"{metric['metric_id']}.html").is_file()
    for source in package.tables["sources"]:
        assert (site / "sources" / f"{stem(source['source_file'])}.html").is_file()


def test_source_lines_are_the_raw_text(pages: Pages, package: Package) -> None:
    for source in package.tables["sources"]:
        page = pages(f"sources/{stem(source['source_file'])}.html")
        raw = (PACKAGE / source["path"]).read_text(encoding="utf-8").split("\n")
        lines = [e for e in page.iter() if e.tag == "div" and "line" in e.classes()]
        assert [e.attrs["id"] for e in lines] == [f"L{n}" for n in range(1, source["lines"] + 1)]
        assert len(raw) == source["lines"]
        for element, text in zip(lines, raw, strict=True):
            (tx,) = [e for e in element.iter() if "tx" in e.classes()]
            assert tx.text() == text, f"{source['source_file']} {element.attrs['id']}"


def _pieces(page: Element, attr: str, key: str, line: int) -> tuple[list[Element], list[tuple[int, int]]]:
    """The pieces of a marked span, checked to lie in the line's text; and their offsets there."""
    pieces = page.find_all(**{attr: key})
    (row,) = page.find_all(id=f"L{line}")
    (tx,) = [e for e in row.iter() if "tx" in e.classes()]
    offsets = tx.offsets()
    assert pieces, f"{key} is not marked"
    assert all(id(p) in offsets for p in pieces), f"{key} is marked outside line {line}"
    return pieces, [offsets[id(p)] for p in pieces]


@pytest.mark.parametrize("table", ["claims", "honors"])
def test_every_quote_is_highlighted_once_on_its_line(pages: Pages, package: Package, table: str) -> None:
    key = "claim_id" if table == "claims" else "honor_id"
    for row in package.tables[table]:
        page = pages(f"sources/{stem(row['source_file'])}.html")
        pieces, spans = _pieces(page, "data_q", row[key], row["line"])
        assert "".join(p.text() for p in pieces) == row["quote"], row[key]
        # one run, exactly where the quote stands, and one element carrying the id
        assert spans[0][0] == row["char_start"] and spans[-1][1] == row["char_end"], row[key]
        assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False)), row[key]
        assert [p.attrs.get("id") for p in pieces].count(row[key]) == 1
        assert all(p.tag == "mark" for p in pieces)
        # the quote links to its claim or honour
        (ref,) = page.find_all(data_for=row[key])
        assert ref.attrs["href"] == f"../tables/{table}.html#{row[key]}"


def test_every_ledger_number_is_marked_with_its_status(pages: Pages, package: Package) -> None:
    for m in package.tables["mentions"]:
        page = pages(f"sources/{stem(m['source_file'])}.html")
        pieces, spans = _pieces(page, "data_m", m["mention_id"], m["line"])
        assert "".join(p.text() for p in pieces) == m["text"]
        assert (spans[0][0], spans[-1][1]) == (m["char_start"], m["char_end"])
        first = pieces[0]
        assert first.attrs["id"] == m["mention_id"]
        assert f"m-{m['status']}" in first.classes()
        if m["status"] == "excluded":
            assert first.attrs["data-reason"] == m["reason"]
            assert m["reason"].replace("_", " ") in first.attrs["data-tip"]


def test_every_claim_in_every_table_links_to_its_line(pages: Pages, package: Package) -> None:
    claims = package.by_id["claims"]

    def line_href(claim_id: str) -> str:
        c = claims[claim_id]
        return f"../sources/{stem(c['source_file'])}.html?quote={claim_id}#L{c['line']}"

    def hrefs(element: Element) -> set[str]:
        return {e.attrs["href"] for e in element.iter() if e.tag == "a" and e.attrs.get("href")}

    table = pages("tables/claims.html")
    for claim_id in claims:
        (row,) = table.find_all(id=claim_id)
        assert line_href(claim_id) in hrefs(row)
    honors = pages("tables/honors.html")
    for h in package.tables["honors"]:
        (row,) = honors.find_all(id=h["honor_id"])
        assert f"../sources/{stem(h['source_file'])}.html?quote={h['honor_id']}#L{h['line']}" in hrefs(row)
    corroboration = pages("tables/corroboration.html")
    for pair in package.tables["corroboration"]:
        (row,) = corroboration.find_all(id=f"{pair['claim_id_a']}--{pair['claim_id_b']}")
        assert {line_href(pair["claim_id_a"]), line_href(pair["claim_id_b"])} <= hrefs(row)
    for claim_id, c in claims.items():
        (row,) = pages(f"metrics/{c['metric']}.html").find_all(id=claim_id)
        assert line_href(claim_id) in hrefs(row)


def test_table_pages_hold_every_row(pages: Pages, package: Package) -> None:
    keys = {"claims": "claim_id", "honors": "honor_id", "metrics": "metric_id", "mentions": "mention_id"}
    for name, rows in package.tables.items():
        body = [e for e in pages(f"tables/{name}.html").iter() if e.tag == "tbody"][0]
        trs = [e for e in body.children if isinstance(e, Element) and e.tag == "tr"]
        assert len(trs) == len(rows), name
        if name in keys:
            assert [tr.attrs["id"] for tr in trs] == [r[keys[name]] for r in rows]
        for tr in trs:
            if name in ("claims", "corroboration"):
                assert tr.attrs.get("data-f-city") and tr.attrs.get("data-f-metric") and tr.attrs.get("data-f-domain")


def test_metric_pages(pages: Pages, package: Package) -> None:
    for m in package.tables["metrics"]:
        page = pages(f"metrics/{m['metric_id']}.html")
        text = page.text()
        assert m["label_zh"] in text and m["label_en"] in text and m["description"] in text
        claims = [c for c in package.tables["claims"] if c["metric"] == m["metric_id"]]
        charts = [e for e in page.iter() if e.tag == "svg"]
        assert len(charts) == (1 if len(claims) > 1 else 0), m["metric_id"]
        if charts:
            bars = [e for e in charts[0].iter() if e.tag == "rect"]
            assert len(bars) == len(claims)
        for pair in package.tables["corroboration"]:
            if pair["metric"] == m["metric_id"]:
                assert page.find_all(id=f"{pair['claim_id_a']}--{pair['claim_id_b']}")


def test_every_link_resolves(site: Path, pages: Pages) -> None:
    problems = []
    for page_path in sorted(site.rglob("*.html")):
        relative = page_path.relative_to(site)
        for element in pages(relative).iter():
            for attr in ("href", "src"):
                link = element.attrs.get(attr)
                if not link or link.startswith(("http://", "https://", "mailto:")):
                    continue
                parts = urlsplit(link)
                target = (page_path.parent / unquote(parts.path)).resolve() if parts.path else page_path
                if not target.is_file() or site.resolve() not in target.parents:
                    problems.append(f"{relative}: {link} (no such file)")
                elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in pages.ids(target):
                    problems.append(f"{relative}: {link} (no such anchor)")
    assert problems == []


def test_traditional_sources_carry_a_simplified_copy(pages: Pages, package: Package) -> None:
    for source in package.tables["sources"]:
        page = pages(f"sources/{stem(source['source_file'])}.html")
        toggles = page.find_all(id="script-toggle")
        copies = [e for e in page.iter() if "data-s" in e.attrs]
        if source["script"] == "traditional":
            assert toggles and copies
        else:
            assert not toggles and not copies


def test_every_row_of_a_searchable_table_carries_the_librarys_search_text(pages: Pages, package: Package) -> None:
    from pingan_data.searchable import records

    expected = {row.get("claim_id") or row.get("honor_id"): text for _, row, text in records(
        package.tables["claims"], package.tables["honors"], package.tables["metrics"], list(package.regions.values()))}
    for table in ("claims", "honors"):
        page = pages(f"tables/{table}.html")
        assert page.find_all(data_search="") or [e for e in page.iter() if e.tag == "input"], table
        for tr in (e for e in page.iter() if e.tag == "tr" and e.attrs.get("id") in expected):
            assert tr.attrs["data-search"] == expected[tr.attrs["id"]], tr.attrs["id"]


def test_no_page_shows_an_empty_placeholder(site: Path, pages: Pages) -> None:
    empty = re.compile(r"\(\s*,|,\s*\)|(?<!\w)\(\s*\)|,\s*$|:\s*$|\[\s*\]")
    found = []
    for path in sorted(site.rglob("*.html")):
        for element in pages(path.relative_to(site)).iter():
            for attr in ("title", "data-tip", "aria-label"):
                value = element.attrs.get(attr)
                if value and empty.search(value):
                    found.append(f"{path.relative_to(site)}: {attr}={value!r}")
            if element.tag == "td" and element.text().strip() in ("—", "-", "–"):
                found.append(f"{path.relative_to(site)}: a cell shows {element.text().strip()!r}")
    assert found == []


def test_the_corroboration_marks_claim_no_more_than_the_data(pages: Pages, package: Package) -> None:
    page = pages("tables/corroboration.html")
    for pair in package.tables["corroboration"]:
        (row,) = page.find_all(id=f"{pair['claim_id_a']}--{pair['claim_id_b']}")
        (cell,) = [td for td in row.iter() if td.tag == "td" and "verdict" in td.classes()]
        if pair["same_event"]:
            assert cell.classes() >= {"same_event"} and not cell.classes() & {"agree", "conflict"}
            assert "same event" in cell.text() and "reported twice" in cell.text()
        elif pair["time_relation"] == "unknown":
            assert "no_time" in cell.classes() and not cell.classes() & {"agree", "conflict"}
            assert "cannot compare in time" in cell.text()
        else:
            assert pair["verdict"] in cell.classes()
        sentence = [e for e in cell.iter() if "sub" in e.classes()]
        assert sentence and sentence[0].text().endswith(".")  # each verdict explained in a sentence


def test_the_tables_show_region_value_type_and_an_honours_english_name_and_kind(pages: Pages,
                                                                                 package: Package) -> None:
    claims = pages("tables/claims.html")
    headers = [e.text() for e in claims.iter() if e.tag == "th"]
    assert headers.index("quote") < 5 and "region" in headers and "counted" in headers
    claim = next(c for c in package.tables["claims"] if c["value_type"] != "measured")
    (row,) = claims.find_all(id=claim["claim_id"])
    assert claim["value_type"] in row.text() and package.regions[claim["region_code"]]["name_zh"] in row.text()
    honours = pages("tables/honors.html")
    honour = next(h for h in package.tables["honors"] if h["honor_en"])
    (row,) = honours.find_all(id=honour["honor_id"])
    assert honour["honor_en"] in row.text() and honour["kind"] in row.text()
    assert any(e.attrs.get("href") == "tables/vocabulary.html" for e in pages("index.html").iter())


# --- in a browser -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the browser tests save what they saw: $PINGAN_SCREENSHOTS, or a temporary folder (never the tree)."""
    import os

    folder = Path(os.environ["PINGAN_SCREENSHOTS"]) if os.environ.get("PINGAN_SCREENSHOTS") else \
        tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_BROWSER)
def test_a_reader_follows_a_claim_to_its_source_line(site: Path, package: Package, screenshots: Path) -> None:
    from playwright.sync_api import sync_playwright

    SCREENSHOTS = screenshots  # noqa: N806
    city = "Quanzhou"
    in_city = [c for c in package.tables["claims"] if c["city"] == city]
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(10_000)
            page.on("pageerror", lambda err: errors.append(str(err)))

            page.goto((site / "index.html").as_uri())
            page.screenshot(path=SCREENSHOTS / "01-index.png")
            page.get_by_role("navigation", name="Site").get_by_role("link", name="Claims").click()
            page.wait_for_url("**/tables/claims.html*")

            page.select_option("select[data-filter=city]", city)
            visible = page.locator("#t-claims tbody tr:visible")
            assert visible.count() == len(in_city)
            assert set(visible.evaluate_all("rows => rows.map(r => r.dataset.fCity)")) == {city}
            total = len(package.tables["claims"])
            assert page.locator("form.filters output").inner_text() == f"{len(in_city)} of {total} rows"
            assert f"city={city}" in page.url
            page.screenshot(path=SCREENSHOTS / "02-claims-filtered.png")

            claim = package.by_id["claims"][visible.first.get_attribute("id")]
            assert claim["city"] == city
            row = page.locator(f"tr[id='{claim['claim_id']}']")
            row.get_by_role("link", name=f"{claim['source_file'][:3]} L{claim['line']}", exact=True).click()
            page.wait_for_url(f"**/sources/{stem(claim['source_file'])}.html*")

            assert urlsplit(page.url).fragment == f"L{claim['line']}"
            assert page.evaluate("document.querySelector(':target').id") == f"L{claim['line']}"
            highlighted = page.locator(f"#L{claim['line']} mark.is-current")
            assert "".join(highlighted.all_text_contents()) == claim["quote"]
            assert page.locator("mark.is-current").count() == highlighted.count()
            page.screenshot(path=SCREENSHOTS / "03-source-line.png")

            excluded = page.locator(".m-excluded[data-reason]").first
            excluded.scroll_into_view_if_needed()
            excluded.hover()
            tip = excluded.evaluate("el => getComputedStyle(el, '::after').content")
            assert excluded.get_attribute("data-reason").replace("_", " ") in tip
            page.screenshot(path=SCREENSHOTS / "04-excluded-reason.png")

            source = package.by_id["sources"][claim["source_file"]]
            if source["script"] == "traditional":
                line = page.locator(f"#L{claim['line']} .tx")
                raw = line.text_content()
                page.click("#script-toggle")
                assert line.text_content() != raw
                assert page.get_attribute(".text", "lang") == "zh-Hans"
                line.scroll_into_view_if_needed()
                page.screenshot(path=SCREENSHOTS / "05-simplified-script.png")
                page.click("#script-toggle")
                assert line.text_content() == raw

            page.locator(f"a.ref[data-for='{claim['claim_id']}']").click()
            page.wait_for_url(f"**/tables/claims.html#{claim['claim_id']}")
            assert page.evaluate("document.querySelector(':target').id") == claim["claim_id"]

            charted = sorted({c["metric"] for c in package.tables["claims"]
                              if sum(d["metric"] == c["metric"] for d in package.tables["claims"]) > 1})
            if charted:
                page.goto((site / "metrics" / f"{charted[0]}.html").as_uri())
                assert page.locator("svg.chart rect.bar").count() > 1
                page.screenshot(path=SCREENSHOTS / "06-metric-chart.png", full_page=True)
        finally:
            browser.close()
    assert errors == []


#: The pages looked at on a laptop and a phone.
LOOKED_AT = ["index.html", "tables/claims.html", "tables/honors.html", "tables/corroboration.html",
             "tables/vocabulary.html"]


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_BROWSER)
@pytest.mark.parametrize("width", [1280, 390])
def test_at_laptop_and_phone_width_every_quote_is_in_view_and_nothing_scrolls_sideways(
        site: Path, package: Package, screenshots: Path, width: int) -> None:
    from playwright.sync_api import sync_playwright

    charted = next(m for m in sorted({c["metric"] for c in package.tables["claims"]})
                   if sum(c["metric"] == m for c in package.tables["claims"]) > 1)
    claim = next(c for c in package.tables["claims"] if len(c["quote"]) > 20)
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.set_default_timeout(10_000)
            page.on("pageerror", lambda err: errors.append(str(err)))
            for name in [*LOOKED_AT, f"metrics/{charted}.html"]:
                page.goto((site / name).as_uri())
                wide = page.evaluate("document.documentElement.scrollWidth")
                page.screenshot(path=screenshots / f"{width}-{name.replace('/', '-').removesuffix('.html')}.png")
                assert wide <= width, f"{name} is {wide} px wide at {width} px"
            where = (("tables/claims.html", f"#{claim['claim_id']}"), (f"metrics/{claim['metric']}.html", ""))
            for path, fragment in where:
                page.goto((site / path).as_uri() + fragment)
                row = claim
                cell = page.locator(f"tr[id='{row['claim_id']}'] td.quote")
                cell.scroll_into_view_if_needed()
                box = cell.bounding_box()
                assert box and 0 <= box["x"] and box["x"] + box["width"] <= width, f"the quote is out of view on {path}"
                assert cell.inner_text().split("\n")[0] == row["quote"]  # whole, never cut
                assert cell.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), f"the quote overflows on {path}"
            page.screenshot(path=screenshots / f"{width}-metric-quote.png")
        finally:
            browser.close()
    assert errors == []


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_BROWSER)
def test_the_search_box_finds_what_the_library_finds_with_two_character_words_in_either_script(
        site: Path, package: Package, screenshots: Path) -> None:
    import opencc
    from playwright.sync_api import sync_playwright

    import pingan_data
    from pingan_data.script import fold

    s2t = opencc.OpenCC("s2t").convert
    texts = [t for c in package.tables["claims"] + package.tables["honors"] for t in (c["quote"], s2t(c["quote_hans"]))]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(10_000)
            page.goto((site / "tables" / "claims.html").as_uri())
            assert page.evaluate("texts => texts.map(window.pinganFold.fold)", texts) == [fold(t) for t in texts]
            for table, kind in (("claims", "claim"), ("honors", "honor")):
                page.goto((site / "tables" / f"{table}.html").as_uri())
                for word in ("调解", "調解", "巡防", "福州", "長安杯", "Chang'an Cup"):
                    page.fill("input[data-search]", word)
                    shown = page.locator(f"#t-{table} tbody tr:visible").evaluate_all("rows => rows.map(r => r.id)")
                    hits = pingan_data.search(word)
                    assert shown == list(hits[hits["kind"] == kind]["id"]), (table, word)
                    assert f"q={word}".replace("'", "%27").split("=")[0] in page.url
                page.screenshot(path=screenshots / f"1280-search-{table}.png")
        finally:
            browser.close()


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_BROWSER)
@pytest.mark.parametrize("width", [1280, 390])
def test_a_linked_line_is_not_hidden_under_the_toolbar(site: Path, package: Package, screenshots: Path,
                                                       width: int) -> None:
    from playwright.sync_api import sync_playwright

    source = next(s for s in package.tables["sources"] if s["script"] == "traditional")
    claim = next(c for c in package.tables["claims"] if c["source_file"] == source["source_file"] and c["line"] > 20)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": 800})
            page.goto((site / "sources" / f"{stem(source['source_file'])}.html").as_uri() + f"#L{claim['line']}")
            page.wait_for_function("document.documentElement.style.getPropertyValue('--toolbar') !== ''")
            toolbar = page.locator(".toolbar").bounding_box()
            line = page.locator(f"#L{claim['line']}").bounding_box()
            assert toolbar and line and line["y"] >= toolbar["y"] + toolbar["height"] - 1
            page.screenshot(path=screenshots / f"{width}-source-line.png")
        finally:
            browser.close()


# --- at any size ------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_site_renders_a_corpus_with_four_digit_document_numbers(tmp_path: Path) -> None:
    """Document numbers past 999 (and claim serials past 999) are taken apart by the id module, never sliced."""
    import hashlib

    from bench.generate import generate
    from pipeline.build import build as build_package
    from pipeline.core.paths import Paths

    root = tmp_path / "corpus"
    generate(root, 1200, claims_per_document=1100, first=1040)
    published = build_package(Paths(root), root / "datasets" / "published")
    pin = hashlib.sha256((published / "datapackage.json").read_bytes()).hexdigest()
    pages = render(load_package(published, pin))
    claims = load_package(published, pin).tables["claims"]
    assert "1040-c1001" in {c["claim_id"] for c in claims}  # a four-digit document, a serial past 999
    source = next(p for p in pages if p.startswith("sources/1040_"))
    html = pages[source].decode("utf-8")
    assert 'data-label="c1001"' in html and 'data-label="-' not in html  # the serial, taken apart, not sliced
    table = pages["tables/claims.html"].decode("utf-8")
    assert ">1040 L" in table and ">104 L" not in table  # the source's number in a line link, whole


def test_a_cell_written_in_python_is_the_cell_macro_byte_for_byte() -> None:
    """The table rows' cells are written by web.build.cell_html for speed; the macro of _macros.html.j2 says what
    they must be, for every kind of cell and for text a page must escape."""
    import itertools

    from web.build import Cell, cell_html, environment

    macro = environment().get_template("_macros.html.j2").module.cell
    hostile = "a<b>&\"c'd"
    kinds = [dict(href=h, anchor=a, title=t, quote=q)
             for h, a, t, q in itertools.product((None, "x.html#1", hostile), (False, True), (None, "", hostile),
                                                 (None, ("前", hostile, "后")))]
    extras = [dict(), dict(cls="num", sort="3", lang="zh-Hans", label="Value", sub=hostile, sub_lang="en"),
              dict(cls=hostile, sort="", label=hostile, sub="", lang="")]
    cells = [Cell(text, **kind, **extra) for text in ("", "3万余人", hostile) for kind in kinds for extra in extras]
    assert len(cells) == 3 * 36 * 3
    assert [str(cell_html(c)) for c in cells] == [str(macro(c)) for c in cells]
