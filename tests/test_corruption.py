"""Bad input never corrupts the publication.

Every kind of corruption in ``tests/corruption.py`` is applied alone to a
temporary copy of ``datasets/`` and the real build runs on it: it must exit
non-zero, report exactly the expected problems (file, line, id, field, code,
with a message that says what was expected or found), and leave
``datasets/published/`` byte-identical. Further tests combine corruptions,
check the last guard against spreadsheet formulas, interrupt the build at each
stage, and keep the figures in the README equal to a run of the battery.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import pipeline.build
import pipeline.publish.folder
import pipeline.publish.package
from pipeline.build import build, check_documents
from pipeline.check.context import Context, load_context
from pipeline.core.outputs import marker_text
from pipeline.core.paths import Paths
from pipeline.core.problems import CODES, BuildError
from pipeline.publish.package import MARKER, MARKER_HEADER, recover
from pipeline.render.tables import Tables, make_tables
from pipeline.render.validate import validate
from schemas.fields import FORMULA_STARTS
from tests.corruption import (
    CASES,
    DOC0,
    PUBLISHED,
    REPO,
    Case,
    Copy,
    Expect,
    Figures,
    apply,
    copy_inputs,
    readme_lines,
    run,
    snapshot,
    verdict,
)

pytestmark = pytest.mark.slow  # whole builds, servers or second interpreters: `make test` runs them

BY_NAME = {c.name: c for c in CASES}
#: What each case did, as the parametrized test saw it (name → faults, publication damaged).
RESULTS: dict[str, tuple[list[str], bool]] = {}


@pytest.fixture(autouse=True, scope="module")
def _real_inputs_untouched() -> Iterator[None]:
    """The battery edits copies only: the repository's datasets/ are the same after it."""
    before = snapshot(REPO / "datasets")
    yield
    assert snapshot(REPO / "datasets") == before


def test_the_battery_has_at_least_25_kinds_each_expecting_a_known_problem() -> None:
    assert len(CASES) >= 25
    assert len(BY_NAME) == len(CASES)


@pytest.mark.parametrize("corruption", CASES, ids=[c.name for c in CASES])
def test_each_kind_of_corruption_is_refused_located_and_harmless(corruption: Case, tmp_path: Path) -> None:
    expected, outcome = apply(corruption, tmp_path)
    faults = verdict(expected, outcome)
    RESULTS[corruption.name] = (faults, outcome.damaged or bool(outcome.leftovers))
    assert expected, "a case must expect at least one problem"
    assert {e.code for e in expected} <= set(CODES)
    assert not faults, "\n".join(faults)
    assert outcome.status == 1
    assert outcome.report.rstrip().endswith("nothing was published; the previous publication is unchanged")
    for e in expected:
        if e.line:  # the expected line is a line of the (corrupted) file
            assert e.line <= len((tmp_path / e.file).read_bytes().split(b"\n"))
    assert not (tmp_path / "constructed").exists(), "a YAML tag constructed an object"


def _apply_together(root: Path, names: list[str]) -> list[Expect]:
    copy = copy_inputs(root)
    return [e for name in names for e in BY_NAME[name].corrupt(copy)]


@pytest.mark.parametrize("names", [
    pytest.param(["value off by one", "honour name not in the quote", "relative year contradicting the article's date",
                  "quote in simplified script, source in traditional", "unknown metric domain",
                  "publication date outside the publication year"], id="while verifying"),
    pytest.param(["misspelt field name", "UTF-8 byte-order mark", "CRLF line ends",
                  "malformed YAML: broken indentation", "malformed YAML in the vocabulary"], id="while loading"),
])
def test_problems_are_reported_together_sorted_by_file_and_line(names: list[str], tmp_path: Path) -> None:
    expected = _apply_together(tmp_path, names)
    outcome = run(tmp_path)
    assert verdict(expected, outcome) == []
    where = [(p.file, p.line) for p in outcome.problems]
    assert len(where) == len(expected) > len(names) - 1
    assert where == sorted(where)
    printed = [outcome.report.index(str(p)) for p in outcome.problems]
    assert printed == sorted(printed)


def test_the_command_exits_non_zero_and_says_where(tmp_path: Path) -> None:
    expected = BY_NAME["value without its 萬 factor"].corrupt(copy_inputs(tmp_path))
    before = snapshot(tmp_path / PUBLISHED)
    result = subprocess.run([sys.executable, "-m", "pipeline", "build", "--root", str(tmp_path)],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 1
    [e] = expected
    assert f"{e.file}:{e.line}: {e.id} [{e.field}]: " in result.stderr
    assert f"({e.code})" in result.stderr
    assert snapshot(tmp_path / PUBLISHED) == before


# --- spreadsheet formulas: the guard on the finished tables ----------------------------------


@pytest.fixture(scope="module")
def context() -> Context:
    return load_context(Paths(REPO), use_cache=False)


@pytest.fixture(scope="module")
def tables(context: Context) -> Tables:
    """The tables of the repository's own inputs, made but not yet validated (nothing written)."""
    return make_tables(context, check_documents(context, Paths(REPO).curated_documents(), use_cache=False))


def test_the_tables_of_the_real_inputs_pass_the_formula_guard(tables: Tables, context: Context) -> None:
    assert validate(tables, context) is tables


def test_a_derived_cell_that_would_run_as_a_formula_is_refused_where_it_came_from(tables: Tables,
                                                                                context: Context) -> None:
    frames = {name: frame.copy() for name, frame in tables.frames.items()}
    for row, start in enumerate(FORMULA_STARTS):
        frames["claims"].loc[row, "quote_hans"] = f"{start}1+1"
    frames["mentions"].loc[0, "text"] = "=SUM(A1:A9)"
    with pytest.raises(BuildError) as caught:
        validate(Tables(frames, tables.origins), context)
    found = {(p.file, p.line, p.id, p.field) for p in caught.value.problems if p.code == "formula-like-text"}
    assert found == {*((*tables.origins["claims"][row], "quote_hans") for row in range(len(FORMULA_STARTS))),
                     ("table mentions", 0, "", "text")}


# --- hidden characters: refused in curated text, kept where the raw source truly has them -------------


def test_a_quote_keeps_an_invisible_character_that_its_raw_source_truly_holds(tmp_path: Path) -> None:
    copy = copy_inputs(tmp_path)
    source = copy.path("datasets/sources/000_2b8feb0ae4f9f377.txt")
    raw = source.read_bytes().replace("3万余人的五级".encode(), "3万余人的\u200b五级".encode())
    source.write_bytes(raw)  # as if the article had been received with a zero-width space in it
    copy.set("datasets/sources/sources.yml", "000_2b8feb0ae4f9f377.txt", "sha256", hashlib.sha256(raw).hexdigest())
    copy.set(DOC0, "000-c001", "quote", lambda quote: quote.replace("的五级", "的\u200b五级"))
    for table in ("claims", "sources", "mentions"):
        copy.explain(table, source="000_2b8feb0ae4f9f377.txt")
    build(Paths(copy.root))
    published = {r["claim_id"]: r for r in csv.DictReader(
        (copy.root / PUBLISHED / "claims.csv").open(encoding="utf-8", newline=""))}
    assert published["000-c001"]["quote"] == "福州组织3万余人的\u200b五级巡防队伍开展联勤联防"


# --- interrupted builds -----------------------------------------------------------------------


class Crash(Exception):
    """A simulated crash."""


def _crash(*_: Any, **__: Any) -> Any:
    raise Crash("simulated crash")


def _after(calls: int, real: Callable[..., Any]) -> Callable[..., Any]:
    """``real`` for the first ``calls`` calls, then a crash once, then ``real`` again."""
    count = 0

    def maybe(*args: Any, **kwargs: Any) -> Any:
        nonlocal count
        count += 1
        if count == calls + 1:
            raise Crash(f"simulated crash at call {count}")
        return real(*args, **kwargs)
    return maybe


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "datasets").iterdir() if p.name.startswith(".published."))


@pytest.fixture
def inputs(tmp_path: Path) -> Copy:
    copy = copy_inputs(tmp_path)
    # the build must really change the publication, so that a half-done swap would show
    copy.set("datasets/curated/documents/000_2b8feb0ae4f9f377.yml", "000-c003", "note", "Read as 2018-2020.")
    copy.explain("claims", "000-c003", "note")
    return copy


CRASHES: dict[str, tuple[Any, str, Callable[[], Callable[..., Any]]]] = {
    "context": (pipeline.build, "load_context", lambda: _crash),
    "documents": (pipeline.build, "check_document", lambda: _crash),
    "corpus": (pipeline.build, "check_corpus", lambda: _crash),
    "tables": (pipeline.build, "make_tables", lambda: _crash),
    "validate": (pipeline.build, "validate", lambda: _crash),
    "publish: third Parquet file written": (pipeline.publish.package, "write_parquet",
                                            lambda: _after(2, pipeline.publish.package.write_parquet)),
    "publish: third CSV file written": (pipeline.publish.package, "write_csv",
                                        lambda: _after(2, pipeline.publish.package.write_csv)),
    "publish: copying the raw sources": (pipeline.publish.package, "_copy_source",
                                         lambda: _after(1, pipeline.publish.package._copy_source)),
    "publish: datapackage.json": (pipeline.publish.package, "descriptor", lambda: _crash),
    "publish: read-back check": (pipeline.publish.package, "_check_written", lambda: _crash),
    "publish: between the two renames of the swap": (pipeline.publish.folder.os, "rename",
                                                     lambda: _after(1, os.rename)),
}


@pytest.mark.parametrize("where", CRASHES)
def test_a_crash_at_any_stage_leaves_the_last_good_publication(where: str, inputs: Copy,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    owner, name, make = CRASHES[where]
    before = snapshot(inputs.root / PUBLISHED)
    monkeypatch.setattr(owner, name, make())
    with pytest.raises(Crash):
        build(Paths(inputs.root))
    monkeypatch.undo()
    assert snapshot(inputs.root / PUBLISHED) == before
    assert _leftovers(inputs.root) == []


def test_a_hard_kill_between_the_renames_is_undone_by_the_next_build(inputs: Copy) -> None:
    target = inputs.root / PUBLISHED
    before = snapshot(target)
    # the state a killed process leaves: the publication moved aside, a half-written staging folder (which
    # the build marks as its own first thing)
    target.rename(target.with_name(".published.previous"))
    staging = target.with_name(".published.staging")
    staging.mkdir()
    (staging / MARKER).write_text(marker_text(MARKER_HEADER, []), encoding="utf-8")
    (staging / "claims.csv").write_text("claim_id\n", encoding="utf-8")
    # the next build fails on bad input, yet puts the last good publication back first
    BY_NAME["value off by one"].corrupt(inputs)
    with pytest.raises(BuildError):
        build(Paths(inputs.root))
    assert snapshot(target) == before
    assert _leftovers(inputs.root) == [".published.staging"]  # cleared by the next publication


def test_recover_puts_the_previous_publication_back(tmp_path: Path) -> None:
    target = tmp_path / "published"
    previous = tmp_path / ".published.previous"
    previous.mkdir()
    kept = {MARKER: b"the build's marker\n", "claims.csv": b"claim_id\n"}
    for name, data in kept.items():
        (previous / name).write_bytes(data)
    recover(target)
    assert snapshot(target) == kept
    assert not previous.exists()
    previous.mkdir()  # a swap that finished but did not clean up: the new publication stays
    (previous / MARKER).write_bytes(b"the build's marker\n")
    recover(target)
    assert snapshot(target) == kept and not previous.exists()


def test_recover_leaves_a_previous_folder_the_build_did_not_write(tmp_path: Path) -> None:
    previous = tmp_path / ".published.previous"
    previous.mkdir()
    (previous / "claims.csv").write_text("claim_id\n", encoding="utf-8")
    recover(tmp_path / "published")
    assert snapshot(previous) == {"claims.csv": b"claim_id\n"}
    assert not (tmp_path / "published").exists()


# --- the README states what the battery does ----------------------------------------------------


def test_the_readme_states_the_figures_of_the_battery(tmp_path: Path) -> None:
    for number, corruption in enumerate(CASES):  # cases not run above (e.g. under -k) run now
        if corruption.name not in RESULTS:
            expected, outcome = apply(corruption, tmp_path / str(number))
            RESULTS[corruption.name] = (verdict(expected, outcome), outcome.damaged or bool(outcome.leftovers))
    figures = Figures(tried=len(CASES), caught=sum(not faults for faults, _ in RESULTS.values()),
                      damaged=sum(damaged for _, damaged in RESULTS.values()))
    readme = (REPO / "docs" / "pipeline.md").read_text(encoding="utf-8")
    section = re.search(r"^## What we check\n(.*?)^## ", readme, re.S | re.M)
    assert section, "docs/pipeline.md has no section 'What we check'"
    for line in readme_lines(figures):
        assert line in section.group(1).splitlines()
    assert figures.damaged == 0
