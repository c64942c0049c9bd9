"""Raw source → proposed metadata: title, date and its evidence, script, city, site, publisher, defects.

Each proposal names the lines it comes from (:class:`MetaProposal` ``lines``), so a reviewer checks it at once:

* **date**: a header line that prints it (发布时间:2022-03-17, "2016-06-06 08:49:54 来源:…", 发布时间：2024年1月,
  二〇二四年一月五日: :func:`pipeline.draft.page.header_date`), or a letter's signed date at the article's end →
  ``printed``, with the month where only the month and year are printed (published_date then empty); else the
  related-news links under the article: the year of the latest, ``inferred`` (an inferred date is a bound, never a
  day); else the latest year the text names, as the earliest the article can be (``inferred``);
* **title**: the last short line before the date line that is not a breadcrumb, a column or a site's name; else
  a short line the page repeats (above every photo); else none;
* **script**: traditional when a simplified copy (OpenCC t2s) changes more than 1% of the characters;
* **region**: the division of datasets/reference/regions.csv the page is about (:func:`place`): named on its
  header and title, spoken of as the text's own whole (全省, 我市, 全县), the common parent of the divisions it
  names, with a doubt when another scores about as high or the place rests on a name unique in China;
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
from pipeline.draft.lines import lines_of
from pipeline.draft.page import CN_YEAR, DATE, cn_year, header_date, iso, page_dates, signature, zones

_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年")
#: 今年 in a sentence that names the year before as the base of a year-on-year change (同比2022年同期): 今年 is the
#: year after it.
_FIXED = re.compile(r"今年[^。；;]{0,40}?(?:同比|较|比)((?:19|20)[0-9]{2})年同期"
                    r"|(?:同比|较|比)((?:19|20)[0-9]{2})年同期"
                    r"[^。；;]{0,40}?今年")


@dataclass
class MetaProposal:
    """The proposed metadata of a source, each field with the lines that support it."""

    file: str
    title: str | None = None
    published_date: str | None = None
    published_year: int | None = None
    #: the month of the article, where the page prints it (with or without the day)
    published_month: int | None = None
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

    @property
    def published(self) -> str | None:
        """The article's date as far as the page gives it (YYYY-MM-DD, or YYYY-MM when only the month is printed),
        for the rules of time (今年以来 runs to the article's month); None with no month."""
        if self.published_date:
            return self.published_date
        if self.published_year and self.published_month:
            return f"{self.published_year:04d}-{self.published_month:02d}"
        return None


def _ranges(numbers: list[int]) -> str:
    out, numbers = [], sorted(set(numbers))
    for n in numbers:
        if out and n == out[-1][1] + 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in out)


#: How much a mention of a division counts towards the report's place: its full name, a short name; on the
#: page's header or title line, three times as much.
_FULL, _SHORT, _HEAD = 2, 1, 3
_SCANNERS: dict[int, tuple[re.Pattern[str], dict[str, list[Region]]]] = {}


def _scanner(regions: Regions) -> tuple[re.Pattern[str], dict[str, list[Region]]]:
    """One pattern of every name of every division (longest first), and name → the divisions it names."""
    key = id(regions)
    if key not in _SCANNERS:
        names = {n: r for n, r in regions.by_name.items() if len(n) >= 2}
        pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
        _SCANNERS.clear()
        _SCANNERS[key] = (pattern, names)
    return _SCANNERS[key]


@dataclass(frozen=True)
class Mention:
    """A name of a division in the text: where, the name, and the divisions it may name."""

    line: int
    start: int
    end: int
    name: str
    regions: tuple[Region, ...]

    def full(self, region: Region) -> bool:
        return region.name_zh == self.name


def unique_names(found: list[tuple], texts: list[str], first_line: int = 1, head: int = 0) -> set[str]:
    """The divisions named by a full name of two characters (宾县, 礼县) that no other division of China has, where
    the name stands as a name: on the page's header or title (its first ``head`` lines), or opening a clause twice
    (宾县坚持…；宾县还…), and never as the start of 县级, 区级 (建成县级中心 names no 成县). A text that names such a
    county's city or province needs none of this (:func:`mentions`); this is how a county is found when its text
    names neither."""
    opening: Counter[str] = Counter()
    headed: set[str] = set()
    for number, start, end, name, named in found:
        if len(name) != 2 or len(named) != 1 or named[0].name_zh != name or named[0].level != "county":
            continue
        text = texts[number - first_line]
        if text.startswith("级", end):
            continue
        if number < first_line + head:
            headed.add(named[0].code)
        if start == 0 or text[start - 1] in "，,。；;：:！？ 　“（(":
            opening[named[0].code] += 1
    return headed | {code for code, n in opening.items() if n >= 2}


def mentions(texts: list[str], regions: Regions, first_line: int = 1, head: int = 0) -> list[Mention]:
    """Every name of a division in the texts (one per line, numbered from ``first_line``), longest first and none
    overlapping, with the divisions it can name *here*:

    * a full name of three characters or more (福州市, 郫都区, 张家川回族自治县) names its divisions, and so does a
      province's short name (福建, 四川, 广西);
    * any other name (a short name, 鼓楼 or 福州, or a full name of two characters, 成县) names a division only when
      the text also names the division by its full name, or names the division it lies in (the city of a county,
      the province of a city): 平安 names 平安区 of Qinghai only in a text that names 海东, 鼓楼 the 鼓楼区 of the
      city the text names, and 成县 (of 陇南) is not read in 建成县级中心 of a report on Gansu;
    * a county's full name of two characters that no other division of China has (宾县) names it where it stands
      as a name (:func:`unique_names`: in the page's first ``head`` lines, or opening two clauses).
    """
    pattern, names = _scanner(regions)
    found = []
    for number, text in enumerate(texts, start=first_line):
        for match in pattern.finditer(text):
            found.append((number, match.start(), match.end(), match.group(0), names[match.group(0)]))
    strong: set[str] = set()
    for _, _, _, name, named in found:
        for region in named:
            if (region.name_zh == name and len(name) >= 3) or (region.level == "province" and region.short == name):
                strong.add(region.code)
    strong |= unique_names(found, texts, first_line, head)
    named_codes = set(strong)
    changed = True
    while changed:
        changed = False
        for _, _, _, name, named in found:
            for region in named:
                if region.code in named_codes:
                    continue
                parent = regions.get(region.parent_code)
                if parent is not None and parent.code in named_codes and (
                        parent.level != "province" or region.level == "prefecture" or len(name) >= 3):
                    named_codes.add(region.code)
                    changed = True
    out = []
    for number, start, end, name, named in found:
        valid = tuple(r for r in named if r.code in named_codes)
        if len(valid) > 1:  # a city and its namesake county (长沙市, 长沙县): the short name is the city's
            valid = tuple(r for r in valid if not any(o is not r and regions.within(r.code, o.code) for o in valid))
        if len(valid) > 1:  # a name several divisions share: those whose province or city is named
            supported = tuple(r for r in valid if any(a.code in named_codes for a in regions.ancestors(r.code)[1:]))
            valid = supported or valid
        if valid:
            out.append(Mention(number, start, end, name, valid))
    return out


def _speaks(region: Region, texts: list[str], skip: re.Pattern[str]) -> int:
    """How often a text speaks of ``region`` as its own whole: 全X, 我X, 本X with X the last character of the
    division's name (全省, 我市, 全县, 本区, 全旗, 全州), except where the words are the set a rank ranks among
    (位列全省第一, 为全市最高, 在全省…中: ``skip`` matches what follows such a set)."""
    kind = region.name_zh[-1]
    count = 0
    for text in texts:
        for match in re.finditer(f"(?<![居列在])[全我本]{kind}", text):
            if not skip.match(text, match.end()):
                count += 1
    return count


def place(simple: list[str], regions: Regions, title: int | None = None, first_line: int = 1, head: int = 0,
          ranks: tuple[str, ...] = ()) -> tuple[Region | None, str | None]:
    """The division a report is about, and a doubt when the draft is unsure of it.

    Each division the text names scores its mentions (a full name 2, a short name 1; on the page's header, its
    first ``head`` lines, where the publisher, the site and the date stand, or on the title line, three times as
    much: the page names its place before the article does), and so does every division they lie in, which may
    not be named at all. To each the draft adds:

    * how often the article speaks of it as its own whole (:func:`_speaks`: 全省, 我市, 全县, 本区: the level a
      report speaks from), outside the sets of ranks (``ranks``: the claim words, 第, 排名, 中 after 全省);
    * the common parent's share: a division two or more of whose parts are named (a province and several of its
      cities, a city and several of its counties) gets half of what its parts score, since a province's or a
      city's report names many of its parts, which does not make it a part's report.

    The best score wins, the finer division on a tie. A name several divisions share counts for those whose
    province or city the text names too; when the best name is still one of several (鼓楼区, and no city named), no
    place is proposed and the doubt lists them. Another division scored about as high (not one the best lies in),
    or a place found only by its name being unique in China (宾县, with neither its city nor its province named),
    is a doubt too."""
    found = mentions(simple, regions, first_line, head)
    if not found:
        return None, None
    texts = simple[head:]
    own: dict[str, float] = {}
    shared: dict[str, tuple[Region, ...]] = {}
    for mention in found:
        weight = _HEAD if mention.line < first_line + head or (title is not None and mention.line == title) else 1
        for region in mention.regions:
            share = 1 / len(mention.regions)
            own[region.code] = own.get(region.code, 0) + (_FULL if mention.full(region) else _SHORT) * weight * share
            if len(mention.regions) > 1:
                shared[region.code] = mention.regions
    skip = re.compile("|".join(["第", "排名", "中", "前", *map(re.escape, ranks)]))
    candidates = {r.code for code in own for r in regions.ancestors(code)}
    scores: dict[str, float] = {}
    for code in candidates:
        region = regions.get(code)
        assert region is not None
        parts: dict[str, float] = {}
        for other, worth in own.items():
            line = [r.code for r in regions.ancestors(other)]
            if other != code and code in line:
                branch = line[line.index(code) - 1]  # the part of ``code`` that holds ``other``
                parts[branch] = parts.get(branch, 0) + worth
        common = 0.5 * sum(parts.values()) if len(parts) >= 2 else 0
        scores[code] = own.get(code, 0) + _speaks(region, texts, skip) + common

    def depth(code: str) -> int:
        return len(regions.ancestors(code))

    ranked = sorted(scores, key=lambda c: (scores[c], depth(c)), reverse=True)
    best = regions.get(ranked[0])
    assert best is not None
    ties = shared.get(best.code)
    if ties is not None and all(abs(scores.get(r.code, 0) - scores[best.code]) < 1e-9 for r in ties):
        listed = ", ".join(f"{r.name_zh} of {regions.ancestors(r.code)[-1].name_zh if depth(r.code) > 1 else ''}"
                           f"{'' if depth(r.code) < 3 else regions.ancestors(r.code)[1].name_zh} ({r.code})"
                           for r in ties)
        return None, (f"{best.name_zh} names several divisions and the text names none they lie in: {listed}; "
                      "give the code of the one the report is about")
    doubt = None
    named = {r.code for m in found for r in m.regions}
    if best.code in named and not any(a.code in named for a in regions.ancestors(best.code)[1:]) \
            and len(best.name_zh) == 2:
        doubt = (f"{best.name_zh} is read as {best.code} because no other division of China has that name; the text "
                 "names neither its city nor its province: check it")
    for code in ranked[1:]:
        rival = regions.get(code)
        if rival is None or regions.within(best.code, code):
            continue  # a division the best lies in
        inside = regions.within(code, best.code)
        if scores[code] >= (0.8 if inside else 0.5) * scores[best.code]:
            doubt = ((doubt + "; ") if doubt else "") + (
                f"{rival.name_zh} ({rival.code}) scores nearly as high ({scores[code]:g} against "
                f"{scores[best.code]:g}): check which place the report is about")
        break
    return best, doubt


def propose_metadata(file: str, text: str, vocabulary: Vocabulary, regions: Regions | None = None) -> MetaProposal:
    """A raw source's text → its proposed metadata (rules in the module docstring)."""
    meta = MetaProposal(file)
    lines = lines_of(text)
    body_start, footer = zones(lines)
    simple = [line.text for line in lines]
    # date
    for line in lines[: body_start - 1]:
        date = header_date(line.text)
        if date is not None:
            meta.published_date, meta.published_year, meta.published_month = date.iso, date.year, date.month
            meta.date_basis = "printed"
            meta.date_evidence = f'Line {line.number}: "{line.raw.strip()}".' + (
                "" if date.iso else " The page prints the year and month only, so the day is not known.")
            meta.lines["published_date"] = [line.number]
            break
    if meta.published_year is None:
        signed = {n: words for n, words in signature(lines, (body_start, footer)).items()
                  if page_dates(words) or CN_YEAR.search(words)}
        if signed:
            number, words = max(signed.items())
            dates = page_dates(words)
            meta.date_basis = "printed"
            meta.lines["published_date"] = [number]
            said = f'Line {number}: "{lines[number - 1].raw.strip()}"'
            if dates:
                date = dates[-1]
                meta.published_date, meta.published_year, meta.published_month = date.iso, date.year, date.month
                meta.date_evidence = f"{said} (the signature's date)." + (
                    "" if date.iso else " It gives the year and month only, so the day is not known.")
            else:
                meta.published_year = cn_year(words)
                meta.date_evidence = f"{said}: the signature prints the year only, so the day is not known."
    if meta.published_year is None:
        related = [(line.number, iso(match)) for line in lines[footer - 1:] for match in DATE.finditer(line.text)
                   if iso(match)]
        if related:
            days = sorted({day for _, day in related if day})
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
    if meta.published_year is None:
        for line in lines[body_start - 1: footer - 1]:
            fixed = _FIXED.search(line.text)
            if fixed:
                before = int(fixed.group(1) or fixed.group(2))
                meta.published_year = before + 1
                meta.lines["published_date"] = [line.number]
                meta.date_evidence = (f"No date is printed. Line {line.number} measures 今年 against the same period "
                                      f"of {before} (\"{fixed.group(0)}\"), so 今年 is {before + 1}: the article is "
                                      f"of {before + 1}; the day is not known.")
                break
    if meta.published_year is None:
        years = [(line.number, int(y)) for line in lines[body_start - 1: footer - 1]
                 for y in _YEAR.findall(line.text)]
        if years:
            latest = max(y for _, y in years)
            where = sorted({n for n, y in years if y == latest})
            meta.lines["published_date"] = where
            meta.date_evidence = (f"No date is printed, no dated link is on the page and nothing in the text fixes "
                                  f"its year. The latest year the text names is {latest} (line {_ranges(where)}): "
                                  f"the article is of {latest} or later, a bound and not a year, so published_year "
                                  "is left for the reviewer to give (from the page, if it can be found).")
        else:
            meta.date_evidence = ("No date is printed and the text names no year: published_year is left for the "
                                  "reviewer to give (from the page, if it can be found).")
    # title
    candidates = []
    head = lines[: body_start - 1] if body_start > 1 else []
    if not head:  # no date line: the lines before the first paragraph
        for line in lines:
            if len(line.text.strip()) > 60 or "。" in line.text:
                break
            head.append(line)
    for line in head:
        t = strip_debris(line.raw).strip()
        simple_t = line.text.strip()
        if 8 <= len(t) <= 40 and not re.search(r"[。>【，,；;]|位置|^[-•（(]|首页|〔.*〕.*号$"
                                                 r"|^[^：:]{0,6}(?:时间|日期|来源|作者|编辑)[:：]", simple_t) \
                and not DATE.search(simple_t) and \
                not simple_t.endswith((*rules.SITE_WORDS, "网站", "门户", "政府", "繁体版", "繁体")):
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
        title_line = meta.lines.get("title", [None])[0]
        region, meta.region_doubt = place(simple[: footer - 1], regions, title_line, head=max(body_start - 1, 0),
                                          ranks=tuple(vocabulary.claim_words))
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
