"""The time a figure refers to: the time expressions of a report, and which of them governs each figure.

Every rule reads the simplified working copy (:class:`pipeline.draft.lines.Line`) and returns spans in it, so the
evidence is cut verbatim from the raw line. The words of relative and current time are the vocabulary's
(``year_basis``: relative markers with the years they go back, current markers), so a word added there is read
without a change here. The rules, each with the forms it reads:

1. **A stated year** (2019年, 2019年4月, 2022年初, 截至2022年底) → ``stated``. A year after 于 (成立于2017年)
   dates an event, not a figure, and is skipped.
2. **A span**: X年至Y年, 从X年到Y年, X—Y年度, X年、Y年 → ``period``; X年度 → the period of that one year (a
   claim's is ``stated``). 同期 after a span ("2018年至2022年…；同期，…") is that span again.
3. **Since a start**: 自X年…以来, X年至今 → ``since``, to the article's year; X年起 / 自X年开始 → a start: a
   period of N years when a streak 连续N年 follows it, else ``since``.
4. **Relative to the article**: 今年, 去年, 前年, 今年以来 … (the vocabulary's relative markers) → ``relative``,
   resolved against the article's year. With no year for the article (a report that prints no date and whose
   text fixes none) the basis stays ``relative`` and the year is left empty, with a note.
5. **Current**: 目前, 如今, 现有, 截至目前, 截至6月底 … (the vocabulary's current markers of two characters or
   more; 已 and 至今 alone date nothing) → ``current``, dated to the article's year. Only a stock is current (what
   exists at the article's date: 目前有网格员2100名, 现有调解室46个, 如今建成230个, a stock's share: 网格全覆盖): a
   streak, a rank, a change, a score or a rate under a current word (现如今…连续22年居福建首位, 如今…调解成功率99.9%)
   is of the completed time it was measured over, which the text does not give, so the claim is ``unstated``
   with the word kept as its evidence (:meth:`pipeline.draft.entries._Drafter._not_a_stock`).
6. **Part of a year** (:data:`PARTS`): 1至5月, 1—10月, 一季度, 上半年, 前三季度, 今年以来 … keep their months
   (``month_start``, ``month_end``) with the year they are of: 今年1至5月 is relative, 2023年1—8月 stated. 今年以来
   runs from January to the month of the article when the page prints its month (with or without the day), else
   its last month is left open. A part with no year of its own (上半年，全市…) is of the year that the nearest
   earlier expression with a year gives to a part of a year (今年上半年 two lines up), whose words are its
   evidence; with none, of the article's year, said in a note. 去年同期 is the same part of the year before.
7. **A base of change is not a time**: 同比, 同比2021年, 较上年, 较2021年, 较去年同期, 与2019年相比 name what a
   change is measured against (:meth:`Times.base`: ``compared_with``), never the figure's time, which stays the
   report's period: in "2022年，全省刑事案件立案数同比2021年下降11.8%" the figure is of 2022. 同比 alone is
   ``same_period_previous_year``; 较上年 ``previous_year`` (the vocabulary's comparison bases); a written year is
   that year; 较前年 is the year two before the article's, and since the build reads only a written year, the
   draft proposes it in a note.
8. **No time**: 近年来, 多年来, 每年, 以前, 连续多年 … (:data:`UNDATED`) → ``unstated``, kept as evidence.
9. **A named period** (扫黑除恶专项斗争期间, 试点建设工作启动以来): the same name, or the longest common part of it,
   stated with years on another line of the article (:func:`named`).

**Which expression governs a figure** (:func:`governing`): the nearest one before it in its sentence that either
stands in the figure's own clause or closes a clause of its own ("2021年,", "近年来,", "自2011年成立以来,"), so an
opening time clause dates every clause of its sentence: "去年，破获A起，找回B名" dates both figures. A year inside
another quoted title dates only that title. Where nothing in the sentence governs (:meth:`Times.of`):

* a line that breaks the figures before it down by place (分区县看, 分市州看, 从各地情况看 …) has the time of the line
  before it;
* a report that states the period it reports on (通报2022年全市公安工作情况, 现将2023年1—8月…情况通报如下,
  介绍…情况) dates every figure that has no time of its own by that period, the evidence on that line;
* else a named period (rule 9), else no time (``unstated``): a figure is never dated to the article by default.

**A streak** (连续三年, 连续四届: :meth:`Times.streak`) ends at the latest year the text gives it, never the
article's year by default: a start (2013年起…连续9年: 2013–2021), a span of as many years that governs it
(2018年至2022年…连续五年), an end in its own clause (截至今年已连续5年). A current word that governs it (现如今…
连续22年) does not end it: a streak counts completed years and is no stock (rule 5). A time told in another clause
of its sentence, across a semicolon, does not end it. With none of these the streak has no year, and a note says
so.

**The article's date is a bound when it is inferred**: every relative, current or since figure resolved against
an inferred year says so in a note (:meth:`Times.note`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property

from pipeline.check.vocabulary import Vocabulary
from pipeline.draft.lines import Line

#: Words that say the text gives no time for a figure (the year stays empty; the words are kept as evidence).
UNDATED = ("近年来", "多年来", "近几年", "一直以来", "长期以来", "连续多年", "以前", "此前", "每年", "常年", "历年")
_Y = r"((?:19|20)[0-9]{2})"
_CNUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
         "十一": 11, "十二": 12}
_MONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
#: The parts of a year that a report's figures cover, as patterns of the working copy → (first month, last
#: month); a group ``a``/``b`` stands for a month written in the text, ``n`` for a number of months.
PARTS: tuple[tuple[str, tuple[int | str, int | str]], ...] = (
    (rf"(?P<a>{_MONTH})(?:月份?)?[至到—–\-~～－](?P<b>{_MONTH})月份?", ("a", "b")),
    (r"前三季度", (1, 9)),
    (r"前两个?季度|前二季度", (1, 6)),
    (r"(?:第一|一)季度", (1, 3)),
    (r"(?:第二|二)季度", (4, 6)),
    (r"(?:第三|三)季度", (7, 9)),
    (r"(?:第四|四)季度", (10, 12)),
    (r"上半年", (1, 6)),
    (r"下半年", (7, 12)),
    (r"前(?P<n>[0-9]{1,2}|十[一二]?|[一二三四五六七八九])个月", (1, "n")),
)
_PART = "(?:" + "|".join(f"(?:{re.sub(r'[(][?]P<[a-z]+>', '(?:', p)})" for p, _ in PARTS) + ")"
_STOP = r"[，,。；;：:！？!?]"
_SINCE = re.compile(rf"(?:自|从)?{_Y}年(?:[0-9]{{1,2}}月)?(?:[^，,。；;：:！？“”]{{0,30}}?以来|至今)")
_FROM = re.compile(rf"(?:自|从)?{_Y}年(?:[0-9]{{1,2}}月)?(?:起|开始)")
_PERIOD = re.compile(rf"(?:自|从)?{_Y}年?(?:[至到—–\-~～]|－){_Y}年(?:度)?")
_LIST = re.compile(rf"{_Y}年(?:、{_Y}年)+")
_YEAR_OF = re.compile(rf"{_Y}年度")
_STATED = re.compile(rf"{_Y}年(?:全年|{_PART}|年初|年底|年末|初|底|末|[0-9]{{1,2}}月(?:[0-9]{{1,2}}日)?)?")
_UNTIL = re.compile(rf"截至(?:(?P<now>目前|今年|去年)|{_Y}年)?(?:(?P<m>[0-9]{{1,2}})月)?(?:底|末|初)?")
_BARE_PART = re.compile(_PART)
#: A base of change: what a change is measured against (never the figure's time).
_BASE = re.compile(rf"同比(?:{_Y}年)?(?:同期)?|(?:较|比)(?:{_Y}年|上年|去年|前年|上一年)(?:同期)?"
                   rf"|与(?:{_Y}年|上年|去年|前年|上一年)(?:同期)?相比")
_SAME = re.compile(r"(?<![去上年])同期")
_STREAK = re.compile(r"连续([0-9]+|[一二两三四五六七八九十]+)(年|届|次)")
_NAMED = re.compile(r"([^，,。；;：:！？“”‘’\s]{2,24}?)(?:期间|启动以来|开展以来|实施以来|推进以来|以来)")
_CLOSE = set("，,；;：:。！？!?")
#: Words ending in 于 that do not make the year after them an event's date (关于2023年…的通报).
_NOT_EVENT = ("关于", "对于", "由于", "至于", "鉴于", "基于", "属于", "等于", "在于", "相对于")
_QUOTES = (("“", "”"), ("‘", "’"), ("「", "」"))
_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
#: Words that open a line breaking the figures before it down by place.
BREAKDOWN = re.compile(r"^\s*(?:分[^，,。]{1,6}看|从各[^，,。]{1,6}(?:情况|来)看|分地区看|具体来看|各[区县市]中)")
#: Words of a report that states the period it reports on.
_SCOPE = re.compile(r"(?:通报|介绍|总结|报告|现将|发布)")


def _month(text: str | None) -> int | None:
    if text is None:
        return None
    return int(text) if text.isdigit() else _CNUM.get(text)


def part_months(text: str, published_month: int | None = None) -> tuple[int | None, int | None] | None:
    """The months of a part of a year named at the start of ``text`` (1至5月 → 1, 5; 上半年 → 1, 6; 今年以来 →
    January to the article's month, or open), or None."""
    if text.startswith(("今年以来", "年初以来", "本年以来")):
        return 1, published_month
    for pattern, (first, last) in PARTS:
        match = re.match(pattern, text)
        if match is None:
            continue
        groups = match.groupdict()
        a = _month(groups.get(first)) if isinstance(first, str) else first
        b = _month(groups.get(last)) if isinstance(last, str) else last
        if a is not None and b is not None and 1 <= a <= b <= 12:
            return a, b
    return None


@dataclass(frozen=True)
class When:
    """A time expression: where it stands (working span of a line) and the time it gives."""

    line: int
    start: int
    end: int
    #: stated, relative, current, period, since, from (a start), unstated; part (months with no year), same (同期:
    #: the span named before it), base (what a change is measured against: not a time)
    basis: str
    year: int | None = None
    period_start: int | None = None
    period_end: int | None = None
    month_start: int | None = None
    month_end: int | None = None
    #: 去年同期: the same part of the year as the figures around it
    same_part: bool = False
    note: str | None = None

    def dates(self) -> bool:
        return self.basis not in ("current", "unstated", "base", "part", "same")

    @property
    def months(self) -> tuple[int | None, int | None]:
        return self.month_start, self.month_end


def _streak(text: str) -> int | None:
    match = _STREAK.search(text)
    return number(match.group(1)) if match else None


def number(text: str) -> int | None:
    """A small whole number in digits or Chinese numerals (12, 十二, 两)."""
    if text.isdigit():
        return int(text)
    if len(text) == 1:
        return _CN.get(text)
    if text[0] == "十":
        return 10 + _CN.get(text[1], 0)
    if len(text) == 2 and text[1] == "十":
        return _CN.get(text[0], 0) * 10
    if len(text) == 3 and text[1] == "十":
        return _CN.get(text[0], 0) * 10 + _CN.get(text[2], 0)
    return None


def expressions(line: Line, vocabulary: Vocabulary, year: int | None, published_month: int | None = None
                ) -> list[When]:
    """Every time expression of a line, left to right, none overlapping (the earlier rule wins)."""
    text, found = line.text, []

    def add(start: int, end: int, **time: object) -> None:
        if any(not (end <= w.start or start >= w.end) for w in found):
            return
        skip = int(time.pop("skip", 0))  # type: ignore[call-overload]
        if start > 0 and text[start - 1] == "于" and time.get("basis") == "stated" \
                and text[max(0, start - 2):start] not in _NOT_EVENT:
            return  # 成立于2017年: the date of an event (关于2023年…: not)
        months = part_months(text[start + skip:end], published_month) \
            if time.get("basis") in ("stated", "relative", "part") else None
        if months is not None and "month_start" not in time:
            time["month_start"], time["month_end"] = months
        found.append(When(line.number, start, end, **time))  # type: ignore[arg-type]

    def back(years: int) -> int | None:
        return year - years if year else None

    for m in _BASE.finditer(text):
        add(m.start(), m.end(), basis="base")
    for m in _UNTIL.finditer(text):
        if m.group("now") == "目前" or (m.group("now") is None and m.group(2) is None and m.group("m")):
            add(m.start(), m.end(), basis="current", year=year)
        elif m.group("now") in ("今年", "去年"):
            add(m.start(), m.end(), basis="relative", year=back(0 if m.group("now") == "今年" else 1))
        elif m.group(2):
            add(m.start(), m.end(), basis="stated", year=int(m.group(2)))
    for m in _PERIOD.finditer(text):
        add(m.start(), m.end(), basis="period", period_start=int(m.group(1)), period_end=int(m.group(2)))
    for m in _LIST.finditer(text):
        years = [int(y) for y in re.findall(_Y, m.group(0))]
        add(m.start(), m.end(), basis="period", period_start=min(years), period_end=max(years))
    for m in _SINCE.finditer(text):
        add(m.start(), m.end(), basis="since", period_start=int(m.group(1)), period_end=year)
    for m in _FROM.finditer(text):
        add(m.start(), m.end(), basis="from", period_start=int(m.group(1)), period_end=year)
    for m in _YEAR_OF.finditer(text):
        add(m.start(), m.end(), basis="period", period_start=int(m.group(1)), period_end=int(m.group(1)))
    for m in _STATED.finditer(text):
        if m.start() > 0 and text[m.start() - 1].isdigit():
            continue
        add(m.start(), m.end(), basis="stated", year=int(m.group(1)), skip=5)
    markers = sorted(vocabulary.relative_markers.items(), key=lambda kv: (-len(kv[0]), kv[0] == "全年"))
    within = (rf"(?:全年|同期|{_PART}|[0-9]{{1,2}}(?:月份?(?:[0-9]{{1,2}}日)?)"
              r"(?:[上下]午)?(?:[0-9]{1,2}时许?)?)?")
    for marker, years in markers:
        for m in re.finditer(r"(?<![今去前明本年])" + re.escape(marker) + within, text):
            rest = text[m.start() + len(marker):m.end()]
            skip = len(marker) if not marker.endswith("以来") else 0
            add(m.start(), m.end(), basis="relative", year=back(int(years)), same_part=rest == "同期", skip=skip)
    for m in _BARE_PART.finditer(text):
        add(m.start(), m.end(), basis="part")
    for word in UNDATED:
        for m in re.finditer(re.escape(word), text):
            add(m.start(), m.end(), basis="unstated")
    for marker in sorted((w for w in vocabulary.current_markers if len(w) > 1 and w != "至今"), key=len,
                         reverse=True):
        for m in re.finditer(re.escape(marker), text):
            add(m.start(), m.end(), basis="current", year=year)
    for m in _SAME.finditer(text):
        add(m.start(), m.end(), basis="same")
    return sorted(found, key=lambda w: w.start)


def _quoted(text: str, index: int) -> tuple[int, int] | None:
    """The span of the quotation that ``index`` stands in, if any."""
    for left, right in _QUOTES:
        start = text.rfind(left, 0, index)
        if start >= 0 and text.rfind(right, start, index) < 0:
            end = text.find(right, index)
            return start, end + 1 if end >= 0 else len(text)
    return None


def governing(line: Line, found: list[When], index: int, every: list[When] | None = None) -> When | None:
    """The expression that dates a figure starting at working ``index`` (rules in the module docstring); 同期 is
    the span named before it among ``every`` expression of the line (default: ``found``)."""
    text = line.text
    sentence_start, _ = line.sentence(index)
    inside = _quoted(text, index)
    best = None
    for when in found:
        if when.end > index or when.start < sentence_start or when.basis == "base":
            continue
        quoted = _quoted(text, when.start)
        if quoted is not None and quoted != inside and quoted[1] <= index:
            continue  # a year inside another quoted title dates only that title
        if best is not None and best.basis in ("since", "from") and when.basis == "current":
            continue  # 自2011年成立以来…目前已处置: a total since a start, up to now
        best = when
    if best is not None and best.basis == "same":
        before = [w for w in (every or found) if w.end <= best.start and w.basis in ("period", "stated", "relative")]
        return replace(before[-1], start=before[-1].start, end=before[-1].end) if before else None
    return best


def resolve(when: When | None, sentence: str) -> When | None:
    """A start (``from``) as a period (with a streak 连续N年 in the sentence) or as a total since its start."""
    if when is None or when.basis != "from":
        return when
    streak = _streak(sentence)
    if streak and when.period_start is not None:
        return replace(when, basis="period", period_end=when.period_start + streak - 1)
    return replace(when, basis="since")


def named(line: Line, index: int, lines: list[Line], vocabulary: Vocabulary, year: int | None) -> When | None:
    """A named period before ``index`` in its sentence, dated by another line of the article, or None.

    The name (the words before 期间 / 启动以来 / 以来 that hold no year) is looked up in the other lines: the line
    that shares the longest part of it (at least four characters) and states a period, a start or a year gives
    the time; when the line that first names it states none, a year that opens the paragraph before it does
    (an action told to begin "2019年年初" and named in the next paragraph).
    """
    text = line.text
    start, _ = line.sentence(index)
    for match in _NAMED.finditer(text, start, index):
        name = match.group(1)
        if re.search(_Y, name) or name.endswith(("今年", "年初", "本年")):
            continue
        since = not text.startswith("期间", match.end(1))
        best: tuple[int, When] | None = None
        first_naming: Line | None = None
        for other in lines:
            if other.number == line.number:
                continue
            common = _common(name, other.text)
            if common < 4:
                continue
            if first_naming is None:
                first_naming = other
            dated = [w for w in expressions(other, vocabulary, year) if w.dates()]
            for when in dated:
                if best is None or common > best[0]:
                    best = (common, when)
        if best is None and first_naming is not None:
            before = [x for x in lines if x.number < first_naming.number and x.text.strip()]
            if before:
                opening = [w for w in expressions(before[-1], vocabulary, year) if w.start == 0 and w.dates()]
                if opening:
                    best = (0, opening[0])
        if best is None:
            continue
        when = best[1]
        start_year = when.period_start if when.period_start is not None else when.year
        if start_year is None:
            continue
        if since:
            return When(when.line, when.start, when.end, "since", period_start=start_year, period_end=year)
        end_year = when.period_end if when.period_end is not None else start_year
        return When(when.line, when.start, when.end, "period", period_start=start_year, period_end=end_year)
    return None


def _common(a: str, b: str) -> int:
    """The length of the longest common substring of two short texts."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


class Times:
    """The time expressions of one report and the rules that date its figures (the module docstring)."""

    def __init__(self, lines: list[Line], vocabulary: Vocabulary, year: int | None, published: str | None,
                 date_basis: str | None, body: tuple[int, int]) -> None:
        self.lines = lines
        self.vocabulary = vocabulary
        self.year = year or None
        self.published_month = int(published[5:7]) if published and re.fullmatch(r"[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?",
                                                                               published) else None
        self.inferred = date_basis == "inferred" and self.year is not None
        self.body = body
        self.found = {line.number: expressions(line, vocabulary, self.year, self.published_month) for line in lines}

    def _in_body(self, number: int) -> bool:
        return self.body[0] <= number < self.body[1]

    @cached_property
    def scope(self) -> When | None:
        """The period a report says it reports on (通报2022年全市公安工作情况), on one of its first lines."""
        for line in self.lines:
            if not self._in_body(line.number) or line.number > self.body[0] + 3:
                continue
            for match in _SCOPE.finditer(line.text):
                sentence = line.text[match.end():match.end() + 30]
                stop = re.search(_STOP, sentence)
                window = sentence[:stop.start()] if stop else sentence
                if "情况" not in window:
                    continue
                for when in self.found[line.number]:
                    if match.end() <= when.start < match.end() + len(window) and when.dates():
                        return when
        return None

    def _year_for_part(self, part: When) -> When | None:
        """The expression that gives a part of a year (上半年) its year: the nearest earlier one with a year and
        months (今年上半年), else the nearest with the same months anywhere."""
        earlier = [w for n in range(part.line, 0, -1) for w in reversed(self.found.get(n, []))
                   if (n < part.line or w.end <= part.start) and w.basis in ("relative", "stated")
                   and w.month_start is not None and not w.same_part]
        later = [w for n in sorted(self.found) for w in self.found[n]
                 if w.basis in ("relative", "stated") and w.months == part.months and not w.same_part]
        return (earlier or later or [None])[0]

    def _settle(self, when: When) -> When:
        """A part of a year with the year it is of; 去年同期 with its months."""
        if when.basis == "part":
            giver = self._year_for_part(when)
            if giver is not None:
                return replace(giver, month_start=when.month_start, month_end=when.month_end)
            return replace(when, basis="relative", year=self.year,
                           note="the text names no year for this part of a year: the article's year is taken")
        return when

    def _current_part(self, number: int) -> When | None:
        """The part of a year that the figures around line ``number`` are of (for 去年同期)."""
        for n in range(number, 0, -1):
            for w in reversed(self.found.get(n, [])):
                if w.basis in ("relative", "stated", "part") and w.month_start is not None and not w.same_part:
                    return w
        return None

    def of(self, line: Line, index: int) -> When | None:
        """The time of a figure at working ``index`` of ``line`` (rules in the module docstring)."""
        when = governing(line, self.found[line.number], index)
        start, end = line.sentence(index)
        when = resolve(when, line.text[start:end])
        if when is not None:
            return self._settle(when)
        found = named(line, index, self.lines, self.vocabulary, self.year)
        if found is not None:
            return found
        if BREAKDOWN.match(line.text):
            before = [x for x in self.lines if x.number < line.number and self._in_body(x.number) and x.mentions]
            for previous in reversed(before):
                first = next((s for _, s, _ in previous.mentions if not any(
                    w.start <= s < w.end for w in self.found[previous.number])), len(previous.text))
                opening = governing(previous, self.found[previous.number], first)
                if opening is not None and opening.basis not in ("unstated", "base"):
                    return self._settle(opening)
                break
        if self.scope is not None and self.scope.line != line.number:
            return self._settle(self.scope)
        return None

    def streak(self, line: Line, index: int, years: int, terms: bool = False) -> When | None:
        """The time of a streak of ``years`` years (or, ``terms``, of awards: 连续四届, 连续四次) at working
        ``index`` (rules in the module docstring): a period, a current time, the year of the latest award, or None
        (no year: the text gives none it ends at)."""
        text = line.text
        clause_start, _ = line.clause(index, index)
        sentence_start, _ = line.sentence(index)
        semicolon = max(text.rfind("；", sentence_start, index), text.rfind(";", sentence_start, index))
        found = [w for w in self.found[line.number] if w.end <= index and w.start >= max(sentence_start,
                                                                                        semicolon + 1)]
        when = governing(line, found, index, self.found[line.number])
        if when is None:
            return None
        if when.basis == "from" and when.period_start is not None:
            return replace(when, basis="period", period_end=when.period_start + years - 1)
        if when.basis == "period" and when.period_start is not None and when.period_end is not None \
                and when.period_end - when.period_start + 1 == years:
            return when
        if when.basis == "current":
            return None if terms else when
        if terms and when.basis in ("stated", "relative") and when.year is not None \
                and not text[clause_start:index].endswith("在"):
            return when  # 2021年…连续四次捧回: the latest of the awards is of 2021
        if when.basis in ("relative", "stated") and when.year is not None and text[when.start:when.start + 2] == "截至":
            return When(when.line, when.start, when.end, "period", period_start=when.year - years + 1,
                        period_end=when.year)
        return None

    def base(self, line: Line, index: int) -> tuple[str | None, str | None]:
        """What a change at working ``index`` is measured against: (compared_with, a note), from the base word
        nearest before it in its sentence (rule 7)."""
        start, _ = line.sentence(index)
        bases = [w for w in self.found[line.number] if w.basis == "base" and start <= w.start and w.end <= index]
        if not bases:
            return None, None
        word = line.text[bases[-1].start:bases[-1].end]
        year = re.search(_Y, word)
        if year:
            return year.group(1), None
        for code in self.vocabulary.codes("comparison_bases"):
            if any(m in word for m in self.vocabulary.markers("comparison_bases", code)):
                if code == "previous_year" and "同期" in word:
                    continue
                return code, None
        if "同期" in word:
            return "same_period_previous_year", None
        if "前年" in word and self.year:
            return None, f"measured against {self.year - 2} (前年, two years before the article): the build " \
                         "reads a base only as a year the sentence writes, so it is left to the reviewer"
        return None, None

    def note(self, when: When | None) -> str | None:
        """What a reviewer should know of a time: that it rests on an inferred or unknown date."""
        if when is None:
            return None
        notes = [when.note] if when.note else []
        if when.basis in ("relative", "current", "since"):
            if self.year is None:
                notes.append("the article's date is not known, so the year cannot be resolved")
            elif self.inferred:
                notes.append(f"resolved against {self.year}, the article's year as inferred (a bound, not a "
                             "printed date)")
        return "; ".join(notes) or None
