"""A draft proposes every number of a new source for review; the build publishes nothing of it unreviewed."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from pipeline.__main__ import main
from pipeline.build import build
from pipeline.check.context import load_context
from pipeline.core.numerals import find_numbers, find_words
from pipeline.core.paths import REPO, Paths
from pipeline.core.problems import BuildError
from pipeline.draft import command, propose_entries, propose_metadata
from pipeline.draft.evaluate import evaluate
from pipeline.draft.lines import lines_of
from pipeline.draft.time import expressions, governing, resolve
from pipeline.publish.package import read_parquet
from tests.conftest import SOURCES

SOURCE_FILES = sorted(p.name for p in SOURCES.glob("*.txt"))
RE_ADDED = "004_aea384481f6baa8d"
NEW = "005_0123456789abcdef"
#: A short report written for this test (not an article): every figure's metric is in metrics.yml.
NEW_TEXT = """平安泉州建设扎实推进
发布时间:2022-05-20
2021年,泉州市各类调解组织累计调解案件1.2万余件,调解成功率达98.5%。
近年来,全市高效整合专兼职平安巡防力量近2万人。
如今,泉州已划分单元网格1.3万个,配备专兼职网格员2.1万名。
责任编辑:林晓
"""


def _remove_source(paths: Paths, stem: str) -> None:
    """Take a source out of the curation: its curated file and its entry in sources.yml (the raw file stays)."""
    (paths.documents / f"{stem}.yml").unlink()
    text = paths.sources_meta.read_text(encoding="utf-8")
    start = text.index(f"  - file: {stem}.txt")
    end = text.find("\n  - file:", start + 1)
    paths.sources_meta.write_text(text[:start] + (text[end + 1:] if end >= 0 else ""), encoding="utf-8")


def _accept(*files: Path) -> None:
    for path in files:
        path.write_text(path.read_text(encoding="utf-8").replace("review: proposed", "review: accepted"),
                        encoding="utf-8")


def _snapshot(paths: Paths) -> dict[str, bytes]:
    return {p.relative_to(paths.root).as_posix(): p.read_bytes()
            for p in (paths.root / "datasets").rglob("*") if p.is_file() and "published" not in p.parts}


@pytest.mark.parametrize("source", SOURCE_FILES)
def test_a_draft_accounts_for_every_number_and_claim_word_the_ledger_finds(source: str) -> None:
    context = load_context(Paths())
    text = (SOURCES / source).read_bytes().decode("utf-8")
    meta = propose_metadata(source, text, context.vocabulary, context.regions)
    proposed = propose_entries(source, text, context, meta.published_year, meta.region)
    words = tuple(context.vocabulary.claim_words)
    counted = [(m.start, m.end) for line in text.split("\n") for m in find_numbers(line)]
    said = [m for line in text.split("\n") for m in find_words(line, words)
            if not any(n.start < m.end and m.start < n.end for n in find_numbers(line))]
    assert proposed.numbers == len(counted) + len(said)  # every number, and every rank or share word
    assert proposed.unaccounted == 0
    assert all(c.review == "proposed" for c in (*proposed.claims, *proposed.honors, *proposed.excluded))


@pytest.mark.slow
def test_a_re_added_source_accepted_nothing_is_refused_with_one_problem_per_entry(repo_copy: Paths,
                                                                                    tmp_path: Path) -> None:
    _remove_source(repo_copy, RE_ADDED)
    done = command.draft(repo_copy.sources / f"{RE_ADDED}.txt", repo_copy)
    document = (repo_copy.documents / f"{RE_ADDED}.yml").read_text(encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build(repo_copy, tmp_path / "out")
    unreviewed = [p for p in caught.value.problems if p.code == "unreviewed-entry"]
    drafted = re.findall(r"^  - id: (\S+)", document, re.M)
    excluded = re.findall(r"^  - \{line: ([0-9]+), text: (.+?), reason:", document, re.M)
    assert len(drafted) == done.claims + done.honors and len(excluded) == done.excluded
    new_metrics = re.findall(r"^  - id: (draft_\S+)\n    review: proposed", repo_copy.metrics.read_text(
        encoding="utf-8"), re.M)
    expected = len(drafted) + len(excluded) + 1 + len(new_metrics)  # and the source's entry in sources.yml
    assert len(unreviewed) == expected == len({(p.file, p.line, p.id) for p in unreviewed})
    assert {p.id for p in unreviewed if p.file.endswith(f"{RE_ADDED}.yml") and not p.id.startswith("excluded:")} \
        == set(drafted)
    assert f"{RE_ADDED}.txt" in {p.id for p in unreviewed if p.file == "datasets/sources/sources.yml"}
    assert all(p.field == "review" and p.line > 0 for p in unreviewed)


@pytest.mark.slow
def test_accepting_every_entry_of_a_correct_draft_builds(repo_copy: Paths, tmp_path: Path) -> None:
    (repo_copy.sources / f"{NEW}.txt").write_text(NEW_TEXT, encoding="utf-8")
    done = command.draft(repo_copy.sources / f"{NEW}.txt", repo_copy)
    assert (done.claims, done.honors, done.excluded, done.metrics) == (5, 0, 1, 0)
    with pytest.raises(BuildError) as caught:
        build(repo_copy, tmp_path / "refused")
    assert {p.code for p in caught.value.problems} == {"unreviewed-entry"}
    assert len(caught.value.problems) == 5 + 1 + 1
    _accept(repo_copy.documents / f"{NEW}.yml", repo_copy.sources_meta)
    published = build(repo_copy, tmp_path / "out")
    claims = read_parquet(published / "claims.parquet")
    new = claims[claims["source_file"] == f"{NEW}.txt"]
    rows = [[r.metric, r.value, r.qualifier, r.unit, None if pd.isna(r.year) else int(r.year), r.year_basis]
            for r in new.itertuples()]
    assert rows == [
        ["mediation_cases", 12000, "more_than", "cases", 2021, "stated"],
        ["mediation_success_rate", 98.5, "exact", "percent", 2021, "stated"],
        ["patrol_force", 20000, "nearly", "persons", None, "unstated"],
        ["grid_cells", 13000, "exact", "localities", 2022, "current"],
        ["grid_workers", 21000, "exact", "persons", 2022, "current"],
    ]
    sources = read_parquet(published / "sources.parquet")
    assert sources[sources["source_file"] == f"{NEW}.txt"]["published_date"].tolist() == ["2022-05-20"]


@pytest.mark.parametrize(("why", "prepare", "message"), [
    ("curated already", lambda p: p.sources / f"{RE_ADDED}.txt", "exists: the source is curated already"),
    ("listed already", lambda p: (p.documents / f"{RE_ADDED}.yml").unlink() or p.sources / f"{RE_ADDED}.txt",
     "is already described in sources.yml"),
    ("outside the sources", lambda p: p.root / "elsewhere.txt", "no such file"),
    ("not UTF-8", lambda p: (p.sources / f"{NEW}.txt").write_bytes("平安".encode("gb18030"))
     and p.sources / f"{NEW}.txt", "is not UTF-8"),
    ("badly named", lambda p: (p.sources / "new.txt").write_text("平安", encoding="utf-8")
     and p.sources / "new.txt", "a source is named <number>_<16 hex digits>.txt"),
])
def test_a_source_that_cannot_be_drafted_is_one_line_and_nothing_is_written(
        repo_copy: Paths, capsys: pytest.CaptureFixture[str], why: str, prepare: object, message: str) -> None:
    source = prepare(repo_copy)  # type: ignore[operator]
    before = _snapshot(repo_copy)
    status = main(["draft", str(source), "--root", str(repo_copy.root)])
    err = capsys.readouterr().err
    assert status == 2 and message in err and len(err.strip().splitlines()) == 1, why
    assert _snapshot(repo_copy) == before


def test_draft_needs_a_source_or_evaluate(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["draft"])
    assert exit_.value.code == 2
    assert "draft needs a SOURCE" in capsys.readouterr().err


@pytest.mark.parametrize(("words", "basis", "year", "period"), [
    ("今年,全市化解纠纷300件", "relative", 2022, (None, None)),
    ("去年6月,全市化解纠纷300件", "relative", 2021, (None, None)),
    ("前年,全市化解纠纷300件", "relative", 2020, (None, None)),
    ("今年以来,全市化解纠纷300件", "relative", 2022, (None, None)),
    ("2020年至今,全市化解纠纷300件", "since", None, (2020, 2022)),
    ("自2016年以来,全市化解纠纷300件", "since", None, (2016, 2022)),
    ("2018年至2020年,全市化解纠纷300件", "period", None, (2018, 2020)),
    ("2013年起,市司法局连续9年获评先进", "period", None, (2013, 2021)),
    ("2019年,全市化解纠纷300件", "stated", 2019, (None, None)),
    ("近年来,全市化解纠纷300件", "unstated", None, (None, None)),
    ("目前,全市建成调解室300个", "current", 2022, (None, None)),
    ("团队成立于2017年,共有队员30人", None, None, (None, None)),
    ("全市连续三年化解纠纷300件", None, None, (None, None)),
])
def test_the_time_of_a_figure_is_the_expression_that_governs_it(words: str, basis: str | None, year: int | None,
                                                                 period: tuple) -> None:
    vocabulary = load_context(Paths()).vocabulary
    line = lines_of(words)[0]
    index = line.text.rfind("3") if "3" in line.text else len(line.text) - 1
    if "连续9年" in words:
        index = line.text.index("连续9年")
    found = resolve(governing(line, expressions(line, vocabulary, 2022), index), line.text)
    got = (found.basis, found.year, (found.period_start, found.period_end)) if found else (None, None, (None, None))
    assert got == (basis, year, period)


def test_a_before_and_after_pair_gives_two_dated_claims_and_the_change_over_both_years() -> None:
    context = load_context(Paths())
    text = ("标题\n发布时间:2022-05-20\n"
            "全市刑事案件从2019年的5000起下降至2021年的3000起,降幅40%,发案率从5.2%下降至3.1%。\n")
    proposed = propose_entries(f"{NEW}.txt", text, context, 2022, "350100")
    got = [(c.figure, c.year_basis, c.year, c.period_start, c.period_end, c.direction) for c in proposed.claims]
    # the second pair of the sentence has no times of its own: it runs between the first pair's two years
    assert got == [("5000起", "stated", 2019, None, None, None), ("3000起", "stated", 2021, None, None, None),
                   ("40%", "period", None, 2019, 2021, "decrease"), ("5.2%", "stated", 2019, None, None, None),
                   ("3.1%", "stated", 2021, None, None, None)]
    assert proposed.claims[0].metric == proposed.claims[1].metric != proposed.claims[3].metric
    assert proposed.claims[3].metric == proposed.claims[4].metric
    assert proposed.unaccounted == 0


@pytest.mark.slow
def test_the_leave_one_out_table_in_benchmarks_equals_a_run() -> None:
    text = (REPO / "BENCHMARKS.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- draft: generated by `python -m pipeline draft --evaluate`.*?-->\n(.*?)<!-- /draft -->",
                      text, re.S)
    assert block is not None
    assert block.group(1) == evaluate(Paths())
