"""pingan_data.sqlite holds every table row for row, with keys, indexes and search; Datasette serves it.

The database is read with Python's own sqlite3 module (not the SQLite the pipeline writes with), and the
expectations come from the published CSV files and datapackage.json. The Datasette test starts Datasette
on the loopback address, asks its JSON API what a user would ask, and stops it.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.published import PUBLISHED, REPO, by_id, descriptor, fields, rows, table_names

DATABASE = PUBLISHED / "pingan_data.sqlite"
METADATA = PUBLISHED / "datasette-metadata.json"
FORMATS = (REPO / "docs" / "formats.md").read_text(encoding="utf-8")


def connect() -> sqlite3.Connection:
    return sqlite3.connect(f"file:{DATABASE}?mode=ro", uri=True)


def as_text(value: object, type_: str = "") -> str:
    """A cell as the CSV writes it ('' for NULL, floats without a trailing .0, a boolean as True or False;
    SQLite has no boolean type and stores 1 or 0)."""
    if value is None:
        return ""
    if type_ == "boolean":
        return str(bool(value))
    return format(value, ".15g") if isinstance(value, float) else str(value)


def schema(table: str) -> dict:
    return next(r for r in descriptor()["resources"] if r["name"] == table)["schema"]


@pytest.mark.parametrize("table", table_names())
def test_every_table_is_in_the_database_row_for_row_and_column_for_column(table: str) -> None:
    with connect() as conn:
        cursor = conn.execute(f'SELECT * FROM "{table}"')
        columns = [c[0] for c in cursor.description]
        types = [f["type"] for f in fields(table)]
        stored = [dict(zip(columns, (as_text(v, t) for v, t in zip(row, types, strict=True)), strict=True))
                  for row in cursor]
    assert columns == [f["name"] for f in fields(table)]
    key = schema(table)["primaryKey"]
    assert sorted(stored, key=lambda r: [r[k] for k in key]) == sorted(rows(table), key=lambda r: [r[k] for k in key])


@pytest.mark.parametrize("table", table_names())
def test_column_types_nulls_and_keys_follow_the_table_schema(table: str) -> None:
    sqlite_type = {"integer": "INTEGER", "number": "REAL", "string": "TEXT", "boolean": "INTEGER"}
    with connect() as conn:
        info = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
        keys = conn.execute(f'PRAGMA foreign_key_list("{table}")').fetchall()
    declared = {f["name"]: f for f in fields(table)}
    for _, name, type_, notnull, _, _ in info:
        assert type_ == sqlite_type[declared[name]["type"]], name
        assert bool(notnull) == bool(declared[name].get("constraints", {}).get("required")), name
    primary = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5]]
    assert primary == schema(table)["primaryKey"]
    expected = sorted((fk["fields"][0], fk["reference"]["resource"], fk["reference"]["fields"][0])
                      for fk in schema(table).get("foreignKeys", []))
    assert sorted((k[3], k[2], k[4]) for k in keys) == expected


def test_no_row_points_to_a_missing_row_and_the_file_is_sound() -> None:
    with connect() as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA freelist_count").fetchone() == (0,)
        assert conn.execute("PRAGMA page_size").fetchone() == (4096,)


@pytest.mark.parametrize(("table", "column"), [("claims", "city"), ("claims", "metric"), ("claims", "year"),
                                               ("claims", "source_file"), ("honors", "city"), ("honors", "year"),
                                               ("mentions", "status"), ("mentions", "reason"),
                                               ("metrics", "domain")])
def test_the_columns_people_filter_by_are_indexed(table: str, column: str) -> None:
    with connect() as conn:
        plan = " ".join(str(row) for row in conn.execute(
            f'EXPLAIN QUERY PLAN SELECT * FROM "{table}" WHERE "{column}" = ?', ["x"]))
    assert "USING INDEX" in plan, plan


def _search_sql(table: str, word: str) -> set[str]:
    """The ids the database's full-text index finds for one word (a phrase query, as Datasette's search box makes)."""
    key = schema(table)["primaryKey"][0]
    with connect() as conn:
        return {row[0] for row in conn.execute(
            f'SELECT t."{key}" FROM "{table}" t WHERE t.rowid IN (SELECT rowid FROM "{table}_search_fts" '
            f'WHERE "{table}_search_fts" MATCH ?)', [f'"{word}"'])}


def test_the_search_index_finds_a_quote_printed_in_traditional_script_by_either_script() -> None:
    traditional = {r["claim_id"] for r in rows("claims") if "调解成功率" in r["quote_hans"] and "調" in r["quote"]}
    assert traditional, "the publication has a traditional-script quote with 調(diào)解成功率"
    assert traditional <= _search_sql("claims", "调解成功率")
    assert traditional <= _search_sql("claims", "調解成功率")


def test_the_search_index_finds_the_quotes_of_both_scripts_from_a_query_in_either() -> None:
    expected = {r["claim_id"] for r in rows("claims") if "长安杯" in r["quote_hans"]}
    printed = {by_id("claims", "claim_id")[c]["quote"] for c in expected}
    assert any("長安杯" in q for q in printed) and any("长安杯" in q for q in printed)
    assert _search_sql("claims", "长安杯") == expected == _search_sql("claims", "長安杯")


def test_every_claim_and_honour_has_its_search_text_beside_it_with_the_same_rowid() -> None:
    with connect() as conn:
        for table, key in (("claims", "claim_id"), ("honors", "honor_id")):
            pairs = conn.execute(f'SELECT t."{key}", s."{key}" FROM "{table}" t LEFT JOIN "{table}_search" s '
                                 "ON s.rowid = t.rowid").fetchall()
            assert pairs and all(a == b for a, b in pairs), table


def _canned(name: str, **params: str) -> list[tuple]:
    sql = json.loads(METADATA.read_text(encoding="utf-8"))["databases"]["pingan_data"]["queries"][name]["sql"]
    with connect() as conn:
        return conn.execute(sql, params).fetchall()


def _inside(code: str) -> set[str]:
    """A region's code and the codes of every division inside it, from regions.csv."""
    children: dict[str, list[str]] = {}
    for r in rows("regions"):
        children.setdefault(r["parent_code"], []).append(r["code"])
    found, todo = set(), [code]
    while todo:
        found.add(todo[-1])
        todo += children.get(todo.pop(), [])
    return found


def test_the_awards_query_counts_the_distinct_awards_of_a_city_and_its_districts() -> None:
    fuzhou = next(r["code"] for r in rows("regions") if r["name_en"] == "Fuzhou" and r["level"] == "prefecture")
    expected = {h["award_key"] for h in rows("honors") if h["kind"] == "award" and h["region_code"] in _inside(fuzhou)}
    assert len(expected) > 1 and any(h["region_code"] != fuzhou for h in rows("honors")
                                     if h["kind"] == "award" and h["region_code"] in _inside(fuzhou))
    for name in ("福州", "福州市", "Fuzhou", fuzhou):
        assert {row[0] for row in _canned("awards", region=name)} == expected, name


def test_the_region_query_finds_a_district_within_its_city() -> None:
    district = next(r for r in rows("claims") + rows("honors") if r["region_level"] == "county")
    city = next(r["parent_code"] for r in rows("regions") if r["code"] == district["region_code"])
    found = {row[1] for row in _canned("in_region", region=city)}
    assert district.get("claim_id", district.get("honor_id")) in found
    expected = {r.get("claim_id") or r.get("honor_id") for r in rows("claims") + rows("honors")
                if r["region_code"] in _inside(city)}
    assert found == expected


def test_the_estimates_query_lists_every_figure_that_is_not_measured() -> None:
    expected = {r["claim_id"] for r in rows("claims") if r["value_type"] != "measured"}
    assert expected and {row[0] for row in _canned("estimates")} == expected


def test_the_datasette_metadata_describes_every_table_and_column_from_the_package() -> None:
    metadata = json.loads(METADATA.read_text(encoding="utf-8"))
    package = descriptor()
    assert metadata["title"] == package["title"] and metadata["license_url"] == package["licenses"][0]["path"]
    tables = metadata["databases"]["pingan_data"]["tables"]
    assert [t for t in tables if not tables[t].get("hidden")] == table_names()
    for table in table_names():
        assert tables[table]["columns"] == {f["name"]: f["description"] for f in fields(table)}
    assert {t for t in tables if "fts_table" in tables[t]} == {"claims", "honors"}
    assert {"city", "year_basis", "value_type", "region_code"} <= set(tables["claims"]["facets"])
    assert {"city", "kind"} <= set(tables["honors"]["facets"])


# --- Datasette on the loopback address ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Datasette:
    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"

    def get(self, path: str) -> dict:
        url = self.base + urllib.parse.quote(path, safe="/?&=_.-")
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - the loopback address only
            return json.load(response)


@pytest.fixture(scope="module")
def datasette(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Datasette]:
    port = free_port()
    command = [str(Path(sys.executable).with_name("datasette")), "serve", "-i", str(DATABASE),
               "--metadata", str(METADATA), "--host", "127.0.0.1", "--port", str(port)]
    log = tmp_path_factory.mktemp("datasette") / "datasette.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        client = Datasette(port)
        deadline = time.monotonic() + 60
        while True:
            try:
                client.get("/-/versions.json")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"Datasette did not start: {log.read_text(errors='replace')}")
                time.sleep(0.2)
        yield client
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.slow
def test_datasette_returns_one_claim_by_its_id(datasette: Datasette) -> None:
    claim = rows("claims")[0]
    answer = datasette.get(f"/pingan_data/claims/{claim['claim_id']}.json?_shape=objects")
    [row] = answer["rows"]
    types = {f["name"]: f["type"] for f in fields("claims")}
    assert {k: as_text(v, types[k]) for k, v in row.items()} == claim


#: Words of one and two characters, and longer ones, in both scripts: what a reader types first.
WORDS = ["调解", "調解", "巡防", "福州", "調解成功率", "長安杯", "调解 成功率", "Chang'an Cup"]


@pytest.mark.slow
@pytest.mark.parametrize("word", WORDS)
def test_datasette_search_finds_what_the_library_finds_for_words_of_any_length_in_either_script(
        datasette: Datasette, word: str) -> None:
    import pingan_data

    answer = datasette.get(f"/pingan_data/search.json?q={word}&_shape=objects&_size=max")
    found = sorted((row["kind"], row["id"]) for row in answer["rows"])
    expected = sorted(pingan_data.search(word)[["kind", "id"]].itertuples(index=False, name=None))
    assert found == expected and found


@pytest.mark.slow
def test_datasette_search_finds_every_quote_holding_a_two_character_word_in_either_script(
        datasette: Datasette) -> None:
    expected = {r["claim_id"] for r in rows("claims") if "调解" in r["quote_hans"]}
    assert any("調" in by_id("claims", "claim_id")[c]["quote"] for c in expected)
    for word in ("调解", "調解"):
        answer = datasette.get(f"/pingan_data/search.json?q={word}&_shape=objects&_size=max")
        assert expected <= {row["id"] for row in answer["rows"]}, word


@pytest.mark.slow
@pytest.mark.parametrize("word", ["调解成功率", "調解成功率", "長安杯", "长安杯"])
def test_datasette_search_box_finds_words_of_three_characters_in_either_script(datasette: Datasette,
                                                                                 word: str) -> None:
    import pingan_data

    for table, kind, key in (("claims", "claim", "claim_id"), ("honors", "honor", "honor_id")):
        answer = datasette.get(f"/pingan_data/{table}.json?_search={word}&_shape=objects&_size=max")
        hits = pingan_data.search(word)
        assert {row[key] for row in answer["rows"]} == set(hits[hits["kind"] == kind]["id"]), table


@pytest.mark.slow
def test_datasette_offers_facets_for_city_year_basis_value_type_and_an_honours_kind(datasette: Datasette) -> None:
    claims = datasette.get("/pingan_data/claims.json?_shape=objects")
    counts = {name: {v["value"]: v["count"] for v in facet["results"]}
              for name, facet in claims["facet_results"].items()}
    assert counts["value_type"] == {t: sum(r["value_type"] == t for r in rows("claims"))
                                    for t in {r["value_type"] for r in rows("claims")}}
    assert counts["year_basis"] == {b: sum(r["year_basis"] == b for r in rows("claims"))
                                    for b in {r["year_basis"] for r in rows("claims")}}
    honours = datasette.get("/pingan_data/honors.json?_shape=objects")
    assert {v["value"] for v in honours["facet_results"]["kind"]["results"]} == {r["kind"] for r in rows("honors")}


@pytest.mark.slow
def test_datasette_shows_the_descriptions_from_the_schemas(datasette: Datasette) -> None:
    served = datasette.get("/-/metadata.json")
    for name, query in served["databases"]["pingan_data"]["queries"].items():
        assert query.pop("name") == name  # Datasette names each canned query in what it serves
    assert served == json.loads(METADATA.read_text(encoding="utf-8"))



@pytest.mark.slow
@pytest.mark.skipif(shutil.which("curl") is None, reason="the curl commands of docs/formats.md were not run: "
                    "curl is not installed (apt-get install curl)")
def test_the_curl_commands_of_the_docs_answer_as_the_docs_say(datasette: Datasette) -> None:
    section = FORMATS[FORMATS.index("## Datasette and SQLite"):FORMATS.index("## Annotation tools")]
    commands = re.findall(r"^curl .*$", section, re.M)
    assert len(commands) == 2
    answers = []
    for command in commands:
        command = command.replace("http://127.0.0.1:8001", datasette.base)
        result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        answers.append({row.get("claim_id") or row["id"]: row["quote"] for row in json.loads(result.stdout)["rows"]})
    one, search = answers
    claims = by_id("claims", "claim_id")
    assert one == {"002-c012": claims["002-c012"]["quote"]}
    assert "調" in search["002-c012"] and search["000-c015"] == claims["000-c015"]["quote"]


def test_a_part_is_read_back_in_chunks_and_a_row_missing_more_or_changed_in_any_chunk_is_found(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pandas as pd

    from pipeline.publish.formats import sqlite as writer

    monkeypatch.setattr(writer, "_CHUNK", 4)  # many chunks from a small table, and a last one that is short
    frames = {"regions": pd.read_parquet(PUBLISHED / "regions.parquet")}
    rows = writer._part_rows(frames, "regions")
    chunks = list(rows())
    assert len(chunks) > 2 and all(len(c) == 4 for c in chunks[:-1])
    part = tmp_path / "regions.sqlite"
    writer._make_part("regions", part, rows)
    assert writer._read_part(part, "regions", rows) == []
    flat = [row for chunk in chunks for row in chunk]

    def given(changed: list[tuple]) -> writer.Chunks:
        return lambda: iter([changed[i:i + 4] for i in range(0, len(changed), 4)])

    changed_row = [*flat]
    changed_row[5] = (*changed_row[5][:1], "某地", *changed_row[5][2:])
    for wrong in (flat[:-1], [*flat, flat[-1]], flat[1:], changed_row):
        assert writer._read_part(part, "regions", given(wrong)) == ["table regions does not hold the rows of the "
                                                                   "regions table"]
