"""How well the draft reads reports: leave-one-out on the curated documents, and the evaluation sets with their keys.

:func:`evaluate` measures the draft on three kinds of text and prints the same figures for each:

* **the curated documents, leave-one-out**: each source is drafted from its raw text alone, with a context built
  from the *other* documents only (the metrics their claims use, the phrases they exclude; the vocabulary and
  China's divisions are every draft's), and compared with its reviewed curation;
* **the evaluation sets** (``datasets/evaluation/<set>/``, see :data:`SETS`): short reports written for the
  purpose, each ``NNN.txt`` with an answer key ``NNN.key.tsv`` (one row per figure, honour or excluded number)
  and ``NNN.meta.yml`` (the place, the date and how it is known). Each is drafted with the context of the whole
  curation, as any new report is. The development set is the one the rules were worked on; the held-out set was
  kept apart while they were written.

**How a key row meets a drafted record.** The key (or the curation) is the truth; each of its rows is looked up
among the drafted records of its own line:

* a row of a **claim** is *matched* by the drafted claim on the same line with the same value (a value in tenths,
  N成, equals N×10 percent); each drafted claim is matched once, and among several the one whose figure is the
  row's text (in simplified script) or overlaps it is taken first;
* a claim row counts only when its text holds a number the ledger counts (:func:`pipeline.core.numerals.find_numbers`)
  or a claim word whose class gives a value (the vocabulary's ``claim_words``: 首位, 最高, 领跑, 全覆盖, 历史新高):
  rows the ledger does not count as figures (全部, 零发案, and 前列, a rank word that gives no value) are not
  figures of this data model and are counted apart (*key rows outside the ledger*), never scored;
* a row of an **exclusion** is scored per number (or claim word) of the ledger that its text covers on its line
  (the text's n-th occurrence for the n-th row with the same text): right when the draft excludes that number with
  the row's reason;
* a row of an **honour** is found when a drafted honour stands on its line with the same title (in simplified
  script, quotation marks aside), or one that holds it.

**The figures**, each over the counted claim rows (of the key, or of the curation):

* *value, qualifier and unit right*: matched, with the same qualifier and unit;
* *year and basis right*: matched, with the same year, period start and end, and year basis;
* *region right*: matched, with the same region (a drafted claim without one is of its source's region; a key
  names a region by its full name, read down China's divisions to the finest that has a code: a township's figure
  is its county's);
* *direction right*: of the rows that are changes (a direction in the key) and the matched rows the draft gives a
  direction, those matched with the key's direction;
* *exclusions with the key's reason*: per excluded number, as above; *numbers accounted for*: every number of the
  source that the draft makes part of a claim, an honour or an exclusion, by the ledger itself;
* *drafts that crash*: a report whose drafting, rendering or check raises instead of giving a draft;
* *months right* and *base right* (the sets): of the rows with months or a base of change in the key or the
  draft, those matched with the same ``month_start``/``month_end``, or ``compared_with``;
* *build problems*: what the build's own document check (:func:`pipeline.check.document.check_document`) finds in
  the draft, in a temporary copy, other than the review states and the fields left to the reviewer (an honour's
  English name and recipient).
"""

from __future__ import annotations

import csv
import re
import shutil
import tempfile
import time
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from pipeline.check.context import Context, load_context
from pipeline.check.document import Document, check_document, read_document
from pipeline.check.ledger import account
from pipeline.check.regions import Regions
from pipeline.core.numerals import find_numbers, find_words
from pipeline.core.paths import Paths
from pipeline.core.problems import Problems
from pipeline.core.records import SourceMeta
from pipeline.core.text import to_simplified
from pipeline.draft.entries import Proposed, learn_lexicon, propose_entries
from pipeline.draft.metadata import MetaProposal, propose_metadata

#: The goals of the draft, per measure (share of the rows right; crashes: a count).
GOALS = {"claims": 0.98, "time": 0.90, "region": 0.95, "direction": 1.0, "exclusions": 0.90, "accounted": 1.0,
         "crashes": 0}
#: The evaluation sets: folder under datasets/evaluation → how the tables name it.
SETS = {"dev": "development set", "heldout": "first held-out set", "heldout2": "second held-out set"}
#: How a key writes a base of change → the vocabulary's code (a year stays a year; "same period 2022" → 2022).
_BASES = {"previous year": "previous_year", "same period previous year": "same_period_previous_year"}
_WORDS = {"claims": "value, qualifier and unit right", "time": "year and basis right", "region": "region right",
          "direction": "direction right", "exclusions": "exclusions with the key's reason",
          "accounted": "numbers accounted for", "crashes": "drafts that crash"}


@dataclass
class Score:
    """The agreement of the drafts of some documents with their curation or key."""

    name: str
    claims: int = 0
    found: int = 0
    right: int = 0
    time: int = 0
    region: int = 0
    directions: int = 0
    direction: int = 0
    months: int = 0
    months_right: int = 0
    bases: int = 0
    bases_right: int = 0
    outside: int = 0
    metric_known: int = 0
    metric_known_right: int = 0
    metric_new: int = 0
    metric_new_right: int = 0
    excluded: int = 0
    excluded_right: int = 0
    numbers: int = 0
    accounted: int = 0
    honors: int = 0
    honors_found: int = 0
    honors_time: int = 0
    proposed_claims: int = 0
    problems: int = 0
    crashes: int = 0
    seconds: float = 0.0
    meta: dict[str, bool] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("claims", "found", "right", "time", "region", "directions", "direction", "months",
                     "months_right", "bases", "bases_right", "outside", "metric_known", "metric_known_right",
                     "metric_new", "metric_new_right", "excluded", "excluded_right", "numbers", "accounted", "honors",
                     "honors_found", "honors_time", "proposed_claims", "problems", "crashes", "seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses

    def share(self, measure: str) -> tuple[int, int]:
        """(right, of) for one measure of :data:`GOALS`."""
        return {"claims": (self.right, self.claims), "time": (self.time, self.claims),
                "region": (self.region, self.claims), "direction": (self.direction, self.directions),
                "exclusions": (self.excluded_right, self.excluded), "accounted": (self.accounted, self.numbers),
                "crashes": (self.crashes, 0)}[measure]


def _fold(text: str | None) -> str:
    return re.sub(r"[“”‘’\"'「」\s]", "", to_simplified(text or ""))


# --- the truth: a curated claim or a key row, read alike ---------------------------------------------------------


@dataclass
class Truth:
    """One claim as the curation or a key has it."""

    line: int
    text: str
    value: float | None
    qualifier: str | None
    unit: str | None
    region: str | None
    year: int | None
    basis: str | None
    period: tuple[int | None, int | None]
    months: tuple[int | None, int | None] = (None, None)
    base: str | None = None
    direction: str | None = None
    metric: str | None = None
    label: str = ""


def _int(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else None


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def region_of(name: str, regions: Regions) -> str | None:
    """The code of a division named in full down its hierarchy (四川省成都市武侯区 → 510107), to the finest division
    the name reaches (a township below it has no code: 顺德区大良街道 → 顺德区)."""
    children: dict[str | None, list] = {}
    for region in regions.by_code.values():
        children.setdefault(region.parent_code, []).append(region)
    at, found, level = 0, None, children.get(None, [])
    while True:
        best = max((r for r in level if name.startswith(r.name_zh, at)), key=lambda r: len(r.name_zh), default=None)
        if best is None:
            return found
        found, at, level = best.code, at + len(best.name_zh), children.get(best.code, [])


def read_key(path: Path) -> list[dict[str, str]]:
    """The rows of an answer key (tab-separated, with a header)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _key_base(text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    year = re.search(r"[12][0-9]{3}", text)
    return _BASES.get(text, year.group(0) if year else text)


def truth_of_row(row: dict[str, str], regions: Regions) -> Truth:
    return Truth(int(row["line"]), row["text"], _float(row["value"]), row["qualifier"] or None, row["unit"] or None,
                 region_of(row["region"], regions) if row["region"] else None, _int(row["year"]),
                 row["year_basis"] or None, (_int(row["period_start"]), _int(row["period_end"])),
                 (_int(row["month_start"]), _int(row["month_end"])), _key_base(row["compared_with"]),
                 row["direction"] or None, None, row["metric_en"])


def truth_of_claim(claim: Any, region: str | None) -> Truth:
    return Truth(claim.line, claim.figure or "", claim.value, claim.qualifier, claim.unit, claim.region_code or region,
                 claim.year, claim.year_basis, (claim.period_start, claim.period_end),
                 (claim.month_start, claim.month_end), claim.compared_with, claim.direction, claim.metric)


def counted(text: str, words: dict[str, dict] | None = None) -> bool:
    """Whether a figure's text holds a number the ledger counts, or a claim word of ``words`` (the vocabulary's
    claim_words) whose class gives a value (首位, 领跑, 全覆盖: a rank or a share; 前列 gives none)."""
    valued = tuple(w for w, entry in (words or {}).items() if entry.get("value") is not None)
    return bool(find_numbers(text)) or bool(find_words(text, valued))


def _marks(line: str, words: tuple[str, ...]) -> list:
    """The numbers of a line and its claim words outside them, as the ledger counts them."""
    numbers = find_numbers(line)
    return numbers + [m for m in find_words(line, words)
                      if not any(n.start < m.end and m.start < n.end for n in numbers)]


def _value(claim: Any) -> float:
    """A drafted claim's value as a key writes it (N成 = N×10 percent)."""
    return claim.value * 10 if claim.unit == "tenths" else claim.value


def _unit(claim: Any) -> str:
    return "percent" if claim.unit == "tenths" else claim.unit


def score_claims(score: Score, truths: list[Truth], proposed: Proposed, region: str | None,
                 context: Context | None = None, words: dict[str, dict] | None = None) -> None:
    """Match each true claim with a drafted one (line and value) and count what agrees (definitions above;
    ``words``: the vocabulary's claim words)."""
    used: set[int] = set()
    for truth in truths:
        if not counted(truth.text, words):
            score.outside += 1
            continue
        score.claims += 1
        match = [p for p in proposed.claims if p.line == truth.line and truth.value is not None
                 and abs(_value(p) - truth.value) < 1e-9 and id(p) not in used]
        text = _fold(truth.text)
        match.sort(key=lambda p: (not (_fold(p.figure) == text), not (_fold(p.figure) in text or text in
                                                                        _fold(p.figure)),
                                  not (p.qualifier == truth.qualifier and _unit(p) == truth.unit),
                                  not (p.metric == truth.metric)))
        if truth.direction is not None:
            score.directions += 1
        if not match:
            score.misses.append(f"line {truth.line} {truth.text}: not proposed")
            continue
        drafted = match[0]
        used.add(id(drafted))
        score.found += 1
        if drafted.qualifier == truth.qualifier and _unit(drafted) == truth.unit:
            score.right += 1
        else:
            score.misses.append(f"line {truth.line} {truth.text}: {drafted.qualifier}/{drafted.unit}, key "
                                f"{truth.qualifier}/{truth.unit}")
        got = (drafted.year, (drafted.period_start, drafted.period_end), drafted.year_basis)
        if got == (truth.year, truth.period, truth.basis):
            score.time += 1
        else:
            score.misses.append(f"line {truth.line} {truth.text}: time {drafted.year_basis} {drafted.year or ''}"
                                f"{drafted.period_start or ''}-{drafted.period_end or ''}, key {truth.basis} "
                                f"{truth.year or ''}{truth.period[0] or ''}-{truth.period[1] or ''}")
        where = drafted.region_code or region
        if where == truth.region:
            score.region += 1
        else:
            score.misses.append(f"line {truth.line} {truth.text}: region {where}, key {truth.region}")
        if truth.direction is None and drafted.direction is not None:
            score.directions += 1
        if (truth.direction is not None or drafted.direction is not None):
            if drafted.direction == truth.direction:
                score.direction += 1
            else:
                score.misses.append(f"line {truth.line} {truth.text}: direction {drafted.direction}, key "
                                    f"{truth.direction}")
        months = (drafted.month_start, drafted.month_end)
        if months != (None, None) or truth.months != (None, None):
            score.months += 1
            score.months_right += months == truth.months
            if months != truth.months:
                score.misses.append(f"line {truth.line} {truth.text}: months {months}, key {truth.months}")
        if drafted.compared_with is not None or truth.base is not None:
            score.bases += 1
            score.bases_right += drafted.compared_with == truth.base
            if drafted.compared_with != truth.base:
                score.misses.append(f"line {truth.line} {truth.text}: base {drafted.compared_with}, key "
                                    f"{truth.base}")
        if context is not None:
            if truth.metric in context.metrics:
                score.metric_known += 1
                score.metric_known_right += drafted.metric == truth.metric
            else:
                score.metric_new += 1
                score.metric_new_right += drafted.metric in proposed.metrics


def _draft_ledger(proposed: Proposed) -> dict[tuple[int, int], tuple[str, str | None]]:
    """(line, start) → (status, reason) of every number, as the draft accounts for it."""
    doc = Document("", proposed.source, 1, proposed.claims, proposed.honors, proposed.excluded, [])
    mentions = account(doc, proposed.lines, {}, False, set(), Problems(), words=proposed.words)
    return {(m.line, m.start): (m.status, m.reason) for m in mentions}


def score_exclusions(score: Score, excluded: list[tuple[int, int, str | None]], proposed: Proposed) -> None:
    """Each number the truth excludes ((line, start, reason)): excluded by the draft with the same reason?"""
    drafted = _draft_ledger(proposed)
    for line, start, reason in excluded:
        score.excluded += 1
        got = drafted.get((line, start))
        if got == ("excluded", reason):
            score.excluded_right += 1
        else:
            score.misses.append(f"line {line}:{start}: {got}, key {reason}")


def key_exclusions(rows: list[dict[str, str]], lines: list[str], words: tuple[str, ...] = ()
                   ) -> list[tuple[int, int, str | None]]:
    """The numbers (and claim words, ``words``) of the ledger that the excluded rows of a key cover: (line, start,
    reason)."""
    out, seen = [], {}
    for row in rows:
        if row["status"] != "excluded":
            continue
        number = int(row["line"])
        raw = lines[number - 1] if 1 <= number <= len(lines) else ""
        text = row["text"]
        occurrence = seen.get((number, text), 0)
        seen[(number, text)] = occurrence + 1
        spans = [(m.start(), m.end()) for m in re.finditer(re.escape(text), raw)] if text else []
        if not spans:
            simple = to_simplified(raw)
            spans = [(m.start(), m.end()) for m in re.finditer(re.escape(to_simplified(text)), simple)] \
                if len(simple) == len(raw) and text else []
        if not spans:
            continue
        a, b = spans[min(occurrence, len(spans) - 1)]
        out += [(number, m.start, row["reason"] or None) for m in _marks(raw, words) if a <= m.start and m.end <= b]
    return out


def score_honors(score: Score, honors: list[tuple[int, str, tuple]], proposed: Proposed) -> None:
    """Each true honour (line, title, (year, period_start, period_end, basis)): found, and with its time?"""
    for line, title, when in honors:
        score.honors += 1
        match = [h for h in proposed.honors if h.line == line and (_fold(h.honor) == _fold(title)
                                                                  or _fold(title) in _fold(h.honor))]
        if match:
            score.honors_found += 1
            score.honors_time += any((h.year, h.period_start, h.period_end, h.year_basis) == when for h in match)


def _accounted(score: Score, proposed: Proposed) -> None:
    score.numbers = proposed.numbers
    score.accounted = proposed.numbers - proposed.unaccounted
    score.proposed_claims = len(proposed.claims)


# --- the curated documents, leave-one-out ------------------------------------------------------------------------


def training_context(context: Context, held_out: str, documents: dict[str, Document]) -> Context:
    """The context of a leave-one-out draft: the metrics of the other documents only (the regions are all of
    China's, as for any draft)."""
    others = [doc for name, doc in documents.items() if name != held_out]
    metrics = {c.metric for doc in others for c in doc.claims}
    return replace(context, metrics={k: v for k, v in context.metrics.items() if k in metrics},
                   sources=dict(context.sources), problems=Problems())


def score_document(name: str, proposed: Proposed, meta: MetaProposal, curated: Document, ledger: list[tuple],
                   context: Context, truth: SourceMeta) -> Score:
    """Compare one draft with its curation (``ledger``: the published mentions of the source; ``truth``: its
    reviewed metadata)."""
    score = Score(name)
    claims = [truth_of_claim(c, truth.region_code) for c in curated.claims]
    score_claims(score, claims, proposed, meta.region, context, context.vocabulary.claim_words)
    score_exclusions(score, [(line, start, reason) for line, start, status, reason in ledger if status == "excluded"],
                     proposed)
    _accounted(score, proposed)
    score_honors(score, [(h.line, h.honor, (h.year, h.period_start, h.period_end, h.year_basis))
                         for h in curated.honors], proposed)
    for name_, got in (("title", meta.title), ("published_date", meta.published_date),
                       ("published_year", meta.published_year), ("date_basis", meta.date_basis),
                       ("script", meta.script), ("region_code", meta.region), ("site", meta.site),
                       ("publisher", meta.publisher)):
        want = getattr(truth, name_)
        score.meta[name_] = _fold(str(got)) == _fold(str(want)) if name_ in ("title", "site") else got == want
    return score


def _ledger(published: Path, source: str) -> list[tuple]:
    with open(published / "mentions.csv", encoding="utf-8", newline="") as handle:
        return [(int(r["line"]), int(r["char_start"]), r["status"], r["reason"]) for r in csv.DictReader(handle)
                if r["source_file"] == source]


def _documents(paths: Paths, context: Context) -> dict[str, Document]:
    documents = {}
    for path in sorted(paths.documents.glob("*.yml")):
        doc = read_document(path, context.rel(path), Problems())
        if doc is not None:
            documents[doc.source] = doc
    return documents


def leave_one_out(paths: Paths | None = None, check: bool = True) -> list[Score]:
    """Draft each curated source from its raw text with the context of the other documents; one score each."""
    paths = paths or Paths()
    context = load_context(paths, use_cache=False)
    documents = _documents(paths, context)
    scores = []
    for source, doc in documents.items():
        training = training_context(context, source, documents)
        lexicon = learn_lexicon([([], d.excluded) for name, d in documents.items() if name != source])
        text = (paths.sources / source).read_bytes().decode("utf-8")
        drafted = _draft(source, text, training, lexicon)
        if drafted is None:
            scores.append(_crashed(source))
            continue
        meta, proposed, seconds = drafted
        score = score_document(source, proposed, meta, doc, _ledger(paths.published, source), training,
                               context.sources[source])
        score.seconds = seconds
        if check:
            _check(score, paths, source, text, meta, proposed, training)
        scores.append(score)
    return scores


def _crashed(name: str) -> Score:
    score = Score(name, crashes=1)
    score.misses.append(f"{name}: the draft crashed: {traceback.format_exc(limit=-1).strip().splitlines()[-1]}")
    return score


def _check(score: Score, paths: Paths, source: str, text: str, meta: MetaProposal, proposed: Proposed,
           training: Context) -> None:
    try:
        problems = check_draft(paths, source, text, meta, proposed, training)
    except Exception:  # noqa: BLE001 - a crash is what is measured
        score.crashes += 1
        score.misses.append(f"{source}: the check of the draft crashed: "
                            f"{traceback.format_exc(limit=-1).strip().splitlines()[-1]}")
        return
    score.problems = len(problems)
    score.misses += [f"{source}: build problem {p.line} {p.code}: {p.message}" for p in problems]


def check_draft(paths: Paths, source: str, text: str, meta: MetaProposal, proposed: Proposed,
                training: Context) -> list:
    """The problems the build's document check finds in a draft (other than its review states)."""
    from pipeline.draft.render import metadata_yaml, metrics_yaml, with_units, write_yaml

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "datasets/sources").mkdir(parents=True)
        (root / "datasets/curated/documents").mkdir(parents=True)
        (root / "datasets/curated/vocabulary.yml").write_text(
            with_units(paths.vocabulary.read_text(encoding="utf-8"), proposed.units), encoding="utf-8")
        shutil.copyfile(paths.about, root / "datasets/curated/package.yml")
        (root / "datasets/reference").mkdir(parents=True)
        shutil.copyfile(paths.regions, root / "datasets/reference/regions.csv")
        (root / "datasets/sources" / source).write_bytes(text.encode("utf-8"))
        (root / "datasets/sources/sources.yml").write_text("sources:\n" + metadata_yaml(meta, text),
                                                           encoding="utf-8")
        metrics = "metrics:\n" + "".join(metrics_yaml({m.metric_id: m for m in training.metrics.values()}))
        metrics += metrics_yaml(proposed.metrics, new=True, fill=True)
        (root / "datasets/curated/metrics.yml").write_text(metrics, encoding="utf-8")
        document = root / "datasets/curated/documents" / (source.removesuffix(".txt") + ".yml")
        document.write_text(write_yaml(proposed, meta), encoding="utf-8")
        context = load_context(Paths(root), use_cache=False)
        problems = [*context.problems, *check_document(document, context).summary.problem_list()]
        # the honour's English name and recipient are the reviewer's to write: refused until then, by design
        return [p for p in problems if p.code != "unreviewed-entry"
                and not (p.code == "missing-field" and p.field in ("honor_en", "recipient_en"))]


# --- the evaluation sets -----------------------------------------------------------------------------------------


def set_folder(paths: Paths, name: str) -> Path:
    return paths.datasets / "evaluation" / name


def _source_name(number: str, text: str) -> str:
    import hashlib

    return f"{number}_{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}.txt"


def _draft(source: str, text: str, context: Context, lexicon: dict[str, str]) -> tuple[Any, Any, float] | None:
    """The draft of one source as ``python -m pipeline draft`` makes it (its metadata, its proposed entries) and
    the seconds it took; None when drafting crashed (a crash is what is measured, not raised)."""
    began = time.perf_counter()
    try:
        meta = propose_metadata(source, text, context.vocabulary, context.regions)
        proposed = propose_entries(source, text, context, meta.published_year, meta.region, lexicon,
                                   published=meta.published, date_basis=meta.date_basis)
    except Exception:  # noqa: BLE001 - a crash is what is measured
        return None
    return meta, proposed, time.perf_counter() - began


def score_report(number: str, text: str, rows: list[dict[str, str]], described: dict[str, Any], paths: Paths,
                 context: Context, lexicon: dict[str, str], check: bool = True) -> Score:
    """Draft one report of an evaluation set with the whole curation as context and score it against its key."""
    source = _source_name(number, text)
    score = Score(number)
    drafted = _draft(source, text, context, lexicon)
    if drafted is None:
        return _crashed(number)
    meta, proposed, score.seconds = drafted
    regions = context.regions
    place = region_of(str(described.get("place") or ""), regions)
    truths = [truth_of_row(r, regions) for r in rows if r["status"] == "claim"]
    score_claims(score, truths, proposed, meta.region, words=context.vocabulary.claim_words)
    score_exclusions(score, key_exclusions(rows, text.split("\n"), proposed.words), proposed)
    _accounted(score, proposed)
    score_honors(score, [(int(r["line"]), r["honour"] or r["text"], (_int(r["year"]), _int(r["period_start"]),
                                                                     _int(r["period_end"]), r["year_basis"] or None))
                         for r in rows if r["status"] == "honor"], proposed)
    year = described.get("published_year")
    date = described.get("published_date")
    basis = {"stated": "printed", "inferred": "inferred", "unknown": "inferred"}.get(described.get("date_basis"))
    script = described.get("script")
    score.meta = {"region_code": meta.region == place, "published_year": meta.published_year == year,
                  "published_date": meta.published_date == (str(date) if date else None),
                  "date_basis": meta.date_basis == basis or (year is None and meta.published_year is None),
                  "script": meta.script == script}
    if check:
        _check(score, paths, source, text, meta, proposed, context)
    return score


def evaluate_set(name: str, paths: Paths | None = None, check: bool = True) -> list[Score]:
    """Draft every report of an evaluation set and score it against its key; one score each."""
    paths = paths or Paths()
    folder = set_folder(paths, name)
    context = load_context(paths, use_cache=False)
    documents = _documents(paths, context)
    lexicon = learn_lexicon([([], d.excluded) for d in documents.values()])
    scores = []
    for text_path in sorted(folder.glob("*.txt")):
        number = text_path.stem
        text = text_path.read_bytes().decode("utf-8")
        rows = read_key(folder / f"{number}.key.tsv")
        meta_path = folder / f"{number}.meta.yml"
        described = yaml.safe_load(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
        scores.append(score_report(number, text, rows, described or {}, paths, context, lexicon, check))
    return scores


# --- the tables --------------------------------------------------------------------------------------------------


def percent(n: int, d: int) -> str:
    return f"{n}/{d} ({100 * n / d:.1f}%)" if d else "–"


def _total(scores: list[Score]) -> Score:
    total = Score("all")
    for s in scores:
        total.add(s)
    return total


def summary(results: dict[str, list[Score]]) -> str:
    """One row per kind of text: every measure of :data:`GOALS`, with the goal in the header."""
    def goal(measure: str) -> str:
        value = GOALS[measure]
        return f"{value}" if measure == "crashes" else ("100%" if value == 1 else f"≥ {100 * value:.0f}%")

    header = "| text | reports | " + " | ".join(f"{_WORDS[m]} ({goal(m)})" for m in GOALS) + " |"
    rows = [header, "|---|---:|" + "---:|" * len(GOALS)]
    for title, scores in results.items():
        total = _total(scores)
        cells = []
        for measure in GOALS:
            n, d = total.share(measure)
            cells.append(str(n) if measure == "crashes" else percent(n, d))
        rows.append(f"| {title} | {len(scores)} | " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


def goals(results: dict[str, list[Score]]) -> str:
    """Each goal against each kind of text: met or missed."""
    out = []
    for title, scores in results.items():
        total = _total(scores)
        said = []
        for measure, goal in GOALS.items():
            n, d = total.share(measure)
            met = n <= goal if measure == "crashes" else d == 0 or n / d >= goal
            said.append(f"{_WORDS[measure]} {'met' if met else '**missed**'}")
        out.append(f"- {title}: " + "; ".join(said))
    return "\n".join(out) + "\n"


def table(scores: list[Score], title: str, sets: bool = False) -> str:
    """The agreement per document and in all, as a Markdown table (no timings: the table is reproducible)."""
    middle = ("months right | base right | key rows outside the ledger" if sets
              else "metric right (known / new)")
    rows = [f"| {title} | claims drafted | value, qualifier and unit right | year and basis right | region right | "
            f"direction right | {middle} | exclusions with the reason | numbers accounted for | honours found "
            "(year right) | build problems of the draft |",
            "|---|" + "---:|" * (12 if sets else 10)]
    total = _total(scores)
    for s in [*scores, total]:
        name = f"`{s.name}`" if s is not total else "**all**"
        cells = (f"{percent(s.months_right, s.months)} | {percent(s.bases_right, s.bases)} | {s.outside}" if sets
                 else f"{s.metric_known_right}/{s.metric_known} / {s.metric_new_right}/{s.metric_new}")
        rows.append(f"| {name} | {s.proposed_claims} | {percent(s.right, s.claims)} | {percent(s.time, s.claims)} | "
                    f"{percent(s.region, s.claims)} | {percent(s.direction, s.directions)} | {cells} | "
                    f"{percent(s.excluded_right, s.excluded)} | {percent(s.accounted, s.numbers)} | "
                    f"{s.honors_found}/{s.honors} ({s.honors_time}) | "
                    + (f"{s.problems}" if not s.crashes else f"crashed ({s.crashes})") + " |")
    return "\n".join(rows) + "\n"


def metadata_table(scores: list[Score]) -> str:
    """Which proposed metadata fields agree with the truth, per document."""
    names = [n for n in ("title", "published_date", "published_year", "date_basis", "script", "region_code", "site",
                         "publisher") if any(n in s.meta for s in scores)]
    rows = ["| document | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for s in scores:
        rows.append(f"| `{s.name}` | " + " | ".join("yes" if s.meta.get(n) else "**no**" for n in names) + " |")
    return "\n".join(rows) + "\n"


def results(paths: Paths | None = None, sets: tuple[str, ...] = tuple(SETS), check: bool = True
            ) -> dict[str, list[Score]]:
    """The scores of every kind of text: the curated documents (leave-one-out), then each evaluation set."""
    paths = paths or Paths()
    out = {"curated documents, leave-one-out": leave_one_out(paths, check)}
    for name in sets:
        if set_folder(paths, name).is_dir():
            out[f"{SETS.get(name, name)} (`{name}`)"] = evaluate_set(name, paths, check)
    return out


def evaluate(paths: Paths | None = None, sets: tuple[str, ...] = tuple(SETS)) -> str:
    """The tables of the evaluation, as Markdown."""
    found = results(paths, sets)
    out = [summary(found), goals(found)]
    for title, scores in found.items():
        sets_ = not title.startswith("curated")
        out.append(f"**{title}**\n\n" + table(scores, "document", sets_) + "\nMetadata proposed as "
                   + ("the key has it" if sets_ else "sources.yml has it") + ":\n\n" + metadata_table(scores))
    return "\n".join(out)


def misses(paths: Paths | None = None, sets: tuple[str, ...] = tuple(SETS)) -> str:
    """Every row where a draft and its truth differ, per document (to read, not to publish)."""
    out = []
    for title, scores in results(paths, sets).items():
        for score in scores:
            out += [f"{title} {score.name}: {miss}" for miss in score.misses]
    return "\n".join(out) + "\n"


def report(paths: Paths | None = None, sets: tuple[str, ...] = tuple(SETS)) -> str:
    """:func:`evaluate`, then what drafting took (not part of the tables, which are reproducible)."""
    began = time.perf_counter()
    text = evaluate(paths, sets)
    seconds = time.perf_counter() - began
    drafts = leave_one_out(paths, check=False)
    drafting = sum(s.seconds for s in drafts)
    return (text + f"\nDrafting the {len(drafts)} curated sources took {drafting:.2f} s "
            f"({1000 * drafting / max(len(drafts), 1):.0f} ms a source); the whole evaluation, with the build's "
            f"check of every draft, {seconds:.1f} s.\n")


__all__ = ["GOALS", "SETS", "Score", "evaluate", "evaluate_set", "leave_one_out", "misses", "region_of", "report",
           "results"]
