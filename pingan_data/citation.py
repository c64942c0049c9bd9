"""The citation of the data set, in one wording: the library's ``cite("dataset")``, CITATION.cff, croissant.json,
the schema.org description and the web edition's card all print :func:`dataset_text`.

Its facts (authors, title, version, release date, licence) are written once, in datasets/curated/package.yml,
from which the build generates datapackage.json and CITATION.cff; :func:`facts` reads them back from a
datapackage.json. Standard library only, so that any layer may use it.
"""

from __future__ import annotations

import re
from typing import Any

#: How a licence's SPDX identifier reads in a citation.
LICENCE_WORDS = {"CC-BY-4.0": "CC BY 4.0"}


def licence_words(licence: str) -> str:
    """ "CC-BY-4.0" → "CC BY 4.0" (and every other known identifier as it reads)."""
    for code, words in LICENCE_WORDS.items():
        licence = licence.replace(code, words)
    return licence


def facts(descriptor: dict[str, Any]) -> dict[str, Any]:
    """Title, short title, version, release date (or None), authors, licence and description of a datapackage.json."""
    authors = [c["title"] for c in descriptor.get("contributors", []) if "author" in c.get("roles", ["author"])]
    licences = [lic.get("name", "") for lic in descriptor.get("licenses", [])]
    created = descriptor.get("created")
    released = created[:10] if isinstance(created, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", created[:10]) \
        else None
    return {"title": descriptor["title"], "short": descriptor["title"].split(":")[0], "version": descriptor["version"],
            "released": released, "authors": authors, "licence": ", ".join(licences),
            "description": descriptor.get("description", "")}


def dataset_text(authors: list[str], title: str, version: str, released: str | None, licence: str) -> str:
    """The data set's citation: "pingan_data maintainers (2026). Ping'an data: … (version 0.3.0, released
    2026-12-03) [Data set]. Licence: CC BY 4.0." A version without a release date says so in words."""
    year = f" ({released[:4]})" if released else ""
    edition = f"version {version}, " + (f"released {released}" if released else "release date not recorded")
    return f"{'; '.join(authors)}{year}. {title} ({edition}) [Data set]. Licence: {licence_words(licence)}."


def cite_descriptor(descriptor: dict[str, Any]) -> str:
    """:func:`dataset_text` of the data set a datapackage.json describes."""
    found = facts(descriptor)
    return dataset_text(found["authors"], found["title"], found["version"], found["released"], found["licence"])


__all__ = ["cite_descriptor", "dataset_text", "facts", "licence_words"]
