"""Reports of any place, drafted, reviewed and built end to end: a county of another province, a report that
prints no year, a measure word no unit has. Every text here was written for these tests (real places, invented
figures)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from pipeline.__main__ import main
from pipeline.build import build
from pipeline.core.paths import Paths
from pipeline.core.problems import BuildError
from pipeline.draft import command
from pipeline.publish.package import read_parquet

COUNTY = "005_00000000000000aa"
#: A county of Gansu (甘谷县, 620523, in 天水市), with a township and figures in several units.
COUNTY_TEXT = """甘谷县平安建设取得新进展
发布时间：2023-08-15　来源：甘谷县融媒体中心
今年1至7月，甘谷县刑事案件立案数同比下降12.4%，群众安全感满意度达到97.6%。
去年，全县共排查化解矛盾纠纷1860件，化解率98.1%，较上年提高0.7个百分点。
2019年至2022年，全县盗窃案件从420起下降至260起，降幅38.1%。
目前，全县组建平安巡防队伍36支，查扣非法营运车辆48辆。
大像山镇今年以来调解纠纷120件；新兴镇已连续三年实现命案零发案。
在2022年度全市平安建设考核中，甘谷县位列全市第二。
2022年，甘谷县被命名为“甘肃省平安县”。
责任编辑：王敏
"""
UNDATED = "006_00000000000000bb"
#: A report that prints no date and whose text fixes no year (a contributed item).
UNDATED_TEXT = """南宁市青秀区多措并举守护平安
（青秀区委政法委供稿）
今年以来，青秀区刑事警情同比下降9.6%，群众安全感满意度保持在98%以上。
目前，全区共有专兼职网格员1260名。
"""
KNIVES = "007_00000000000000cc"
#: A report with a measure word (把) that no unit of the vocabulary has.
KNIVES_TEXT = """株洲市开展管制刀具专项整治
发布时间：2023-05-06
今年以来，株洲市公安机关共收缴管制刀具230把，查处违法行为56起。
"""


def _fill(paths: Paths, units: dict[str, str] | None = None) -> None:
    """What a reviewer writes besides accepting: the English labels a draft leaves empty."""
    for path in (paths.metrics, *paths.documents.glob("00[5-7]_*.yml")):
        text = path.read_text(encoding="utf-8")
        parts = re.split(r"^(    (?:label_en|description|honor_en)):  # to write.*$", text, flags=re.M)
        text = "".join(part if i % 2 == 0 else f"{part}: written by the reviewer ({path.stem} {i})"
                       for i, part in enumerate(parts))
        text = re.sub(r"^(    domain):  # to write.*$", r"\1: policing", text, flags=re.M)
        path.write_text(text, encoding="utf-8")
    vocabulary = paths.vocabulary.read_text(encoding="utf-8")
    for code, label in (units or {}).items():
        vocabulary = vocabulary.replace(f'  {code}: {{label_en: ""', f'  {code}: {{label_en: "{label}"')
    paths.vocabulary.write_text(vocabulary, encoding="utf-8")


def _accept(*files: Path) -> None:
    for path in files:
        path.write_text(path.read_text(encoding="utf-8").replace("review: proposed", "review: accepted"),
                        encoding="utf-8")


def _draft(paths: Paths, stem: str, text: str) -> command.Drafted:
    (paths.sources / f"{stem}.txt").write_text(text, encoding="utf-8")
    return command.draft(paths.sources / f"{stem}.txt", paths)


@pytest.mark.slow
def test_a_county_report_of_another_province_drafts_reviews_and_builds(repo_copy: Paths, tmp_path: Path) -> None:
    done = _draft(repo_copy, COUNTY, COUNTY_TEXT)
    assert done.region_doubt is None and done.units == {}
    entry = repo_copy.sources_meta.read_text(encoding="utf-8").split(f"file: {COUNTY}.txt")[1]
    assert re.search(r"^    region: '620523'", entry, re.M)
    _fill(repo_copy)
    _accept(repo_copy.documents / f"{COUNTY}.yml", repo_copy.sources_meta, repo_copy.metrics)
    published = build(repo_copy, tmp_path / "out")
    claims = read_parquet(published / "claims.parquet")
    mine = claims[claims["source_file"] == f"{COUNTY}.txt"]
    got = {r.figure: (r.unit, r.value, r.region_code, r.year_basis, None if pd.isna(r.year) else int(r.year))
           for r in mine.itertuples()}
    assert got["12.4%"] == ("percent", 12.4, "620523", "relative", 2023)
    assert got["0.7个百分点"] == ("percentage_points", 0.7, "620523", "relative", 2022)
    assert got["420起"][3:] == ("stated", 2019) and got["260起"][3:] == ("stated", 2022)
    assert got["36支"][0] == "teams" and got["48辆"][0] == "vehicles"
    assert got["120件"][2] == "620523"  # a township's figure is its county's: townships have no code
    assert got["第二"][0] == "rank"
    ranks = mine[mine["unit"] == "rank"]
    assert ranks["comparison_region"].tolist() == ["620500"]  # 全市: the county's own city, 天水市
    change = mine[mine["figure"] == "38.1%"].iloc[0]
    assert (int(change.period_start), int(change.period_end), change.compared_with) == (2019, 2022, "2019")
    streak = mine[mine["figure"] == "连续三年"].iloc[0]
    assert streak.year_basis == "unstated" and pd.isna(streak.year) and "no year" in streak.note
    pair = mine[mine["figure"].isin(["420起", "260起"])]
    assert pair["metric"].nunique() == 1


@pytest.mark.slow
def test_a_report_with_no_year_drafts_without_one_and_the_build_says_where(
        repo_copy: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo_copy.sources / f"{UNDATED}.txt").write_text(UNDATED_TEXT, encoding="utf-8")
    status = main(["draft", str(repo_copy.sources / f"{UNDATED}.txt"), "--root", str(repo_copy.root)])
    out = capsys.readouterr().out
    assert status == 0 and "the text gives no year for the article" in out
    entry = repo_copy.sources_meta.read_text(encoding="utf-8").split(f"file: {UNDATED}.txt")[1]
    assert not re.search(r"^    published_year:", entry, re.M) and "region: '450103'" in entry
    document = (repo_copy.documents / f"{UNDATED}.yml").read_text(encoding="utf-8")
    assert "year: " not in document.replace("year_basis", "").replace("year_evidence", "")
    assert "the year cannot be resolved" in document
    _fill(repo_copy)
    _accept(repo_copy.documents / f"{UNDATED}.yml", repo_copy.sources_meta, repo_copy.metrics)
    with pytest.raises(BuildError) as caught:
        build(repo_copy, tmp_path / "out")
    problems = caught.value.problems
    assert problems and all(p.file and p.line > 0 and p.code for p in problems)
    missing = [p for p in problems if p.code == "missing-field" and p.field == "published_year"]
    assert [p.file for p in missing] == ["datasets/sources/sources.yml"]
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_a_measure_word_no_unit_has_is_proposed_as_a_unit_and_builds_once_named(repo_copy: Paths,
                                                                                tmp_path: Path) -> None:
    done = _draft(repo_copy, KNIVES, KNIVES_TEXT)
    assert list(done.units.values()) == ["把"]
    code = next(iter(done.units))
    vocabulary = repo_copy.vocabulary.read_text(encoding="utf-8")
    line = next(n for n, text in enumerate(vocabulary.split("\n"), start=1) if text.startswith(f"  {code}:"))
    units_end = vocabulary.index("\nqualifiers:")
    assert vocabulary.index(f"  {code}:") < units_end and "review: proposed" in vocabulary.split("\n")[line - 1]
    document = (repo_copy.documents / f"{KNIVES}.yml").read_text(encoding="utf-8")
    assert f"unit: {code}" in document and "230把" not in re.findall(r"text: (\S+),", document)
    _fill(repo_copy)
    _accept(repo_copy.documents / f"{KNIVES}.yml", repo_copy.sources_meta, repo_copy.metrics)
    with pytest.raises(BuildError) as caught:
        build(repo_copy, tmp_path / "refused")
    refused = [p for p in caught.value.problems if p.file == "datasets/curated/vocabulary.yml"]
    assert [(p.line, p.id, p.code) for p in refused] == [(line, code, "unreviewed-entry")]
    _fill(repo_copy, {code: "knives"})
    _accept(repo_copy.vocabulary)
    published = build(repo_copy, tmp_path / "out")
    claims = read_parquet(published / "claims.parquet")
    knives = claims[(claims["source_file"] == f"{KNIVES}.txt") & (claims["unit"] == code)]
    assert knives["value"].tolist() == [230]
    terms = read_parquet(published / "vocabulary.parquet")
    assert terms[(terms["section"] == "units") & (terms["code"] == code)]["words"].tolist() == ["把"]
