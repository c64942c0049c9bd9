"""Published package → the schema.org ``Dataset`` (JSON-LD) that the home page embeds for dataset search engines.

Everything comes from the package: name, description, version, release date (``created``, where there is
one), keywords, licence and creators from datapackage.json; the temporal coverage from the years and
periods of the claims and honours; the spatial coverage from the cities of the sources;
``variableMeasured`` from the metric vocabulary; and one ``DataDownload`` per downloadable file
(datapackage.json and every resource), with its media type and a ``contentUrl`` relative to the site
(``data/<path>``), so the description holds wherever the site is served.
"""

from __future__ import annotations

import json
from typing import Any

from pingan_data.citation import cite_descriptor
from web.package import Package

CONTEXT = "https://schema.org"
#: The country every region of the regions table lies in.
COUNTRY = {"@type": "Country", "name": "China"}
#: The columns of a quote table that date it: a year, or the bounds of a period.
YEAR_COLUMNS = ("year", "period_start", "period_end")


def _years(package: Package) -> list[int]:
    return [row[column] for name in ("claims", "honors") for row in package.tables[name]
            for column in YEAR_COLUMNS if row.get(column) is not None]


def _place(code: str, regions: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A region as a schema.org Place (its English name, its code), inside the divisions it lies in, in China."""
    row = regions.get(code)
    if row is None:
        return {"@type": "Place", "identifier": code, "containedInPlace": COUNTRY}
    parent = row.get("parent_code")
    inside = _place(parent, regions) if parent in regions else COUNTRY
    return {"@type": "Place", "name": row["name_en"], "alternateName": row["name_zh"], "identifier": code,
            "containedInPlace": inside}


def dataset(package: Package) -> dict[str, Any]:
    """The schema.org Dataset describing the package (plain JSON-LD data)."""
    d = package.descriptor
    years = _years(package)
    codes = sorted({row["region_code"] for row in package.tables["sources"] if row.get("region_code")})
    files = [{"path": "datapackage.json", "title": "Data package descriptor (Frictionless Data Package v2)",
              "mediatype": "application/json", "bytes": (package.root / "datapackage.json").stat().st_size},
             *d["resources"]]
    out = {
        "@context": CONTEXT,
        "@type": "Dataset",
        "name": d["title"],
        "alternateName": d["name"],
        "description": d["description"],
        "version": d["version"],
        "datePublished": d.get("created"),
        "keywords": d["keywords"],
        "license": [lic["path"] for lic in d["licenses"]],
        "isAccessibleForFree": True,
        "creator": [{"@type": "Organization", "name": c["title"]} for c in d["contributors"]],
        "temporalCoverage": f"{min(years)}/{max(years)}" if years else None,
        "spatialCoverage": [_place(code, package.regions) for code in codes],
        "citation": cite_descriptor(d),
        "variableMeasured": [
            {"@type": "PropertyValue", "propertyID": m["metric_id"], "name": m["label_en"],
             "alternateName": m["label_zh"], "description": m["description"], "unitText": m["unit"]}
            for m in package.tables["metrics"]],
        "distribution": [
            {"@type": "DataDownload", "name": f["path"], "description": f["title"],
             "encodingFormat": f["mediatype"], "contentUrl": f"data/{f['path']}", "contentSize": f"{f['bytes']} B"}
            for f in files],
    }
    return {key: value for key, value in out.items() if value is not None}


def script(package: Package) -> str:
    """The Dataset as the text of a ``<script type="application/ld+json">`` element (``<``, ``>``, ``&`` escaped)."""
    text = json.dumps(dataset(package), ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
