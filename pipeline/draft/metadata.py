"""Raw source → proposed metadata: title, date and its evidence, script, city, site, publisher, defects.

Each proposal names the lines it comes from (:class:`MetaProposal` ``lines``), so a reviewer checks it at once:

* **date**: a header line that prints it (发布时间:2022-03-17, "2016-06-06 08:49:54 来源:…") → ``printed``; else the
  related-news links under the article: the year of the latest, ``inferred`` (an inferred date is a bound, never a
  day); else the latest year the text names, as the earliest the article can be (``inferred``);
* **title**: the last short line before the date line that is not a breadcrumb, a column or a site's name; else
  a short line the page repeats (above every photo); else none;
* **script**: traditional when a simplified copy (OpenCC t2s) changes more than 1% of the characters;
* **region**: the division of datasets/reference/regions.csv the text names most (:func:`place`), with a doubt
  when another is named about as often;
* **site** and **publisher**: a first line ending in 网, a breadcrumb (…网>新闻中心), a 来源: on the date line;
* **defects**: pinyin readings after characters (``現(xiàn)``), ``?`` left for lost characters.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pipeline.check.regions import Region, Regions
from pipeline.check.vocabulary import Vocabulary
from pipeline.core.text import DEBRIS, strip_debris, to_simplified
from pipeline.draft import rules
from pipeline.draft.entries import zones
from pipeline.draft.lines import lines_of

_DATE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})-([0-9]{2})-([0-9]{2})(?![0-9])")
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年")


@dataclass
class MetaProposal:
    """The proposed metadata of a source, each field with the lines that support it."""

    file: str
    title: str | None = None
    published_date: str | None = None
    published_year: int | None = None
    date_basis: str = "inferred"
    date_evidence: str = ""
    script: str = "simplified"
    #: the place the report is about: a division's code (datasets/reference/regions.csv), its name, and what
    #: made the draft unsure of it (another division named about as often), if anything
    region: str | None = None
    region_name: str | None = None
    region_doubt: str | None = None
    site: str | None = None
    site_line: int | None = None
    publisher: str | None = None
    publisher_line: int | None = None
    defects: str | None = None
    #: field → the lines it comes from
    lines: dict[str, list[int]] = field(default_factory=dict)


def _ranges(numbers: list[int]) -> str:
    out, numbers = [], sorted(set(numbers))
    for n in numbers:
        if out and n == out[-1][1] + 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in out)


def place(simple: list[str], regions: Regions) -> tuple[Region | None, str | None]:
    """The division a report is about: the one its text names most often (a full name counts twice, a short name
    once; a name several divisions share counts for the one whose province or city the text also names), and a
    doubt when another is named about as often."""
    text = "\n".join(simple)
    scores: Counter[str] = Counter()
    for name, named in regions.by_name.items():
        if len(name) < 2 or name not in text:
            continue
        count = text.count(name)
        for region in named:
            full = region.name_zh == name
            scores[region.code] += count * (2 if full else 1)
    if not scores:
        return None, None

    def support(code: str) -> int:  # how often the divisions it lies in are named too
        return sum(scores.get(r.code, 0) for r in regions.ancestors(code)[1:])

    ranked = sorted(scores, key=lambda c: (scores[c], support(c), len(regions.ancestors(c))), reverse=True)
    best = regions.get(ranked[0])
    doubt = None
    rival = next((regions.get(c) for c in ranked[1:] if not regions.within(ranked[0], c)), None)
    if rival is not None and scores[rival.code] * 2 >= scores[best.code]:
        doubt = (f"{rival.name_zh} ({rival.code}) is named nearly as often ({scores[rival.code]} against "
                 f"{scores[best.code]}): check which place the report is about")
    return best, doubt


def propose_metadata(file: str, text: str, vocabulary: Vocabulary, regions: Regions | None = None) -> MetaProposal:
    """A raw source's text → its proposed metadata (rules in the module docstring)."""
    meta = MetaProposal(file)
    lines = lines_of(text)
    body_start, footer = zones(lines)
    simple = [line.text for line in lines]
    # date
    for line in lines[: body_start - 1]:
        match = _DATE.search(line.text)
        if match:
            meta.published_date, meta.published_year = match.group(0), int(match.group(1))
            meta.date_basis = "printed"
            meta.date_evidence = f'Line {line.number}: "{line.raw.strip()}".'
            meta.lines["published_date"] = [line.number]
            break
    if meta.published_year is None:
        related = [(line.number, match.group(0)) for line in lines[footer - 1:] for match in _DATE.finditer(line.text)]
        if related:
            days = sorted({day for _, day in related})
            numbers = [n for n, _ in related]
            meta.lines["published_date"] = sorted(set(numbers))
            meta.published_year = int(days[-1][:4])
            if len(days) == 1:  # an inferred date is a bound, not a day: only its year is proposed
                meta.date_evidence = (f"No date is printed, so the day is not known. Every related-news link under "
                                      f"the article (lines {_ranges(numbers)}) is dated {days[0]}: the article is "
                                      "of about then.")
            else:
                meta.date_evidence = (f"No date is printed. The related-news links are dated {days[0]} to {days[-1]} "
                                      f"(lines {_ranges(numbers)}), so the page is of {days[-1]} or a little later; "
                                      "the day is not known.")
        else:
            years = [(line.number, int(y)) for line in lines[body_start - 1: footer - 1]
                     for y in _YEAR.findall(line.text)]
            if years:
                latest = max(y for _, y in years)
                where = sorted({n for n, y in years if y == latest})
                meta.published_year = latest
                meta.lines["published_date"] = where
                meta.date_evidence = (f"No date is printed and no dated link is on the page. The latest year the "
                                      f"text names is {latest} (line {_ranges(where)}): the article is of {latest} "
                                      "or later; check the year against what the text reports.")
    # title
    candidates = []
    for line in lines[: max(body_start - 1, 1)]:
        t = strip_debris(line.raw).strip()
        if 8 <= len(t) <= 40 and not re.search(r"[。>:：]|位置|^[-•]", t) and not _DATE.search(t) and \
                not t.endswith(rules.SITE_WORDS):
            candidates.append(line)
    if candidates:
        meta.title = strip_debris(candidates[-1].raw).strip()
        meta.lines["title"] = [candidates[-1].number]
    else:
        counts = Counter(strip_debris(line.raw).strip() for line in lines[body_start - 1: footer - 1])
        repeated = [(n, t) for t, n in counts.items() if n >= 3 and 8 <= len(t) <= 40 and "。" not in t]
        if repeated:
            meta.title = max(repeated)[1]
            meta.lines["title"] = [line.number for line in lines if strip_debris(line.raw).strip() == meta.title]
    # script
    letters = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    changed = sum(1 for c in letters if to_simplified(c) != c)
    meta.script = "traditional" if letters and changed / len(letters) > 0.01 else "simplified"
    # the place
    if regions is not None:
        region, meta.region_doubt = place(simple[body_start - 1: footer - 1], regions)
        if region is not None:
            meta.region, meta.region_name = region.code, region.name_zh
            meta.lines["region"] = [i + 1 for i, t in enumerate(simple) if region.short in t][:12]
    # site and publisher
    for line in lines[: max(body_start - 1, 3)]:
        t = line.text.strip()
        crumb = re.search(r"([\u4e00-\u9fff]{2,8}网)\s*>", t)
        if meta.site is None and (crumb or (t.endswith("网") and len(t) <= 12)):
            meta.site = crumb.group(1) if crumb else t
            meta.site_line = line.number
        source = re.search(r"来源\s*[:：]\s*([\u4e00-\u9fff]{2,12})", t)
        if meta.publisher is None and source:
            meta.publisher = source.group(1)
            meta.publisher_line = line.number
    # defects
    debris = [line.number for line in lines if DEBRIS.search(line.raw)]
    lost = [line.number for line in lines if re.search(r"[\u4e00-\u9fff]\?|\?[\u4e00-\u9fff\s]|^\?$", line.raw)]
    defects = []
    if debris:
        defects.append(f"pinyin readings in brackets after some characters (lines {_ranges(debris)})")
        meta.lines["defects"] = debris
    if lost:
        defects.append(f'"?" for characters the page lost (lines {_ranges(lost)})')
        meta.lines.setdefault("defects", []).extend(lost)
    if defects:
        meta.defects = "; ".join(defects).capitalize() + "."
    return meta
