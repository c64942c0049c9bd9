"""Every claim, honour, table and the data set can be cited: text, Markdown, HTML, CSL-JSON and BibTeX."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml

import pingan_data
from pingan_data import UnknownIdError
from tests.published import KINDS, REPO, by_id, descriptor, rows, sample, table_names

SOURCES = by_id("sources", "source_file")
#: the claims and honours the per-record tests run on: a fixed-size sample covering every kind of source and value
CLAIMS = sample("claims", 24, "claim_id")
HONORS = sample("honors", 12, "honor_id")
RECORDS = {**by_id("claims", "claim_id"), **by_id("honors", "honor_id")}


def _bibtex_fields(entry: str) -> tuple[str, str, dict[str, str]]:
    """Entry type, key and fields of one BibTeX entry; fails unless its braces balance."""
    head = re.match(r"@(\w+)\{([^,\s]+),\n", entry)
    assert head, entry
    depth = 0
    for ch in entry.replace(r"\{", "").replace(r"\}", ""):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0, entry
    assert depth == 0, entry
    found = dict(re.findall(r"^  (\w+) = \{(.*)\},$", entry, re.M))
    found.update(re.findall(r"^  (\w+) = (\w+),$", entry, re.M))
    return head.group(1), head.group(2), found


@pytest.mark.parametrize("ident", CLAIMS + HONORS)
def test_the_plain_text_citation_names_title_site_date_file_line_and_quote(ident: str) -> None:
    record = RECORDS[ident]
    source = SOURCES[record["source_file"]]
    text = pingan_data.cite(ident).text
    assert (source["title"] or "Article without a headline") in text
    assert (source["site"] or source["publisher"] or "Publisher and site not recorded") in text
    assert (source["published_date"] or source["published_year"]) in text
    assert f"{record['source_file']}, line {record['line']}" in text
    assert f"“{record['quote']}”" in text


@pytest.mark.parametrize("ident", CLAIMS + HONORS)
def test_the_csl_json_citation_is_the_article_with_its_date_and_location(ident: str) -> None:
    record = RECORDS[ident]
    source = SOURCES[record["source_file"]]
    items = json.loads(pingan_data.cite(ident).csl_json)
    assert isinstance(items, list) and len(items) == 1
    item = items[0]
    assert item["id"] == f"pingan-{ident}" and item["type"] == "article-newspaper"
    assert item["title"] == (source["title"] or "Article without a headline")
    date = source["published_date"] or source["published_year"]
    assert item["issued"] == {"date-parts": [[int(part) for part in date.split("-")]]}
    assert item["archive_location"] == f"sources/{record['source_file']}, line {record['line']}"
    assert record["quote"] in item["note"]
    assert item["language"] == ("zh-Hant" if source["script"] == "traditional" else "zh-Hans")


@pytest.mark.parametrize("ident", CLAIMS + HONORS)
def test_the_bibtex_citation_is_one_balanced_entry_with_tex_characters_escaped(ident: str) -> None:
    record = RECORDS[ident]
    source = SOURCES[record["source_file"]]
    kind, key, found = _bibtex_fields(pingan_data.cite(ident).bibtex)
    assert (kind, key) == ("misc", f"pingan-{ident}")
    assert found["year"] == (source["published_date"] or source["published_year"])[:4]
    assert found.get("url", "") == source["page_url"]  # a URL is written as it is (the url field is not TeX)
    assert not re.search(r"(?<!\\)[%&#_$]", "".join(v for k, v in found.items() if k != "url")), \
        "unescaped TeX characters"
    unescaped = re.sub(r"\\([%&#_$])", r"\1", found["note"])
    assert record["quote"] in unescaped and record["source_file"] in unescaped


def test_a_quote_with_a_percent_sign_is_escaped_in_bibtex() -> None:
    ident = next(r["claim_id"] for r in rows("claims") if "%" in r["quote"])
    quote = RECORDS[ident]["quote"]
    assert quote.replace("%", r"\%") in pingan_data.cite(ident).bibtex


@pytest.mark.parametrize("ident", [CLAIMS[0], HONORS[0]])
def test_the_markdown_and_html_citations_quote_the_source(ident: str) -> None:
    record = RECORDS[ident]
    citation = pingan_data.cite(ident)
    assert citation.markdown.startswith("> ")
    assert f"`{record['source_file']}`, line {record['line']}" in citation.markdown
    assert f"<blockquote>{record['quote']}</blockquote>" in citation.html


def test_a_citation_shows_its_text_in_a_notebook_and_a_console() -> None:
    citation = pingan_data.cite(CLAIMS[0])
    assert str(citation) == repr(citation) == citation.text
    assert citation._repr_markdown_() == citation.markdown
    assert citation._repr_html_() == citation.html
    assert citation.format("csl") == citation.csl_json and citation.csl["id"] == f"pingan-{CLAIMS[0]}"
    with pytest.raises(ValueError, match="ris"):
        citation.format("ris")


@pytest.mark.parametrize("table", table_names())
def test_a_table_is_cited_as_part_of_the_data_set_with_its_file_hash(table: str) -> None:
    resource = next(r for r in descriptor()["resources"] if r["name"] == table)
    citation = pingan_data.cite(table)
    assert citation.kind == "table"
    for form in (citation.text, citation.markdown, citation.bibtex, citation.csl_json):
        assert resource["hash"].removeprefix("sha256:") in form
        assert descriptor()["title"] in form.replace("\\", "")
    assert json.loads(citation.csl_json)[0]["type"] == "dataset"


@pytest.mark.parametrize("ident", CLAIMS + HONORS)
def test_what_the_sources_table_does_not_record_is_said_in_words_not_a_placeholder(ident: str) -> None:
    source = SOURCES[RECORDS[ident]["source_file"]]
    citation = pingan_data.cite(ident)
    for form in (citation.text, citation.markdown, citation.html, citation.bibtex, citation.csl_json):
        if source["page_url"]:  # the page the article was found on, where the sources table records one
            assert source["page_url"] in form and "URL not recorded" not in form
        else:
            assert "URL not recorded" in form
        assert not re.search(r"\[[^\]]*(not recorded|untitled)[^\]]*\]", form, re.I), "a bracketed placeholder"
        if not source["site"]:
            assert "site not recorded" in form.lower()
        if not source["title"]:
            assert "Article without a headline" in form
    assert ("site not recorded" in citation.text.lower()) == (not source["site"])


def test_the_dataset_citation_carries_year_version_and_release_date_in_every_format() -> None:
    cff, package = _cff(), descriptor()
    released = str(cff["date-released"])
    assert package["created"] == f"{released}T00:00:00Z"
    citation = pingan_data.cite("dataset")
    assert f"({released[:4]})" in citation.text and f"version {cff['version']}, released {released}" in citation.text
    kind, key, found = _bibtex_fields(citation.bibtex)
    assert (found["year"], found["date"], found["version"]) == (released[:4], released, cff["version"])
    assert citation.csl["issued"] == {"date-parts": [[int(part) for part in released.split("-")]]}
    assert citation.csl["version"] == cff["version"]
    for table in table_names():
        assert f"released {released}" in pingan_data.cite(table).text


def _cff() -> dict:
    return yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_cff_is_valid_citation_file_format() -> None:
    cff = _cff()
    assert cff["cff-version"] == "1.2.0"
    for key in ("cff-version", "message", "title", "authors"):  # the keys CFF 1.2.0 requires
        assert cff.get(key), key
    assert cff["type"] in ("software", "dataset")
    assert all(set(a) & {"name", "family-names", "given-names"} for a in cff["authors"])
    allowed = {"cff-version", "message", "title", "authors", "type", "version", "abstract", "keywords",
               "license", "date-released", "doi", "identifiers", "repository-code", "url", "references",
               "preferred-citation", "contact", "commit", "license-url", "repository", "repository-artifact"}
    assert set(cff) <= allowed, set(cff) - allowed
    assert isinstance(cff["version"], str)  # a bare 0.1 would be read as a number


def test_citation_cff_and_the_dataset_citation_agree_with_datapackage_json() -> None:
    cff, package = _cff(), descriptor()
    authors = [c["title"] for c in package["contributors"] if "author" in c["roles"]]
    assert cff["title"] == package["title"]
    assert cff["version"] == package["version"]
    assert [a["name"] for a in cff["authors"]] == authors
    assert cff["abstract"] == package["description"]
    assert cff["keywords"] == package["keywords"]
    assert cff["license"] in [lic["name"] for lic in package["licenses"]]
    citation = pingan_data.cite("dataset")
    assert citation.kind == "dataset"
    item = citation.csl
    assert (item["type"], item["title"], item["version"]) == ("dataset", cff["title"], cff["version"])
    assert [a["literal"] for a in item["author"]] == [a["name"] for a in cff["authors"]]
    assert citation.text.startswith(f"{authors[0]} ({str(cff['date-released'])[:4]}). {cff['title']} (version "
                                    f"{cff['version']}, released {cff['date-released']})")
    assert re.search(r"author = \{\{pingan\\_data maintainers\}\}", citation.bibtex)


@pytest.mark.parametrize("ident", ["999-c999", "000-h999", "claim", "everything", ""])
def test_citing_an_unknown_id_raises_unknown_id_error(ident: str) -> None:
    with pytest.raises(UnknownIdError):
        pingan_data.cite(ident)


def test_the_per_record_sample_covers_every_script_date_basis_and_kind_of_value_at_a_fixed_size() -> None:
    sources = {r["source_file"]: r for r in rows("sources")}
    claims = by_id("claims", "claim_id")
    picked = [claims[i] for i in CLAIMS]
    assert len(CLAIMS) == min(24, len(claims))
    assert {sources[c["source_file"]]["script"] for c in picked} == {s["script"] for s in sources.values()}
    assert {sources[c["source_file"]]["date_basis"] for c in picked} == {
        sources[c["source_file"]]["date_basis"] for c in claims.values()}
    for kind in KINDS:
        assert {c[kind] for c in picked} == {c[kind] for c in claims.values()}, kind


def test_the_data_set_is_cited_in_one_wording_everywhere(tmp_path: Path) -> None:
    from web.build import build

    text = pingan_data.cite("dataset").text
    package = descriptor()
    assert text.startswith(f"{package['contributors'][0]['title']} (") and package["title"] in text
    assert text in _cff()["message"]
    croissant = json.loads((REPO / "datasets" / "published" / "croissant.json").read_text(encoding="utf-8"))
    assert croissant["citeAs"] == text
    build(REPO / "datasets" / "published", tmp_path / "site")
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    card = re.search(r'<p class="citation">(.*?)</p>', index, re.S)
    assert card and html.unescape(card.group(1)) == text
    jsonld = json.loads(re.search(r'<script type="application/ld\+json">\n(.*?)\n</script>', index, re.S).group(1))
    assert jsonld["citation"] == text
