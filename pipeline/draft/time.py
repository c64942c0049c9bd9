"""The time a figure refers to: time expressions of a line, resolved against the article's year.

Every rule reads the simplified working copy (:class:`pipeline.draft.lines.Line`) and returns spans in it, so the
evidence is cut verbatim from the raw line. The words are the vocabulary's (``year_basis``: relative markers with
their years back, current markers); the patterns are the forms these reports use:

* a stated year (2019年, 2019年4月, 2022年初) → ``stated``; a year after 于 (成立于2017年) dates an event, not a
  figure, and is skipped;
* X年至Y年, X—Y年度, X年、Y年 → ``period``; X年度 → the period of that one year;
* 自X年…以来, X年至今 → ``since`` (to the article's year); X年起 / 自X年开始 → ``from``: a period of N years when a
  streak 连续N年 follows in the sentence, else ``since``;
* 今年, 去年, 前年, 今年以来 … (the vocabulary's relative markers, optionally with a month) → ``relative``;
* 目前, 如今, 现如今 … (the vocabulary's current markers of two characters or more: 已 and 至今 alone date
  nothing by themselves) → ``current``;
* 近年来, 多年来, 以前, 连续多年 … (:data:`UNDATED`) → ``unstated``, kept as evidence;
* a named period (扫黑除恶专项斗争期间, 试点建设工作启动以来): the same name, or the longest common part of it,
  stated with years on another line of the article (:func:`named`).

Which expression governs a figure (:func:`governing`): the nearest one before it in its sentence that either
stands in the figure's own clause or closes a clause of its own ("2021年,", "近年来,", "自2011年成立以来,"), so an
opening time clause dates the rest of its sentence and a year inside a quoted title dates only that title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.check.vocabulary import Vocabulary
from pipeline.draft.lines import Line

#: Words that say the text gives no time for a figure (the year stays empty; the words are kept as evidence).
UNDATED = ("近年来", "多年来", "近几年", "一直以来", "长期以来", "连续多年", "以前", "此前")
_Y = r"((?:19|20)[0-9]{2})"
_SINCE = re.compile(rf"(?:自|从)?{_Y}年(?:[0-9]{{1,2}}月)?(?:[^，,。；;：:！？]{{0,30}}?以来|至今)")
_FROM = re.compile(rf"(?:自|从)?{_Y}年(?:[0-9]{{1,2}}月)?(?:起|开始)")
_PERIOD = re.compile(rf"{_Y}年?(?:[至到—–\-~～]|－){_Y}年(?:度)?")
_LIST = re.compile(rf"{_Y}年(?:、{_Y}年)+")
_YEAR_OF = re.compile(rf"{_Y}年度")
_STATED = re.compile(rf"{_Y}年(?:年初|年底|初|底|末|[0-9]{{1,2}}月(?:[0-9]{{1,2}}日)?)?")
_STREAK = re.compile(r"连续([0-9]+|[一二两三四五六七八九十]+)年")
_NAMED = re.compile(r"([^，,。；;：:！？“”‘’\s]{2,24}?)(?:期间|启动以来|开展以来|实施以来|推进以来|以来)")
_CLOSE = set("，,；;：:。！？!?")
#: What may follow a relative marker and still belong to it: 上半年, 1至9月, 3月19日14时许.
_WITHIN = r"(?:[上下]半年|[0-9]{1,2}(?:[至到—\-][0-9]{1,2})?月(?:[0-9]{1,2}日)?(?:[上下]午)?(?:[0-9]{1,2}时许?)?)?"
_QUOTES = (("“", "”"), ("‘", "’"), ("「", "」"))
_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@dataclass(frozen=True)
class When:
    """A time expression: where it stands (working span of a line) and the time it gives."""

    line: int
    start: int
    end: int
    basis: str  # stated, relative, current, period, since, from, unstated
    year: int | None = None
    period_start: int | None = None
    period_end: int | None = None

    def dates(self) -> bool:
        return self.basis not in ("current", "unstated")


def _streak(text: str) -> int | None:
    match = _STREAK.search(text)
    if match is None:
        return None
    n = match.group(1)
    if n.isdigit():
        return int(n)
    return _CN.get(n) if len(n) == 1 else (10 + _CN.get(n[1], 0) if n[0] == "十" else None)


def expressions(line: Line, vocabulary: Vocabulary, year: int) -> list[When]:
    """Every time expression of a line, left to right, none overlapping (the earlier pattern wins)."""
    text, found = line.text, []

    def add(start: int, end: int, **time: object) -> None:
        if any(not (end <= w.start or start >= w.end) for w in found):
            return
        if start > 0 and text[start - 1] == "于" and time.get("basis") == "stated":
            return  # 成立于2017年: the date of an event
        found.append(When(line.number, start, end, **time))  # type: ignore[arg-type]

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
        add(m.start(), m.end(), basis="stated", year=int(m.group(1)))
    for marker, back in sorted(vocabulary.relative_markers.items(), key=lambda kv: -len(kv[0])):
        for m in re.finditer(re.escape(marker) + _WITHIN, text):
            add(m.start(), m.end(), basis="relative", year=year - int(back))
    for word in UNDATED:
        for m in re.finditer(re.escape(word), text):
            add(m.start(), m.end(), basis="unstated")
    for marker in sorted((w for w in vocabulary.current_markers if len(w) > 1 and w != "至今"), key=len,
                         reverse=True):
        for m in re.finditer(re.escape(marker), text):
            add(m.start(), m.end(), basis="current", year=year)
    return sorted(found, key=lambda w: w.start)


def _quoted(text: str, index: int) -> tuple[int, int] | None:
    """The span of the quotation that ``index`` stands in, if any."""
    for left, right in _QUOTES:
        start = text.rfind(left, 0, index)
        if start >= 0 and text.rfind(right, start, index) < 0:
            end = text.find(right, index)
            return start, end + 1 if end >= 0 else len(text)
    return None


def governing(line: Line, found: list[When], index: int) -> When | None:
    """The expression that dates a figure starting at working ``index`` (rules in the module docstring)."""
    text = line.text
    sentence_start, _ = line.sentence(index)
    clause_start, _ = line.clause(index, index)
    inside = _quoted(text, index)
    best = None
    for when in found:
        if when.end > index or when.start < sentence_start:
            continue
        quoted = _quoted(text, when.start)
        if quoted is not None and quoted != inside and quoted[1] <= index:
            continue  # a year inside another quoted title dates only that title
        closes = when.end < len(text) and text[when.end] in _CLOSE
        if when.start >= clause_start or closes:
            if best is not None and best.basis in ("since", "from") and when.basis == "current":
                continue  # 自2011年成立以来…目前已处置: a total since a start, up to now
            best = when
    return best


def resolve(when: When | None, sentence: str) -> When | None:
    """A ``from`` expression as a period (with a streak 连续N年 in the sentence) or as a total since its start."""
    if when is None or when.basis != "from":
        return when
    streak = _streak(sentence)
    if streak:
        return replace(when, basis="period", period_end=when.period_start + streak - 1)
    return replace(when, basis="since")


def named(line: Line, index: int, lines: list[Line], vocabulary: Vocabulary, year: int) -> When | None:
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
        if re.search(_Y, name):
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
