"""Pandera models → Frictionless Table Schemas and the package descriptor (never written by hand)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandera.pandas as pa

from schemas import TABLES, Table, bind

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_PROFILE = "https://datapackage.org/profiles/2.0/dataresource.json"
SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"


def _type(dtype: Any) -> str:
    text = str(dtype).lower()
    if "int" in text:
        return "integer"
    if "float" in text:
        return "number"
    if "bool" in text:
        return "boolean"
    return "string"


def _constraints(column: pa.Column) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if not column.nullable:
        out["required"] = True
    if column.unique:
        out["unique"] = True
    for check in column.checks:
        stats = check.statistics or {}
        if check.name == "isin":
            out["enum"] = list(stats["allowed_values"])
        elif check.name == "str_matches":
            out["pattern"] = stats["pattern"].removeprefix("^").removesuffix("$")
        elif check.name == "greater_than_or_equal_to":
            out["minimum"] = stats["min_value"]
        elif check.name == "less_than_or_equal_to":
            out["maximum"] = stats["max_value"]
        elif check.name == "in_range":
            out["minimum"], out["maximum"] = stats["min_value"], stats["max_value"]
        elif check.name == "str_length" and stats.get("min_value") is not None:
            out["minLength"] = stats["min_value"]
    return out


def table_schema(table: Table, vocabulary: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """The Frictionless Table Schema of one published table, from its pandera model bound to ``vocabulary``
    (section → codes; without one, coded columns list no enum)."""
    schema = bind(table.name, vocabulary) if vocabulary is not None else table.model.to_schema()
    fields = []
    for name, column in schema.columns.items():
        field: dict[str, Any] = {"name": name, "type": _type(column.dtype), "description": column.description}
        header = (column.metadata or {}).get("header")
        if header:
            field["title"] = header  # a short title for people: a table's header on the site
        constraints = _constraints(column)
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    descriptor: dict[str, Any] = {"$schema": SCHEMA_PROFILE, "fields": fields, "missingValues": [""],
                                  "primaryKey": table.primary_key}
    if table.foreign_keys:
        descriptor["foreignKeys"] = [
            {"fields": own, "reference": {"resource": resource, "fields": theirs}}
            for own, resource, theirs in table.foreign_keys
        ]
    return descriptor


def descriptor(about: Mapping[str, Any], resources: dict[str, dict[str, Any]],
               vocabulary: Mapping[str, Mapping[str, Any]], files: dict[str, dict[str, Any]] | None = None
               ) -> dict[str, Any]:
    """The whole package descriptor; ``about`` gives what the package says of itself (datasets/curated/package.yml:
    name, title, description, version, released — the release date, YYYY-MM-DD, written as the Data Package's
    ``created`` date-time —, keywords, authors, licence, rights, sources), ``resources`` path → {bytes, hash} of
    every file written, ``vocabulary`` (section → codes) the codes of the coded columns.

    ``files`` describes the package's other files (path → name, title, description, format…); each is
    listed when it has been written, after the tables and the raw sources.
    """
    out: list[dict[str, Any]] = []
    for name, table in TABLES.items():
        schema = table_schema(table, vocabulary)
        out.append({"$schema": RESOURCE_PROFILE, "name": name, "type": "table", "title": table.title,
                    "description": table.description, "path": f"{name}.csv", "format": "csv",
                    "mediatype": "text/csv", "encoding": "utf-8", **resources[f"{name}.csv"],
                    "dialect": {"$schema": "https://datapackage.org/profiles/2.0/tabledialect.json",
                                "header": True, "delimiter": ",", "quoteChar": '"'},
                    "schema": schema})
    for name, table in TABLES.items():
        out.append({"$schema": RESOURCE_PROFILE, "name": f"{name}-parquet", "type": "file",
                    "title": f"{table.title} (Parquet)",
                    "description": f"The {name} table as Parquet: the same rows and columns as {name}.csv.",
                    "path": f"{name}.parquet", "format": "parquet", "mediatype": "application/vnd.apache.parquet",
                    **resources[f"{name}.parquet"]})
    if "CHANGELOG.md" in resources:
        out.append({"$schema": RESOURCE_PROFILE, "name": "changelog", "type": "file", "title": "Data changelog",
                    "description": "What changed in the published tables from each version to the next, per table "
                                   "and id; generated by comparing the publications (python -m pipeline diff).",
                    "path": "CHANGELOG.md", "format": "md", "mediatype": "text/markdown", "encoding": "utf-8",
                    **resources["CHANGELOG.md"]})
    for path in sorted(p for p in resources if p.startswith("sources/")):
        stem = path.removeprefix("sources/").removesuffix(".txt")
        out.append({"$schema": RESOURCE_PROFILE, "name": f"source-{stem.replace('_', '-')}", "type": "file",
                    "title": f"Raw source {stem}.txt",
                    "description": "The raw text of a source document, byte for byte as received; the `line` of "
                                   "every claim and honour counts lines of this file.",
                    "path": path, "format": "txt", "mediatype": "text/plain", "encoding": "utf-8",
                    **resources[path]})
    for path, resource in (files or {}).items():
        if path in resources:
            out.append({"$schema": RESOURCE_PROFILE, **resource, **resources[path]})
    return {
        "$schema": PROFILE,
        "name": about["name"],
        "title": about["title"],
        "description": about["description"],
        "version": about["version"],
        "created": f"{about['released']}T00:00:00Z",
        "keywords": list(about["keywords"]),
        "licenses": [dict(about["licence"])],
        "rights": about["rights"],
        "contributors": [{"title": author, "roles": ["author", "curator"]} for author in about["authors"]],
        "sources": [{"title": about["sources"]}],
        "resources": out,
    }
