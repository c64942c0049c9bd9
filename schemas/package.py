"""Pandera models → Frictionless Table Schemas and the package descriptor (never written by hand)."""

from __future__ import annotations

from typing import Any

import pandera.pandas as pa

from schemas import TABLES, Table

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


def table_schema(table: Table) -> dict[str, Any]:
    """The Frictionless Table Schema of one published table, from its pandera model."""
    schema = table.model.to_schema()
    fields = []
    for name, column in schema.columns.items():
        field: dict[str, Any] = {"name": name, "type": _type(column.dtype), "description": column.description}
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


def descriptor(version: str, resources: dict[str, dict[str, Any]],
               files: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The whole package descriptor; ``resources`` gives path → {bytes, hash} of every file written.

    ``files`` describes the package's other files (path → name, title, description, format…); each is
    listed when it has been written, after the tables and the raw sources.
    """
    out: list[dict[str, Any]] = []
    for name, table in TABLES.items():
        schema = table_schema(table)
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
        "name": "pingan-data",
        "title": "Ping'an data: figures on public-safety work in Fuzhou and Quanzhou",
        "description": "Every figure, honour and other number in five Chinese news reports on 平安建设 "
                       "(public-safety and social-governance work) in Fuzhou and Quanzhou, Fujian, as tidy, "
                       "validated tables; each claim cites the line and verbatim quote it comes from.",
        "version": version,
        "keywords": ["China", "Fujian", "Fuzhou", "Quanzhou", "public safety", "social governance", "平安建设"],
        "licenses": [
            {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
             "title": "Creative Commons Attribution 4.0: the curated tables (claims, honors, metrics, sources, "
                      "mentions, corroboration)"},
        ],
        "rights": "The curated tables are licensed CC BY 4.0. The raw texts under sources/ are the original "
                  "articles, reproduced verbatim so that citations can be checked; their copyright stays with "
                  "their publishers and they are not covered by the licence.",
        "contributors": [{"title": "pingan_data maintainers", "roles": ["author", "curator"]}],
        "sources": [{"title": "Five Chinese news reports on 平安建设 in Fuzhou and Quanzhou (2016-2023); "
                              "see the sources table."}],
        "resources": out,
    }
