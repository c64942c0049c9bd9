"""Every rule of the check, on one small document: each code a rule declares is reported by a case of its own.

A valid document of six lines (a base that checks clean) is changed in one way per case, checked with the real
:func:`pipeline.check.document.check_document` against a context of its own, and the problems are compared with
the case's: the code, the field and the record. A test over the registry keeps the cases complete: a rule that
declares a code no case reports fails it, so every code a rule may report is shown to be reachable.
"""

from __future__ import annotations

import copy
import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.check import rules
from pipeline.check.context import load_context
from pipeline.check.document import _rules_loaded, check_document
from pipeline.core import files
from pipeline.core.paths import REPO, Paths

SOURCE = "000_0123456789abcdef.txt"
LINES = [
    "某市新闻网",
    "2023-05-06 来源:某市日报",
    "今年，全市组织3万余人的巡防队伍，调解成功率达99.9%。",
    "全市刑事案件同比下降12.5%，位列全省第一，监控全覆盖。",
    "该市荣获“平安城市”称号。",
    "据估算，节省时间约61万小时。",
]
METRICS = [
    {"id": "patrol_force", "label_zh": "巡防力量", "label_en": "patrol force", "unit": "persons", "domain": "policing",
     "kind": "count", "description": "People in patrols."},
    {"id": "mediation_rate", "label_zh": "调解成功率", "label_en": "mediation success rate", "unit": "percent",
     "domain": "dispute_mediation", "kind": "rate", "description": "Share of mediations that succeed."},
    {"id": "cases_change", "label_zh": "刑事案件变化", "label_en": "change in criminal cases", "unit": "percent",
     "domain": "policing", "kind": "change", "description": "Change in criminal cases."},
    {"id": "province_rank", "label_zh": "全省排名", "label_en": "rank in the province", "unit": "rank",
     "domain": "policing", "kind": "rank", "description": "Rank among the province's cities."},
    {"id": "hours_saved", "label_zh": "节省时间", "label_en": "hours saved", "unit": "hours",
     "domain": "digital_platforms", "kind": "count", "description": "Hours saved."},
    {"id": "camera_coverage", "label_zh": "监控覆盖率", "label_en": "camera coverage", "unit": "percent",
     "domain": "policing", "kind": "rate", "description": "Share covered by cameras."},
]


def base() -> dict[str, Any]:
    """The document that checks clean."""
    claim = {"unit": "persons", "qualifier": "exact", "year_basis": "unstated"}
    return {
        "source": SOURCE,
        "claims": [
            claim | {"id": "000-c001", "metric": "patrol_force", "figure": "3万余人", "value": 30000,
                     "qualifier": "more_than", "year": 2023, "year_basis": "relative", "year_evidence": "今年",
                     "line": 3, "quote": "今年，全市组织3万余人的巡防队伍"},
            claim | {"id": "000-c002", "metric": "mediation_rate", "figure": "99.9%", "value": 99.9, "unit": "percent",
                     "line": 3, "quote": "调解成功率达99.9%"},
            claim | {"id": "000-c003", "metric": "cases_change", "figure": "12.5%", "value": 12.5, "unit": "percent",
                     "direction": "decrease", "line": 4, "quote": "全市刑事案件同比下降12.5%"},
            claim | {"id": "000-c004", "metric": "province_rank", "figure": "第一", "value": 1, "unit": "rank",
                     "comparison_set": "province", "line": 4, "quote": "位列全省第一"},
            claim | {"id": "000-c005", "metric": "hours_saved", "figure": "约61万小时", "value": 610000,
                     "unit": "hours", "qualifier": "about", "value_type": "estimate", "line": 6,
                     "quote": "节省时间约61万小时"},
            claim | {"id": "000-c006", "metric": "camera_coverage", "figure": "全覆盖", "value": 100,
                     "unit": "percent", "line": 4, "quote": "监控全覆盖"},
        ],
        "honors": [{"id": "000-h001", "honor": "平安城市", "recipient": "该市", "honor_en": "Safe City",
                    "kind": "title", "recipient_en": "the city", "year_basis": "unstated", "line": 5,
                    "quote": "该市荣获“平安城市”称号"}],
        "excluded": [{"line": 2, "text": "2023-05-06", "reason": "publication_date"}],
    }


def meta() -> dict[str, Any]:
    return {"file": SOURCE, "sha256": "", "title": "某市平安建设", "site": "某市新闻网", "site_line": 1,
            "publisher": "某市日报", "publisher_line": 2, "published_date": "2023-05-06", "published_year": 2023,
            "date_basis": "printed", "date_evidence": "Line 2.", "region": "350100", "script": "simplified",
            "rights": "Not covered by the licence."}


@dataclass
class Case:
    """A change to the base (the document, the source's metadata, its raw bytes) and the problem it must give."""

    code: str
    change: Callable[[dict, dict, list], bytes | None]
    field: str
    ident: str = ""


def claim(n: int, doc: dict) -> dict:
    return doc["claims"][n - 1]


def check(doc: dict, source_meta: dict, raw: bytes | None, root: Path) -> list[tuple[str, str, str]]:
    """Write the document, its source and a context below ``root``; (code, field, id) of every problem."""
    shutil.rmtree(root, ignore_errors=True)
    paths = Paths(root)
    paths.documents.mkdir(parents=True)
    paths.sources.mkdir(parents=True)
    for name in ("vocabulary.yml", "package.yml"):
        shutil.copyfile(REPO / "datasets" / "curated" / name, paths.curated / name)
    paths.reference.mkdir(parents=True)
    shutil.copyfile(REPO / "datasets" / "reference" / "regions.csv", paths.regions)
    text = raw if raw is not None else ("\n".join(LINES) + "\n").encode("utf-8")
    (paths.sources / SOURCE).write_bytes(text)
    if not source_meta["sha256"]:
        source_meta = source_meta | {"sha256": hashlib.sha256(text).hexdigest()}
    _replace_source(paths.sources / SOURCE, doc.pop("_source", None), root)
    dump = {"allow_unicode": True, "sort_keys": False}
    (paths.sources_meta).write_text(yaml.safe_dump({"sources": [source_meta]}, **dump), encoding="utf-8")
    paths.metrics.write_text(yaml.safe_dump({"metrics": METRICS}, **dump), encoding="utf-8")
    document = paths.documents / doc.pop("_file", SOURCE.replace(".txt", ".yml"))
    document.write_text(yaml.safe_dump(doc, **dump), encoding="utf-8")
    context = load_context(paths, use_cache=False)
    summary = check_document(document, context).summary
    return sorted({(p[4], p[3], p[2]) for p in [*(q.as_tuple() for q in context.problems), *summary.problems]})


def _replace_source(path: Path, kind: str | None, root: Path) -> None:
    """Put something else in place of the raw source: a FIFO, a folder, a link to a file outside the repository,
    or a file larger than the build reads (sparse: nothing is written)."""
    if kind is None:
        return
    text = path.read_bytes()
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "link":
        outside = root.parent / "outside.txt"
        outside.write_bytes(text)
        path.symlink_to(outside)
    elif kind == "large":
        with path.open("wb") as out:
            out.truncate(files.MAX_BYTES + 1)


def _source(kind: str) -> Callable[[dict, dict, list], None]:
    return lambda d, m, r: d.__setitem__("_source", kind)


def _set(path: str, value: Any) -> Callable[[dict, dict, list], None]:
    """A change that sets one field: "c3.direction" (claim 3), "h1.times" (honour 1), "meta.site_line"."""
    where, _, name = path.partition(".")

    def change(doc: dict, source_meta: dict, raw: list) -> None:
        target = source_meta if where == "meta" else claim(int(where[1:]), doc) if where[0] == "c" \
            else doc["honors"][int(where[1:]) - 1]
        if value is None:
            target.pop(name, None)
        else:
            target[name] = value
    return change


def _do(*changes: Callable) -> Callable[[dict, dict, list], None]:
    def change(doc: dict, source_meta: dict, raw: list) -> None:
        for one in changes:
            one(doc, source_meta, raw)
    return change


C1, C2, C3, C4, C5, H1 = "000-c001", "000-c002", "000-c003", "000-c004", "000-c005", "000-h001"
CASES = [
    # the source
    Case("unknown-source", lambda d, m, r: d.__setitem__("source", "000_ffffffffffffffff.txt"), "source",
         "000_ffffffffffffffff.txt"),
    Case("source-mismatch", lambda d, m, r: d.__setitem__("_file", "000_1111111111111111.yml"), "source", SOURCE),
    Case("source-changed", _set("meta.sha256", "0" * 64), "sha256", SOURCE),
    Case("source-not-utf8", lambda d, m, r: ("\n".join(LINES) + "\n").encode("utf-8") + b"\xff\n", "", SOURCE),
    Case("not-a-regular-file", _source("fifo"), "", SOURCE),
    Case("link-outside", _source("link"), "", SOURCE),
    Case("file-too-large", _source("large"), "", SOURCE),
    Case("bad-metadata", _do(_set("meta.site", None), _set("meta.site_line", 1)), "site_line", SOURCE),
    Case("date-not-known-to-the-day", _set("meta.date_basis", "inferred"), "published_date", SOURCE),
    Case("attribution-unsupported", _set("meta.publisher_line", None), "publisher_line", SOURCE),
    Case("attribution-not-on-line", _set("meta.site_line", 3), "site_line", SOURCE),
    # a claim's vocabulary, metric and unit
    Case("unknown-metric", _set("c1.metric", "no_such_metric"), "metric", C1),
    Case("unknown-unit", _set("c1.unit", "furlongs"), "unit", C1),
    Case("unknown-qualifier", _set("c1.qualifier", "roughly"), "qualifier", C1),
    Case("unknown-region", _set("c1.region", "999999"), "region", C1),
    Case("unit-not-metric-unit", _do(_set("c5.unit", "minutes")), "unit", C5),
    Case("percent-out-of-range", _do(_set("c2.value", 999.0), _set("c2.figure", None)), "value", C2),
    # what was counted
    Case("unknown-value-type", _set("c5.value_type", "guess"), "value_type", C5),
    Case("value-type-unmarked", _set("c5.value_type", None), "value_type", C5),
    Case("value-type-not-in-text", _set("c2.value_type", "target"), "value_type", C2),
    Case("direction-missing", _set("c3.direction", None), "direction", C3),
    Case("direction-not-change", _set("c2.direction", "increase"), "direction", C2),
    Case("unknown-direction", _set("c3.direction", "sideways"), "direction", C3),
    Case("direction-not-in-quote", _set("c3.direction", "increase"), "direction", C3),
    Case("comparison-set-missing", _set("c4.comparison_set", None), "comparison_set", C4),
    Case("comparison-set-not-rank", _set("c2.comparison_set", "province"), "comparison_set", C2),
    Case("unknown-comparison-set", _set("c4.comparison_set", "galaxy"), "comparison_set", C4),
    Case("comparison-set-not-in-text", _set("c4.comparison_set", "nation"), "comparison_set", C4),
    Case("comparison-set-above-region", _set("c4.region", "350000"), "comparison_set", C4),
    Case("compared-with-not-change", _set("c2.compared_with", "previous_year"), "compared_with", C2),
    Case("unknown-comparison-base", _set("c3.compared_with", "last_decade"), "compared_with", C3),
    Case("compared-with-not-in-text", _set("c3.compared_with", "previous_year"), "compared_with", C3),
    Case("unknown-reference", _set("c1.honor_id", "000-h009"), "honor_id", C1),
    # the line, the time and the quote
    Case("line-out-of-range", _set("c2.line", 40), "line", C2),
    Case("unknown-year-basis", _set("c1.year_basis", "someday"), "year_basis", C1),
    Case("year-out-of-range", _do(_set("c1.year", 2031), _set("c1.year_basis", "stated"),
                                  _set("c1.year_evidence", "今年")), "year", C1),
    Case("year-basis-not-allowed", _do(_set("h1.year_basis", "current"), _set("h1.year", 2023),
                                       _set("h1.year_evidence", "荣获")), "year_basis", H1),
    Case("period-missing", _do(_set("c2.year_basis", "period"), _set("c2.period_start", 2020)), "period_end", C2),
    Case("period-reversed", _do(_set("c2.year_basis", "period"), _set("c2.period_start", 2022),
                                _set("c2.period_end", 2020)), "period_end", C2),
    Case("year-evidence-not-on-line", _set("c1.year_evidence", "去年"), "year_evidence", C1),
    Case("year-with-unstated", _set("c2.year", 2023), "year", C2),
    Case("year-evidence-missing", _set("c1.year_evidence", None), "year_evidence", C1),
    Case("year-with-period", _do(_set("c1.year_basis", "since"), _set("c1.period_start", 2023),
                                 _set("c1.period_end", 2023)), "year", C1),
    Case("since-end-mismatch", _do(_set("c1.year", None), _set("c1.year_basis", "since"),
                                   _set("c1.period_start", 2023), _set("c1.period_end", 2024)),
         "period_end", C1),
    Case("period-not-in-evidence", _do(_set("c1.year", None), _set("c1.year_basis", "period"),
                                       _set("c1.period_start", 2019), _set("c1.period_end", 2023)),
         "period_start", C1),
    Case("year-missing", _set("c1.year", None), "year", C1),
    Case("period-with-year", _do(_set("c1.period_start", 2022), _set("c1.period_end", 2023)), "period_start", C1),
    Case("year-not-in-evidence", _set("c1.year_basis", "stated"), "year", C1),
    Case("relative-year-mismatch", _set("c1.year", 2022), "year", C1),
    Case("current-year-mismatch", _do(_set("c1.year_basis", "current"), _set("c1.year_evidence", "今年"),
                                      _set("c1.year", 2022)), "year", C1),
    Case("current-without-marker", _set("c1.year_basis", "current"), "year_evidence", C1),
    Case("quote-not-on-line", _set("c1.quote", "组织4万人"), "quote", C1),
    Case("months-without-year", _do(_set("c2.month_start", 1), _set("c2.month_end", 5)), "month_start", C2),
    Case("months-reversed", _do(_set("c1.month_start", 5), _set("c1.month_end", 1)), "month_end", C1),
    Case("months-not-in-evidence", _do(_set("c1.month_start", 1), _set("c1.month_end", 5)), "year_evidence", C1),
    # the figure read again
    Case("figure-unparsed", _set("c1.figure", "组织3万余人"), "figure", C1),
    Case("figure-not-in-quote", _set("c1.figure", "5万人"), "figure", C1),
    Case("value-mismatch", _set("c1.value", 3000), "value", C1),
    Case("qualifier-mismatch", _set("c1.qualifier", "exact"), "qualifier", C1),
    Case("unit-mismatch", _do(_set("c5.figure", "约61万"), _set("c5.quote", "节省时间约61万")), "unit", C5),
    # an honour
    Case("unknown-honor-kind", _set("h1.kind", "trophy"), "kind", H1),
    Case("unknown-region", _set("h1.region", "000000"), "region", H1),
    Case("wrong-type", _set("h1.times", 0), "times", H1),
    Case("bad-id", _set("h1.award", "Not A Key"), "award", H1),
    Case("honor-not-in-quote", _set("h1.honor", "文明城市"), "honor", H1),
    Case("times-not-in-quote", _set("h1.times", 2), "times", H1),
    # the document
    Case("duplicate-id", _set("c2.id", C1), "id", C1),
    Case("duplicate-claim", lambda d, m, r: d["claims"].append(copy.deepcopy(claim(2, d)) | {"id": "000-c006"}),
         "id", "000-c006"),
    Case("retired-id", lambda d, m, r: d.__setitem__("retired", [{"id": C2, "reason": "withdrawn"}]), "id", C2),
    Case("retired-id-foreign", lambda d, m, r: d.__setitem__("retired", [{"id": "001-c001", "reason": "withdrawn"}]),
         "id", "001-c001"),
    Case("unreviewed-entry", _set("c1.review", "proposed"), "review", C1),
    Case("control-character", _set("c1.note", "a\x1bnote"), "note", C1),
    Case("invisible-character", _set("c1.note", "a\u202enote"), "note", C1),
    Case("formula-like-text", _set("c1.note", "=1+1"), "note", C1),
    # the ledger
    Case("unknown-reason", lambda d, m, r: d["excluded"][0].__setitem__("reason", "because"), "reason"),
    Case("exclusion-text-not-on-line", lambda d, m, r: d["excluded"].append(
        {"line": 5, "text": "2023", "reason": "event_date"}), "text"),
    Case("exclusion-not-a-number", lambda d, m, r: d["excluded"].append(
        {"line": 5, "text": "平安城市", "reason": "event_date"}), "text"),
    Case("unaccounted-number", lambda d, m, r: d["excluded"].clear(), "excluded", f"{SOURCE}:2:0"),
    Case("unaccounted-word", lambda d, m, r: d["claims"].pop(), "excluded", f"{SOURCE}:4:25"),
    Case("claim-word-mismatch", _set("c6.value", 90), "value", "000-c006"),
]
#: codes that a case of another code reports too, or that one rule shares with another (line-out-of-range is
#: reported by the source's attribution, a record's line, its evidence line and an exclusion's line)
ALSO = {"line-out-of-range", "bad-id", "unknown-reference", "unknown-region", "wrong-type"}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "root"


def test_the_base_document_checks_clean(root: Path) -> None:
    assert check(base(), meta(), None, root) == []


@pytest.mark.parametrize("case", CASES, ids=[c.code for c in CASES])
def test_each_rule_reports_its_code_at_the_field_and_record_to_edit(case: Case, root: Path) -> None:
    doc, source_meta = base(), meta()
    raw = case.change(doc, source_meta, [])
    found = check(doc, source_meta, raw if isinstance(raw, bytes) else None, root)
    assert (case.code, case.field, case.ident) in found, found


def test_every_code_a_rule_declares_has_a_case_that_reports_it() -> None:
    _rules_loaded()
    declared = {code for subject in rules.RULES.values() for rule in subject for code in rule.codes}
    assert sorted(declared - {c.code for c in CASES} - ALSO) == []
    assert sorted(ALSO - {c.code for c in CASES}) == []  # the shared codes have cases too


def test_a_target_or_an_estimate_may_be_of_a_year_after_the_article_and_a_measured_figure_may_not(
        root: Path) -> None:
    lines = [*LINES[:5], "据估算，到2026年节省时间约61万小时。"]
    raw = ("\n".join(lines) + "\n").encode("utf-8")
    doc = base()
    claim(5, doc).update(year=2026, year_basis="stated", year_evidence="2026年")
    assert check(copy.deepcopy(doc), meta(), raw, root) == []
    claim(5, doc)["value_type"] = "measured"
    assert ("year-out-of-range", "year", C5) in check(doc, meta(), raw, root)
