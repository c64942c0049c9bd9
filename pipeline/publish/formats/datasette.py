"""Package descriptor → datasette-metadata.json: Datasette's metadata for pingan_data.sqlite.

Title, description, licence and source of the data set, and a title, description and per-column
descriptions for every table, all taken from the descriptor (which is generated from the pandera
models); the search index of each table the library searches (its search box takes words of three characters
or more, in either script); facets for the likely questions (by city and region, by year basis, estimates and
targets, an honour's kind); and canned queries: ``search`` (every word, of any length, in either script: the
library's rule), ``in_region`` (the claims and honours of a division and of every division inside it),
``estimates`` (figures that are not measured) and ``awards`` (the distinct awards of a region: one row per
``award_key``). Serve it with ``datasette serve -i pingan_data.sqlite --metadata datasette-metadata.json``
(``make serve``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pingan_data.script import IGNORED_CHARACTERS
from pipeline.publish.formats import sqlite
from schemas import TABLES

FILE = "datasette-metadata.json"

RESOURCE = {
    "name": "datasette-metadata", "type": "file", "title": "Datasette metadata for the SQLite database",
    "description": "Titles, descriptions, licence, source and column descriptions of pingan_data.sqlite, its "
                   "facets and canned queries (search in either script at any length, a region's records, "
                   "estimates, a region's distinct awards), for Datasette: datasette serve -i pingan_data.sqlite "
                   "--metadata datasette-metadata.json.",
    "path": FILE, "format": "json", "mediatype": "application/json", "encoding": "utf-8",
}

#: The columns Datasette offers as facets on a table's page, where the table has them.
FACETS = ("city", "region_code", "region_level", "year_basis", "value_type", "kind", "metric")

SEARCH_NOTE = ("The search box finds words of three characters or more, in either script. For shorter words "
               "(调解, 巡防, 福州), and to search claims and honours at once, use the query "
               "<a href=\"/pingan_data/search\">search</a>.")


def _words_of(parameter: str) -> str:
    """SQL: the words of a named parameter, one row per word, as the library splits and folds them as far as
    SQLite can (white space separates words; quotation marks are dropped; case is ignored for ASCII letters)."""
    text = f":{parameter}"
    for character in IGNORED_CHARACTERS:
        text = f"replace({text}, '{character.replace(chr(39), chr(39) * 2)}', '')"
    for space in ("\t", "\n", "\r", "\u3000"):
        text = f"replace({text}, '{space}', ' ')"
    return ("words(word, rest) AS (SELECT '', trim(lower(" + text + ")) || ' ' UNION ALL "
            "SELECT substr(rest, 1, instr(rest, ' ') - 1), ltrim(substr(rest, instr(rest, ' ') + 1)) "
            "FROM words WHERE rest <> '')")


def _inside(parameter: str) -> str:
    """SQL: the codes of the division a parameter names (code, Chinese name with or without its suffix, English
    name) and of every division inside it."""
    return (f"named(code) AS (SELECT code FROM regions WHERE code = :{parameter} OR name_zh = :{parameter} "
            f"OR lower(name_en) = lower(:{parameter}) OR name_zh IN (:{parameter} || '市', :{parameter} || '省', "
            f":{parameter} || '区', :{parameter} || '县')), "
            "inside(code) AS (SELECT code FROM named UNION SELECT r.code FROM regions r JOIN inside i "
            "ON r.parent_code = i.code)")


def queries() -> dict[str, dict[str, str]]:
    """The canned queries: SQL over the tables the build writes, with a title and a description."""
    found = ("SELECT 'claim' AS kind, c.claim_id AS id, c.city, c.region_code, c.year, c.period_start, "
             "c.period_end, c.metric AS what, c.value, c.unit, c.qualifier, c.quote, c.source_file, c.line "
             "FROM claims c JOIN claims_search s ON s.claim_id = c.claim_id "
             "WHERE NOT EXISTS (SELECT 1 FROM words WHERE word <> '' AND instr(s.search, word) = 0) "
             "AND EXISTS (SELECT 1 FROM words WHERE word <> '') UNION ALL "
             "SELECT 'honor', h.honor_id, h.city, h.region_code, h.year, h.period_start, h.period_end, h.honor, "
             "h.times, NULL, NULL, h.quote, h.source_file, h.line "
             "FROM honors h JOIN honors_search s ON s.honor_id = h.honor_id "
             "WHERE NOT EXISTS (SELECT 1 FROM words WHERE word <> '' AND instr(s.search, word) = 0) "
             "AND EXISTS (SELECT 1 FROM words WHERE word <> '') ")
    return {
        "search": {
            "title": "Search claims and honours, in either script",
            "description": "Claims and honours whose quote, metric, area, city or region, honour or recipient "
                           "holds every word of q, in simplified or traditional script, words of one or two "
                           "characters included (调解, 巡防, 福州): the rule of pingan_data.search().",
            "sql": f"WITH RECURSIVE {_words_of('q')} {found}"
                   "ORDER BY kind DESC, id",
        },
        "in_region": {
            "title": "The claims and honours of a region",
            "description": "Everything about a division of China and the divisions inside it: region is a code "
                           "(350100), a Chinese name (福州市, 福州, 福建) or an English one (Fuzhou, Fujian). type is "
                           "a claim's value type or an honour's kind.",
            "sql": f"WITH RECURSIVE {_inside('region')} "
                   "SELECT 'claim' AS kind, claim_id AS id, city, region_code, region_level, year, year_basis, "
                   "metric AS what, value, unit, qualifier, value_type AS type, quote FROM claims "
                   "WHERE region_code IN (SELECT code FROM inside) UNION ALL "
                   "SELECT 'honor', honor_id, city, region_code, region_level, year, year_basis, honor, times, "
                   "NULL, NULL, kind, quote FROM honors WHERE region_code IN (SELECT code FROM inside) "
                   "ORDER BY kind DESC, id",
        },
        "estimates": {
            "title": "Figures that are not measured: estimates and targets",
            "description": "Claims whose value_type is not measured: the text gives them as an estimate "
                           "(据估算, 预计) or a target (力争, 目标).",
            "sql": "SELECT claim_id, value_type, metric, value, unit, qualifier, city, year, year_basis, quote "
                   "FROM claims WHERE value_type <> 'measured' ORDER BY claim_id",
        },
        "awards": {
            "title": "The distinct awards of a region",
            "description": "One row per award (award_key) of kind award received in a division or inside it: "
                           "honours that report the same award share a key, so the number of rows is the number "
                           "of distinct awards. region as in in_region (福州, Quanzhou, 350100).",
            "sql": f"WITH RECURSIVE {_inside('region')} "
                   "SELECT award_key, min(honor) AS honor, min(honor_en) AS honor_en, min(recipient) AS recipient, "
                   "min(year) AS year, count(*) AS reports, group_concat(honor_id, ' ') AS honor_ids "
                   "FROM honors WHERE kind = 'award' AND region_code IN (SELECT code FROM inside) "
                   "GROUP BY award_key ORDER BY award_key",
        },
    }


def metadata(package: dict[str, Any]) -> dict[str, Any]:
    """Datasette's metadata (the format of Datasette 0.65's ``--metadata``) from the package descriptor."""
    licence = package["licenses"][0]
    resources = {r["name"]: r for r in package["resources"]}
    tables: dict[str, Any] = {}
    for name in TABLES:
        resource = resources[name]
        columns = [f["name"] for f in resource["schema"]["fields"]]
        entry: dict[str, Any] = {
            "title": resource["title"], "description": resource["description"],
            "columns": {f["name"]: f["description"] for f in resource["schema"]["fields"]},
        }
        facets = [c for c in FACETS if c in columns]
        if facets:
            entry["facets"] = facets
        if name in sqlite.SEARCHED:
            entry |= {"fts_table": sqlite.fts_table(name), "fts_pk": "rowid",
                      "description_html": f"<p>{resource['description']}</p><p>{SEARCH_NOTE}</p>"}
        tables[name] = entry
    for name in sqlite.SEARCHED:
        tables[sqlite.search_table(name)] = {
            "hidden": True, "title": f"Search text of {name}",
            "description": f"Each row of {name} with its search text (folded; simplified, then traditional)."}
    return {
        "title": package["title"],
        "description": package["description"],
        "license": licence.get("title", licence["name"]).split(":")[0],
        "license_url": licence["path"],
        "source": "; ".join(s["title"] for s in package.get("sources", [])),
        "databases": {Path(sqlite.FILE).stem: {
            "title": package["title"],
            "description": f"{package['rights']} Search finds every word in either script, as the library does: "
                           "the search box of claims and honors takes words of three characters or more; the "
                           "query search takes words of any length.",
            "tables": tables,
            "queries": queries(),
        }},
    }


def write_datasette(package: dict[str, Any], folder: Path) -> Path:
    """The package descriptor → ``folder/datasette-metadata.json``."""
    path = folder / FILE
    path.write_text(json.dumps(metadata(package), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def read_back(path: Path, package: dict[str, Any]) -> list[str]:
    """What is wrong with written metadata: it does not parse, or differs from what the descriptor gives."""
    try:
        written = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as err:
        return [f"{FILE} is not valid JSON: {err}"]
    return [] if written == metadata(package) else [f"{FILE} differs from the metadata of the descriptor"]
