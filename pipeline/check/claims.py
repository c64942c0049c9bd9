"""The rules of a claim: its vocabulary, metric and unit; what was counted; its figure read again from its quote."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from pipeline.check import placement  # noqa: F401 - registers the rules that place a claim on its line
from pipeline.check.placement import sentence
from pipeline.check.rules import rule
from pipeline.core.numerals import FigureError, find_numbers
from pipeline.core.text import fold, to_simplified
from schemas.vocabulary import SINGLE_YEAR_BASES

if TYPE_CHECKING:
    from pipeline.check.state import DocumentCheck


def _metric(check: DocumentCheck, claim: Any) -> Any:
    return check.context.metrics.get(claim.metric) if claim.metric is not None else None


def _known(check: DocumentCheck, section: str, value: Any) -> bool:
    return value is not None and value in check.vocabulary.sections[section]


@rule("claim", "unknown-metric", "unknown-unit", "unknown-qualifier", "unit-not-metric-unit", "percent-out-of-range",
      step=10)
def metric_and_unit(check: DocumentCheck, claim: Any) -> None:
    """The metric is known, the unit and qualifier are codes of the vocabulary, the unit is the metric's."""
    metric = _metric(check, claim)
    if claim.metric is not None:
        check.metrics_read[claim.metric] = check.context.metric_digest(claim.metric)
    if claim.metric is not None and metric is None and check.context.metrics_whole:
        check.add(claim, "metric", "unknown-metric", f"metric {claim.metric!r} is not in metrics.yml")
    unit_ok = check.vocab(claim, "unit", "units", "unknown-unit")
    check.vocab(claim, "qualifier", "qualifiers", "unknown-qualifier")
    if metric is not None and unit_ok and metric.unit != claim.unit:
        check.add(claim, "unit", "unit-not-metric-unit",
                  f"unit {claim.unit!r} differs from the unit of metric {claim.metric!r}, {metric.unit!r}")
    if unit_ok and claim.unit == "percent" and claim.value is not None and not 0 <= claim.value <= 100:
        if metric is None or metric.kind != "change":
            check.add(claim, "value", "percent-out-of-range",
                      f"{claim.value}% is outside 0-100 and metric {claim.metric!r} is not a change")


@rule("claim", "unknown-value-type", "value-type-unmarked", "value-type-not-in-text", step=20)
def value_type(check: DocumentCheck, claim: Any) -> None:
    """A figure the sentence marks as an estimate or a target says so, and only such a figure."""
    vocabulary = check.vocabulary
    said = sentence(check, claim)
    kind = claim.value_type or "measured"
    if claim.value_type is not None and not check.vocab(claim, "value_type", "value_types", "unknown-value-type"):
        return
    if said is None:
        return
    for code in vocabulary.codes("value_types"):
        markers = vocabulary.markers("value_types", code)
        words = [w for w in markers if w in said]
        if code != kind and words:
            check.add(claim, "value_type", "value-type-unmarked",
                      f"the sentence of the quote says {words[0]}, which makes the figure a {code}; "
                      f"set value_type: {code}")
            return
        if code == kind and markers and not words:
            check.add(claim, "value_type", "value-type-not-in-text",
                      f"value_type {code} needs one of {', '.join(markers)} in the quote's sentence")


@rule("claim", "direction-missing", "direction-not-change", "unknown-direction", "direction-not-in-quote", step=20)
def direction(check: DocumentCheck, claim: Any) -> None:
    """A change says which way it went, in words of its quote; nothing else has a direction."""
    vocabulary = check.vocabulary
    metric = _metric(check, claim)
    kind = metric.kind if metric is not None else None
    way = claim.direction
    if kind == "change" and way is None:
        check.add(claim, "direction", "direction-missing", f"metric {claim.metric!r} is a change: say which way "
                  f"it went ({', '.join(vocabulary.codes('directions'))})")
    elif kind is not None and kind != "change" and way is not None:
        check.add(claim, "direction", "direction-not-change",
                  f"direction applies to changes only; metric {claim.metric!r} is a {kind}")
    elif way is not None and check.vocab(claim, "direction", "directions", "unknown-direction"):
        words = vocabulary.markers("directions", way)
        if claim.quote is not None and not any(w in to_simplified(claim.quote) for w in words):
            check.add(claim, "direction", "direction-not-in-quote",
                      f"the quote has no word of direction {way} ({', '.join(words)})")


@rule("claim", "comparison-set-missing", "comparison-set-not-rank", "unknown-comparison-set",
      "comparison-set-not-in-text", "comparison-set-above-region", step=20)
def comparison_set(check: DocumentCheck, claim: Any) -> None:
    """A rank says what it ranks among, in words of its sentence; nothing else has a comparison set."""
    vocabulary = check.vocabulary
    unit_ok = _known(check, "units", claim.unit)
    compared = claim.comparison_set
    if unit_ok and claim.unit == "rank" and compared is None:
        check.add(claim, "comparison_set", "comparison-set-missing",
                  f"a rank says what it ranks among: one of {', '.join(vocabulary.codes('comparison_sets'))}")
    elif unit_ok and claim.unit != "rank" and compared is not None:
        check.add(claim, "comparison_set", "comparison-set-not-rank", "comparison_set applies to ranks only")
    elif compared is not None and check.vocab(claim, "comparison_set", "comparison_sets", "unknown-comparison-set"):
        said = sentence(check, claim)
        region = claim.region_code or (check.meta.region_code if check.meta is not None else None)
        regions = check.context.regions
        words = vocabulary.markers("comparison_sets", compared)
        holder = regions.holder(region, compared) if region else None
        if holder is not None:  # the province or city may be named: 居福建首位 ranks among Fujian's cities
            words = [*words, *dict.fromkeys((holder.name_zh, holder.short))]
        if said is not None and not any(w in said for w in words):
            check.add(claim, "comparison_set", "comparison-set-not-in-text",
                      f"the quote's sentence names no {compared} set ({', '.join(words)})")
        if compared in ("province", "prefecture") and region is not None and regions.get(region) is not None \
                and (holder is None or holder.code == region):
            check.add(claim, "comparison_set", "comparison-set-above-region",
                      f"a rank among the divisions of a {compared} ranks a region inside one; region {region} "
                      f"({regions.get(region).name_zh}) is not inside a {compared}: give the claim the region the "
                      "rank is of")


@rule("claim", "unknown-reference", step=20)
def honour_counted(check: DocumentCheck, claim: Any) -> None:
    """A count of an award names an honour of the same document."""
    if claim.honor_id is not None and claim.honor_id not in {h.honor_id for h in check.doc.honors} \
            and check.complete:
        check.add(claim, "honor_id", "unknown-reference",
                  f"honor_id {claim.honor_id!r} names no honour of this document")


@rule("claim", "figure-unparsed", "figure-not-in-quote", "value-mismatch", "qualifier-mismatch", "unit-mismatch",
      "claim-word-mismatch", step=60)
def figure(check: DocumentCheck, claim: Any) -> bool:
    """The figure stands in the quote, and its value, qualifier and measure word are the claim's (a claim word,
    such as 首位 or 全覆盖, gives its value and unit from the vocabulary)."""
    figure_text = claim.figure
    if figure_text is None:
        numbers = find_numbers(claim.quote)
        if len(numbers) != 1:
            check.add(claim, "quote", "figure-unparsed",
                      f"the quote holds {len(numbers)} numbers; name the one meant in `figure`")
            check.complete = False
            return False
        figure_text = claim.quote[numbers[0].start:]
    elif figure_text not in claim.quote:
        check.add(claim, "figure", "figure-not-in-quote", f"figure {figure_text!r} is not in the quote")
        check.complete = False
        return False
    word = check.vocabulary.claim_words.get(to_simplified(figure_text))
    if word is not None:
        if word.get("value") is None:
            check.add(claim, "figure", "claim-word-mismatch",
                      f"{figure_text!r} gives no exact value ({word['label_en']}): it is excluded, not a claim")
        elif claim.value != word["value"] or (word.get("unit") and claim.unit != word["unit"]) \
                or claim.qualifier != "exact":
            check.add(claim, "value", "claim-word-mismatch",
                      f"{figure_text!r} reads as {word['value']:g} {word.get('unit') or ''}, exact; the claim has "
                      f"{claim.value:g} {claim.unit}, {claim.qualifier}".replace("  ", " "))
        return True
    try:
        read = check.vocabulary.read_figure(figure_text, check.grammar)
    except FigureError as err:
        check.add(claim, "figure", "figure-unparsed", f"figure {figure_text!r}: {err}")
        check.complete = False
        return False
    if claim.value is not None and not math.isclose(read.value, claim.value, rel_tol=1e-12):
        check.add(claim, "value", "value-mismatch",
                  f"the quote says {figure_text!r} = {read.value:g}, but value is {claim.value:g}")
    if _known(check, "qualifiers", claim.qualifier) and read.qualifier != claim.qualifier:
        check.add(claim, "qualifier", "qualifier-mismatch",
                  f"{figure_text!r} reads as {read.qualifier!r}, but qualifier is {claim.qualifier!r}")
    if _known(check, "units", claim.unit):
        measures = check.vocabulary.measures[claim.unit]
        if read.measure not in measures:
            check.add(claim, "unit", "unit-mismatch",
                      f"{figure_text!r} counts in {read.measure!r}, which is not a measure of unit "
                      f"{claim.unit!r} ({', '.join(measures)})")
    return True


@rule("claim", "compared-with-not-change", "unknown-comparison-base", "compared-with-not-in-text", step=20)
def compared_with(check: DocumentCheck, claim: Any) -> None:
    """A change's base (a year, or a base of the vocabulary: 较上年, 同比) is named in its sentence; only a change
    has one."""
    base = claim.compared_with
    if base is None:
        return
    metric = _metric(check, claim)
    if metric is not None and metric.kind != "change":
        check.add(claim, "compared_with", "compared-with-not-change",
                  f"compared_with applies to changes only; metric {claim.metric!r} is a {metric.kind}")
        return
    said = sentence(check, claim)
    if base.isdigit():
        if said is not None and base not in fold(said):
            check.add(claim, "compared_with", "compared-with-not-in-text",
                      f"the quote's sentence does not name the year {base} that the change is measured against")
        return
    if base not in check.vocabulary.sections["comparison_bases"]:
        check.add(claim, "compared_with", "unknown-comparison-base",
                  f"compared_with {base!r} is neither a year nor one of: "
                  f"{', '.join(check.vocabulary.codes('comparison_bases'))}")
        return
    words = check.vocabulary.markers("comparison_bases", base)
    if said is not None and not any(w in said for w in words):
        check.add(claim, "compared_with", "compared-with-not-in-text",
                  f"the quote's sentence has no word of {base} ({', '.join(words)})")


#: Words of part of a year: months, quarters, halves, "since the start of the year".
_PART_OF_YEAR = ("月", "季度", "半年", "以来", "年初")


@rule("claim", "months-without-year", "months-reversed", "months-not-in-evidence", step=45)
def months(check: DocumentCheck, claim: Any) -> None:
    """A figure over part of a year has that year, its months run forward, and its evidence names the part."""
    start, end = claim.month_start, claim.month_end
    if start is None and end is None:
        return
    if claim.year_basis not in SINGLE_YEAR_BASES or claim.year is None:
        check.add(claim, "month_start" if start is not None else "month_end", "months-without-year",
                  "months are a part of one year: give the year (stated, relative or current) they are of")
    if start is None or (end is not None and end < start):
        check.add(claim, "month_end" if start is not None else "month_start", "months-reversed",
                  f"the months run from {start} to {end}: give the first month, and a last one not before it")
    evidence = to_simplified(claim.year_evidence or "")
    if not any(word in evidence for word in _PART_OF_YEAR):
        check.add(claim, "year_evidence", "months-not-in-evidence",
                  f"year_evidence {claim.year_evidence!r} names no part of the year ({', '.join(_PART_OF_YEAR)})")
