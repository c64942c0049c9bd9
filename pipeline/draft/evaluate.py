"""Curated documents → how well the draft proposes them: leave-one-out on the curated sources.

:func:`evaluate` drafts each source from its raw text alone, with a context built from the *other* documents only
(their cities, the metrics their claims use, the phrases they exclude), and compares the draft with the reviewed
curation:

* **claims**: a curated claim is found when a drafted claim stands on its line with its value; it is right when the
  qualifier and unit agree too; its time is right when year, period and basis all agree; its metric is right when
  the draft names the curated metric (when the other documents have it) or proposes a new one (when they do not);
* **exclusions**: per number of the ledger that the curation excludes, whether the draft excludes it with the same
  reason;
* **accounted**: the numbers of the source the draft accounts for (claims, honours, exclusions), by the ledger;
* **honours**: a curated honour is found when a drafted honour stands on its line with the same title (compared in
  simplified script, quotation marks aside); with the same award year, period and basis;
* **metadata**: title, date, year, basis of the date, script, region, site and publisher against sources.yml.

The draft itself is checked by the build's own document check (:func:`pipeline.check.document.check_document`) in a
temporary copy: every problem it reports other than ``unreviewed-entry`` is counted.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.check.context import Context, load_context
from pipeline.check.document import Document, check_document, read_document
from pipeline.check.ledger import account
from pipeline.core.paths import Paths
from pipeline.core.problems import Problems
from pipeline.core.records import SourceMeta
from pipeline.core.text import to_simplified
from pipeline.draft.entries import Proposed, learn_lexicon, propose_entries
from pipeline.draft.metadata import MetaProposal, propose_metadata

TARGETS = {"claims": 0.95, "time": 0.85, "exclusions": 0.90, "accounted": 1.0}


@dataclass
class Score:
    """The agreement of the drafts of some documents with their curation."""

    name: str
    claims: int = 0
    found: int = 0
    right: int = 0
    time: int = 0
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
    seconds: float = 0.0
    meta: dict[str, bool] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("claims", "found", "right", "time", "metric_known", "metric_known_right", "metric_new",
                     "metric_new_right", "excluded", "excluded_right", "numbers", "accounted", "honors",
                     "honors_found", "honors_time", "proposed_claims", "problems", "seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses


def _fold(text: str | None) -> str:
    return re.sub(r"[“”‘’\"'「」\s]", "", to_simplified(text or ""))


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
    claims = curated.claims
    score.claims = len(claims)
    score.proposed_claims = len(proposed.claims)
    used: set[int] = set()
    for claim in claims:
        match = [p for p in proposed.claims if p.line == claim.line and abs(p.value - claim.value) < 1e-9
                 and id(p) not in used]
        if match and any(p.qualifier == claim.qualifier and p.unit == claim.unit for p in match):
            match = [p for p in match if p.qualifier == claim.qualifier and p.unit == claim.unit]
        if not match:
            score.misses.append(f"{claim.claim_id}: not proposed ({claim.figure} on line {claim.line})")
            continue
        score.found += 1
        best = [p for p in match if p.metric == claim.metric] or match
        drafted = best[0]
        used.add(id(drafted))
        match = [drafted]
        if drafted.qualifier == claim.qualifier and drafted.unit == claim.unit:
            score.right += 1
        else:
            score.misses.append(f"{claim.claim_id}: {drafted.qualifier}/{drafted.unit}, curated "
                                f"{claim.qualifier}/{claim.unit}")
        times = [p for p in match if (p.year, p.period_start, p.period_end, p.year_basis) == (
            claim.year, claim.period_start, claim.period_end, claim.year_basis)]
        if times:
            score.time += 1
        else:
            score.misses.append(f"{claim.claim_id}: time {drafted.year_basis} {drafted.year or ''}"
                                f"{drafted.period_start or ''}-{drafted.period_end or ''}, curated {claim.year_basis} "
                                f"{claim.year or ''}{claim.period_start or ''}-{claim.period_end or ''}")
        if claim.metric in context.metrics:
            score.metric_known += 1
            score.metric_known_right += any(p.metric == claim.metric for p in match)
        else:
            score.metric_new += 1
            score.metric_new_right += any(p.metric in proposed.metrics for p in match)
    drafted_reasons = _draft_ledger(proposed)
    for row in ledger:
        line, start, status, reason = row
        if status != "excluded":
            continue
        score.excluded += 1
        got = drafted_reasons.get((line, start))
        if got == ("excluded", reason):
            score.excluded_right += 1
        else:
            score.misses.append(f"line {line}:{start}: {got}, curated {reason}")
    score.numbers = proposed.numbers
    score.accounted = proposed.numbers - proposed.unaccounted
    for honor in curated.honors:
        score.honors += 1
        match = [h for h in proposed.honors if h.line == honor.line and (_fold(h.honor) == _fold(honor.honor)
                                                                          or _fold(honor.honor) in _fold(h.honor))]
        if match:
            score.honors_found += 1
            score.honors_time += any((h.year, h.period_start, h.period_end, h.year_basis) == (
                honor.year, honor.period_start, honor.period_end, honor.year_basis) for h in match)
    for name_, got in (("title", meta.title), ("published_date", meta.published_date),
                       ("published_year", meta.published_year), ("date_basis", meta.date_basis),
                       ("script", meta.script), ("region_code", meta.region), ("site", meta.site),
                       ("publisher", meta.publisher)):
        want = getattr(truth, name_)
        score.meta[name_] = _fold(str(got)) == _fold(str(want)) if name_ in ("title", "site") else got == want
    return score


def _draft_ledger(proposed: Proposed) -> dict[tuple[int, int], tuple[str, str | None]]:
    """(line, start) → (status, reason) of every number, as the draft accounts for it."""
    doc = Document("", proposed.source, 1, proposed.claims, proposed.honors, proposed.excluded, [])
    mentions = account(doc, proposed.lines, {}, False, set(), Problems())
    return {(m.line, m.start): (m.status, m.reason) for m in mentions}


def _ledger(published: Path, source: str) -> list[tuple]:
    import csv

    with open(published / "mentions.csv", encoding="utf-8", newline="") as handle:
        return [(int(r["line"]), int(r["char_start"]), r["status"], r["reason"]) for r in csv.DictReader(handle)
                if r["source_file"] == source]


def leave_one_out(paths: Paths | None = None, check: bool = True) -> list[Score]:
    """Draft each curated source from its raw text with the context of the other documents; one score each."""
    paths = paths or Paths()
    context = load_context(paths, use_cache=False)
    documents = {}
    for path in sorted(paths.documents.glob("*.yml")):
        doc = read_document(path, context.rel(path), Problems())
        if doc is not None:
            documents[doc.source] = doc
    scores = []
    for source, doc in documents.items():
        training = training_context(context, source, documents)
        lexicon = learn_lexicon([([], d.excluded) for name, d in documents.items() if name != source])
        text = (paths.sources / source).read_bytes().decode("utf-8")
        began = time.perf_counter()
        meta = propose_metadata(source, text, training.vocabulary, training.regions)
        proposed = propose_entries(source, text, training, meta.published_year or 0, meta.region, lexicon)
        seconds = time.perf_counter() - began
        score = score_document(source, proposed, meta, doc, _ledger(paths.published, source), training,
                               context.sources[source])
        score.seconds = seconds
        if check:
            score.problems = len(check_draft(paths, source, text, meta, proposed, training))
        scores.append(score)
    return scores


def check_draft(paths: Paths, source: str, text: str, meta: MetaProposal, proposed: Proposed,
                training: Context) -> list:
    """The problems the build's document check finds in a draft (other than its review states)."""
    from pipeline.draft.render import metadata_yaml, metrics_yaml, write_yaml

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "datasets/sources").mkdir(parents=True)
        (root / "datasets/curated/documents").mkdir(parents=True)
        shutil.copyfile(paths.vocabulary, root / "datasets/curated/vocabulary.yml")
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
        result = check_document(document, context).summary
        # the honour's English name and recipient are the reviewer's to write: refused until then, by design
        return [p for p in result.problem_list() if p.code != "unreviewed-entry"
                and not (p.code == "missing-field" and p.field in ("honor_en", "recipient_en"))]


def percent(n: int, d: int) -> str:
    return f"{n}/{d} ({100 * n / d:.1f}%)" if d else "–"


def table(scores: list[Score], title: str) -> str:
    """The agreement per document and in all, as a Markdown table (no timings: the table is reproducible)."""
    total = Score("all")
    for s in scores:
        total.add(s)
    rows = [f"| {title} | claims drafted | claims right (value, qualifier, unit) | year and basis right | metric right "
            "(known / new) | exclusions with the curated reason | numbers accounted for | honours found (year "
            "right) | build problems of the draft |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for s in [*scores, total]:
        name = f"`{s.name}`" if s is not total else "**all**"
        rows.append(f"| {name} | {s.proposed_claims} | {percent(s.right, s.claims)} | {percent(s.time, s.claims)} | "
                    f"{s.metric_known_right}/{s.metric_known} / {s.metric_new_right}/{s.metric_new} | "
                    f"{percent(s.excluded_right, s.excluded)} | {percent(s.accounted, s.numbers)} | "
                    f"{s.honors_found}/{s.honors} ({s.honors_time}) | {s.problems} |")
    return "\n".join(rows) + "\n"


def metadata_table(scores: list[Score]) -> str:
    """Which proposed metadata fields agree with sources.yml, per document."""
    names = ("title", "published_date", "published_year", "date_basis", "script", "region_code", "site", "publisher")
    rows = ["| document | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for s in scores:
        rows.append(f"| `{s.name}` | " + " | ".join("yes" if s.meta.get(n) else "**no**" for n in names) + " |")
    return "\n".join(rows) + "\n"


def targets(scores: list[Score]) -> str:
    """Each target of the draft against the leave-one-out result."""
    total = Score("all")
    for s in scores:
        total.add(s)
    got = {"claims": (total.right, total.claims), "time": (total.time, total.claims),
           "exclusions": (total.excluded_right, total.excluded), "accounted": (total.accounted, total.numbers)}
    words = {"claims": "curated claims proposed with the right value, qualifier and unit",
             "time": "curated claims proposed with the right year and basis",
             "exclusions": "excluded numbers proposed with the curated reason",
             "accounted": "numbers of the sources accounted for"}
    out = []
    for name, goal in TARGETS.items():
        n, d = got[name]
        share = n / d if d else 0.0
        out.append(f"- {words[name]}: {100 * share:.1f}% (target {100 * goal:.0f}%: "
                   f"{'met' if share >= goal else 'missed'})")
    return "\n".join(out) + "\n"


def evaluate(paths: Paths | None = None) -> str:
    """The leave-one-out tables of the curated documents, as Markdown."""
    real = leave_one_out(paths)
    out = table(real, "document (left out)") + "\n" + targets(real) + "\nMetadata proposed as in sources.yml:\n\n"
    return out + metadata_table(real)


def report(paths: Paths | None = None) -> str:
    """:func:`evaluate`, then what drafting took (not part of the tables, which are reproducible)."""
    began = time.perf_counter()
    text = evaluate(paths)
    seconds = time.perf_counter() - began
    drafts = leave_one_out(paths, check=False)
    drafting = sum(s.seconds for s in drafts)
    return (text + f"\nDrafting the {len(drafts)} sources took {drafting:.2f} s "
            f"({1000 * drafting / max(len(drafts), 1):.0f} ms a source); the whole evaluation, with the build's "
            f"check of every draft, {seconds:.1f} s.\n")
