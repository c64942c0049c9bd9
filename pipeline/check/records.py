"""The rules of a document as a whole: its ids, its review states, its curated text, its ledger."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline.check import ledger
from pipeline.check.ledger import figure_of
from pipeline.check.rules import rule
from pipeline.core.load import check_text
from pipeline.core.records import Claim, columns
from schemas import ids

if TYPE_CHECKING:
    from pipeline.check.state import DocumentCheck

#: The fields two claims must share to be the same claim: every curated column but the id and the note.
_CONTENT = tuple(c.name for c in columns(Claim) if c.role == "curated" and c.name not in ("claim_id", "note"))


def _content(claim: Any) -> tuple:
    """What a claim says, with the fields the build fills when they are left empty filled as it fills them."""
    filled = {"figure": figure_of(claim) if claim.quote else claim.figure, "value_type": claim.value_type or "measured"}
    return tuple(filled[name] if name in filled else getattr(claim, name) for name in _CONTENT)


@rule("document", "bad-id", "duplicate-id", "duplicate-claim", "retired-id", "retired-id-foreign", step=10)
def record_ids(check: DocumentCheck) -> None:
    """Each id has the document's prefix and the record's letter; none is used twice or retired; no claim is
    another's twin; the document retires only ids of its own (whether they were ever published is a check across
    releases: :mod:`pipeline.check.releases`)."""
    doc = check.doc
    prefix = ids.prefix(doc.source)
    seen: dict[str, Any] = {}
    for kind, records_ in (("claim", doc.claims), ("honor", doc.honors)):
        for record in records_:
            ident = record.key
            parts = ids.parse(ident)
            if prefix is not None and (parts is None or parts.prefix != prefix
                                       or parts.letter != ids.LETTERS[kind] or parts.serial < 1):
                check.add(record, "id", "bad-id",
                          f"id {ident!r} should look like {ids.example(prefix, kind)}: the document's number, "
                          f"'{ids.LETTERS[kind]}' and a serial of at least {ids.WIDTH} digits")
            if ident in seen:
                other = seen[ident]
                check.add(record, "id", "duplicate-id", f"id {ident!r} is also used at {other.file}:{other.at}")
            seen.setdefault(ident, record)
    contents: dict[tuple, Any] = {}
    for claim in doc.claims:
        key = _content(claim)
        if key in contents:
            other = contents[key]
            check.add(claim, "id", "duplicate-claim",
                      f"claim is identical to {other.key} ({other.file}:{other.at}) but for its id")
        contents.setdefault(key, claim)
    for retired in doc.retired:
        parts = ids.parse(retired.id) if isinstance(retired.id, str) else None
        if prefix is not None and retired.id is not None and (
                parts is None or parts.prefix != prefix or parts.letter not in (ids.LETTERS["claim"],
                                                                                ids.LETTERS["honor"])):
            check.add(retired, "id", "retired-id-foreign",
                      f"{retired.id!r} is not an id of this document ({doc.source}): a document retires only its "
                      f"own claim and honour ids ({ids.example(prefix, 'claim')}, {ids.example(prefix, 'honor')}, "
                      "…); retire an id in the file of the document that published it")
        if retired.id in seen:
            check.add(seen[retired.id], "id", "retired-id",
                      f"id {retired.id!r} was withdrawn ({retired.file}:{retired.at}) and is never used "
                      "again; give the record a new id")


@rule("document", "unreviewed-entry", step=20)
def reviews(check: DocumentCheck) -> None:
    """Every drafted record is reviewed (see :data:`schemas.curation.REVIEW_STATES`): the document's claims,
    honours and exclusions, its source's entry in sources.yml, the metrics its claims use and the units of
    vocabulary.yml they count in."""
    doc, source = check.doc, check.doc.source

    def report(record: Any, key: str, what: str) -> None:
        state = record.review
        found = "proposed by `python -m pipeline draft`" if state == "proposed" else f"marked {state!r}"
        check.report(record.file, record.line_of("review"), key, "review", "unreviewed-entry",
                     f"{what} is {found} and not reviewed: check it against the source, correct it, then "
                     "change `review: proposed` to `review: accepted`")

    for record in (*doc.claims, *doc.honors):
        if record.review not in (None, "accepted"):
            report(record, record.key, f"{'claim' if isinstance(record, Claim) else 'honour'} at line "
                                       f"{record.line} of {source}")
    for entry in doc.excluded:
        if entry.review not in (None, "accepted"):
            report(entry, f"excluded:{entry.line}:{entry.text}", f"the exclusion of {entry.text!r} "
                                                                 f"(line {entry.line} of {source})")
    if check.meta is not None and check.meta.review not in (None, "accepted"):
        report(check.meta, check.meta.key, f"the metadata of {source} in sources.yml")
    for metric_id in dict.fromkeys(c.metric for c in doc.claims if isinstance(c.metric, str)):
        metric = check.context.metrics.get(metric_id)
        if metric is not None and metric.review not in (None, "accepted"):
            report(metric, metric.key, f"metric {metric_id!r} of metrics.yml")
    vocabulary = check.vocabulary
    for unit in dict.fromkeys(c.unit for c in doc.claims if isinstance(c.unit, str)):
        state = vocabulary.review("units", unit) if unit in vocabulary.sections["units"] else None
        if state not in (None, "accepted"):
            found = "proposed by `python -m pipeline draft`" if state == "proposed" else f"marked {state!r}"
            check.report(check.context.rel(check.context.paths.vocabulary), vocabulary.lines.get(("units", unit), 1),
                         unit, "review", "unreviewed-entry",
                         f"unit {unit!r} of vocabulary.yml is {found} and not reviewed: name it (its code and "
                         "label_en), or give its claims an existing unit, then change `review: proposed` to "
                         "`review: accepted`")


@rule("document", "control-character", "invisible-character", "formula-like-text", step=30)
def curated_text(check: DocumentCheck) -> None:
    """No curated text would act on or hide itself once published or printed (see check_text)."""
    doc = check.doc
    check_text((*doc.claims, *doc.honors, *doc.excluded, *doc.retired), check.problems)


@rule("document", *ledger.CODES, step=40)
def coverage(check: DocumentCheck) -> None:
    """Every number of the source is part of a claim or an honour, or excluded with a reason (the ledger)."""
    if check.lines is None:
        return
    check.mentions = ledger.account(check.doc, check.lines, check.vocabulary.sections["exclusion_reasons"],
                                    check.complete, check.suspect, check.problems,
                                    lambda record: id(record) in check.placed,
                                    tuple(check.vocabulary.claim_words))
