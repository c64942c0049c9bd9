"""Package descriptor → croissant.json: the package in Croissant (MLCommons), for data hubs and dataset search.

Written with mlcroissant, the format's reference library, from the descriptor (itself generated from the
pandera models): the data set's name, description, licence, citation, creators, keywords and version;
every file of the package as a ``FileObject`` with its sha256 and size; and every table as a
``RecordSet`` whose fields (with descriptions, data types, the table's key and its foreign keys as
``references``) are read from the table's Parquet file. Relative ``contentUrl``s resolve against the
folder that holds croissant.json, so the description works wherever the package is.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from schemas import TABLES
from schemas.package import table_schema

if TYPE_CHECKING:
    import mlcroissant as mlc

FILE = "croissant.json"


def _mlc() -> Any:
    """mlcroissant, imported when first needed: with rdflib and scipy it weighs some 30 MB, which the
    stages before publish need not carry."""
    import mlcroissant

    logging.getLogger("absl").setLevel(logging.ERROR)  # mlcroissant logs its warnings; read_back reports errors
    return mlcroissant

RESOURCE = {
    "name": "croissant", "type": "file", "title": "Croissant metadata",
    "description": "The package described in Croissant 1.0 (MLCommons), the JSON-LD metadata that data hubs and "
                   "dataset search read: every file with its sha256, every table as a record set with its fields.",
    "path": FILE, "format": "jsonld", "mediatype": "application/ld+json", "encoding": "utf-8",
}


def citation(package: dict[str, Any]) -> str:
    """The data set's citation, worded as the library words it (pingan_data.citation)."""
    from pingan_data.citation import cite_descriptor

    return cite_descriptor(package)


def metadata(package: dict[str, Any]) -> mlc.Metadata:
    """The Croissant metadata of a package descriptor (every file it lists, every table in ``schemas``)."""
    mlc = _mlc()
    types = {"integer": mlc.DataType.INTEGER, "number": mlc.DataType.FLOAT, "string": mlc.DataType.TEXT,
             "boolean": mlc.DataType.BOOL}
    formats = {"parquet": mlc.EncodingFormat.PARQUET}  # Croissant's own name where it has one, else the media type
    files = []
    for resource in package["resources"]:
        files.append(mlc.FileObject(
            id=resource["path"], name=resource["path"], description=resource["description"],
            content_url=resource["path"], content_size=f"{resource['bytes']} B",
            encoding_formats=[formats.get(resource["format"], resource["mediatype"])],
            sha256=resource["hash"].removeprefix("sha256:")))
    record_sets = []
    for name, table in TABLES.items():
        parquet = f"{name}.parquet"
        references = {own[0]: f"{other}/{theirs[0]}" for own, other, theirs in table.foreign_keys}
        fields = [mlc.Field(
            id=f"{name}/{field['name']}", name=field["name"], description=field["description"],
            data_types=[types[field["type"]]],
            source=mlc.Source(file_object=parquet, extract=mlc.Extract(column=field["name"])),
            references=mlc.Source(field=references[field["name"]]) if field["name"] in references else None,
        ) for field in table_schema(table)["fields"]]
        record_sets.append(mlc.RecordSet(id=name, name=name, description=table.description,
                                         key=[f"{name}/{k}" for k in table.primary_key], fields=fields))
    licences = [lic["path"] for lic in package["licenses"]]
    return mlc.Metadata(
        name=package["title"], description=package["description"], cite_as=citation(package),
        license=licences, version=package["version"], keywords=package["keywords"],
        date_published=package.get("created"),  # the release date, where the package has one
        creators=[mlc.Organization(name=c["title"]) for c in package["contributors"]],
        distribution=files, record_sets=record_sets)


def write_croissant(package: dict[str, Any], folder: Path) -> Path:
    """The package descriptor (listing every file but croissant.json) → ``folder/croissant.json``."""
    path = folder / FILE
    path.write_text(json.dumps(metadata(package).to_json(), ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8")
    return path


def read_back(path: Path) -> list[str]:
    """What mlcroissant finds wrong with a written Croissant file (its errors; warnings are not problems)."""
    mlc = _mlc()
    try:
        mlc.Dataset(jsonld=path)
    except mlc.ValidationError as err:
        errors = []
        for line in str(err).splitlines():  # mlcroissant lists its errors, then its warnings, one a line
            if "warning(s)" in line:
                break
            if line.strip().startswith("-"):
                errors.append(line.strip(" -"))
        return [f"{FILE} is not valid Croissant: {'; '.join(errors) or ' '.join(str(err).split())}"]
    except (ValueError, OSError) as err:
        return [f"{FILE} cannot be read as Croissant: {' '.join(str(err).split())}"]
    return []


_SHA256 = re.compile(r"[0-9a-f]{64}")
_SIZE = re.compile(r"[0-9]+ B")


def shape(path: Path) -> str | None:
    """The digest of a written Croissant file with the sha256 and size of every file it lists left out (each
    checked to be a sha256 and a size in bytes): two files of one shape differ only in those values, which
    mlcroissant reads as text of that form, so :func:`read_back` finds the same in both. None when a file's
    sha256 or size is not of that form, or the file is not a Croissant description at all."""
    try:
        data = json.loads(path.read_bytes())
        listed = data["distribution"]
        for item in listed:
            if not (_SHA256.fullmatch(item.pop("sha256")) and _SIZE.fullmatch(item.pop("contentSize"))):
                return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
