"""Raw source + context → proposed claims, honours and exclusions: every number of the source, accounted for.

:func:`propose_entries` reads each line with the ledger's own scanner (:func:`pipeline.core.numerals.find_numbers`), so
the draft accounts for exactly the numbers the build will count:

1. **Zones.** The page's header (up to the line that gives the date), the article, and the furniture after it
   (from 责任编辑, 相关新闻 …): header and furniture numbers are excluded by kind of line (publication date,
   related news, reader reactions, page furniture, contacts).
2. **Figures.** In the article, each number grows into a figure: qualifier markers before it (超过, 近, 约 …,
   the vocabulary's), 第 or 百分之, the number with its multipliers and 余/多, a measure word, 以上/左右 after it;
   :func:`pipeline.core.numerals.parse_figure` reads value, qualifier and measure word. A figure whose measure word is a
   measure of a unit of the vocabulary becomes a claim, unless it is part of a story, a name or a set phrase.
   The unit comes from the measure word; where several units share it, from the noun it counts
   (:data:`pipeline.draft.rules.NOUN_UNITS`), the verb of an award (次 → awards), 第 or a word of rank (名 → rank).
3. **Meaning and time.** Year, basis and evidence (:mod:`pipeline.draft.time`), value type from the vocabulary's
   markers in the sentence, direction from the words before a change, the comparison set of a rank, the metric
   nearest by label among those of the same unit and kind (or a new one), the area a district names.
4. **Honours.** An award verb (获评, 荣获, 入选 …) and the titles after it, with recipient, time and times.
5. **Exclusions.** Whatever the claims and honours leave (checked with :func:`pipeline.check.document.account`, the
   ledger itself) is excluded with a reason: dates of events or stories, contacts, names and slogans, descriptors,
   ordinals in names, set phrases, details of a story, restatements of an honour — or a phrase that the curated
   documents already exclude, with their reason.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pipeline.check.context import Context
from pipeline.check.document import Document
from pipeline.check.ledger import account
from pipeline.core import records
from pipeline.core.numerals import MEASURE_WORDS, NEUTRAL_PREFIXES, FigureError, Grammar, number_value, parse_figure
from pipeline.core.problems import Problems
from pipeline.core.text import to_simplified
from pipeline.draft import rules
from pipeline.draft.lines import CLAUSE_ENDS, Line, lines_of
from pipeline.draft.time import When, expressions, governing, named, resolve
from schemas import ids
from schemas.fields import FORMULA_STARTS

_FULL = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_BEFORE_BLOCKED = {"约": "节制签预契公条合", "近": "最附邻就靠亲接将", "超": ""}
_CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
_DATE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})")
_PHONE = re.compile(r"(?<![0-9])0[0-9]{2,3}-[0-9]{7,8}(?![0-9])|(?<![0-9])1[0-9]{10}(?![0-9])")
_HOTLINE = re.compile(r"(?<![0-9])(?:123[0-9]{2}|110|119|120)(?![0-9])")
_ADDRESS = re.compile(r"[路街巷道号][0-9]+号")
_TIME_WORD = re.compile(r"(?:(?:19|20)[0-9]{2}年|[0-9]{1,2}月|[0-9]{1,2}日|[0-9]{1,2}时|[0-9]{1,2}点"
                        r"|[0-9]{1,2}:[0-9]{2})")
_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』"}
_DIRECTION_SPAN = 6
#: A before/after pair: 从2019年的A下降至2021年的B (each figure dated by its own year; a change after it, by both).
_PAIR = re.compile(r"从((?:19|20)[0-9]{2})年[^，,。；;]*?(?:至|到)((?:19|20)[0-9]{2})年[^，,。；;]*")
#: Characters a published text does not start with (a spreadsheet would read a formula), and list bullets.
_NOT_FIRST = "".join(FORMULA_STARTS) + "•·* 　"
#: The draft makes its records field by field: the records' mutable twins (pipeline.core.records.builder).
Claim, Honor, Exclusion = (records.builder(cls) for cls in (records.Claim, records.Honor, records.Exclusion))


@dataclass
class Proposed:
    """What the draft proposes for one source: its records (not yet reviewed) and the metrics they need."""

    source: str
    #: the raw lines of the source
    lines: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    honors: list[Honor] = field(default_factory=list)
    excluded: list[Exclusion] = field(default_factory=list)
    #: new metrics: id → (label_zh, unit, domain, kind)
    metrics: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)
    #: numbers of the source, and how many of them the proposal leaves unaccounted (0 by construction)
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


# --- zones ----------------------------------------------------------------------------------------


def zones(lines: list[Line]) -> tuple[int, int]:
    """(first line of the article, first line of the furniture after it), 1-based; the header is before."""
    footer = len(lines) + 1
    body_start = 1
    for line in lines:
        text = line.text.strip()
        if any(w in text for w in rules.DATE_LINE_WORDS) and _DATE.search(text) or (
                _DATE.search(text) and len(text) < 40 and line.number < 15 and "-" in text):
            body_start = line.number + 1
            break
    for line in lines:
        if line.number < body_start + 1:
            continue
        text = line.text.strip().lstrip("【[")
        if text.startswith(rules.FOOTER_STARTS) or text in ("相关新闻", "相关阅读"):
            footer = line.number
            break
    return body_start, footer


# --- figures --------------------------------------------------------------------------------------


def _measure_at(text: str, at: int) -> str | None:
    best = None
    for word in MEASURE_WORDS:
        if text.startswith(word, at) and (best is None or len(word) > len(best)):
            best = word
    return best


def figure_at(line: Line, start: int, end: int, grammar: Grammar) -> _Figure | None:
    """The figure that a number at working [start, end) is part of, read by parse_figure; None if it reads as
    none (a number without a measure word, a name)."""
    text = line.text.translate(_FULL)
    e = end
    while e < len(text) and text[e] in "万亿千百" and start < end and text[end - 1].isdigit():
        e += 1
    if text[e:e + 1] in ("余", "多") and text[e + 1:e + 2] in ("万", "亿"):
        e += 2
    after_number = max((w for w in grammar.words("after_number") if text.startswith(w, e)), key=len, default="")
    e += len(after_number)
    measure = _measure_at(text, e)
    if measure:
        e += len(measure)
        if measure == "个":
            inner = _measure_at(text, e)
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
            figure = parse_figure(raw, grammar)
        except FigureError:
            continue
        return _Figure(line, a, b, (start, end), figure.value, figure.qualifier, figure.measure, raw)
    return None


# --- the draft ------------------------------------------------------------------------------------


class _Drafter:
    def __init__(self, source: str, text: str, context: Context, year: int, region: str | None,
                 lexicon: dict[str, str] | None) -> None:
        self.source = source
        self.context = context
        self.vocabulary = context.vocabulary
        self.grammar = Grammar(self.vocabulary.qualifier_markers)
        self.year = year
        #: the division the report is about (a code of the regions table), and that division's record
        self.region = region
        self.place = context.regions.get(region)
        self.lines = lines_of(text)
        self.body_start, self.footer = zones(self.lines)
        self.prefix = ids.prefix(source) or "000"
        self.lexicon = lexicon or {}
        self.out = Proposed(source, [line.raw for line in self.lines])
        self.used: dict[str, int] = {}
        self.units: dict[str, list[str]] = {}
        for unit, measures in self.vocabulary.measures.items():
            for measure in measures:
                self.units.setdefault(measure, []).append(unit)
        self.when = {line.number: expressions(line, self.vocabulary, year) for line in self.lines}
        self.claimed: dict[int, list[tuple[int, int]]] = {}  # line → working spans of claimed numbers
        self.story = {line.number: any(w in line.text for w in rules.STORY_MARKERS) for line in self.lines}

    # -- helpers ---------------------------------------------------------------------------------
    def body(self, line: Line) -> bool:
        return self.body_start <= line.number < self.footer

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

    def time_of(self, line: Line, index: int, honor: bool = False) -> When | None:
        when = governing(line, self.when[line.number], index)
        start, end = line.sentence(index)
        when = resolve(when, line.text[start:end])
        if when is None:
            found = named(line, index, self.lines, self.vocabulary, self.year)
            if found is not None:
                return found
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
        if "rank" in candidates:
            before = text[:figure.start]
            ordinal = before.endswith("第") or re.search(r"第[" + _CN_NUMERAL + r"0-9]+、$", before)
            return "rank" if ordinal else next(u for u in candidates if u != "rank")
        if "awards" in candidates and any(v in clause for v in rules.AWARD_VERBS):
            return "awards"
        if "sessions" in candidates and measure in ("场", "场次"):
            return "sessions"
        if measure == "次":
            return "times"
        if measure == "件":
            return "cases" if any(w in clause for w in rules.CASE_WORDS) else "items"
        if measure in ("个",):
            return self._noun_unit(text, figure) or ("items" if "items" in candidates else candidates[0])
        return candidates[0]

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
        around = text[max(0, start - 2):end + 3]
        if _TIME_WORD.match(text, start) and not text.startswith("年", end) or re.match(
                r"(?:19|20)[0-9]{2}年", text[start:end + 1]):
            return False
        return not (_PHONE.search(around) or _HOTLINE.fullmatch(mention_text) or _ADDRESS.search(
            text[max(0, start - 2):end + 1]))

    # -- claims ----------------------------------------------------------------------------------
    def claims(self) -> None:
        serial = self.used.get("claim", 0)
        for line in self.lines:
            if not self.body(line):
                continue
            taken: list[tuple[int, int]] = []
            for mention, start, end in line.mentions:
                if any(a <= start < b for a, b in taken):
                    continue
                if not self.claimable(line, mention.text, start, end):
                    continue
                figure = figure_at(line, start, end, self.grammar)
                if figure is None:
                    continue
                if line.text[figure.start] == "第" and line.text[end:end + 1] in ("次", "届"):
                    raw = line.cut(figure.start + 1, end + 1)
                    try:
                        parsed = parse_figure(raw, self.grammar)
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
                for subject in self._subjects(line, figure):
                    serial += 1
                    self.out.claims.append(self._claim(figure, unit, serial, subject))
                taken.append((figure.start, figure.end))
                self.claimed.setdefault(line.number, []).append((start, end))
            for match in re.finditer(r"(?:居|列|位列|位居|稳居)[^，,。；;]{0,8}?首位", line.text):
                at = match.end() - 2
                raw = line.cut(at, at + 2)
                figure = _Figure(line, at, at + 2, (at, at + 2), 1.0, "exact", "第", raw)
                serial += 1
                self.out.claims.append(self._claim(figure, "rank", serial))

    def _restates(self, line: Line, figure: _Figure) -> bool:
        """Whether a count of awards repeats the count of an honour reported on an earlier line."""
        begin, stop = line.clause(figure.start, figure.end)
        clause = re.sub(r"[“”‘’]", "", line.text[begin:stop])
        return any(h.line < line.number and h.times == figure.value and _core(h.honor) in clause
                   for h in self.out.honors)

    @staticmethod
    def _subjects(line: Line, figure: _Figure) -> list[str | None]:
        """The items of a list that one figure is stated for, one claim each: "缉枪治爆、追逃、猎狐等多项行动…第一",
        "及时受理率、按期办结率保持100%" (a list of words before the figure, in its clause, with no other number)."""
        begin, _ = line.clause(figure.start, figure.end)
        before = line.text[begin:figure.start]
        if any(begin <= s < figure.start for _, s, _ in line.mentions) or "、" not in before:
            return [None]
        match = re.search(r"((?:[^、，,。；;“”]{2,14}、)+[^、，,。；;“”]{2,14}?)(?:等|[\u4e00-\u9fff]{0,4}$)", before)
        if match is None:
            return [None]
        return [item for item in match.group(1).split("、")]

    def _rank_context(self, line: Line, figure: _Figure) -> bool:
        start, _ = line.sentence(figure.start)
        before = line.text[start:figure.start]
        after = line.text[figure.end:figure.end + 2]
        return any(w in before[-12:] for w in rules.RANK_WORDS) or after.startswith(("名", "位"))

    def _claim(self, figure: _Figure, unit: str, serial: int, subject: str | None = None) -> Claim:
        line, text = figure.line, figure.line.text
        begin, stop = line.clause(figure.start, figure.end)
        sentence_start, sentence_end = line.sentence(figure.start)
        sentence = text[sentence_start:sentence_end]
        when = self.time_of(line, figure.start)
        pair = _PAIR.search(text, sentence_start, figure.start)
        if pair is not None and (when is None or when.start < pair.start()) and re.search(
                r"(?:降幅|增幅|下降|上升|增长|减少)[^，,。；;至到为]{0,4}$", text[begin:figure.start]):
            # 从2019年的A下降至2021年的B,降幅C: the change runs over the pair's years
            when = When(line.number, pair.start(), pair.end(), "period", period_start=int(pair.group(1)),
                        period_end=int(pair.group(2)))
        quote_start = begin
        if when is not None and when.line == line.number and when.start >= sentence_start and when.basis != "unstated":
            quote_start = min(begin, when.start)
        claim = Claim()
        claim.claim_id = ids.make(self.prefix, "claim", serial)
        claim.review = "proposed"
        claim.figure, claim.value, claim.unit, claim.qualifier = figure.raw, figure.value, unit, figure.qualifier
        claim.line = line.number
        while quote_start < figure.start and text[quote_start] in _NOT_FIRST:
            quote_start += 1
        claim.quote = line.cut(quote_start, stop)
        self._time(claim, when, line)
        for code in self.vocabulary.codes("value_types"):
            if any(w in sentence for w in self.vocabulary.markers("value_types", code)):
                claim.value_type = code if code != "measured" else None
        direction = None
        near = text[max(begin, figure.start - _DIRECTION_SPAN):figure.start]
        level = re.search(r"[至到为](?:了)?$", near) is not None  # 下降至3.1%: the level it fell to, not the fall
        for code in self.vocabulary.codes("directions"):
            if unit == "percent" and not level and any(w in near for w in self.vocabulary.markers("directions",
                                                                                                   code)):
                direction = code
        claim.direction = direction
        if unit == "rank":
            words = [(len(w), code) for code in self.vocabulary.codes("comparison_sets")
                     for w in self.set_words(code) if w in sentence]
            claim.comparison_set = max(words)[1] if words else None
        area = re.findall(r"([\u4e00-\u9fff]{2,3}[区县])", text[sentence_start:figure.start])
        claim.area = area[-1] if area and not area[-1].endswith(("社区", "园区", "片区", "城区", "市区", "辖区",
                                                                  "小区", "景区", "街区")) else None
        claim.region_code = self.district([claim.area]) if claim.area else None  # a district's figure is its own
        clause = to_simplified(text[begin:stop])
        if subject is not None:  # the words of its own item and of the figure, not of the other items
            clause = to_simplified(subject + text[figure.start - 4 if figure.start >= 4 else 0:stop])
        claim.metric = self._metric(claim, clause, sentence)
        if subject is not None:
            claim.note = f"One figure stated for several items together ({subject} among them)."
        return claim

    def _time(self, record: Claim | Honor, when: When | None, line: Line) -> None:
        if when is None:
            record.year_basis = "unstated"
            return
        evidence_line = self.lines[when.line - 1]
        record.year_evidence = evidence_line.cut(when.start, when.end)
        if when.line != line.number:
            record.year_evidence_line = when.line
        record.year_basis = when.basis
        record.year = when.year
        record.period_start, record.period_end = when.period_start, when.period_end
        if isinstance(record, Claim) and when.basis == "period" and when.period_start == when.period_end:
            record.year_basis, record.year = "stated", when.period_start
            record.period_start = record.period_end = None

    def _metric(self, claim: Claim, clause: str, sentence: str) -> str:
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
            if best is None or score > best[0]:
                best = (score, metric.metric_id)
        if best is not None and best[0] >= 0.5:
            return best[1]
        metric_id = f"draft_{self.prefix}_{claim.claim_id.rsplit('-', 1)[1]}"
        figure_free = clause.replace(to_simplified(claim.figure or ""), "")
        label = re.sub(r"[“”‘’\"()（）]", "", figure_free).strip(" ,，")[:24] or clause[:24]
        kind = "change" if kind_change else {"percent": "rate", "rank": "rank", "years": "streak",
                                              "hours": "duration", "minutes": "duration"}.get(claim.unit, "count")
        domain = domains.most_common(1)[0][0] if domains else ""
        self.out.metrics[metric_id] = (label, claim.unit, domain, kind)
        return metric_id

    # -- honours ---------------------------------------------------------------------------------
    def honors(self) -> None:
        serial = self.used.get("honor", 0)
        verbs = "|".join(sorted(rules.AWARD_VERBS, key=len, reverse=True))
        for line in self.lines:
            if not self.body(line) or self.story[line.number]:
                continue
            text = line.text
            for match in re.finditer(verbs, text):
                for start, end in self._titles(text, match.end()):
                    serial += 1
                    honor = self._honor(line, match.start(), start, end, serial)
                    if honor is not None and not any(h.honor == honor.honor and h.times == honor.times
                                                     and h.line < honor.line for h in self.out.honors):
                        self.out.honors.append(honor)
                    else:
                        serial -= 1

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
        when = self.time_of(line, verb, honor=True)
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
        recipient = re.sub(r"(?:在|被|先后|又|并|已)+$", "", recipient).strip("，, ")
        honor.recipient = recipient or self._city_zh()
        honor.kind = _honor_kind(honor.honor)
        if self.place is not None and honor.recipient in (self.place.name_zh, self.place.short):
            honor.recipient_en = self.place.name_en  # the place itself; any other recipient is the reviewer's
        honor.line = line.number
        while quote_start < start and text[quote_start] in _NOT_FIRST:
            quote_start += 1
        honor.quote = line.cut(quote_start, end)
        self._time(honor, when, line)
        if honor.year_basis == "period" and honor.period_start == honor.period_end and honor.year_evidence \
                and "年度" not in to_simplified(honor.year_evidence):
            honor.year_basis, honor.year = "stated", honor.period_start
            honor.period_start = honor.period_end = None
        times = re.search(r"(?:连续|第)?([0-9]+|[一二两三四五六七八九十]+)[次届]", text[begin:verb])
        streak = re.search(r"连续([0-9]+|[一二两三四五六七八九十]+)年", text[begin:verb])
        found = times or streak
        if found:
            value = number_value(found.group(1))
            if value and value >= 2:  # 又一次: once more, not a count
                honor.times = int(value)
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

    def district(self, names: list[str]) -> str | None:
        """The code of the district or county a clause names (the last one that is a division inside the report's
        own place, or its province), or None."""
        if self.place is None:
            return None
        scope = self.place.province_code
        for name in reversed(names):
            regions = self.context.regions
            inside = [r for r in regions.by_name.get(name, []) if regions.within(r.code, scope)
                      and r.code != self.place.code]
            if len(inside) == 1:
                return inside[0].code
        return None

    # -- exclusions ------------------------------------------------------------------------------
    def exclusions(self) -> None:
        doc = self._document([])
        mentions = account(doc, [line.raw for line in self.lines], self.vocabulary.sections["exclusion_reasons"],
                           False, set(), Problems())
        self.out.numbers = len(mentions)
        left: dict[int, list] = {}
        for m in mentions:
            if not m.status:
                left.setdefault(m.line, []).append(m)
        entries: list[Exclusion] = []
        for number, found in sorted(left.items()):
            line = self.lines[number - 1]
            spans: list[list] = []  # [start, end, reason, see] in working offsets, merged when they touch
            for m in found:
                start = line.working_index.get(m.start, 0)
                end = line.working_index.get(m.end - 1, start) + 1
                reason, (a, b) = self._reason(line, start, end, m.text)
                a, b = min(a, start), max(b, end)
                see = self._restatement(line, start, end)
                if see is not None:
                    reason = "restatement"
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
                entry.line, entry.text, entry.reason, entry.review, entry.see = number, text, reason, "proposed", see
                entries.append(entry)
        self.out.excluded = entries
        check = account(self._document(entries), [line.raw for line in self.lines],
                        self.vocabulary.sections["exclusion_reasons"], False, set(), Problems())
        self.out.unaccounted = sum(1 for m in check if not m.status)

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
            return "publication_date", _datetime_span(text, start, end)
        if n >= self.footer:
            reason, span = self._footer(line, start, end)
            stripped = text.strip()
            if len(stripped) <= 40 and reason != "contact":
                return reason, (text.index(stripped), text.index(stripped) + len(stripped))
            return reason, span
        return self._body(line, start, end, mention)

    def _footer(self, line: Line, start: int, end: int) -> tuple[str, tuple[int, int]]:
        """Why a number of the page's furniture is excluded: a contact, a reaction, a dated link, furniture."""
        text, low = line.text, line.text.lower()
        if _PHONE.search(text[max(0, start - 5):end + 9]):
            return "contact", _token_span(text, start, end)
        if any(w in low for w in rules.REACTION_WORDS) or re.fullmatch(r"\s*[0-9]+人\s*", text):
            return "reader_reaction", _token_span(text, start, end)
        if _DATE.search(text):
            ends = [s for _, s, _ in line.mentions] + [e for _, _, e in line.mentions]
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
        if _PHONE.search(text[max(0, start - 5):end + 9]) or _HOTLINE.fullmatch(mention):
            return "contact", _token_span(text, start, end)
        date = _date_span(text, start, end)
        if date is not None:
            day = "日" in text[date[0]:date[1]] or "时" in text[date[0]:date[1]]
            return ("anecdote_detail" if day or self.story[n] else "event_date"), date
        if text[:start].endswith("第"):
            for idiom in rules.ORDINAL_IDIOMS:
                if text.startswith(idiom, start - 1):
                    return "idiom", (start - 1, start - 1 + len(idiom))
            if text.startswith("年", end):
                return "descriptor", (start - 1, end + 1)
            return "ordinal_in_name", (start - 1, _word_end(text, end))
        if self.story[n] and not (mention in ("一", "壹") and not text.startswith(rules.STORY_CLASSIFIERS, end)):
            return "anecdote_detail", (start, _word_end(text, end))
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
            return "idiom", (max(0, start - 1) if start and text[start - 1] in "新统" else start, _word_end(text, end))
        if any(text.startswith(w, end) for w in rules.DESCRIPTOR_WORDS):
            return "descriptor", (start, _word_end(text, end))
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


def _honor_kind(name: str) -> str:
    """The kind of honour a name proposes (the reviewer checks it): a pilot or model designation, a title, a
    practice promoted, else an award."""
    if any(w in name for w in ("试点", "示范单位", "示范建设", "名单")):
        return "designation"
    if any(w in name for w in ("推广", "写入", "转发")):
        return "practice"
    if any(w in name for w in ("城市", "示范市", "示范县", "市", "县", "称号", "派出所")):
        return "title"
    return "award"


def _word_end(text: str, end: int, most: int = 4) -> int:
    stop = end
    while stop < len(text) and stop - end < most and text[stop] not in CLAUSE_ENDS + "“”‘’()（）" and \
            not text[stop].isdigit():
        stop += 1
    return stop


def _token_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The number with the digits, letters and measure word joined to it (0591-87095414, 3个工作日)."""
    a, b = start, end
    while a > 0 and re.match(r"[0-9A-Za-z+\-.]", text[a - 1]):
        a -= 1
    while b < len(text) and re.match(r"[0-9A-Za-z+\-.]", text[b]):
        b += 1
    return a, b


def _datetime_span(text: str, start: int, end: int) -> tuple[int, int]:
    a, b = start, end
    while a > 0 and re.match(r"[0-9:\- ]", text[a - 1]):
        a -= 1
    while b < len(text) and re.match(r"[0-9:\- ]", text[b]):
        b += 1
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


def propose_entries(source: str, text: str, context: Context, year: int, region: str | None,
                    lexicon: dict[str, str] | None = None, used: dict[str, int] | None = None) -> Proposed:
    """A raw source's text → proposed claims, honours and exclusions accounting for every number, and the new
    metrics they need (``year``: the article's year; ``city``: the code of the city it reports on; ``lexicon``:
    phrases already excluded by curated documents, see :func:`learn_lexicon`; ``used``: the highest serial of
    each kind of id (claim, honor) that a publication of this document ever held, so that no published id is
    given to another record)."""
    drafter = _Drafter(source, text, context, year, region, lexicon)
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
