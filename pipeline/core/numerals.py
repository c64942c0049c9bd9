"""Read the numbers in Chinese news text.

Two jobs, one module:

* :func:`parse_figure` recomputes the value, qualifier and measure word of a
  curated ``figure`` (the verbatim substring of an article that states a
  number, e.g. "3万余人", "近萬元", "第四"), so that the pipeline can compare
  them with what the curator wrote.
* :func:`find_numbers` finds every number in a line of source text, for the
  coverage ledger (every number in a source is a claim, part of an honour, or
  excluded with a reason).

parse_figure
------------
1. Normalise a copy of the figure: convert it to simplified script with OpenCC
   ``t2s``; drop web debris, i.e. pinyin readings in ASCII or full-width
   parentheses such as "(xiàn)" or "（qū）" (1 to 6 lower-case Latin letters,
   tone marks allowed but not required, at least one vowel); map full-width
   digits, "．" and "％" to ASCII; read 首位 ("first place") as 第一位;
   strip surrounding whitespace.
2. Find the numbers. A number is either Arabic digits with an optional decimal
   part and optional multipliers directly after them ("3万", "1.2万", "5千万"),
   or a run of Chinese numerals (零〇一二两三四五六七八九十百千万亿). Either may
   be followed by 余/多 plus a multiplier ("30多万", "十余万": the 余/多 is then a
   more_than marker). A run made only of multipliers (万, 千, 百, 千万...)
   is a number only directly after 近 or directly before 元 ("近万元" is
   10000); otherwise it is ordinary text. Numerals inside the words of
   :data:`NON_NUMERAL_WORDS` ("进一步", "一站式", "之一"...) are not numbers.
   No number: ``FigureError("no-number")``; more than one:
   ``FigureError("several-numbers")``.
3. The value comes from ``cn2an.cn2an(number, "smart")`` as a float (a run of
   multipliers alone is read with a leading 一; a multiplier after 余/多
   multiplies the value). A numeral cn2an cannot read is "unparsed-text".
4. Before the number only these words may appear, in any order: the
   qualifier markers that vocabulary.yml places ``before`` a number (超过, 超,
   不少于, 至少, 将近, 接近, 近, 大约, 约), passed in as a :class:`Grammar`, and the
   neutral prefixes of :data:`NEUTRAL_PREFIXES` (连续, 达, 高达, 保持, 共,
   累计...), 第 (an ordinal: the measure becomes "第") and 百分之 (the measure
   becomes "%").
5. After the number, in this order and each optional: a marker placed
   ``after_number`` (余 or 多: more_than;
   "多" counts only here, directly after the number or its multiplier); a
   measure word of :data:`MEASURE_WORDS` (longest match first); a marker
   placed ``after`` (以上: at_least, 左右: about). "个" directly followed by one of :data:`MEASURES_AFTER_GE`
   (optionally with 多/余 in between: "一个多小时") yields that measure word
   ("30个小时" -> "小时"), and so does a final "人" ("两个人" -> "人", but
   "3个人民调解委员会" -> "个"); otherwise "个" stays the measure ("两个村" -> "个").
6. After a measure word (or after an ordinal or 百分之 number) any trailing
   run of CJK ideographs is allowed and ignored ("3个村" -> "个"). Without a
   measure word nothing may follow. Any other leftover text, before or after
   the number, is ``FigureError("unparsed-text")`` naming it.
7. Qualifier: exact when no marker is present. Markers that select two
   different qualifiers ("近30余人") are ``FigureError("conflicting-qualifiers")``.

find_numbers
------------
Works on the original line (no script conversion; both scripts are listed)
with pinyin debris skipped, and reports offsets into the original line.

* Arabic: every maximal run of digits (ASCII or full-width) with an optional
  decimal part. "2022-10-16" gives 2022, 10, 16; "1+2+N" gives 1 and 2;
  "1,000" gives 1 and 000 (commas are clause separators in these sources).
  Multipliers after the digits are not part of the mention: "3万余人" gives "3".
* Chinese: maximal runs of 零〇一二两兩三四五六七八九十百千万萬亿億. A run is a
  mention when it is directly preceded by 第 or 百分之 (the mention is the
  numeral run only, without 第), or followed by a classifier of
  :data:`CLASSIFIERS` (optionally after 余/多/几 and multipliers: "十几万人"),
  or is at least two characters long ("十三五", "二〇二二"), or holds any
  numeral other than 一 ("八有八无", "两抢", "三坊七巷": 一 alone is mostly the
  article "a" or part of a word, and counts only before a classifier). A run of
  multipliers alone (万, 千, 百, 千万...) is a mention only directly before 元
  or directly after 近 ("近萬元"); after digits ("3万", "30多万") it belongs to
  the Arabic number and is not reported. Runs inside :data:`NON_NUMERAL_WORDS`
  are never mentions. A run joined to a mention by 、/至/到/或 alone is also a
  mention ("一、二、三级", "三至五年").
* Mentions are sorted by start and never overlap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import cn2an

from pipeline.core.text import DEBRIS, to_simplified

__all__ = [
    "CLASSIFIERS",
    "MEASURES_AFTER_GE",
    "MEASURE_WORDS",
    "NEUTRAL_PREFIXES",
    "NON_NUMERAL_WORDS",
    "Grammar",
    "Figure",
    "FigureError",
    "Number",
    "find_numbers",
    "find_words",
    "number_value",
    "parse_figure",
]

# --- vocabularies -----------------------------------------------------------

#: Measure words recognised after a number in a figure (simplified script),
#: longest first so that "人次" wins over "人" and "场次" over "场".
MEASURE_WORDS: tuple[str, ...] = (
    "百分点",
    "人次", "场次", "小时", "分钟", "公里", "星期", "季度",
    "人", "名", "位", "件", "起", "宗", "场", "次", "届", "轮", "个", "家",
    "所", "处", "户", "项", "份", "部", "批", "%", "元", "趟", "张", "页",
    "年", "岁", "倍", "天", "月", "周", "日", "条", "支", "座", "类", "级",
    "层", "期", "种", "套", "组", "篇", "本", "台", "辆", "间", "栋", "例",
    "米", "亩", "吨", "秒",
)  # fmt: skip

#: Measure words that replace a preceding "个" ("30个小时" -> "小时").
MEASURES_AFTER_GE: tuple[str, ...] = ("百分点", "小时", "星期", "季度", "月")



@dataclass(frozen=True)
class Grammar:
    """The qualifier markers of the vocabulary, by where they stand (vocabulary.yml, ``qualifiers``)."""

    #: position (before, after_number, after) → marker word → qualifier
    markers: dict[str, dict[str, str]]

    def qualifier(self, word: str) -> str | None:
        return next((q[word] for q in self.markers.values() if word in q), None)

    def words(self, position: str) -> tuple[str, ...]:
        return tuple(self.markers.get(position, {}))


#: Words before the number that do not change the qualifier.
NEUTRAL_PREFIXES: tuple[str, ...] = (
    "连续", "高达", "多达", "达到", "达", "保持", "共计", "合计", "总计", "共",
    "累计",
)  # fmt: skip

_ORDINAL = "第"
_PERCENT_PREFIX = "百分之"

#: Classifiers after a Chinese numeral run that make it a quantity in
#: find_numbers (both scripts). "成" (tenths) does not count before 为/立/员/功.
CLASSIFIERS: tuple[str, ...] = (
    "小时", "小時", "分钟", "分鐘", "代表", "委员", "委員", "公里", "季度",
    "个", "個", "名", "人", "位", "次", "届", "屆", "年", "项", "項", "批",
    "级", "級", "大", "类", "類", "条", "條", "轮", "輪", "趟", "张", "張",
    "份", "倍", "家", "所", "部", "件", "起", "场", "場", "天", "月", "周",
    "週", "户", "戶", "岁", "歲", "元", "层", "層", "支", "座", "期", "只",
    "隻", "种", "種", "方", "面", "步", "片", "站", "门", "門", "社", "治",
    "成", "米", "亩", "畝", "吨", "噸", "秒", "日", "号", "號", "例", "组",
    "組", "篇", "本", "台", "辆", "輛", "间", "間", "栋", "棟", "套", "佳",
    "强", "強", "宗", "处", "處", "页", "頁",
)  # fmt: skip

#: Words whose numeral is lexicalised and states no quantity (both scripts).
NON_NUMERAL_WORDS: tuple[str, ...] = (
    "进一步", "進一步", "一站式", "一方面", "一部分", "一条龙", "一條龍",
    "同一", "统一", "統一", "唯一", "逐一", "之一", "万一", "萬一", "一一", "十分",
)  # fmt: skip

# --- character classes and patterns ----------------------------------------

_DIGITS = "0-9０-９"
_CN_NUMERALS = "零〇一二两兩三四五六七八九十百千万萬亿億"
_CN_MULTIPLIERS = "百千万萬亿億"
_GLUE = "余餘多几幾"
_CONNECTORS = "、至到或"
_MULTIPLIER_FACTOR = {"万": 1e4, "亿": 1e8}
#: The longest numeral read as a number (a float holds 17 significant digits; 3,4 or 3.4 with separators fit).
MAX_NUMERAL_CHARS = 32

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")

# A number in a normalised (simplified, ASCII-digit) figure.
_TOKEN_RE = re.compile(
    r"(?P<num>[0-9]+(?:\.[0-9]+)?[百千万亿]*|[零〇一二两三四五六七八九十百千万亿]+)"
    r"(?:(?P<glue>[余多])(?P<mult>[万亿]+))?"
)
_MULTIPLIERS_ONLY_RE = re.compile(f"[{_CN_MULTIPLIERS}]+")

_ARABIC_RE = re.compile(f"[{_DIGITS}]+(?:[.．][{_DIGITS}]+)?")
_CN_RUN_RE = re.compile(f"[{_CN_NUMERALS}]+")
_AFTER_RUN_RE = re.compile(
    f"[{_GLUE}]?[万萬亿億]*(?:"
    + "|".join(
        "成(?![为為立员員功])" if c == "成" else re.escape(c)
        for c in sorted(CLASSIFIERS, key=len, reverse=True)
    )
    + ")"
)
_NON_NUMERAL_RE = re.compile(
    "(?=(" + "|".join(map(re.escape, NON_NUMERAL_WORDS)) + "))"
)
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


# --- public types -----------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """The number stated by a figure, as the pipeline recomputes it."""

    value: float
    """The number as written, multipliers applied (3万 -> 30000.0)."""
    qualifier: str
    """One of exact, more_than, at_least, nearly, about."""
    measure: str | None
    """Measure word after the number (simplified), "第" for ordinals, or None."""


class FigureError(ValueError):
    """A figure that does not state exactly one readable number.

    ``code`` is stable: "no-number", "several-numbers", "unparsed-text" or
    "conflicting-qualifiers".
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Number:
    """One number found in a line of text (a row of the ledger is :class:`pipeline.check.ledger.Mention`)."""

    start: int
    """Offset of the first character in the line."""
    end: int
    """Offset after the last character (exclusive)."""
    text: str
    """``line[start:end]``."""
    kind: str
    """"arabic" or "chinese"."""


# --- parse_figure -----------------------------------------------------------


def _normalise(text: str) -> str:
    # 首位 ("first place") is the ordinal 第一位 spelt without a numeral
    return to_simplified(text).replace("首位", "第一位").translate(_FULL_WIDTH).strip()


def _is_multipliers_only(run: str) -> bool:
    return _MULTIPLIERS_ONLY_RE.fullmatch(run) is not None


def _non_numeral_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(1), m.end(1)) for m in _NON_NUMERAL_RE.finditer(text)]


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _figure_tokens(s: str) -> list[re.Match[str]]:
    """The numbers of a normalised figure (see the module docstring, step 2)."""
    lexicalised = _non_numeral_spans(s)
    tokens = []
    for m in _TOKEN_RE.finditer(s):
        num = m.group("num")
        if _is_multipliers_only(num) and not (
            s[: m.start()].endswith("近") or s[m.end() :].startswith("元")
        ):
            continue
        if _inside(lexicalised, m.start(), m.end()):
            continue
        tokens.append(m)
    return tokens


def _match_word(text: str, pos: int, words: tuple[str, ...]) -> str | None:
    """The longest of ``words`` that occurs in ``text`` at ``pos``."""
    best = None
    for word in words:
        if text.startswith(word, pos) and (best is None or len(word) > len(best)):
            best = word
    return best


def _value(token: re.Match[str], figure: str) -> float:
    num = token.group("num")
    if len(num) > MAX_NUMERAL_CHARS:  # before any conversion: a numeral of thousands of digits is not a figure
        raise FigureError("unparsed-text", f"figure {figure[:24]!r}…: a numeral of {len(num)} characters is not read "
                                           f"as a number (at most {MAX_NUMERAL_CHARS})")
    if _is_multipliers_only(num):
        num = "一" + num
    try:
        value = float(cn2an.cn2an(num, "smart"))
    except (ValueError, OverflowError) as exc:
        raise FigureError(
            "unparsed-text",
            f"figure {figure!r}: cannot read the numeral {token.group('num')!r} "
            f"({exc})",
        ) from exc
    for char in token.group("mult") or "":
        value *= _MULTIPLIER_FACTOR[char]
    return value


def parse_figure(text: str, grammar: Grammar) -> Figure:
    """Recompute value, qualifier and measure word of a curated figure.

    The rules are in the module docstring. Raises :class:`FigureError` when the
    figure does not state exactly one number or has text that is not a
    recognised prefix, marker or measure word.
    """
    s = _normalise(text)
    tokens = _figure_tokens(s)
    if not tokens:
        raise FigureError("no-number", f"figure {text!r}: found no number")
    if len(tokens) > 1:
        found = ", ".join(repr(t.group(0)) for t in tokens)
        raise FigureError(
            "several-numbers",
            f"figure {text!r}: found {len(tokens)} numbers ({found}); "
            "a figure states exactly one",
        )
    token = tokens[0]
    markers: list[str] = []
    ordinal = percent = False

    before = s[: token.start()]
    pos = 0
    before_words = grammar.words("before")
    prefix_words = before_words + NEUTRAL_PREFIXES + (_ORDINAL, _PERCENT_PREFIX)
    while pos < len(before):
        word = _match_word(before, pos, prefix_words)
        if word is None:
            raise FigureError(
                "unparsed-text",
                f"figure {text!r}: {before[pos:]!r} before the number "
                f"{token.group(0)!r} is not a recognised prefix or marker",
            )
        if word in before_words:
            markers.append(word)
        ordinal = ordinal or word == _ORDINAL
        percent = percent or word == _PERCENT_PREFIX
        pos += len(word)

    if token.group("glue"):
        markers.append(token.group("glue"))
    rest = s[token.end() :]
    pos = 0
    number_words = grammar.words("after_number")
    word = _match_word(rest, pos, number_words)
    if word:
        markers.append(word)
        pos += len(word)
    measure = _match_word(rest, pos, MEASURE_WORDS)
    if measure:
        pos += len(measure)
        if measure == "个":
            glue = _match_word(rest, pos, number_words)
            after = pos + (len(glue) if glue else 0)
            inner = _match_word(rest, after, MEASURES_AFTER_GE)
            if inner is None and rest[after:] == "人":
                inner = "人"
            if inner:
                if glue:
                    markers.append(glue)
                measure = inner
                pos = after + len(inner)
    word = _match_word(rest, pos, grammar.words("after"))
    if word:
        markers.append(word)
        pos += len(word)
    trailing = rest[pos:]
    if trailing and not (
        (measure or ordinal or percent) and _CJK_RE.fullmatch(trailing)
    ):
        raise FigureError(
            "unparsed-text",
            f"figure {text!r}: {trailing!r} after the number "
            f"{token.group(0)!r} is not a recognised marker or measure word"
            + (
                " (only CJK text may follow a measure word)"
                if measure or ordinal or percent
                else " (nothing may follow a number without a measure word)"
            ),
        )

    unknown = [m for m in markers if grammar.qualifier(m) is None]
    if unknown:
        raise FigureError("unparsed-text", f"figure {text!r}: {unknown[0]!r} is not a qualifier marker of the "
                                           "vocabulary")
    qualifiers = {grammar.qualifier(m) for m in markers}
    if len(qualifiers) > 1:
        raise FigureError(
            "conflicting-qualifiers",
            f"figure {text!r}: markers {markers} select different qualifiers "
            f"({', '.join(sorted(qualifiers))})",
        )
    if ordinal:
        measure = _ORDINAL
    elif percent:
        measure = "%"
    return Figure(
        value=_value(token, text),
        qualifier=qualifiers.pop() if qualifiers else "exact",
        measure=measure,
    )


# --- find_numbers -----------------------------------------------------------


_BARE = Grammar({})


@lru_cache(maxsize=4096)  # the same few numbers (years, small counts) recur in every source
def number_value(text: str) -> float | None:
    """The value of a number as written ("2018", "四", "3万"), or None when it reads as no single figure."""
    try:
        return parse_figure(text, _BARE).value
    except FigureError:
        return None


def _strip_debris(line: str) -> tuple[str, list[int]]:
    """The line without pinyin debris, and the original offset of each char."""
    kept: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in DEBRIS.finditer(line):
        kept.append(line[pos : m.start()])
        offsets.extend(range(pos, m.start()))
        pos = m.end()
    kept.append(line[pos:])
    offsets.extend(range(pos, len(line)))
    return "".join(kept), offsets


def _is_digit(char: str) -> bool:
    return "0" <= char <= "9" or "０" <= char <= "９"


def _joined_to_number(clean: str, start: int) -> bool:
    """True if a run at ``start`` directly continues a number ("3万", "30多万")."""
    if start == 0:
        return False
    prev = clean[start - 1]
    if _is_digit(prev):
        return True
    if prev in _GLUE and start >= 2:
        before = clean[start - 2]
        return _is_digit(before) or before in _CN_NUMERALS
    return False


def _run_is_number(clean: str, m: re.Match[str]) -> bool | None:
    """True: a mention; False: never; None: only if joined to a mention."""
    start, end, run = m.start(), m.end(), m.group(0)
    if _is_multipliers_only(run):
        if _joined_to_number(clean, start):
            return False
        return clean.startswith("元", end) or clean[:start].endswith("近")
    if (
        clean[:start].endswith(_ORDINAL)
        or clean[:start].endswith(_PERCENT_PREFIX)
        or len(run) >= 2
        or run.strip("一") != ""
        or _AFTER_RUN_RE.match(clean, end)
    ):
        return True
    return None


def find_numbers(line: str) -> list[Number]:
    """Every number in ``line``, sorted by start (rules in the module docstring)."""
    clean, offsets = _strip_debris(line)

    def mention(start: int, end: int, kind: str) -> Number:
        a, b = offsets[start], offsets[end - 1] + 1
        return Number(start=a, end=b, text=line[a:b], kind=kind)

    found = [mention(m.start(), m.end(), "arabic") for m in _ARABIC_RE.finditer(clean)]

    lexicalised = _non_numeral_spans(clean)
    runs = list(_CN_RUN_RE.finditer(clean))
    status = [
        False if _inside(lexicalised, m.start(), m.end()) else _run_is_number(clean, m)
        for m in runs
    ]
    changed = True
    while changed:
        changed = False
        for i in range(len(runs) - 1):
            a, b = runs[i], runs[i + 1]
            linked = b.start() - a.end() == 1 and clean[a.end()] in _CONNECTORS
            if linked and {status[i], status[i + 1]} == {True, None}:
                status[i] = status[i + 1] = True
                changed = True
    found += [
        mention(m.start(), m.end(), "chinese")
        for m, ok in zip(runs, status, strict=True)
        if ok
    ]
    return sorted(found, key=lambda x: x.start)


def find_words(line: str, words: tuple[str, ...]) -> list[Number]:
    """Every occurrence in ``line`` of the claim words ``words`` (ranks and shares written without a numeral:
    首位, 领跑, 全覆盖 …, simplified script), sorted by start, none overlapping (the longest word wins, and of two
    words of one length the one listed first: 居首位 is 首位 when 首位 comes before 居首, whatever the run), as
    ``Number`` spans of kind "word" into the original line. The line is read in simplified script, character by
    character, with pinyin debris skipped, so that a word in either script is found where it stands."""
    if not words:
        return []
    clean, offsets = _strip_debris(line)
    simple = "".join(_simplified_char(c) for c in clean)
    found: list[Number] = []
    taken: set[int] = set()
    for word in sorted(dict.fromkeys(words), key=len, reverse=True):  # a stable sort: the listed order breaks ties
        at = simple.find(word)
        while at >= 0:
            span = range(at, at + len(word))
            if not taken & set(span):
                taken |= set(span)
                a, b = offsets[at], offsets[at + len(word) - 1] + 1
                found.append(Number(start=a, end=b, text=line[a:b], kind="word"))
            at = simple.find(word, at + len(word))
    return sorted(found, key=lambda x: x.start)


@lru_cache(maxsize=4096)
def _simplified_char(char: str) -> str:
    converted = to_simplified(char)
    return converted if len(converted) == 1 else char
