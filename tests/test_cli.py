"""The command line lists, shows, cites, searches, exports and gives paths; every command explains itself."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pingan_data import cli
from tests.published import PUBLISHED, copy_package, descriptor, rows, run_cli, table_names

JOBS = {"list", "show", "cite", "search", "export", "path"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The command line run in this process: exit status, standard output, standard error."""
    try:
        status = cli.main(list(args))
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    return status, out, err


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


# --- help ----------------------------------------------------------------------------------------------------


def test_the_commands_are_the_jobs_of_the_library() -> None:
    assert set(_subcommands()) == JOBS


@pytest.mark.parametrize("command", sorted(JOBS))
def test_every_command_has_help_with_a_description_and_examples(capsys: pytest.CaptureFixture[str],
                                                                command: str) -> None:
    status, out, _ = run(capsys, command, "--help")
    assert status == 0
    assert out.startswith(f"usage: pingan-data {command}")
    description = _subcommands()[command].description or ""
    assert len(description) > 40 and description in out
    assert f"pingan-data {command}" in out.split("examples:")[1]


def test_the_program_help_lists_every_command_and_the_exit_statuses() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for command in JOBS:
        assert f"    {command}" in result.stdout
    assert "Exit status" in result.stdout


def test_the_version_is_printed() -> None:
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"pingan-data {descriptor()['version']}"


# --- list ----------------------------------------------------------------------------------------------------


def test_list_prints_every_table_with_its_description(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "list")
    assert status == 0
    lines = out.splitlines()
    resources = [r for r in descriptor()["resources"] if r.get("type") == "table"]
    assert len(lines) == len(resources)
    for line, resource in zip(lines, resources, strict=True):
        assert line.startswith(resource["name"]) and line.endswith(resource["description"])


def test_list_claims_selects_by_city_and_year(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "list", "claims", "--city", "泉州", "--year", "2021")
    expected = [r["claim_id"] for r in rows("claims") if r["city"] == "Quanzhou" and (
        r["year"] == "2021" or (r["period_start"] and int(r["period_start"]) <= 2021 <= int(r["period_end"])))]
    assert status == 0
    assert [line.split()[0] for line in out.splitlines()] == expected


def test_list_metrics_prints_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "list", "metrics")
    assert status == 0
    for line, metric in zip(out.splitlines(), rows("metrics"), strict=True):
        assert line.startswith(metric["metric_id"]) and line.endswith(metric["label_zh"])
        assert metric["label_en"] in line


def test_a_claims_filter_on_another_list_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "list", "honors", "--metric", "patrol_force")
    assert status == 2
    assert err == "pingan-data: error: --metric selects claims, not honors: use `pingan-data list claims --metric …`\n"


def test_list_honors_selects_by_city_and_year(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "list", "honors", "--city", "泉州", "--year", "2021")
    expected = [r["honor_id"] for r in rows("honors") if r["city"] == "Quanzhou" and (
        r["year"] == "2021" or (r["period_start"] and int(r["period_start"]) <= 2021 <= int(r["period_end"])))]
    assert status == 0 and expected
    assert [line.split()[0] for line in out.splitlines()] == expected
    assert err == f"({len(expected)} honours)\n"


# --- show, cite, search --------------------------------------------------------------------------------------


def test_show_a_claim_gives_its_value_marked_source_and_citation(capsys: pytest.CaptureFixture[str]) -> None:
    claim = rows("claims")[0]
    status, out, _ = run(capsys, "show", claim["claim_id"])
    assert status == 0
    assert out.startswith(f"claim {claim['claim_id']}: ")
    assert f"⟦{claim['quote']}⟧" in out
    assert f"{claim['source_file']}, line {claim['line']}: “{claim['quote']}”" in out


def test_show_an_honour_gives_its_recipient_and_marked_source(capsys: pytest.CaptureFixture[str]) -> None:
    honour = rows("honors")[-1]
    status, out, _ = run(capsys, "show", honour["honor_id"])
    assert status == 0 and honour["recipient"] in out and f"⟦{honour['quote']}⟧" in out


def test_show_a_metric_lists_its_claims(capsys: pytest.CaptureFixture[str]) -> None:
    metric = rows("metrics")[0]["metric_id"]
    status, out, _ = run(capsys, "show", metric)
    expected = [r["claim_id"] for r in rows("claims") if r["metric"] == metric]
    assert status == 0
    assert all(ident in out for ident in expected)


@pytest.mark.parametrize("table", table_names())
def test_show_a_table_prints_its_first_rows(capsys: pytest.CaptureFixture[str], table: str) -> None:
    status, out, err = run(capsys, "show", table, "--rows", "2")
    first_column = descriptor()["resources"][table_names().index(table)]["schema"]["fields"][0]["name"]
    assert status == 0
    assert out.split()[0] == first_column
    assert len(out.splitlines()) == 1 + min(2, len(rows(table)))
    if len(rows(table)) > 2:
        assert f"of {len(rows(table))} rows" in err


@pytest.mark.parametrize("form", ["text", "markdown", "html", "csl", "bibtex"])
def test_cite_prints_each_id_in_the_chosen_format(capsys: pytest.CaptureFixture[str], form: str) -> None:
    claims = rows("claims")
    first, last = claims[0], claims[-1]
    status, out, _ = run(capsys, "cite", first["claim_id"], last["claim_id"], "--format", form)
    assert status == 0
    if form == "csl":
        assert [item["id"] for item in json.loads(out)] == [f"pingan-{first['claim_id']}",
                                                             f"pingan-{last['claim_id']}"]
    elif form == "bibtex":
        assert out.count("@misc{") == 2
    else:
        assert first["source_file"] in out and last["source_file"] in out


def test_cite_the_dataset(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "cite", "dataset")
    assert status == 0 and descriptor()["title"] in out and descriptor()["version"] in out


def test_search_finds_across_scripts(capsys: pytest.CaptureFixture[str]) -> None:
    expected = {r[k] for table, k in (("claims", "claim_id"), ("honors", "honor_id")) for r in rows(table)
                if "长安杯" in r["quote_hans"]}
    assert expected, "the publication mentions the Chang'an Cup"
    status, out, _ = run(capsys, "search", "長安杯")
    assert status == 0
    assert {line.split()[0] for line in out.splitlines()} == expected


# --- export and path -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("table", table_names())
@pytest.mark.parametrize("form", ["csv", "parquet"])
def test_export_writes_the_published_file_byte_for_byte(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                        table: str, form: str) -> None:
    target = tmp_path / f"out.{form}"
    status, _, _ = run(capsys, "export", table, "--format", form, "--output", str(target))
    assert status == 0
    assert target.read_bytes() == (PUBLISHED / f"{table}.{form}").read_bytes()


def test_export_infers_the_format_from_the_output_name(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "claims.parquet"
    assert run(capsys, "export", "claims", "-o", str(target))[0] == 0
    assert pq.read_table(target).num_rows == len(rows("claims"))


@pytest.mark.parametrize("table", table_names())
def test_export_json_is_an_array_of_the_csv_records(capsys: pytest.CaptureFixture[str], table: str) -> None:
    status, out, _ = run(capsys, "export", table, "--format", "json")
    assert status == 0
    records = json.loads(out)
    expected = rows(table)
    assert len(records) == len(expected)
    for got, want in zip(records, expected, strict=True):
        assert list(got) == list(want)
        for key, value in got.items():
            if value is None:
                assert want[key] == ""
            elif isinstance(value, float):
                assert value == float(want[key])
            else:
                assert str(value) == want[key]


def test_export_to_standard_output_is_the_csv() -> None:
    result = run_cli("export", "metrics")
    assert result.returncode == 0
    assert result.stdout.encode("utf-8") == (PUBLISHED / "metrics.csv").read_bytes()


def test_path_prints_a_file_path_and_lists_every_file(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "path", "claims")
    assert status == 0 and Path(out.strip()) == (PUBLISHED / "claims.parquet").resolve()
    status, out, _ = run(capsys, "path")
    listed = {line.split()[0] for line in out.splitlines()}
    assert listed == {"datapackage.json", *(r["path"] for r in descriptor()["resources"])}


# --- errors --------------------------------------------------------------------------------------------------

UNKNOWN = [("show", "999-c999"), ("show", "000-h999"), ("show", "no_such_thing"), ("cite", "999-c999"),
           ("cite", "claim"), ("export", "claim"), ("path", "claim.csv"), ("list", "claims", "--city", "Atlantis"),
           ("list", "claims", "--metric", "no such metric"), ("list", "claims", "--domain", "weather")]


@pytest.mark.parametrize("args", UNKNOWN, ids=" ".join)
def test_an_unknown_id_or_table_is_a_clear_error_with_exit_status_2(capsys: pytest.CaptureFixture[str],
                                                                   args: tuple[str, ...]) -> None:
    status, out, err = run(capsys, *args)
    assert status == 2
    assert out == ""
    assert err.startswith("pingan-data: error: ") and args[-1] in err
    assert "Traceback" not in err


def test_an_unknown_command_or_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "frobnicate")[0] == 2
    assert run(capsys, "export", "claims", "--format", "xlsx")[0] == 2


FIRST_CLAIM = rows("claims")[0]


@pytest.mark.parametrize(("args", "damaged"), [(("export", "claims"), "claims.csv"),
                                               (("list", "claims"), "claims.parquet"),
                                               (("show", FIRST_CLAIM["claim_id"]), FIRST_CLAIM["source_file"])])
def test_a_damaged_file_is_named_and_the_exit_status_is_1(tmp_path: Path, args: tuple[str, ...],
                                                          damaged: str) -> None:
    copy = copy_package(tmp_path / "published")
    target = next(p for p in copy.rglob(damaged))
    target.write_bytes(target.read_bytes() + b"\n")
    result = run_cli(*args, env={"PINGAN_DATA_DIR": str(copy)})
    assert result.returncode == 1
    assert damaged in result.stderr and "damaged" in result.stderr
    assert "Traceback" not in result.stderr


# --- the way people write ----------------------------------------------------------------------------------


@pytest.mark.parametrize("dash", ["–", "—", "至", "~", " - ", "年至"])
def test_a_range_of_years_may_be_written_with_any_dash_people_use(capsys: pytest.CaptureFixture[str],
                                                                  dash: str) -> None:
    status, expected, _ = run(capsys, "list", "claims", "--year", "2020-2021")
    assert status == 0 and expected
    status, out, _ = run(capsys, "list", "claims", "--year", f"2020{dash}2021")
    assert status == 0 and out == expected


def test_the_en_dash_the_tool_prints_is_read_back_as_the_same_range(capsys: pytest.CaptureFixture[str]) -> None:
    printed = next(r for r in rows("claims") if r["period_start"] and r["period_end"] != r["period_start"])
    span = f"{printed['period_start']}–{printed['period_end']}"
    status, out, _ = run(capsys, "list", "claims", "--year", span)
    assert status == 0 and span in out and printed["claim_id"] in out


@pytest.mark.parametrize("spelling", ["honours", "Honours", "honors", "honour"])
def test_list_takes_british_and_american_spellings_of_honours(capsys: pytest.CaptureFixture[str],
                                                             spelling: str) -> None:
    status, out, err = run(capsys, "list", spelling, "--city", "泉州")
    expected = [r["honor_id"] for r in rows("honors") if r["city"] == "Quanzhou"]
    assert status == 0 and [line.split()[0] for line in out.splitlines()] == expected
    assert err == f"({len(expected)} honours)\n"


def test_list_claims_selects_by_region_at_any_level_and_by_value_type(capsys: pytest.CaptureFixture[str]) -> None:
    district = next(r for r in rows("claims") + rows("honors") if r["region_level"] == "county")
    city = next(r["parent_code"] for r in rows("regions") if r["code"] == district["region_code"])
    inside = {city} | {r["code"] for r in rows("regions") if r["parent_code"] == city}
    status, out, _ = run(capsys, "list", "claims", "--region", city)
    assert status == 0
    assert [line.split()[0] for line in out.splitlines()] == [r["claim_id"] for r in rows("claims")
                                                              if r["region_code"] in inside]
    estimates = [r["claim_id"] for r in rows("claims") if r["value_type"] == "estimate"]
    status, out, _ = run(capsys, "list", "claims", "--value-type", "estimate")
    assert status == 0 and [line.split()[0] for line in out.splitlines()] == estimates
    assert all(", estimate" in line for line in out.splitlines())


def test_list_honours_selects_by_kind(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "list", "honours", "--kind", "award")
    assert status == 0
    assert [line.split()[0] for line in out.splitlines()] == [r["honor_id"] for r in rows("honors")
                                                              if r["kind"] == "award"]


def test_the_keyword_filter_of_list_finds_what_search_finds(capsys: pytest.CaptureFixture[str]) -> None:
    for what, word in (("claims", "巡防"), ("honours", "Chang'an Cup")):
        _, listed, _ = run(capsys, "list", what, "--keyword", word)
        _, searched, _ = run(capsys, "search", word)
        kind = "c" if what == "claims" else "h"
        found = [line.split()[0] for line in searched.splitlines() if f"-{kind}" in line.split()[0]]
        assert found and [line.split()[0] for line in listed.splitlines()] == found, word


def test_show_names_a_claims_value_type_only_when_it_is_not_measured(capsys: pytest.CaptureFixture[str]) -> None:
    estimate = next(r for r in rows("claims") if r["value_type"] == "estimate")
    measured = next(r for r in rows("claims") if r["value_type"] == "measured")
    _, out, _ = run(capsys, "show", estimate["claim_id"])
    assert "  value type  estimate" in out.split("\nsource:")[0]
    _, out, _ = run(capsys, "show", measured["claim_id"])
    assert "value type" not in out.split("\nsource:")[0]


def test_show_an_honour_gives_its_english_name_and_kind(capsys: pytest.CaptureFixture[str]) -> None:
    honour = next(r for r in rows("honors") if r["honor_en"])
    _, out, _ = run(capsys, "show", honour["honor_id"])
    head = out.split("\nsource:")[0]
    assert honour["honor_en"] in head and "kind" in head and honour["kind"] in head


# --- corroboration as the data say it ----------------------------------------------------------------------


def _pairs_shown(out: str) -> dict[str, str]:
    """The pairs `list corroboration` prints: 'a and b' → its block of lines."""
    return {block.split(":")[0]: block for block in out.strip().split("\n\n")}


def test_a_pair_that_reports_one_award_twice_is_shown_as_the_same_event(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "list", "corroboration")
    shown = _pairs_shown(out)
    assert status == 0 and len(shown) == len(rows("corroboration"))
    for pair in rows("corroboration"):
        block = shown[f"{pair['claim_id_a']} and {pair['claim_id_b']}"]
        first = block.splitlines()[0]
        if pair["same_event"] == "True":
            assert "same event" in first and "agree" not in first and "reported twice" in block
        elif pair["time_relation"] == "unknown":
            assert "cannot compare in time" in first and "conflict" not in first
        else:
            assert pair["verdict"].replace("_", " ") in first
        assert len(block.splitlines()) == 4  # the pair, its two claims, and the sentence that explains it


def test_show_a_claim_gives_how_its_pair_reads(capsys: pytest.CaptureFixture[str]) -> None:
    pair = next(r for r in rows("corroboration") if r["time_relation"] == "unknown")
    _, out, _ = run(capsys, "show", pair["claim_id_a"])
    compared = out.split("compared with another document:\n")[1].split("\nsource:")[0]
    assert pair["claim_id_b"] in compared and "cannot compare in time" in compared
