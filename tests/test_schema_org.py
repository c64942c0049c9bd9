"""The web edition's home page embeds a schema.org Dataset, read here by a JSON-LD processor (PyLD).

The tests run offline, so PyLD's document loader answers for https://schema.org itself with the one
rule of schema.org's context that these terms need: every term is a schema.org property or type
(``@vocab``). Any other remote context fails the test. The expanded graph, not the JSON text, is what is
checked: the Dataset's name, description, licence, creator, coverage, variables and downloads.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from pyld import jsonld

from tests.published import PUBLISHED, descriptor, rows
from web.build import build

SDO = "https://schema.org/"
SCHEMA_ORG_CONTEXT = {"@context": {"@vocab": SDO}}


def offline_loader(url: str, options: dict | None = None) -> dict:
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_ORG_CONTEXT}
    raise AssertionError(f"the JSON-LD asked for a remote document: {url}")


class Scripts(HTMLParser):
    """The text of every <script type="application/ld+json"> of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._inside = tag == "script" and dict(attrs).get("type") == "application/ld+json"
        if self._inside:
            self.found.append("")

    def handle_endtag(self, tag: str) -> None:
        self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.found[-1] += data


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    build(PUBLISHED, out)
    return out


@pytest.fixture(scope="module")
def dataset(site: Path) -> dict:
    """The expanded schema.org Dataset node of index.html, its IRIs resolved against the page's address."""
    parser = Scripts()
    parser.feed((site / "index.html").read_text(encoding="utf-8"))
    assert len(parser.found) == 1
    document = json.loads(parser.found[0])
    expanded = jsonld.expand(document, {"documentLoader": offline_loader, "base": (site / "index.html").as_uri()})
    [node] = [n for n in expanded if f"{SDO}Dataset" in n.get("@type", [])]
    return node


def values(node: dict, term: str) -> list:
    return [v.get("@value", v.get("@id", v)) for v in node.get(SDO + term, [])]


def test_the_home_page_describes_a_schema_org_dataset_with_name_description_and_version(dataset: dict) -> None:
    package = descriptor()
    assert values(dataset, "name") == [package["title"]]
    assert values(dataset, "description") == [package["description"]]
    assert values(dataset, "version") == [package["version"]]
    assert values(dataset, "datePublished") == ([package["created"]] if "created" in package else [])
    assert sorted(values(dataset, "keywords")) == sorted(package["keywords"])


def test_the_dataset_names_its_licence_and_creator(dataset: dict) -> None:
    package = descriptor()
    assert values(dataset, "license") == [lic["path"] for lic in package["licenses"]]
    creators = dataset[SDO + "creator"]
    assert [values(c, "name") for c in creators] == [[c["title"]] for c in package["contributors"]]
    assert all(c["@type"] == [SDO + "Organization"] for c in creators)


def test_the_coverage_in_time_and_space_is_that_of_the_tables(dataset: dict) -> None:
    years = [int(r[c]) for t in ("claims", "honors") for r in rows(t) for c in ("year", "period_start", "period_end")
             if r[c]]
    assert values(dataset, "temporalCoverage") == [f"{min(years)}/{max(years)}"]
    places = [values(p, "name")[0] for p in dataset[SDO + "spatialCoverage"]]
    assert sorted(places) == sorted({r["city"] for r in rows("sources")})


def test_every_metric_of_the_vocabulary_is_a_variable_measured(dataset: dict) -> None:
    variables = {values(v, "propertyID")[0]: v for v in dataset[SDO + "variableMeasured"]}
    metrics = rows("metrics")
    assert sorted(variables) == sorted(m["metric_id"] for m in metrics)
    for m in metrics:
        assert values(variables[m["metric_id"]], "name") == [m["label_en"]]
        assert values(variables[m["metric_id"]], "unitText") == [m["unit"]]


def test_every_downloadable_file_is_a_distribution_whose_url_is_the_file_in_the_site(site: Path, dataset: dict) -> None:
    downloads = dataset[SDO + "distribution"]
    expected = {"datapackage.json": "application/json"} | {r["path"]: r["mediatype"]
                                                           for r in descriptor()["resources"]}
    found = {}
    for download in downloads:
        assert download["@type"] == [SDO + "DataDownload"]
        url = urljoin((site / "index.html").as_uri(), values(download, "contentUrl")[0])
        path = Path(urlsplit(url).path)
        relative = path.relative_to(site / "data").as_posix()
        assert path.read_bytes() == (PUBLISHED / relative).read_bytes(), relative
        found[relative] = values(download, "encodingFormat")[0]
    assert found == expected
