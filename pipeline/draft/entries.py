"""Raw source + context → proposed claims, honours and exclusions: every number of the source, accounted for.

:func:`propose_entries` reads each line with the ledger's own scanner (:func:`pipeline.core.numerals.find_numbers`), so
the draft accounts for exactly the numbers the build will count:

1. **Zones** (:mod:`pipeline.draft.page`). The page's header (up to the line that prints the date), the article,
   and the furniture after it (from 责任编辑, 相关新闻, 分享到 …): header and furniture numbers are excluded by kind
   of line (publication date, related news, reader reactions, page furniture, contacts); a title's time (the
   period a report covers) is a descriptor.
2. **Figures.** In the article, each number grows into a figure: qualifier markers before it (超过, 近, 约 …,
   the vocabulary's), 第 or 百分之, the number with its multipliers and 余/多, a measure word, 以上/左右 after it;
   :meth:`pipeline.check.vocabulary.Vocabulary.read_figure` reads value, qualifier and measure word, with every
   measure word of the vocabulary's units (a measure word a reviewer adds there is read at once). A figure whose
   measure word is a measure of a unit becomes a claim, unless it is part of a story, a name, a set phrase, the
   size of a comparison set (在全省14个市州中) or a threshold (一次死亡3人以上的事故). The unit comes from the measure
   word; where several units share it, from the noun it counts (:data:`pipeline.draft.rules.NOUN_UNITS`), the verb
   of an award (次 → awards), 第 or a word of rank (名 → rank), a move in a ranking (前移4位 → rank positions).
   A classifier no unit has (:data:`pipeline.draft.rules.CLASSIFIERS`: 5艘, 30把) makes a figure in a **new unit**,
   proposed for vocabulary.yml with ``review: proposed``, never an exclusion.
3. **One figure, one claim.** A figure restated on a later line (the same value, qualifier and unit, and a figure
   that is distinctive or stated of the same thing) is excluded as a ``restatement`` that names the claim it
   repeats (``see``). The two figures of a before/after pair (从A下降至B, 由A降至B) are one metric at two times.
4. **Meaning, time and place.** Year, basis, months and evidence (:mod:`pipeline.draft.time`), the base of a
   change (``compared_with``), value type from the vocabulary's markers in the sentence, direction from the words
   before a change (shared by a list of figures: 分别下降12.5%、10.9%), the comparison set of a rank (the nearest
   word that names one), the region a clause names (a district, county or city inside the report's place or its
   province; a list of places 分别 gives each figure its own), and the metric: an existing one only when its label
   fits the clause, else a new one labelled by a noun phrase of the clause.
5. **Honours.** An award verb (获评, 荣获, 荣膺, 入选, 被命名为 …; a weak one such as 列入 only before a list, a pilot
   or a title) and the titles after it, with recipient, region, kind, time and times; a practice promoted by a
   higher level (在全国推广).
6. **Exclusions.** Whatever the claims and honours leave (checked with :func:`pipeline.check.ledger.account`, the
   ledger itself) is excluded with a reason: dates of events or stories, contacts, names and slogans, descriptors,
   ordinals in names, set phrases, details of a story, restatements — or a phrase that the curated documents
   already exclude, with their reason. An exclusion's text ends at a word's end: after the measure word, or
   before the next punctuation or particle.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pipeline.check.context import Context
from pipeline.check.document import Document
from pipeline.check.ledger import account
from pipeline.core import records
from pipeline.core.numerals import MEASURE_WORDS, NEUTRAL_PREFIXES, FigureError, Grammar, find_words, number_value
from pipeline.core.problems import Problems
from pipeline.core.text import to_simplified
from pipeline.draft import rules
from pipeline.draft.lines import CLAUSE_ENDS, Line, lines_of
from pipeline.draft.page import DATE, DATELINE, header_date, iso, signature, zones
from pipeline.draft.time import Times, When, number
from schemas import ids
from schemas.fields import FORMULA_STARTS

_CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
_BEFORE_BLOCKED = {"约": "节制签预契公条合", "近": "最附邻就靠亲接将", "超": ""}
_PHONE = re.compile(r"(?<![0-9])0[0-9]{2,3}-[0-9][0-9xX*]{6,7}(?![0-9xX])|(?<![0-9])1[0-9]{10}(?![0-9])")
_HOTLINE = re.compile(r"(?<![0-9])(?:123[0-9]{2}|110|119|120|122|96[0-9]{3})(?![0-9])")
_ADDRESS = re.compile(r"[路街巷道号][0-9]+号")
_REGISTRATION = re.compile(r"ICP|备案|公网安备|标识码|许可证|登记号", re.I)
_TIME_WORD = re.compile(r"(?:(?:19|20)[0-9]{2}年|[0-9]{1,2}月|[0-9]{1,2}日|[0-9]{1,2}时|[0-9]{1,2}点"
                        r"|[0-9]{1,2}:[0-9]{2})")
_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』"}
_DIRECTION_SPAN = 6
#: A count of reactions: 浏览次数：1862, 阅读：2,418, 点赞（36）, 微信（58）.
_REACTION = re.compile("(?:" + "|".join(rules.REACTION_WORDS) + r"|微信|微博)(?:次数|量|数)?\s*[:：（(\s]\s*[0-9,]*$")
#: The units whose figures may be changes (a direction in the words before them).
_CHANGE_UNITS = ("percent", "percentage_points", "points", "tenths", "rank_positions")
#: Words that open a before/after pair, and the words between its two figures.
_PAIR_FROM = re.compile(r"(?:从|由)((?:(?:19|20)[0-9]{2}年|去年同期|去年|前年|上年)的?)?$")
_PAIR_TO = re.compile(r"(?:下降|降低|减少|降|上升|提升|提高|增长|增加|升|增)(?:了)?(?:至|到|为)"
                      r"((?:(?:19|20)[0-9]{2}年|今年|目前|现在|如今)的?)?$")
#: A set a rank is taken among, sized in its words: 在全省14个市州中, 全州8个县市中.
_SET_SIZE = re.compile(r"[0-9一二两三四五六七八九十]+个[^，,。；;“”]{1,10}?中"
                       r"(?=[，,、]|有|排名|排|位列|位居|居|名列|列|处于|始终)")
#: A count of the place's own divisions that scopes the figures after it in its clause (全区10个镇（街道）共…).
_SUBDIVISIONS = re.compile(r"(?:全省|全市|全区|全县|全州|全旗)$")
_SUBDIVISION_NOUNS = ("镇", "街道", "乡", "县", "区", "市", "市州", "设区市", "县市", "村", "社区")
#: Words that compare a figure with a threshold (超过99%) in a clause that counts what passes it (有7个市…).
#: A news lead's formula (日前，记者从…获悉): its 日前 tells no story.
_LEAD = re.compile(r"(?:日前|近日)[，,]?(?:记者)?(?:从|在|赴)[^，,。]{0,24}?(?:获悉|了解到|获知|得知)")
_THRESHOLD = re.compile(r"(?:超过|高于|低于|不低于|不少于|达到|在)$")
#: Characters a published text does not start with (a spreadsheet would read a formula), and list bullets.
_NOT_FIRST = "".join(FORMULA_STARTS) + "•·* 　"
#: Particles and punctuation that end a word of an exclusion.
_WORD_STOPS = CLAUSE_ENDS + "“”‘’()（）《》的和与及等在是为了将把被对向从由至到"
#: A whole a rank may rank among, of any level (全省, 全市, 全区, 全县 …), whether or not the vocabulary has its set.
_WHOLE = re.compile(r"全[国省市区县州旗盟]")
#: The draft makes its records field by field: the records' mutable twins (pipeline.core.records.builder).
Claim, Honor, Exclusion = (records.builder(cls) for cls in (records.Claim, records.Honor, records.Exclusion))


@dataclass
class Proposed:
    """What the draft proposes for one source: its records (not yet reviewed), and the metrics and units they
    need."""

    source: str
    #: the raw lines of the source
    lines: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    honors: list[Honor] = field(default_factory=list)
    excluded: list[Exclusion] = field(default_factory=list)
    #: new metrics: id → (label_zh, unit, domain, kind)
    metrics: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)
    #: new units: code → the measure word that makes them
    units: dict[str, str] = field(default_factory=dict)
    #: the claim words the ledger counts besides the numbers (the vocabulary's ``claim_words``)
    words: tuple[str, ...] = ()
    #: numbers and claim words of the source, and how many of them the proposal leaves unaccounted (0 by
    #: construction)
    numbers: int = 0
    unaccounted: int = 0


@dataclass
class _Figure:
    line: Line
    start: int  # working span of the figure
    end: int
    number: tuple[int, int]  # working span of the number itself
    value: float
    qualifier: str
    measure: str | None
    raw: str


# --- figures --------------------------------------------------------------------------------------


def _measure_at(text: str, at: int, words: tuple[str, ...]) -> str | None:
    """The longest measure word of ``words`` that starts at ``at``."""
    return next((w for w in words if text.startswith(w, at)), None)


def figure_at(line: Line, start: int, end: int, grammar: Grammar, read=None, words: tuple[str, ...] = ()
              ) -> _Figure | None:
    """The figure that a number at working [start, end) is part of, or None if it reads as none (a number without
    a measure word, a name). ``read`` reads a figure's words (default: the numeral grammar alone); ``words`` are the
    measure words to look for, longest first (default: the numeral grammar's)."""
    from pipeline.core.numerals import parse_figure

    read = read or (lambda raw: parse_figure(raw, grammar))
    words = words or tuple(sorted(MEASURE_WORDS, key=len, reverse=True))
    text = line.text
    e = end
    while e < len(text) and text[e] in "万亿千百" and start < end and text[end - 1].isdigit() \
            and _measure_at(text, e, words) is None:
        e += 1
    if text[e:e + 1] in ("余", "多") and text[e + 1:e + 2] in ("万", "亿"):
        e += 2
    after_number = max((w for w in grammar.words("after_number") if text.startswith(w, e)), key=len, default="")
    e += len(after_number)
    measure = _measure_at(text, e, words)
    if measure:
        e += len(measure)
        if measure == "个":
            inner = _measure_at(text, e, words)
            if inner in ("小时", "月", "星期", "季度", "百分点"):
                e += len(inner)
    after = max((w for w in grammar.words("after") if text.startswith(w, e)), key=len, default="")
    if measure and after:
        e += len(after)
    s = start
    if text[:s].endswith("百分之"):
        s -= 3
    elif text[:s].endswith("第"):
        s -= 1
    else:
        before = max((w for w in grammar.words("before") if text[:s].endswith(w)), key=len, default="")
        blocked = _BEFORE_BLOCKED.get(before, "")
        if before and not (len(before) == 1 and s >= 2 and text[s - 2] in blocked):
            s -= len(before)
        neutral = max((w for w in NEUTRAL_PREFIXES if text[:s].endswith(w)), key=len, default="")
        if neutral == "连续":
            s -= len(neutral)
    for a, b in ((s, e), (start if s != start and text[s] != "第" else s, e), (s, e - len(after))):
        raw = line.cut(a, b)
        try:
            figure = read(raw)
        except FigureError:
            continue
        return _Figure(line, a, b, (start, end), figure.value, figure.qualifier, figure.measure, raw)
    return None


# --- the draft ------------------------------------------------------------------------------------


class _Drafter:
    def __init__(self, source: str, text: str, context: Context, year: int | None, region: str | None,
                 lexicon: dict[str, str] | None, published: str | None = None, date_basis: str | None = None
                 ) -> None:
        from pipeline.draft.metadata import mentions

        self.source = source
        self.context = context
        self.vocabulary = context.vocabulary
        self.regions = context.regions
        self.grammar = Grammar(self.vocabulary.qualifier_markers)
        self.year = year or None
        #: the division the report is about (a code of the regions table), and that division's record
        self.region = region
        self.place = context.regions.get(region)
        self.lines = lines_of(text)
        self.body_start, self.footer = zones(self.lines)
        self.signed = signature(self.lines, (self.body_start, self.footer))
        self.prefix = ids.prefix(source) or "000"
        self.lexicon = lexicon or {}
        self.out = Proposed(source, [line.raw for line in self.lines], words=tuple(self.vocabulary.claim_words))
        self.used: dict[str, int] = {}
        self.units: dict[str, list[str]] = {}
        for unit, measures in self.vocabulary.measures.items():
            for measure in measures:
                self.units.setdefault(measure, []).append(unit)
        self.times = Times(self.lines, self.vocabulary, self.year, published, date_basis,
                           (self.body_start, self.footer))
        self.claimed: dict[int, list[tuple[int, int]]] = {}  # line → working spans of claimed numbers
        #: (line, working start of the number) → the claim a restated figure repeats
        self.restated: dict[tuple[int, int], tuple[str, tuple[int, int]]] = {}
        self.story = {line.number: any(w in _LEAD.sub("", line.text) for w in rules.STORY_MARKERS)
                      for line in self.lines}
        self._line_figures: list[tuple[_Figure, str]] = []
        self.named = {}
        for mention in mentions([line.text for line in self.lines], self.regions):
            self.named.setdefault(mention.line, []).append(mention)

    # -- helpers ---------------------------------------------------------------------------------
    def body(self, line: Line) -> bool:
        return self.body_start <= line.number < self.footer

    @property
    def measure_words(self) -> tuple[str, ...]:
        return tuple(sorted({*MEASURE_WORDS, *self.vocabulary.measure_words, *self.out.units.values()},
                            key=lambda w: (-len(w), w)))

    def read(self, raw: str):  # noqa: ANN201 - a numeral Figure
        return self.vocabulary.read_figure(raw, self.grammar, tuple(self.out.units.values()))

    def figure(self, line: Line, start: int, end: int) -> _Figure | None:
        return figure_at(line, start, end, self.grammar, self.read, self.measure_words)

    def quoted_name(self, line: Line, index: int) -> bool:
        """Whether ``index`` stands in a short quotation (a name or slogan, not a speech)."""
        text = line.text
        for left, right in _QUOTES.items():
            start = text.rfind(left, 0, index)
            if start < 0 or text.rfind(right, start, index) >= 0:
                continue
            end = text.find(right, index)
            if end >= 0 and end - start <= 14:
                return True
        return False

    def quoted_speech(self, line: Line, index: int) -> bool:
        """Whether ``index`` stands in a quotation of someone's words (longer than a name)."""
        text = line.text
        for left, right in _QUOTES.items():
            start = text.rfind(left, 0, index)
            if start >= 0 and text.rfind(right, start, index) < 0:
                end = text.find(right, index)
                if end < 0 or end - start > 14:
                    return True
        return False

    def time_of(self, line: Line, index: int, honor: bool = False) -> When | None:
        when = self.times.of(line, index)
        if honor and when is not None and when.basis in ("current", "since"):
            return When(when.line, when.start, when.end, "unstated") if when.basis == "current" else None
        return when

    def unit_of(self, figure: _Figure) -> str | None:
        measure = figure.measure
        line, text = figure.line, figure.line.text
        clause = text[slice(*line.clause(figure.start, figure.end))]
        if measure == "第":
            return "rank"
        if measure is None:
            return None
        candidates = self.units.get(measure, [])
        if not candidates:
            return None
        if len(candidates) == 1:
            return candidates[0]
        before = text[:figure.start]
        if "rank_positions" in candidates and re.search("(?:" + "|".join(rules.RANK_MOVES) + ")了?$", before):
            return "rank_positions"
        if "rank" in candidates:
            ordinal = before.endswith("第") or re.search(r"第[" + _CN_NUMERAL + r"0-9]+、$", before)
            if ordinal:
                return "rank"
            candidates = [u for u in candidates if u not in ("rank", "rank_positions")] or candidates
            if len(candidates) == 1:
                return candidates[0]
        if "awards" in candidates and any(v in clause for v in rules.AWARD_VERBS):
            return "awards"
        if "sessions" in candidates and measure in ("场", "场次"):
            return "sessions"
        if measure == "次":
            return "times"
        if measure == "件":
            if any(w in clause for w in rules.CASE_WORDS):
                return "cases"
            if not any(w in clause for w in rules.ITEM_WORDS):
                earlier = self._earlier_in_sentence(figure, measure)
                if earlier is not None:
                    return earlier
            return "items"
        if measure == "处":
            return "items" if any(w in clause for w in rules.ITEM_WORDS) else "places"
        if measure in ("个",):
            return self._noun_unit(text, figure) or ("items" if "items" in candidates else candidates[0])
        return candidates[0]

    def _earlier_in_sentence(self, figure: _Figure, measure: str) -> str | None:
        """The unit of the last figure of the same measure word earlier in the figure's sentence (调处化解37.9万件
        after 受理矛盾纠纷38.6万件: one kind of thing counted twice)."""
        start, _ = figure.line.sentence(figure.start)
        for other, unit in reversed(self._line_figures):
            if start <= other.start < figure.start and other.measure == measure:
                return unit
        return None

    def _noun_unit(self, text: str, figure: _Figure) -> str | None:
        after = re.split(r"[，,。；;：:、（(]|" + "|".join(rules.NOUN_STOPS), text[figure.end:], maxsplit=1)[0][:12]
        begin, _ = figure.line.clause(figure.start, figure.end)
        before = text[begin:figure.start][-12:]
        for phrase in (after, before):
            best = None
            for unit, words in rules.NOUN_UNITS.items():
                for word in words:
                    at = phrase.rfind(word)
                    if at >= 0:
                        key = (at + len(word), len(word))
                        if best is None or key > best[0]:
                            best = (key, unit)
            if best is not None:
                return best[1]
        return None

    def _collective(self, line: Line, index: int) -> bool:
        """Whether the clause of ``index`` names a collective subject: 全市, 我市, the city, a district or county."""
        begin, _ = line.clause(index, index)
        clause = line.text[begin:index]
        names = (self.place.name_zh, self.place.short) if self.place is not None else ()
        return bool(re.search(r"全市|全省|全区|全县|我市|本市|[\u4e00-\u9fff]{2}[区县]", clause)) or any(
            name in clause for name in names)

    def _descriptor(self, line: Line, start: int, end: int) -> bool:
        """Whether a number sizes a comparison set (在全省14个市州中), scopes the figures after it in its clause
        (全区10个镇（街道）共调处…), or is a threshold (一次死亡3人以上的, 有7个市…超过99%)."""
        text = line.text
        if _SET_SIZE.match(text, start):
            return True
        begin, stop = line.clause(start, end)
        noun = text[end:end + 4]
        if _SUBDIVISIONS.search(text[begin:start]) and noun.startswith("个") and any(
                noun[1:].startswith(w) for w in _SUBDIVISION_NOUNS) and any(
                begin <= s and s > end for _, s, _ in line.mentions if s < stop):
            return True
        words = text[end:stop]
        tail = re.match(r"[^，,。；;、]{0,4}?(?:以上|以下)?的(?:较大|重大|特大|一般|严重)", words)
        if tail and re.search(r"(?:一次|每次|单次|一起)[^，,。；;]{0,4}$", text[begin:start]):
            return True
        if _THRESHOLD.search(text[begin:start]) and re.search(r"有[0-9一二两三四五六七八九十]+个", text[begin:start]):
            return True
        return False

    def claimable(self, line: Line, mention_text: str, start: int, end: int) -> bool:
        text = line.text
        if self.quoted_name(line, start):
            return False
        if self.story[line.number] and not self._collective(line, start):
            return False  # a detail of one person's story: its clause names no city, district or 全市
        ordinal = text[:start].endswith("第")
        if mention_text in ("一", "壹") and not text.startswith(("小时", "分钟"), end) and not ordinal:
            return False
        if text.startswith("年", end) and re.fullmatch(f"[{_CN_NUMERAL}]+", mention_text) and \
                not text[:start].endswith(("连续", "近")) and not text.startswith("年连", end):
            return False  # 十年风雨, 三年行动: a span of years in words is a phrase or a name, not a count
        if re.match(r"[0-9]", mention_text) and (text[end:end + 1] in "+＋" or text[start - 1:start] in "+＋"):
            return False
        if re.match(r"年(?:" + "|".join(rules.NAMED_SPANS) + ")", text[end:end + 3]):
            return False
        if text.startswith("分", end) and re.search(r"[0-9]{1,2}[时点:：]$", text[:start]):
            return False  # 10时30分: a time of day
        if self._descriptor(line, start, end) or self._in_division_name(line, start):
            return False
        around = text[max(0, start - 2):end + 3]
        if _TIME_WORD.match(text, start) and not text.startswith("年", end) or re.match(
                r"(?:19|20)[0-9]{2}年", text[start:end + 1]):
            return False
        hotline = _HOTLINE.fullmatch(mention_text) and _measure_at(text, end, self.measure_words) is None
        return not (_PHONE.search(text[max(0, start - 5):end + 9]) or hotline
                    or _ADDRESS.search(text[max(0, start - 2):end + 1]) or _REGISTRATION.search(around))

    def _in_division_name(self, line: Line, index: int) -> bool:
        """Whether ``index`` stands inside the name of a division (六合区, 五华区)."""
        return any(m.start <= index < m.end for m in self.named.get(line.number, []))

    def _new_unit(self, line: Line, start: int, end: int) -> bool:
        """Propose a new unit for the classifier after a number, if it is one no unit has (5艘, 30把)."""
        text = line.text
        e = end
        while e < len(text) and text[e] in "万亿千百":
            e += 1
        if text[e:e + 1] in ("余", "多"):
            e += 1
        word = text[e:e + 1]
        known = {*self.vocabulary.measure_words, *self.out.units.values()}
        if not word or word in known or word in rules.NOT_UNITS:
            return False
        candidates = {*rules.CLASSIFIERS, *(w for w in MEASURE_WORDS if len(w) == 1)} - set(rules.NOT_UNITS)
        if word not in candidates or not re.match(r"[0-9]", text[start:end]):
            return False
        code = f"draft_{self.prefix}_unit{len(self.out.units) + 1}"
        self.out.units[code] = word
        self.units.setdefault(word, []).append(code)
        return True

    # -- claim words -----------------------------------------------------------------------------
    def words_of(self, line: Line) -> list[tuple[int, int, dict]]:
        """The claim words of a line (ranks and shares written without a numeral, the vocabulary's
        ``claim_words``) as the ledger finds them (:func:`pipeline.core.numerals.find_words`, none inside a number),
        each with its working span and its class's entry (value and unit, or the reason it never makes a claim)."""
        numbers = [(m.start, m.end) for m, _, _ in line.mentions]
        out = []
        for m in find_words(line.raw, self.out.words):
            if any(a < m.end and m.start < b for a, b in numbers) or m.start not in line.working_index:
                continue
            start = line.working_index[m.start]
            end = line.working_index[m.end - 1] + 1
            entry = self.vocabulary.claim_words.get(line.text[start:end])
            if entry is not None:
                out.append((start, end, entry))
        return out

    def _object(self, line: Line, end: int) -> str | None:
        """The set a rank word takes as its object, directly after it (领跑全省, 领先全国), if any."""
        words = [w for code in self.vocabulary.codes("comparison_sets") for w in self.set_words(code) if len(w) > 1]
        return max((w for w in words if line.text.startswith(w, end)), key=len, default=None)

    def word_use(self, line: Line, start: int, end: int, entry: dict) -> tuple[str, tuple[int, int]] | None:
        """Why a claim word whose class gives a value (首位, 全覆盖, 历史新高) makes no claim here, with the span its
        exclusion quotes; None when it is a claim. A word states a rank or a share when it is a predicate: it ends
        its clause (降幅为福建省最高；实现网格全覆盖。), or takes the set it ranks among as its object (领跑全省), or
        is one of a list (领先全国、领跑全省). When a noun follows it, it qualifies that noun and states nothing of a
        figure: the noun is a body's name (最高检, 最高院, 最高人民法院: :data:`pipeline.draft.rules.BODY_HEADS` ends
        it) or a thing described (最高奖项, 最高奖励5万元). A rank needs a set to rank among: with no set word in its
        sentence, nor one in the word itself (历史新高: 历史, the figure's own record), nor a whole of any level
        (为全区最高), it is a set phrase (把安全放在首位). In a quotation of a name, or a detail of one person's story,
        it is no figure either."""
        text = line.text
        if self.quoted_name(line, start):
            return "name_or_slogan", _quote_span(text, start)
        if self.story[line.number] and not self._collective(line, start):
            return "anecdote_detail", (start, end)
        after = text[end:]
        predicate = not after or after[0] in CLAUSE_ENDS + "”’）)」』和与及或" or after.startswith("的") \
            or self._object(line, end) is not None
        if not predicate:
            for at in range(min(4, len(after))):
                if after[at] in _WORD_STOPS or after[at].isdigit():
                    break
                head = max((h for h in rules.BODY_HEADS if after.startswith(h, at)), key=len, default=None)
                if head is not None:
                    return "name_or_slogan", (start, end + at + len(head))
            return "descriptor", (start, _word_end(text, end))
        if entry.get("unit") == "rank" and self._comparison_set(line, _Figure(line, start, end, (start, end), 1.0,
                                                                                "exact", None, "")) is None:
            sentence = text[slice(*line.sentence(start))]
            found = any(w in sentence for code in self.vocabulary.codes("comparison_sets")
                        for w in self.set_words(code))
            if not found and not re.search(_WHOLE, sentence):
                return "idiom", (max(0, start - 2), end)
        return None

    # -- claims ----------------------------------------------------------------------------------
    def claims(self) -> None:
        serial = self.used.get("claim", 0)
        for line in self.lines:
            if not self.body(line) or line.number in self.signed:
                continue
            taken: list[tuple[int, int]] = []
            figures: list[tuple[_Figure, str, int, int]] = []
            self._line_figures = []
            for mention, start, end in line.mentions:
                if any(a <= start < b for a, b in taken):
                    continue
                if not self.claimable(line, mention.text, start, end):
                    continue
                figure = self.figure(line, start, end)
                if (figure is None or figure.measure is None) and self._new_unit(line, start, end):
                    figure = self.figure(line, start, end)
                if figure is None:
                    continue
                if line.text[figure.start] == "第" and line.text[end:end + 1] in ("次", "届"):
                    raw = line.cut(figure.start + 1, end + 1)
                    try:
                        parsed = self.read(raw)
                    except FigureError:
                        parsed = None
                    if parsed is not None:  # 第四次捧回: the fourth time, a count of awards
                        figure = _Figure(line, figure.start + 1, end + 1, (start, end), parsed.value,
                                         parsed.qualifier, parsed.measure, raw)
                if self._restates(line, figure):
                    continue
                unit = self.unit_of(figure)
                if unit is None:
                    continue
                if unit == "rank" and figure.measure == "第" and not self._rank_context(line, figure):
                    continue
                taken.append((figure.start, figure.end))
                figures.append((figure, unit, start, end))
                self._line_figures.append((figure, unit))
            for start, end, entry in self.words_of(line):
                if entry.get("value") is None or self.word_use(line, start, end, entry) is not None:
                    continue
                figure = _Figure(line, start, end, (start, end), float(entry["value"]), "exact", None,
                                 line.cut(start, end))
                figures.append((figure, entry.get("unit") or "", start, end))
            figures.sort(key=lambda f: f[0].start)
            pairs = self._pairs(line, [f for f, _, _, _ in figures])
            units = {f.start: u for f, u, _, _ in figures}
            for at, (figure, unit, start, end) in enumerate(figures):
                pair = pairs.get(figure.start)
                if pair is not None and pair["role"] == "end" and pair["a"].measure == figure.measure:
                    unit = units.get(pair["a"].start, unit)  # one metric at two times: one unit
                    figures[at] = (figure, unit, start, end)
                repeated = self._restatement_of(line, figure, unit)
                if repeated is not None:
                    self.restated[(line.number, figure.number[0])] = (repeated, (figure.start, figure.end))
                    continue
                for subject in (self._subjects(line, figure) if figure.measure is not None or unit == "rank"
                                else [None]):
                    serial += 1
                    self.out.claims.append(self._claim(figure, unit, serial, subject, pairs.get(figure.start)))
                self.claimed.setdefault(line.number, []).append((start, end))

    def _restates(self, line: Line, figure: _Figure) -> bool:
        """Whether a count of awards repeats the count of an honour reported on an earlier line."""
        begin, stop = line.clause(figure.start, figure.end)
        clause = re.sub(r"[“”‘’]", "", line.text[begin:stop])
        return any(h.line < line.number and h.times == figure.value and _core(h.honor) in clause
                   for h in self.out.honors)

    def _restatement_of(self, line: Line, figure: _Figure, unit: str, distinctive_only: bool = False) -> str | None:
        """The claim of an earlier line that a figure repeats, if it does (one figure, one claim): the same value,
        qualifier and unit, and either a figure that is distinctive (a decimal, or three significant digits: 26.4%,
        2168起, 1.06亿元) or a clause that speaks of the same thing as the earlier claim's, or a figure quoted in
        someone's words."""
        begin, stop = line.clause(figure.start, figure.end)
        clause = line.text[begin:stop]
        digits = re.sub(r"[^0-9]", "", f"{figure.value:.6g}".split("e")[0]).strip("0")
        distinctive = "." in figure.raw or len(digits) >= 3
        for claim in self.out.claims:
            if claim.line >= line.number or claim.unit != unit or claim.qualifier != figure.qualifier \
                    or abs(claim.value - figure.value) > 1e-9:
                continue
            if figure.measure is None and to_simplified(claim.figure or "") != to_simplified(figure.raw):
                continue  # a claim word (首位, 全覆盖) restates only the same word: its value is no figure's own
            earlier = self.lines[claim.line - 1]
            at = earlier.text.find(to_simplified(claim.figure or ""))
            e_begin, e_stop = earlier.clause(max(at, 0), max(at, 0))
            similar = _similarity(re.sub(r"[0-9.%]", "", earlier.text[e_begin:e_stop]), clause) >= 0.5
            if distinctive or (not distinctive_only and (similar or self.quoted_speech(line, figure.start))):
                return claim.claim_id
        return None

    def _pairs(self, line: Line, figures: list[_Figure]) -> dict[int, dict]:
        """The before/after pairs of a line (从A下降至B, 由去年同期的A降至B): figure start → what it is in its pair
        (``role`` start, end or change; the two figures' times; the pair's evidence)."""
        text = line.text
        out: dict[int, dict] = {}
        for i, a in enumerate(figures[:-1]):
            b = figures[i + 1]
            begin, _ = line.clause(a.start, a.end)
            opened = _PAIR_FROM.search(text[max(begin, a.start - 12):a.start])
            if opened is None or line.clause(b.start, b.end)[0] != begin:
                continue
            between = text[a.end:b.start]
            closed = _PAIR_TO.search(between)
            if closed is None or re.search(r"[，,；;。]", between):
                continue
            start_words = opened.group(1)
            end_words = closed.group(1)
            at = max(begin, a.start - 12) + opened.start()
            pair = {"from": start_words and (at + opened.group(0).index(start_words)),
                    "from_words": (start_words or "").rstrip("的"),
                    "to": end_words and (a.end + closed.start(1)), "to_words": (end_words or "").rstrip("的"),
                    "span": (at, b.end), "a": a, "b": b}
            earlier = next((p for p in reversed(list(out.values())) if p["role"] == "start"
                            and line.sentence(p["a"].start) == line.sentence(a.start)), None)
            if earlier is not None and not start_words and not end_words:
                # a second pair of the sentence with no times of its own: the first pair's two times
                pair.update({k: earlier[k] for k in ("from", "from_words", "to", "to_words")})
            out[a.start] = {**pair, "role": "start"}
            out[b.start] = {**pair, "role": "end"}
            sentence_start, sentence_end = line.sentence(b.end)
            for c in figures[i + 2:]:
                if c.start >= sentence_end:
                    break
                near = text[max(b.end, c.start - _DIRECTION_SPAN):c.start]
                if re.search(r"(?:降幅|增幅|下降|上升|增长|减少|提高|提升|降低|增加)[^，,。；;至到为]{0,4}$",
                             text[line.clause(c.start, c.end)[0]:c.start]) or near.endswith(("降幅", "增幅")):
                    out[c.start] = {**pair, "role": "change"}
                else:
                    out.setdefault(c.start, {**pair, "role": "after"})
        return out

    @staticmethod
    def _subjects(line: Line, figure: _Figure) -> list[str | None]:
        """The items of a list that one figure is stated for, one claim each: "缉枪治爆、追逃、猎狐等多项行动…第一",
        "及时受理率、按期办结率保持100%" (a list of words before the figure, in its clause, with no other number)."""
        begin, _ = line.clause(figure.start, figure.end)
        before = line.text[begin:figure.start]
        if any(begin <= s < figure.start for _, s, _ in line.mentions) or "、" not in before or "分别" in before:
            return [None]
        match = re.search(r"((?:[^、，,。；;“”]{2,14}、)+[^、，,。；;“”]{2,14}?)(?:等|[\u4e00-\u9fff]{0,4}$)", before)
        if match is None:
            return [None]
        return [item for item in match.group(1).split("、")]

    def _respective(self, line: Line, figure: _Figure) -> str | None:
        """The item a figure is stated for in a respective list: "天心区、岳麓区分别同比下降16.9%、15.2%" gives 15.2%
        to 岳麓区 (as many items before 分别 as figures after it, in order)."""
        text = line.text
        begin, stop = line.clause(figure.start, figure.end)
        at = text.rfind("分别", begin, figure.start)
        if at < 0:
            return None
        after = [s for _, s, _ in line.mentions if at < s < stop and not text[:s].endswith("第")]
        head = text[begin:at]
        items = [i for i in head.split("、") if i]
        if len(items) < 2 or len(items) != len(after) or figure.number[0] not in after:
            return None
        return items[after.index(figure.number[0])]

    def _rank_context(self, line: Line, figure: _Figure) -> bool:
        start, _ = line.sentence(figure.start)
        before = line.text[start:figure.start]
        after = line.text[figure.end:figure.end + 2]
        return any(w in before[-12:] for w in rules.RANK_WORDS) or after.startswith(("名", "位"))

    def _value_type(self, line: Line, figure: _Figure) -> str | None:
        """An estimate or a target, by the marker of the vocabulary nearest before the figure in its sentence (预计
        …98%左右；力争…60个以上: the first an estimate, the second a target), else one after it; None: measured."""
        text = line.text
        start, end = line.sentence(figure.start)
        found = []
        for code in self.vocabulary.codes("value_types"):
            for word in self.vocabulary.markers("value_types", code):
                for match in re.finditer(re.escape(word), text[start:end]):
                    at = start + match.start()
                    found.append((at >= figure.start, abs(figure.start - at), code))
        return min(found)[2] if found else None

    def _direction(self, line: Line, figure: _Figure, unit: str) -> str | None:
        """The way a change went, from the words just before it (or before the first figure of the list it ends:
        下降12.5%、10.9%)."""
        if unit not in _CHANGE_UNITS:
            return None
        text = line.text
        begin, _ = line.clause(figure.start, figure.end)
        start = figure.start
        while True:
            near = text[max(begin, start - _DIRECTION_SPAN):start]
            if re.search(r"[至到为](?:了)?$", near):
                return None  # 下降至3.1%: the level it fell to, not the fall
            found = [(near.rfind(w), code) for code in self.vocabulary.codes("directions")
                     for w in self.vocabulary.markers("directions", code) if w in near]
            if found:
                return max(found)[1]
            previous = [s for _, s, e in line.mentions if e <= start and text[e:start].strip("%％、 ") == ""
                        and "、" in text[e:start]]
            if not previous:
                return None
            start = previous[-1]

    def _claim(self, figure: _Figure, unit: str, serial: int, subject: str | None = None,
               pair: dict | None = None) -> Claim:
        line, text = figure.line, figure.line.text
        begin, stop = line.clause(figure.start, figure.end)
        sentence_start, sentence_end = line.sentence(figure.start)
        sentence = text[sentence_start:sentence_end]
        claim = Claim()
        claim.claim_id = ids.make(self.prefix, "claim", serial)
        claim.review = "proposed"
        claim.figure, claim.value, claim.unit, claim.qualifier = figure.raw, figure.value, unit, figure.qualifier
        claim.line = line.number
        claim.value_type = self._value_type(line, figure)
        claim.direction = self._direction(line, figure, unit)
        notes: list[str] = []
        streak = _STREAK_FIGURE.fullmatch(to_simplified(figure.raw))
        when = self.time_of(line, figure.start)
        base, base_note = (self.times.base(line, figure.start) if claim.direction else (None, None))
        if streak is not None:
            when = self.times.streak(line, figure.start, int(figure.value), terms=unit == "awards")
            if when is None:
                notes.append(f"a streak of {figure.value:g} ({figure.raw}): the text gives no year it ends, so it has "
                             "no year")
        if pair is not None:
            when, base = self._pair_time(line, pair, when, base)
        if when is not None and when.basis == "current":
            kind = self._not_a_stock(line, figure, unit, claim.direction, streak is not None)
            if kind is not None:
                words = line.text[when.start:when.end] if when.line == line.number else "its current word"
                notes.append(f"{words} presents it as current, but {kind} is not a stock: it is of the time it was "
                             "measured over, which the text does not give, so it has no year")
                when = When(when.line, when.start, when.end, "unstated")
        if base_note:
            notes.append(base_note)
        claim.compared_with = base
        quote_start = begin
        if pair is not None:
            quote_start = min(quote_start, pair["span"][0])
        if when is not None and when.line == line.number and when.start >= sentence_start and when.basis != "unstated":
            quote_start = min(quote_start, when.start)
        while quote_start < figure.start and text[quote_start] in _NOT_FIRST:
            quote_start += 1
        claim.quote = line.cut(quote_start, stop)
        self._time(claim, when, line)
        if claim.value_type == "target" and claim.year is not None and self.year and claim.year > self.year:
            notes.append(f"a target for {claim.year}, after the article's year: the build refuses a reference time "
                         "after the article's, so keep the year in this note and make it unstated, or drop the claim")
        time_note = self.times.note(when)
        if time_note:
            notes.append(time_note)
        if unit == "rank":
            claim.comparison_set = self._comparison_set(line, figure)
        respective = self._respective(line, figure)
        place_words = respective if respective is not None else None
        claim.region_code, claim.area = self._region(line, figure, place_words)
        clause = to_simplified(text[begin:stop])
        if subject is not None:  # the words of its own item and of the figure, not of the other items
            clause = to_simplified(subject + text[figure.start - 4 if figure.start >= 4 else 0:stop])
        elif respective is not None:
            clause = to_simplified(respective + text[text.rfind("分别", begin, figure.start):stop])
        paired = None
        if pair is not None and pair["role"] == "end":
            paired = next((c for c in reversed(self.out.claims) if c.line == line.number
                           and c.figure == pair["a"].raw), None)
        claim.metric = paired.metric if paired is not None and paired.unit == unit else self._metric(claim, clause,
                                                                                                    sentence)
        if subject is not None:
            notes.append(f"One figure stated for several items together ({subject} among them).")
        if claim.unit in self.out.units.keys():
            notes.append(f"{figure.measure} is a measure word no unit of vocabulary.yml has: a new unit is proposed "
                         "there; name it, or give the claim an existing unit")
        claim.note = "; ".join(notes) or None
        return claim

    @staticmethod
    def _not_a_stock(line: Line, figure: _Figure, unit: str, direction: str | None, streak: bool) -> str | None:
        """What a figure is when it is no stock, and so never ``current`` (目前, 如今 present a stock as it stands at
        the article's date): a streak (连续22年: completed years), a rank (居全省首位: a ranking of completed
        periods), a change (下降12%: two periods compared), a rate (调解成功率99.9%: the outcome of what happened over
        a time; a share of a stock, 网格全覆盖 or 监控覆盖率, is a stock's state and may be current), a score. None:
        a stock (目前有网格员2100名, 现有调解室46个, 如今建成230个)."""
        if streak:
            return "a streak"
        if direction is not None or unit in ("rank_positions", "percentage_points"):
            return "a change"
        if unit == "rank":
            return "a rank"
        if unit in rules.NOT_STOCK_UNITS:
            return "a score" if unit == "points" else "a count of years"
        if unit in ("percent", "tenths"):
            begin, stop = line.clause(figure.start, figure.end)
            if not any(w in line.text[begin:stop] for w in rules.STOCK_SHARES):
                return "a rate"
        return None

    def _pair_time(self, line: Line, pair: dict, when: When | None, base: str | None
                   ) -> tuple[When | None, str | None]:
        """The time of a figure of a before/after pair: the start at the first time, the end at the second, the
        change over both (its base the first), any other figure after it at the span or the second time."""
        role = pair["role"]
        span = when if when is not None and when.basis == "period" else None
        found = self.times.found[line.number]

        def at(position: int | None, words: str) -> When | None:
            if position is None or not words:
                return None
            for w in found:
                if w.start <= position < w.end or (position <= w.start < position + len(words)):
                    got = w if w.basis != "period" else None
                    if got is not None:
                        return got
            year = re.match(r"((?:19|20)[0-9]{2})年", words)
            if year:
                return When(line.number, position, position + len(year.group(0)), "stated", year=int(year.group(1)))
            return None

        first = at(pair["from"], pair["from_words"])
        second = at(pair["to"], pair["to_words"])
        if first is not None and first.same_part:
            first = self.times._settle(first)  # noqa: SLF001 - 去年同期 with the months around it
        if span is not None and span.period_start is not None:
            first = first or self._year_in(line, span, span.period_start)
            second = second or self._year_in(line, span, span.period_end)
        if second is None and first is not None and first.same_part:
            second = self.times._current_part(line.number)  # noqa: SLF001
            second = self.times._settle(second) if second is not None else None  # noqa: SLF001
        if role == "start":
            return first or (when if span is not None else None), base
        if role == "end":
            return second or when, base
        if role == "change":
            if first is not None and first.same_part:  # 由去年同期的A降至B，降幅C: C is of B's period
                return second or when, base or "same_period_previous_year"
            if span is not None:
                return span, base or (str(span.period_start) if span.period_start else None)
            if first is not None and second is not None and first.year and second.year and first.year != second.year:
                words_start, words_end = pair["span"]
                return (When(line.number, words_start, words_end, "period", period_start=first.year,
                             period_end=second.year), base or str(first.year))
            return when, base
        return span or second or when, base

    def _year_in(self, line: Line, span: When, year: int | None) -> When | None:
        """The words of one year inside a span's words (2018年 in 2018年至2022年), as a stated year."""
        if year is None:
            return None
        words = line.text[span.start:span.end]
        at = words.find(str(year))
        if at < 0:
            return None
        return When(span.line, span.start + at, span.start + at + 5, "stated", year=year)

    def _comparison_set(self, line: Line, figure: _Figure) -> str | None:
        """What a rank ranks among: the set its rank word takes as its object (领跑全省), else a set word inside it
        (历史新高: 历史, its own record), else the set whose word stands nearest before the rank in its sentence (one
        in the rank's own clause before one outside it; a longer word before a shorter one at the same place; a
        word of one character, 省, only when nothing else names a set). A tie is never settled by the order of the
        codes."""
        text = line.text
        sentence_start, _ = line.sentence(figure.start)
        clause_start, _ = line.clause(figure.start, figure.end)
        found = []
        for code in self.vocabulary.codes("comparison_sets"):
            markers = self.vocabulary.markers("comparison_sets", code)
            for word in self.set_words(code):
                if len(word) > 1 and text.startswith(word, figure.end):
                    found.append((False, False, -1, -len(word), code))  # the rank's object: 领跑全省
                for match in re.finditer(re.escape(word), text[sentence_start:figure.end]):
                    end = sentence_start + match.end()
                    if word not in markers and end != figure.start and not re.search(
                            "(?:" + "|".join(rules.RANK_WORDS) + ")$",
                            text[max(clause_start, match.start() + sentence_start - 3):match.start() + sentence_start]):
                        continue  # a province or city is the set only as the rank's object: 居福建首位, 为福建省最高
                    found.append((len(word) == 1, end < clause_start, max(0, figure.start - end), -len(word), code))
        if not found:
            return None
        found.sort(key=lambda f: f[:4])
        best = found[0]
        rivals = {f[4] for f in found if f[:4] == best[:4]}
        return best[4] if len(rivals) == 1 else None

    def _region(self, line: Line, figure: _Figure, words: str | None = None) -> tuple[str | None, str | None]:
        """The region a figure's words name (the division named last before it in its sentence, outside quotes,
        that lies in the report's province and is not the report's place or a division it lies in: a district's
        figure is its district's), and the area (the district, county, street or township named), or None."""
        text = line.text
        sentence_start, _ = line.sentence(figure.start)
        if words is not None:
            at = text.rfind(words, sentence_start, figure.start)
            window = (at, at + len(words)) if at >= 0 else (sentence_start, figure.start)
        else:
            window = (sentence_start, figure.start)
        named = [m for m in self.named.get(line.number, []) if window[0] <= m.start and m.end <= window[1]
                 and not self.quoted_name(line, m.start)]
        area_names = re.findall(r"([\u4e00-\u9fff]{2,4}(?:街道|镇|乡|区|县|市))", text[window[0]:window[1]])
        area = next((a for a in reversed(area_names) if not a.endswith(("社区", "园区", "片区", "城区", "市区", "辖区",
                                                                      "小区", "景区", "街区", "全区", "全县", "全市",
                                                                      "本市", "我市", "省市", "县市", "设区市"))), None)
        if self.place is None:
            return None, area
        clause_start, _ = line.clause(figure.start, figure.end)
        own = {"province": "全省|我省|本省", "prefecture": "全市|我市|本市|全州|全盟",
               "county": "全县|全区|全市|我县|我区|本县|本区"}.get(self.place.level)
        begin = max(named[-1].end, clause_start) if named else figure.start
        ranks = re.compile("|".join(["第", "排名", "中", *map(re.escape, self.vocabulary.claim_words)]))
        whole = [m for m in re.finditer(rf"(?<![居列在])(?:{own})", text[begin:figure.start])] if own else []
        if words is None and any(not ranks.match(text, begin + m.end()) for m in whole):
            return None, None  # 全省破获4100起: the figure's own clause speaks of the report's whole place again
            # (全省 before a rank, 为全省最高 or 居全省第一, is the set it ranks among, not its subject)
        province = self.place.province_code
        for mention in reversed(named):
            inside = [r for r in mention.regions if self.regions.within(r.code, province)]
            if len(inside) != 1:
                continue
            region = inside[0]
            if region.code == self.place.code or self.regions.within(self.place.code, region.code):
                return None, area  # the report's place, or a division it lies in: the default
            return region.code, area
        return None, area

    def _time(self, record: Claim | Honor, when: When | None, line: Line) -> None:
        if when is None:
            record.year_basis = "unstated"
            return
        evidence_line = self.lines[when.line - 1]
        record.year_evidence = evidence_line.cut(when.start, when.end)
        if when.line != line.number:
            record.year_evidence_line = when.line
        record.year_basis = when.basis if when.basis not in ("part", "same") else "relative"
        record.year = when.year
        record.period_start, record.period_end = when.period_start, when.period_end
        if isinstance(record, Claim) and when.basis == "period" and when.period_start == when.period_end:
            record.year_basis, record.year = "stated", when.period_start
            record.period_start = record.period_end = None
        if isinstance(record, Claim) and record.year_basis in ("stated", "relative", "current") \
                and when.month_start is not None:
            record.month_start, record.month_end = when.month_start, when.month_end

    def _metric(self, claim: Claim, clause: str, sentence: str) -> str:
        """An existing metric whose label fits the clause (of the claim's unit and kind: its label's characters
        stand in the clause, two thirds of its pairs, the last pair, its head, among them), else a new one."""
        kind_change = claim.direction is not None
        best: tuple[float, str] | None = None
        domains: Counter[str] = Counter()
        for metric in self.context.metrics.values():
            if not isinstance(metric.label_zh, str):
                continue
            score = _similarity(metric.label_zh, clause)
            if score > 0:
                domains[metric.domain] += score
            if metric.unit != claim.unit or (metric.kind == "change") != kind_change:
                continue
            if not _head_fits(metric.label_zh, clause):
                continue
            if best is None or score > best[0]:
                best = (score, metric.metric_id)
        if best is not None and best[0] >= 0.66:
            return best[1]
        metric_id = f"draft_{self.prefix}_{claim.claim_id.rsplit('-', 1)[1]}"
        label = noun_phrase(clause, claim, self._place_names())
        kind = "change" if kind_change else {"percent": "rate", "rank": "rank", "years": "streak",
                                              "hours": "duration", "minutes": "duration"}.get(claim.unit, "count")
        domain = domains.most_common(1)[0][0] if domains else ""
        self.out.metrics[metric_id] = (label, claim.unit, domain, kind)
        return metric_id

    def _place_names(self) -> list[str]:
        names = {m.name for found in self.named.values() for m in found}
        return sorted(names, key=len, reverse=True)

    # -- honours ---------------------------------------------------------------------------------
    def honors(self) -> None:
        serial = self.used.get("honor", 0)
        verbs = "|".join(sorted(rules.AWARD_VERBS, key=len, reverse=True))
        for line in self.lines:
            if not self.body(line) or self.story[line.number]:
                continue
            text = line.text
            spans: list[tuple[int, int, int]] = []
            for match in re.finditer(verbs, text):
                if match.group(0) in rules.WEAK_AWARD_VERBS:
                    _, stop = line.clause(match.end(), match.end())
                    if not any(w in text[match.end():stop] for w in rules.AWARD_NOUNS):
                        continue
                for start, end in self._titles(text, match.end()):
                    spans.append((match.start(), start, end))
            for match in re.finditer(rules.PRACTICE, text):
                title = self._practice_title(line, match.start())
                if title is not None:
                    spans.append((match.start(), *title))
            for verb, start, end in sorted(spans, key=lambda s: s[1]):
                serial += 1
                honor = self._honor(line, verb, start, end, serial)
                if honor is not None and not any(h.honor == honor.honor and h.times == honor.times
                                                 and (h.line < honor.line or h.quote == honor.quote)
                                                 for h in self.out.honors):
                    self.out.honors.append(honor)
                else:
                    serial -= 1

    def _practice_title(self, line: Line, at: int) -> tuple[int, int] | None:
        """The practice a sentence says is promoted (“三色预警”矛盾排查机制, 被…在全国推广): the words before
        the comma that ends its subject, from after 的 (探索形成的, 推行的)."""
        text = line.text
        start, _ = line.sentence(at)
        head = text[start:at]
        comma = max(head.rfind("，"), head.rfind(","))
        subject_end = start + comma if comma >= 0 else start + len(re.split(r"被|作为", head)[0])
        subject = text[start:subject_end]
        of = subject.rfind("的")
        begin = start + of + 1 if of >= 0 else start
        if subject_end - begin < 3:
            return None
        return begin, subject_end

    def _titles(self, text: str, at: int) -> list[tuple[int, int]]:
        """Working spans of the titles after an award verb: quoted ones, else the words to the clause's end."""
        titles = []
        pos = at
        while True:
            opened = min((i for i in (text.find(q, pos) for q in _QUOTES) if i >= 0), default=-1)
            if opened < 0 or opened - pos > 8 or any(c in CLAUSE_ENDS.replace("、", "") for c in text[pos:opened]):
                break
            closed = text.find(_QUOTES[text[opened]], opened + 1)
            if closed < 0:
                break
            start = pos if not titles and opened - pos <= 8 and text[pos:opened].strip() else opened + 1
            end = closed + 1 if start == pos else closed
            following = re.match(r"[^，,；;。、“”]{0,12}?(?=称号|荣誉|$|[，,；;。])", text[end:])
            if following is not None and following.group(0) and text[end:end + 1] not in "”’":
                end += len(following.group(0))
            titles.append((start, end))
            pos = closed + 1
            if text[pos:pos + 1] == "、":
                pos += 1
        if titles:
            return titles
        stop = at
        while stop < len(text) and text[stop] not in "，,；;。！？:：":
            stop += 1
        words = text[at:stop]
        for end_word in rules.TITLE_ENDS:
            if words.endswith(end_word):
                words = words[: -len(end_word)]
                break
        out, pos = [], at
        for part in words.split("、"):
            if len(part) >= 4:
                out.append((pos, pos + len(part)))
            pos += len(part) + 1
        return out

    def _honor(self, line: Line, verb: int, start: int, end: int, serial: int) -> Honor | None:
        text = line.text
        begin, _ = line.clause(verb, verb)
        streak = _STREAK_WORDS.search(text[begin:verb])
        when = self.time_of(line, verb, honor=True)
        if streak is not None:
            years = number(streak.group(1))
            when = self.times.streak(line, verb, years) if years else None
            if when is not None and when.basis == "current":
                when = None
        quote_start = begin
        if when is not None and when.line == line.number and when.basis != "unstated" and when.start < begin:
            quote_start = when.start
        honor = Honor()
        honor.honor_id = ids.make(self.prefix, "honor", serial)
        honor.review = "proposed"
        title = to_simplified(line.cut(start, end))
        quoted = re.fullmatch(r"([^“‘]*)[“‘]([^”’]+)[”’]?", title)
        if quoted and len(quoted.group(1)) > 3:
            title = quoted.group(2)  # 平安建设最高奖项“长安杯”: the award is 长安杯
        honor.honor = title.strip("“”‘’") if title.count("“") != 1 or not title.startswith("“") else title[1:]
        recipient = re.sub(r"^(?:(?:19|20)[0-9]{2}年[^，,]*?[，,]|[在被]|并|又一次|先后|连续.{1,3}[年届次])", "",
                           text[begin:verb])
        recipient = re.sub(r"(?:连续|第)?[0-9一二两三四五六七八九十]+[次届年].*$", "", recipient)
        recipient = re.sub(r"(?:在|被|先后|又|并|已|还|均|也|同时)+$", "", recipient).strip("，, ")
        recipient = re.sub(r"^(?:今年|去年|前年|目前|截至[^，,]{0,6}|近年来|此外|同时|另悉|其中)[，,]?", "", recipient)
        if start < verb:  # a practice: the recipient is who promoted it from the sentence's start
            recipient = ""
        honor.recipient = recipient or self._city_zh()
        honor.kind = _honor_kind(honor.honor, honor.recipient)
        if self.place is not None and honor.recipient in (self.place.name_zh, self.place.short):
            honor.recipient_en = self.place.name_en  # the place itself; any other recipient is the reviewer's
        region, _ = self._region(line, _Figure(line, verb, verb, (verb, verb), 0, "exact", None, ""))
        honor.region_code = region
        honor.line = line.number
        quote_start = min(quote_start, start)
        while quote_start < start and text[quote_start] in _NOT_FIRST:
            quote_start += 1
        close = max(end, verb + 2)
        if text[close:close + 1] in "”’」』":
            close += 1
        honor.quote = line.cut(quote_start, close)
        self._time(honor, when, line)
        if honor.year_basis == "period" and honor.period_start == honor.period_end and honor.year_evidence \
                and "年度" not in to_simplified(honor.year_evidence):
            honor.year_basis, honor.year = "stated", honor.period_start
            honor.period_start = honor.period_end = None
        times = re.search(r"(?:连续|第)?([0-9]+|[一二两三四五六七八九十]+)[次届]", text[begin:verb])
        found = times or streak
        if found:
            value = number_value(found.group(1))
            if value and value >= 2:  # 又一次: once more, not a count
                honor.times = int(value)
        note = self.times.note(when)
        if note:
            honor.note = note
        return honor

    def _city_zh(self) -> str:
        return self.place.name_zh if self.place is not None else "该地"

    def set_words(self, code: str) -> list[str]:
        """The words that name a comparison set: the vocabulary's, and for the divisions of a province or a city
        the name of the report's own province or city (居福建首位 ranks among Fujian's cities)."""
        words = self.vocabulary.markers("comparison_sets", code)
        holder = self.context.regions.at_level(self.region, code) if self.region and code in (
            "province", "prefecture") else None
        return [*words, holder.name_zh, holder.short] if holder is not None else words

    # -- exclusions ------------------------------------------------------------------------------
    def exclusions(self) -> None:
        doc = self._document([])
        mentions = account(doc, [line.raw for line in self.lines], self.vocabulary.sections["exclusion_reasons"],
                           False, set(), Problems(), words=self.out.words)
        self.out.numbers = len(mentions)
        left: dict[int, list] = {}
        for m in mentions:
            if not m.status:
                left.setdefault(m.line, []).append(m)
        entries: list[Exclusion] = []
        for number_, found in sorted(left.items()):
            line = self.lines[number_ - 1]
            spans: list[list] = []  # [start, end, reason, see] in working offsets, merged when they touch
            for m in sorted(found, key=lambda m: m.start):  # the ledger lists a line's claim words after its numbers
                start = line.working_index.get(m.start, 0)
                end = line.working_index.get(m.end - 1, start) + 1
                restated = None if m.kind == "word" else (self.restated.get((number_, start))
                                                          or self._restated_figure(line, start, end))
                if m.kind == "word":
                    (reason, (a, b)), see = self._word_reason(line, start, end), None
                elif restated is not None:
                    reason, (a, b), see = "restatement", restated[1], restated[0]
                else:
                    reason, (a, b) = self._reason(line, start, end, m.text)
                    see = self._restatement(line, start, end)
                    if see is not None:
                        reason = "restatement"
                a, b = min(a, start), max(b, end)
                last = spans[-1] if spans else None
                if last is not None and last[2] == reason and a <= last[1] + 1 and last[3] == see:
                    last[0], last[1] = min(last[0], a), max(last[1], b)
                elif last is not None and a < last[1]:
                    a = last[1]
                    spans.append([a, max(a, b), reason, see])
                else:
                    spans.append([a, b, reason, see])
            seen: set[str] = set()
            for a, b, reason, see in spans:
                while a < b and line.text[a] in _NOT_FIRST:
                    a += 1
                text = line.cut(a, b).strip()
                if not text or text in seen or not any(a <= line.working_index.get(m.start, -1) < b for m in found):
                    continue
                seen.add(text)
                entry = Exclusion()
                entry.line, entry.text, entry.reason, entry.review, entry.see = number_, text, reason, "proposed", see
                entries.append(entry)
        self.out.excluded = entries
        check = account(self._document(entries), [line.raw for line in self.lines],
                        self.vocabulary.sections["exclusion_reasons"], False, set(), Problems(), words=self.out.words)
        self.out.unaccounted = sum(1 for m in check if not m.status)

    def _word_reason(self, line: Line, start: int, end: int) -> tuple[str, tuple[int, int]]:
        """Why a claim word is excluded: on the page's header or furniture, as a number there would be; in the
        article, the reason the curated documents give its phrase, else its class's reason (领先, 前列: no exact
        rank; 首创, 率先: the first to do a thing), the set it takes as its object quoted with it (领先全国); else
        why a word that could give a value gives none here (:meth:`word_use`)."""
        text, n = line.text, line.number
        if n < self.body_start or n >= self.footer or n in self.signed:
            return self._reason(line, start, end, text[start:end])
        phrase = self._lexicon(text, start, end)
        if phrase is not None:
            return phrase
        entry = self.vocabulary.claim_words.get(text[start:end], {})
        if entry.get("value") is None and entry.get("reason"):
            return entry["reason"], (start, end + len(self._object(line, end) or ""))
        return self.word_use(line, start, end, entry) or ("descriptor", (start, end))

    def _restated_figure(self, line: Line, start: int, end: int) -> tuple[str, tuple[int, int]] | None:
        """A number that is no claim of its own (in a quotation, a story) but restates a claim of an earlier line:
        (the claim, the figure's span)."""
        if not self.body(line) or line.number in self.signed:
            return None
        figure = self.figure(line, start, end)
        if figure is None or figure.measure is None:
            return None
        unit = self.unit_of(figure)
        if unit is None:
            return None
        repeated = self._restatement_of(line, figure, unit, distinctive_only=True)
        return (repeated, (figure.start, figure.end)) if repeated is not None else None

    def _restatement(self, line: Line, start: int, end: int) -> str | None:
        value = number_value(line.text[start:end])
        begin, stop = line.clause(start, end)
        clause = re.sub(r"[“”‘’]", "", line.text[begin:stop])
        for honor in self.out.honors:
            if honor.line < line.number and honor.times == value and _core(honor.honor) in clause:
                return honor.honor_id
        return None

    def _reason(self, line: Line, start: int, end: int, mention: str) -> tuple[str, tuple[int, int]]:
        """Why a number is not a figure, and the working span the exclusion quotes."""
        text, n = line.text, line.number
        if n < self.body_start:
            return self._header(line, start, end)
        if n >= self.footer:
            reason, span = self._footer(line, start, end)
            stripped = text.strip()
            if len(stripped) <= 40 and reason not in ("contact", "page_furniture", "reader_reaction"):
                return reason, (text.index(stripped), text.index(stripped) + len(stripped))
            return reason, span
        if n in self.signed:
            return "publication_date", _signature_span(text, start, end)
        return self._body(line, start, end, mention)

    def _header(self, line: Line, start: int, end: int) -> tuple[str, tuple[int, int]]:
        """Why a number of the page's header is excluded: the date it prints, a count of readers, a page's
        number, a registration; a time in the title (the period the report covers) is a descriptor."""
        text, low = line.text, line.text.lower()
        if _REACTION.search(text[max(0, start - 8):start]):
            return "reader_reaction", _token_span(text, start, end)
        if re.search(r"第$", text[:start]) and text.startswith("版", end) or _REGISTRATION.search(low):
            return "page_furniture", ((start - 1) if text[:start].endswith("第") else start,
                                      _token_span(text, start, end)[1] + (1 if text.startswith("版", end) else 0))
        date = DATE.search(text)
        if date is not None and iso(date) is not None:
            return "publication_date", _datetime_span(text, start, end)
        printed = header_date(text)
        if printed is not None and printed.start <= start < printed.end:
            return "publication_date", (printed.start, printed.end)  # 发布时间：2024年1月, 二〇二四年一月五日
        when = [w for w in self.times.found.get(line.number, []) if w.start <= start < w.end]
        if when:
            return "descriptor", (when[0].start, when[0].end)
        if re.match(r"〔|\[", text[start - 1:start]) or re.search(r"〔[0-9]{4}〕[0-9]+号", text):
            return "ordinal_in_name", _document_number(text, start, end)
        return "name_or_slogan", (start, _word_end(text, end))

    def _footer(self, line: Line, start: int, end: int) -> tuple[str, tuple[int, int]]:
        """Why a number of the page's furniture is excluded: a contact, a reaction, a dated link, furniture."""
        text, low = line.text, line.text.lower()
        if _PHONE.search(text[max(0, start - 5):end + 12]):
            return "contact", _phone_span(text, start, end)
        around = low[max(0, start - 8):end + 2]
        if _REGISTRATION.search(text[max(0, start - 8):start]) or re.search(r"icp|备|标识码", around):
            return "page_furniture", _token_span(text, start, end)
        if _REACTION.search(low[max(0, start - 8):start]) or any(
                w in low for w in ("点赞", "评论", "心情")) or low.lstrip().startswith(rules.REACTION_WORDS) or \
                re.fullmatch(r"\s*[0-9]+人\s*", text):
            return "reader_reaction", _token_span(text, start, end)
        if DATE.search(text) and not re.search(r"版权|copyright|©", low):
            ends = [s for _, s, _ in line.mentions] + [e for _, _, e in line.mentions] + [start, end]
            return "related_news", (min(ends), max(ends))
        if any(w in low for w in rules.FURNITURE_WORDS) or "?" in text[max(0, start - 2):start]:
            return "page_furniture", _token_span(text, start, end)
        return "related_news", _token_span(text, start, end)

    def _body(self, line: Line, start: int, end: int, mention: str) -> tuple[str, tuple[int, int]]:
        text, n = line.text, line.number
        phrase = self._lexicon(text, start, end)
        if phrase is not None:
            return phrase
        address = _ADDRESS.search(text, max(0, start - 4))
        if address is not None and address.start() <= start < address.end():
            return "contact", (max(0, address.start() - 3), address.end())
        if _PHONE.search(text[max(0, start - 5):end + 9]):
            return "contact", _phone_span(text, start, end)
        if _HOTLINE.fullmatch(mention) and _measure_at(text, end, self.measure_words) is None:
            near = text[max(0, start - 3):end + 4]
            if any(w in near for w in rules.CONTACT_WORDS):
                return "contact", _token_span(text, start, end)
            return "name_or_slogan", (start, end)
        dateline = DATELINE.search(text)
        if dateline is not None and dateline.start() <= start < dateline.end():
            return "publication_date", (dateline.start(), dateline.end())
        if self._in_division_name(line, start):
            named = next(m for m in self.named[n] if m.start <= start < m.end)
            return "name_or_slogan", (named.start, named.end)
        if re.match(rules.ORDINAL_OPENERS, text[max(0, start - 2):]) and text[:start].strip(" 　（(") == "":
            stop = end + 1 if text[end:end + 1] in "、)）.．" else end
            return "ordinal_in_name", (text.rfind("（", 0, start) if text[:start].endswith("（") else start, stop)
        if re.fullmatch(rules.ENUMERATORS, text[start:end + 1]):
            return "ordinal_in_name", (start, end + 1)
        if re.search(r"〔[0-9]{4}〕[0-9]+号", text):
            number_span = _document_number(text, start, end)
            if number_span[0] <= start < number_span[1]:
                return "ordinal_in_name", number_span
        scope = self.times.scope
        when = [w for w in self.times.found.get(n, []) if w.start <= start < w.end]
        if when and when[0].month_start is not None:
            part = re.search(r"(?:[0-9]{1,2}(?:月份?)?[至到—–\-~～－])?[0-9]{1,2}月份?"
                             r"|前[^，,。]{1,3}季度|[一二三四]季度", text[when[0].start:when[0].end])
            span = (when[0].start + part.start(), when[0].start + part.end()) if part else None
            if span is not None and span[0] <= start < span[1]:
                return "descriptor", span  # the months of a figure's period (今年1至7月): they scope it
        if when and scope is not None and when[0].line == scope.line and when[0].start == scope.start:
            return "descriptor", (scope.start, scope.end)
        if when and re.match(rules.ORDINAL_OPENERS, text) and len(text.strip()) <= 30 and "。" not in text:
            return "descriptor", (when[0].start, when[0].end)  # 三、2023年工作打算: a heading's period
        date = _date_span(text, start, end)
        if date is not None:
            words = text[date[0]:date[1]]
            story = self.story[n] or re.search(r"[上下]午|晚上|清晨|凌晨|[0-9]时|许", words) is not None
            return ("anecdote_detail" if story else "event_date"), date
        if text[:start].endswith("第"):
            for idiom in rules.ORDINAL_IDIOMS:
                if text.startswith(idiom, start - 1):
                    return "idiom", (start - 1, start - 1 + len(idiom))
            if text.startswith("年", end):
                return "descriptor", (start - 1, end + 1)
            if self.story[n]:
                return "anecdote_detail", (start - 1, _word_end(text, end, 2))
            return "ordinal_in_name", (start - 1, _word_end(text, end))
        if _SET_SIZE.match(text, start) or self._descriptor(line, start, end):
            return "descriptor", (start, _measure_end(text, end, self.measure_words, noun=True))
        if re.search(r"[" + _CN_NUMERAL.replace("一", "") + r"][\u4e00-\u9fff]{1,3}[" + _CN_NUMERAL + r"]",
                     text[max(0, start - 4):end + 4]) and not re.match(r"[0-9]", mention) \
                and mention not in ("一", "壹"):
            return "name_or_slogan", _name_span(text, start, end)  # 三坊七巷, 八有八无
        if mention in ("一", "壹") and re.match(r"一([\u4e00-\u9fff])一\1", text[start:start + 4]):
            return "idiom", (start, start + 4)  # 一趟一趟
        if mention in ("一", "壹") and re.match(r"[次起][^，,。；;]{0,6}?[0-9]+[^，,。；;]{0,6}?以上的", text[end:]):
            threshold = re.match(r"[次起][^，,。；;]{0,6}?[0-9]+[^，,。；;]{0,6}?以上", text[end:])
            return "descriptor", (start, end + threshold.end())  # 一次死亡3人以上的: a threshold
        if self.story[n] and not (mention in ("一", "壹") and not text.startswith(rules.STORY_CLASSIFIERS, end)):
            return "anecdote_detail", (start, _measure_end(text, end, self.measure_words))
        if self.quoted_speech(line, start) and self.story[n]:
            return "anecdote_detail", (start, _measure_end(text, end, self.measure_words))
        if self.quoted_name(line, start):
            return "name_or_slogan", _quote_span(text, start)
        if re.match(r"[0-9]", mention):
            return "name_or_slogan", _token_span(text, start, end)
        if re.match(r"[" + _CN_NUMERAL + r"]+大", text[start:end + 1]) and (
                text[:start].endswith("党的") or text.startswith(("大精神", "大报告", "大以来", "大代表"), end)):
            return "name_or_slogan", (start, end + 1)
        if re.search(r"十[一二三四五六七八九]五", text[max(0, start - 1):end + 2]):
            return "name_or_slogan", (start, end)
        if mention == "一" or mention == "壹":
            if self.story[n] and text.startswith(rules.STORY_CLASSIFIERS, end):
                return "anecdote_detail", (start, _word_end(text, end, 2))
            twice = re.match(r"一([\u4e00-\u9fff])一\1", text[start:start + 4])
            if twice:
                return "idiom", (start, start + 4)
            return "idiom", (max(0, start - 1) if start and text[start - 1] in "新统" else start, _word_end(text, end))
        word = next((w for w in sorted(rules.DESCRIPTOR_WORDS, key=len, reverse=True) if text.startswith(w, end)), None)
        if word is not None:
            return "descriptor", (start, end + len(word))  # 两级, 八类: the word ends with the descriptor
        if re.search(r"[" + _CN_NUMERAL.replace("一", "") + r"][\u4e00-\u9fff]{1,3}[" + _CN_NUMERAL + r"]",
                     text[max(0, start - 4):end + 4]):
            return "name_or_slogan", _name_span(text, start, end)
        if re.match(r"年(?:" + "|".join(rules.NAMED_SPANS) + ")", text[end:end + 3]):
            return "name_or_slogan", (start, end + 3)
        if mention in ("两", "兩") or text.startswith(("手", "方"), end):
            return "idiom", (start, _word_end(text, end))
        return "name_or_slogan", _name_span(text, start, end)

    def _lexicon(self, text: str, start: int, end: int) -> tuple[str, tuple[int, int]] | None:
        """A phrase that the curated documents exclude, standing over the number: their reason."""
        best = None
        for phrase, reason in self.lexicon.items():
            at = text.find(phrase, max(0, start - len(phrase)))
            while 0 <= at <= start:
                if at + len(phrase) >= end and (best is None or len(phrase) > len(best[0])):
                    best = (phrase, reason, at)
                at = text.find(phrase, at + 1)
        if best is None:
            return None
        return best[1], (best[2], best[2] + len(best[0]))

    def _document(self, excluded: list[Exclusion]) -> Document:
        """The proposal as a curated document, for the ledger."""
        return Document("", self.source, 1, self.out.claims, self.out.honors, excluded, [])


#: A streak's figure: 连续三年, 连续4届.
_STREAK_FIGURE = re.compile(r"连续[0-9一二两三四五六七八九十]+(?:年|届|次)")
#: A streak before an award verb: 连续5年获评.
_STREAK_WORDS = re.compile(r"连续([0-9]+|[一二两三四五六七八九十]+)(?:年|届)")


def _honor_kind(name: str, recipient: str = "") -> str:
    """The kind of honour a name proposes (the reviewer checks it): an honour to a person, a pilot or model
    designation, a practice promoted, a title, else an award."""
    if any(w in recipient for w in rules.INDIVIDUAL_WORDS[:10]) or any(w in name for w in rules.INDIVIDUAL_WORDS[10:]):
        return "individual"
    if any(w in name for w in ("试点", "示范单位", "示范建设", "名单", "示范区")):
        return "designation"
    if any(w in name for w in ("推广", "写入", "转发", "案例", "工作法", "经验", "机制", "模式")):
        return "practice"
    if any(w in name for w in ("城市", "示范市", "示范县", "市", "县", "区", "称号", "派出所", "单位", "集体")):
        return "title"
    return "award"


def _head_fits(label: str, clause: str) -> bool:
    """Whether the head of a metric's label (its last two characters before 数/率/人数…) stands in the clause."""
    core = re.sub(r"(?:人数|数量|件数|个数|次数|数|率|排名|降幅|增幅|年数|届数)$", "", label)
    core = re.sub(r"[(（][^)）]*[)）]|[“”‘’]", "", core)
    return len(core) < 2 or core[-2:] in clause


#: Words a metric's noun phrase drops: where and when, how much, the particles around a figure.
_LABEL_DROPS = re.compile(r"^(?:其中|此外|同时|另外|据统计|数据显示|据介绍|在[^，,]{1,10}(?:方面|上|中)"
                          r"|[^，,]{1,6}方面)|"
                          r"全省|全市|全区|全县|全州|我省|我市|我区|我县|本市|共计|合计|总计|累计|共|已|均|都|还|再|"
                          r"目前|如今|现有|截至[^，,]{0,8}?(?:底|末|目前)|今年以来|今年|去年|前年|全年|同期|"
                          r"(?:19|20)[0-9]{2}年(?:度)?|[0-9]{1,2}(?:[至到—\-][0-9]{1,2})?月|[上下]半年|前三季度|"
                          r"[一二三四]季度|同比|较上年|较去年|比上年|达到|达|为|高达|保持在|稳定在|保持|超过|近|约|"
                          r"以上|左右|的$")


def noun_phrase(clause: str, claim: Claim, places: list[str] = ()) -> str:
    """A proposed metric's label: the noun phrase of the figure's clause (what is counted, with the verb that
    counts it), without its places, times, qualifiers and figure; a change says 增幅 or 降幅, a rank 排名, a count
    ends in 数."""
    figure = to_simplified(claim.figure or "")
    at = clause.find(figure)
    before, after = (clause[:at], clause[at + len(figure):]) if at >= 0 else (clause, "")
    streak = re.fullmatch(r"连续.+?(年|届|次)", figure)
    if streak is not None:  # a streak counts the years (terms) of what follows it: 连续三年实现命案零发案
        words = _clean(re.split(r"[，,。；;]", after)[0], places)
        return (words[:16] or "连续") + {"年": "年数", "届": "届数"}.get(streak.group(1), "次数")
    words = _clean(before, places)
    if len(words) < 2:
        words = _clean(before + after, places) if len(re.sub(r"[^\u4e00-\u9fff]", "", after)) >= 2 else words
    if len(words) < 2:  # no noun of its own (较上年提高0.7个百分点, 降幅38.1%): the clause before it
        quote = to_simplified(claim.quote or "")
        head = quote[:quote.rfind(figure)] if figure in quote else quote
        clauses = [c for c in re.split(r"[，,；;：:]", head) if c]
        for previous_clause in reversed(clauses[:-1] or clauses):
            cleaned = _clean(previous_clause, places)
            number = re.search(r"[0-9一二两三四五六七八九十]", cleaned)
            words = _clean(cleaned[:number.start()] if number else cleaned, places)
            if len(words) >= 2:
                break
    words = words[-16:] or to_simplified(claim.quote or "")[:16]
    if claim.direction is not None:
        return words + ("降幅" if claim.direction == "decrease" else "增幅")
    if claim.unit == "rank":
        return words + "排名"
    if claim.unit in ("percent", "tenths") or words.endswith(("数", "率", "量", "度", "额", "比例", "比重", "人次")):
        return words
    return words + "数"


def _clean(words: str, places: list[str]) -> str:
    """The words of a metric's label: quotation marks, places, times, qualifiers and particles dropped."""
    words = re.sub(r"[“”‘’\"()（）《》【】]", "", words)
    for name in places:
        words = words.replace(name, "")
    words = re.sub(r"^[\u4e00-\u9fff]{2,4}?(?:街道|镇|乡)", "", words)
    previous = None
    while previous != words:
        previous = words
        words = _LABEL_DROPS.sub("", words).strip(" ，,、：:")
        words = re.sub(r"(?:下降|上升|增长|减少|提高|提升|降低|增加|降幅|增幅|分别|排名|位列|位居|居|从|由|中|在|的)+$",
                       "", words).strip()
        words = re.sub(r"^(?:在|对|从|由|据|经)", "", words)
    return words


def _word_end(text: str, end: int, most: int = 4) -> int:
    """Where the word that a number starts ends: at most ``most`` characters on, and never past punctuation, a
    quotation mark, a particle or a digit."""
    stop = end
    while stop < len(text) and stop - end < most and text[stop] not in _WORD_STOPS and not text[stop].isdigit():
        stop += 1
    return stop


def _measure_end(text: str, end: int, words: tuple[str, ...], noun: bool = False) -> int:
    """The end of a number's measure word (3名, 10多公里), or of the noun after it (``noun``: 14个市州, up to its
    punctuation or particle); else the end of its word (:func:`_word_end`)."""
    at = end
    while at < len(text) and text[at] in "万亿千百余多":
        at += 1
    measure = _measure_at(text, at, words)
    if measure is None:
        return _word_end(text, end)
    at += len(measure)
    if noun:
        stop = at
        while stop < len(text) and stop - at < 8 and text[stop] not in CLAUSE_ENDS + "“”‘’中":
            stop += 1
        if text[stop:stop + 1] in ("（", "(") and ")" in text[stop:stop + 8] or "）" in text[stop:stop + 8]:
            close = min(i for i in (text.find(")", stop), text.find("）", stop)) if i >= 0)
            stop = close + 1
        return stop
    return at


def _widened(text: str, start: int, end: int, joined: str) -> tuple[int, int]:
    """``start``–``end`` grown over the characters of the class ``joined`` on either side."""
    a, b = start, end
    while a > 0 and re.match(joined, text[a - 1]):
        a -= 1
    while b < len(text) and re.match(joined, text[b]):
        b += 1
    return a, b


def _token_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The number with the digits, letters and measure word joined to it (0591-87095414, 3个工作日)."""
    return _widened(text, start, end, r"[0-9A-Za-z+\-.]")


def _phone_span(text: str, start: int, end: int) -> tuple[int, int]:
    """A phone number with its masked digits (0371-6xxxxxxx)."""
    return _widened(text, start, end, r"[0-9xX*\-]")


def _document_number(text: str, start: int, end: int) -> tuple[int, int]:
    """A document number (长平安办〔2023〕15号) or a registration number (蜀ICP备2023000123号-1)."""
    match = None
    for found in re.finditer(r"[\u4e00-\u9fffA-Za-z]{0,6}[〔\[][0-9]{4}[〕\]][0-9]+号", text):
        if found.start() <= start < found.end():
            match = found
    return (match.start(), match.end()) if match else _token_span(text, start, end)


def _signature_span(text: str, start: int, end: int) -> tuple[int, int]:
    stripped = text.strip()
    return text.index(stripped), text.index(stripped) + len(stripped)


def _datetime_span(text: str, start: int, end: int) -> tuple[int, int]:
    date = None
    for match in DATE.finditer(text):
        if match.start() <= start < match.end():
            date = match
    if date is not None:
        a, b = date.start(), date.end()
        time = re.match(r"\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?", text[b:])
        return (a, b) if not (time and start >= b) else (b + time.start() + len(time.group(0)) - len(
            time.group(0).strip()), b + time.end())
    a, b = _widened(text, start, end, r"[0-9:\- ]")
    while a < b and text[a] in " :-":
        a += 1
    while b > a and text[b - 1] in " :-":
        b -= 1
    return a, b


def _date_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The date or time expression the number belongs to (2019年年初, 去年12月, 今年3月19日14时许), if any."""
    pattern = re.compile(r"(?:今年|去年|前年|(?:19|20)[0-9]{2}年)?(?:年初|年底|初|底)?(?:[0-9]{1,2}月)?"
                         r"(?:[0-9]{1,2}日)?(?:[上下]午)?(?:[0-9]{1,2}时许?|[0-9]{1,2}点)?")
    for match in pattern.finditer(text, max(0, start - 8)):
        if match.start() > start:
            break
        if match.end() >= end and match.end() > match.start() and re.search(r"[年月日时点]", match.group(0)) and \
                _TIME_WORD.search(match.group(0)):
            return match.start(), match.end()
    return None


def _quote_span(text: str, index: int) -> tuple[int, int]:
    """The innermost quotation around ``index``."""
    best = None
    for left, right in _QUOTES.items():
        start = text.rfind(left, 0, index)
        if start >= 0 and text.rfind(right, start, index) < 0 and (best is None or start > best[0]):
            end = text.find(right, index)
            best = (start, end + 1 if end >= 0 else len(text))
    return best or (index, index + 1)


def _name_span(text: str, start: int, end: int) -> tuple[int, int]:
    a = start
    while a > 0 and start - a < 3 and text[a - 1] in _CN_NUMERAL:
        a -= 1
    return a, _word_end(text, end, 5)


def learn_lexicon(documents: list[tuple[list[str], list[Exclusion]]]) -> dict[str, str]:
    """Phrases that curated documents exclude (two characters or more, in simplified script) → their reason.

    Only the reasons that a phrase decides by itself are learnt (names, slogans, descriptors, set phrases,
    ordinals in names); dates, stories, related news and furniture depend on where the phrase stands.
    """
    votes: dict[str, Counter[str]] = {}
    for _lines, excluded in documents:
        for entry in excluded:
            if entry.reason not in ("name_or_slogan", "descriptor", "idiom", "ordinal_in_name"):
                continue
            phrase = re.sub(r"[“”‘’\"'「」]", "", to_simplified(entry.text or ""))
            if len(phrase) >= 2 and not re.fullmatch(r"[0-9.]+", phrase):
                votes.setdefault(phrase, Counter())[entry.reason] += 1
    return {phrase: counter.most_common(1)[0][0] for phrase, counter in votes.items()}


def propose_entries(source: str, text: str, context: Context, year: int | None, region: str | None,
                    lexicon: dict[str, str] | None = None, used: dict[str, int] | None = None,
                    published: str | None = None, date_basis: str | None = None) -> Proposed:
    """A raw source's text → proposed claims, honours and exclusions accounting for every number, and the new
    metrics and units they need (``year``: the article's year, None when it is not known; ``published``: its date
    to the day (YYYY-MM-DD), or its month (YYYY-MM) where the page prints only the month and year; ``date_basis``:
    how the date is known (an inferred one is a bound); ``region``: the code of the division it reports on;
    ``lexicon``: phrases already excluded by curated documents, see :func:`learn_lexicon`; ``used``: the highest
    serial of each kind of id (claim, honor) that a publication of this document ever held, so that no published
    id is given to another record)."""
    drafter = _Drafter(source, text, context, year, region, lexicon, published, date_basis)
    drafter.used = dict(used or {})
    drafter.honors()
    drafter.claims()
    for claim in drafter.out.claims:
        same = [h for h in drafter.out.honors if h.line == claim.line and h.times == claim.value
                and claim.unit in ("awards", "years")]
        if same:
            claim.honor_id = same[0].honor_id
    drafter.exclusions()
    return drafter.out


def _similarity(label: str, text: str) -> float:
    """The share of a label's character pairs (its generic endings dropped) that stand in a text."""
    core = re.sub(r"(?:人数|数量|件数|个数|次数|数|率)$", "", label)
    pairs = {core[i:i + 2] for i in range(len(core) - 1)} or {core}
    return sum(1 for p in pairs if p in text) / len(pairs)


def _core(title: str) -> str:
    """The name of a title: its last quoted part ("平安建设最高奖项“长安杯”" → 长安杯), else the whole title."""
    quoted = re.findall(r"[“‘「]([^”’」]+)[”’」]", title)
    return quoted[-1] if quoted else title.strip("“”‘’")


__all__ = ["Proposed", "figure_at", "learn_lexicon", "noun_phrase", "propose_entries"]
