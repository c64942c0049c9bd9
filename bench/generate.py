"""Synthetic corpora for the benchmarks: raw documents plus the curated files that describe them.

``generate(root, claims)`` writes a repository-shaped folder below ``root`` that the
real pipeline builds (``python -m pipeline build --root ROOT``):

* ``datasets/sources/NNN_<16 hex>.txt``: articles in the style of the real ones
  (title, publication line, paragraphs, page furniture, related news), three in
  five in simplified script and the rest converted to traditional script with
  OpenCC, with the pinyin debris of the real traditional sources ("區(qū)");
* ``datasets/sources/sources.yml``: their metadata, pinned by sha256;
* ``datasets/curated/documents/NNN_<16 hex>.yml``: claims whose quotes stand
  verbatim on their lines and whose values agree with their figures (Arabic and
  Chinese numerals, 万/亿 multipliers, 余/多/近/约/以上/左右/不少于/超过, ordinals,
  percentages, full-width digits), years that agree with their basis (stated,
  relative, current, period, unstated) with the words that date them, honours, and an ``excluded`` entry for
  every other number (dates, idioms, descriptors, slogans, contacts...), so that
  the coverage ledger accounts for every number;
* ``datasets/curated/metrics.yml``: by default metrics shared as a growing corpus
  shares them (each kind of claim one metric of every document, and a share of
  each document's claims of metrics of its own that falls as the corpus grows:
  :func:`new_metric_share`), or, with ``metrics="per_claim"``, the worst case of a
  metric of its own for every claim; and copies of ``vocabulary.yml`` and
  ``package.yml``. Each pair of documents reports on one place (a prefecture of
  the regions table, of any province) and three of their claims share a metric,
  so that corroboration has pairs.

Ids follow the project's id scheme (``pipeline.ids``): documents and serials of any
size (``000-c001``, ``1000-c1000``), so a corpus may hold any number of documents, each
with any number of claims, honours and numbers; ``first`` numbers the documents from a
given number (to try documents beyond 999).
The output is deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import cn2an
import opencc

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from schemas import ids  # noqa: E402 - the id scheme of the pipeline the corpus is for

#: Claims per document that share their metric with the paired document (same place).
SHARED_PER_DOCUMENT = 3


def real_claim_count(repo: Path = REPO) -> int:
    """Number of claims in the real curated files."""
    pattern = re.compile(r"^\s*- id: [0-9]+-c[0-9]+\s*$", re.M)
    return sum(len(pattern.findall(p.read_text(encoding="utf-8")))
               for p in (repo / "datasets/curated/documents").glob("*.yml"))


# --- vocabulary of the synthetic text -------------------------------------------------------------

@dataclass(frozen=True)
class Template:
    """A kind of claim: its metric, and the words around its figure."""

    metric: str
    label_zh: str
    label_en: str
    unit: str
    domain: str
    kind: str
    pre: str
    measure: str
    styles: tuple[str, ...]
    post: str = ""


_COUNT = ("int", "int", "yu", "duo", "wan_yu", "cn", "cn_yu", "jin", "yishang", "bushaoyu", "yue",
          "zuoyou", "chaoguo", "fw")
_SMALL = ("int", "int", "cn", "yu", "yishang", "fw")
_BIG = ("wan", "wan_yu", "duo_wan", "cn_yu_wan", "jin_wan", "int")

TEMPLATES: tuple[Template, ...] = (
    Template("patrol_force", "平安巡防力量人数", "patrol force", "persons", "policing", "count",
             "组织平安巡防队员", "人", _BIG),
    Template("registered_volunteers", "注册平安志愿者人数", "registered public-safety volunteers", "persons",
             "volunteers", "count", "注册平安志愿者", "名", _BIG),
    Template("mediation_rooms", "调解工作室数量", "mediation rooms", "places", "dispute_mediation", "count",
             "建成调解工作室", "个", _COUNT),
    Template("disputes_mediated", "化解矛盾纠纷件数", "disputes resolved", "cases", "dispute_mediation", "count",
             "共化解矛盾纠纷", "件", _COUNT + _BIG),
    Template("mediation_success_rate", "调解成功率", "mediation success rate", "percent", "dispute_mediation",
             "rate", "调解成功率达", "%", ("pct", "pct", "pct_yishang", "pct_cn", "pct_fw")),
    Template("sense_of_security_rate", "群众安全感率", "public sense of security", "percent", "policing", "rate",
             "群众安全感率保持在", "%", ("pct", "pct_yishang", "pct_chaoguo")),
    Template("criminal_cases_decline", "刑事案件立案数降幅", "fall in recorded criminal cases", "percent",
             "policing", "change", "刑事案件立案数同比下降", "%", ("pct", "pct_fw")),
    Template("fraud_cases_solved", "破获电信网络诈骗案件数", "telecom and online fraud cases solved", "cases",
             "policing", "count", "破获电信网络诈骗案件", "起", _COUNT),
    Template("suspects_arrested", "抓获犯罪嫌疑人数", "suspects arrested", "persons", "policing", "count",
             "抓获犯罪嫌疑人", "名", _COUNT),
    Template("gangs_dismantled", "打掉涉恶团伙数", "criminal gangs dismantled", "organisations", "organised_crime",
             "count", "打掉涉恶团伙", "个", _SMALL),
    Template("grid_cells", "网格数量", "grid cells", "localities", "grassroots_governance", "count",
             "划分单元网格", "个", _COUNT),
    Template("grid_workers", "专兼职网格员人数", "full- and part-time grid workers", "persons",
             "grassroots_governance", "count", "配备专兼职网格员", "名", _COUNT),
    Template("legal_service_points", "公共法律服务站点数", "public legal service points", "places",
             "legal_services", "count", "设立公共法律服务站点", "处", _COUNT),
    Template("legal_consultations", "法律咨询人次", "legal consultations", "person_times", "legal_services",
             "count", "提供法律咨询", "人次", _BIG),
    Template("police_arrival_minutes", "接警平均到场时间", "average police arrival time", "minutes", "policing",
             "average", "接警后平均到场时间缩短至", "分钟", ("int_small",)),
    Template("service_hours", "调处中心值守时长", "daily staffed hours of the mediation centre", "hours",
             "dispute_mediation", "duration", "矛盾纠纷调处中心实行", "小时", ("int_small", "ge_hours"), "值守"),
    Template("households_visited", "走访群众户数", "households visited", "households", "grassroots_governance",
             "count", "走访群众", "户", _COUNT + _BIG),
    Template("petition_backlog_resolved", "化解信访积案件数", "backlogged petitions resolved", "items",
             "petitions", "count", "化解信访积案", "件", _COUNT),
    Template("legal_education_sessions", "普法宣传活动场次", "legal-education events", "sessions",
             "legal_services", "count", "开展普法宣传活动", "场", _COUNT),
    Template("villages_with_legal_advisers", "配备法律顾问的村居数", "villages with a legal adviser",
             "localities", "legal_services", "count", "推动", "个", _COUNT, "村（社区）配齐法律顾问"),
    Template("losses_recovered", "挽回经济损失", "losses recovered for the public", "cny", "policing",
             "amount", "为群众挽回经济损失", "元", ("wan_cny", "yi_cny", "jin_wan_cny", "int_cny")),
    Template("safety_assessment_rank", "平安建设考评名次", "rank in the provincial public-safety assessment",
             "rank", "policing", "rank", "平安建设考评位居全省", "第", ("ordinal", "ordinal_ming")),
    Template("criminal_cases_decline_streak", "刑事案件连降年数", "consecutive years of falling criminal cases",
             "years", "policing", "streak", "实现刑事案件", "年", ("int_small", "cn_small"), "连降"),
    Template("drug_cases_solved", "侦破毒品案件数", "drug cases solved", "cases", "policing", "count",
             "侦破毒品案件", "宗", _SMALL),
    Template("minors_protection_stations", "未成年人保护工作站数", "child-protection stations",
             "organisations", "minors_protection", "count", "建立未成年人保护工作站", "家", _SMALL),
    Template("smart_sensors", "新建智能感知设备数", "smart sensors installed", "items", "digital_platforms",
             "count", "新建智能感知设备", "部", _COUNT + _BIG),
    Template("platform_users", "平安通平台注册用户数", "registered users of the 平安通 platform", "persons",
             "digital_platforms", "count", "“平安通”平台注册用户", "人", _BIG),
    Template("pilot_batches", "试点推进批次", "batches of pilots", "batches", "grassroots_governance", "count",
             "先后分", "批", ("cn_small",), "推进试点"),
    Template("sea_patrol_trips", "海上巡航趟数", "sea patrol trips", "trips", "policing", "count",
             "巡逻船艇出海巡航", "趟", _COUNT),
    Template("leaflets_distributed", "发放宣传资料张数", "leaflets distributed", "pages", "legal_services",
             "count", "发放宣传资料", "张", _BIG),
    Template("professional_mediators", "专职人民调解员人数", "professional mediators", "persons",
             "dispute_mediation", "count", "选聘专职人民调解员", "位", _COUNT),
    Template("volunteer_events", "志愿服务活动次数", "volunteer service events", "times", "volunteers", "count",
             "组织志愿服务活动", "次", _COUNT),
)

#: Province abbreviations (简称), for the page furniture of a province's sites (ICP registration numbers).
PROVINCE_ABBREVIATIONS = {
    "110000": "京", "120000": "津", "130000": "冀", "140000": "晋", "150000": "蒙", "210000": "辽", "220000": "吉",
    "230000": "黑", "310000": "沪", "320000": "苏", "330000": "浙", "340000": "皖", "350000": "闽", "360000": "赣",
    "370000": "鲁", "410000": "豫", "420000": "鄂", "430000": "湘", "440000": "粤", "450000": "桂", "460000": "琼",
    "500000": "渝", "510000": "蜀", "520000": "黔", "530000": "滇", "540000": "藏", "610000": "陕", "620000": "陇",
    "630000": "青", "640000": "宁", "650000": "新"}
#: Characters a place name must not hold: the ledger would count them as numbers (六盘水, 十堰, 三明).
_NUMERAL_CHARACTERS = set("零〇一二三四五六七八九十百千万亿两")


@dataclass(frozen=True)
class Place:
    """A prefecture of China the synthetic reports are about, from the regions table."""

    code: str
    name_zh: str
    short: str
    #: its counties and districts (the areas of its figures)
    areas: tuple[str, ...]
    #: their codes in the regions table, in the same order (the region a figure of the area is about)
    area_codes: tuple[str, ...]
    publishers: tuple[str, ...]
    #: the first digits of its phone numbers
    area_code: str
    #: the abbreviation of its province (ICP numbers)
    province: str


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    """Every prefecture of the regions table with at least three counties, none of whose names holds a numeral
    character, in code order; each document is about one of them (``place``)."""
    from pipeline.check.regions import Region

    with (REPO / "datasets/reference/regions.csv").open(encoding="utf-8", newline="") as f:
        rows = [Region(r["code"], r["name_zh"], r["name_en"], r["level"], r["parent_code"] or None,
                       r["province_code"], r["iso_3166_2"] or None) for r in csv.DictReader(f)]
    children: dict[str, list[Region]] = {}
    for region in rows:
        if region.parent_code:
            children.setdefault(region.parent_code, []).append(region)
    clean = [r for r in rows if r.level == "prefecture" and r.province_code in PROVINCE_ABBREVIATIONS
             and not _NUMERAL_CHARACTERS & set(r.name_zh)]
    out = []
    for region in clean:
        counties = [c for c in children.get(region.code, []) if not _NUMERAL_CHARACTERS & set(c.name_zh)]
        areas, area_codes = tuple(c.name_zh for c in counties), tuple(c.code for c in counties)
        if len(areas) >= 3:
            short = region.short
            area_code = f"0{int(region.code[:4]) % 900 + 100}"
            out.append(Place(region.code, region.name_zh, short, areas, area_codes, (f"{short}日报", f"{short}新闻网"),
                             area_code, PROVINCE_ABBREVIATIONS[region.province_code]))
    return tuple(out)


HONOURS = ("平安中国建设示范市", "全国市域社会治理现代化试点城市", "全国禁毒示范城市", "全省法治政府建设示范市",
           "全国社会治安综合治理优秀市", "平安中国建设先进集体", "全国模范人民调解委员会",
           "全国扫黑除恶专项斗争先进集体", "全国人民调解宣传工作先进集体", "全国维护妇女儿童权益先进集体",
           "全国信访工作示范县", "全国法治宣传教育先进单位", "全国优秀公安局", "枫桥式公安派出所")
RECIPIENTS = ("市公安局", "市司法局", "市中级人民法院", "市检察院", "市委政法委", "市信访局", "东街派出所")
FILLERS = ("坚持和发展新时代“枫桥经验”", "不断提升群众安全感和满意度", "健全完善立体化、信息化社会治安防控体系",
           "常态化推进扫黑除恶斗争", "完善矛盾纠纷排查预警和多元化解机制", "全面加强普法宣传教育",
           "推动各类矛盾纠纷及时化解", "打造共建共治共享的社会治理格局", "把矛盾纠纷化解在基层、化解在萌芽状态")
HEADINGS = ("立体防控科学治理", "法治亮剑重拳出击", "多元化解多方调解", "打牢根基解基层治理难题",
            "智慧赋能提升治理效能", "凝心聚力保护未成年人")
HEADLINES = ("干部群众共护绿水青山", "内河游迎来首批“持证上岗”掌舵手", "城乡同心 携手逐梦 都市圈强势崛起",
             "诚信模范走进社区 宣讲倡导文明风尚", "工业园区标准化建设出彩", "平安建设提亮民生幸福底色",
             "“共享雨伞” 亮相城市中心", "事迹陈列馆正式开放")
TITLES = ("{c}努力建设更高水平的平安{c}", "{c}创新社会治理 将平安建设朝纵深推进", "{c}全力推进市域社会治理现代化",
          "“平安之城”传递法治温度 唱响平安之声", "平安{c}建设扎实推进")
#: (reason, phrase or maker, the words around it, how many numbers the phrase holds)
EXTRAS = (
    ("idiom", "“一张网”", "织密治安防控{p}", 1),
    ("idiom", "一套组合拳", "打出{p}", 1),
    ("idiom", "一张蓝图", "坚持{p}绘到底", 1),
    ("idiom", "一大批", "清除了{p}社会治安隐患", 1),
    ("descriptor", "五级", "组建{p}巡防队伍", 1),
    ("descriptor", "四级", "构建市县乡村{p}联动机制", 1),
    ("descriptor", "八类", "严打{p}暴力犯罪", 1),
    ("name_or_slogan", "“1+2+N”", "推广{p}金融纠纷联动化解模式", 2),
    ("name_or_slogan", "“3820”", "传承{p}战略工程精神", 1),
    ("name_or_slogan", "“五位一体”", "打造{p}调解模式", 1),
    ("name_or_slogan", "“两抢”", "{p}案件发案数持续下降", 1),
    ("name_or_slogan", "二十大", "深入学习贯彻党的{p}精神", 1),
    ("ordinal_in_name", "第八检察部", "市检察院{p}", 1),
    ("anecdote_detail", "age", "家住社区的{p}老人", 1),
    ("anecdote_detail", "hour", "{p}接到群众报警", 1),
    ("contact", "phone", "举报电话{p}", 2),
    ("event_date", "month", "{p}召开平安建设推进会", 2),
)
DEBRIS = {"現": "xiàn", "區": "qū", "設": "shè", "網": "wǎng", "務": "wù", "構": "gòu", "實": "shí", "體": "tǐ"}
_FULL_WIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")
_YAML_SPECIAL = re.compile(r"[:#,\[\]{}&*!|>'\"@`\\]|^[-?%\s]|\s$")


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


# --- numbers ---------------------------------------------------------------------------------------

def _cn(n: int, rng: random.Random) -> str:
    text = cn2an.an2cn(n)
    if text.startswith(("二百", "二千")) and rng.random() < 0.5:
        text = "两" + text[1:]
    return text


def _decimal(tenths: int) -> str:
    return f"{tenths / 10:.1f}".removesuffix(".0")


def render(style: str, measure: str, rng: random.Random) -> tuple[str, float, str]:
    """A figure in ``style`` with measure word ``measure``: (figure text, value, qualifier)."""
    m = measure
    n = rng.choice((rng.randint(2, 99), rng.randint(100, 999), rng.randint(1000, 9999)))
    tens = rng.randint(2, 99) * 10
    a, b = rng.randint(1, 99), rng.randint(1, 9)
    if style == "int":
        return f"{n}{m}", n, "exact"
    if style == "int_small":
        k = rng.randint(2, 30)
        return f"{k}{m}", k, "exact"
    if style == "fw":
        return f"{n}{m}".translate(_FULL_WIDTH), n, "exact"
    if style == "yu":
        return f"{tens}余{m}", tens, "more_than"
    if style == "duo":
        return f"{tens}多{m}", tens, "more_than"
    if style == "wan":
        return f"{a}.{b}万{m}", a * 10000 + b * 1000, "exact"
    if style == "wan_yu":
        return f"{a}万余{m}", a * 10000, "more_than"
    if style == "duo_wan":
        k = rng.randint(2, 9)
        return f"{k}0多万{m}", k * 100000, "more_than"
    if style == "cn":
        k = rng.randint(2, 999)
        return f"{_cn(k, rng)}{m}", k, "exact"
    if style == "cn_small":
        k = rng.randint(2, 12)
        return f"{_cn(k, rng)}{m}", k, "exact"
    if style == "cn_yu":
        k = rng.randint(2, 9) * 10
        return f"{_cn(k, rng)}余{m}", k, "more_than"
    if style == "cn_yu_wan":
        k = rng.randint(1, 9) * 10
        return f"{_cn(k, rng)}余万{m}", k * 10000, "more_than"
    if style == "jin":
        return f"近{n}{m}", n, "nearly"
    if style == "jin_wan":
        return f"近{a}万{m}", a * 10000, "nearly"
    if style == "yishang":
        return f"{tens}{m}以上", tens, "at_least"
    if style == "bushaoyu":
        return f"不少于{tens}{m}", tens, "at_least"
    if style == "yue":
        return f"约{n}{m}", n, "about"
    if style == "zuoyou":
        return f"{tens}{m}左右", tens, "about"
    if style == "chaoguo":
        return f"超过{n}{m}", n, "more_than"
    if style == "ge_hours":
        k = rng.randint(2, 24)
        return f"{k}个小时", k, "exact"
    if style.startswith("pct"):
        tenths = rng.randint(800, 999)
        text = _decimal(tenths)
        if style == "pct":
            return f"{text}%", tenths / 10, "exact"
        if style == "pct_fw":
            return f"{text}%".translate(_FULL_WIDTH), tenths / 10, "exact"
        if style == "pct_yishang":
            return f"{text}%以上", tenths / 10, "at_least"
        if style == "pct_chaoguo":
            return f"超过{text}%", tenths / 10, "more_than"
        k = rng.randint(50, 99)
        return f"百分之{_cn(k, rng)}", k, "exact"
    if style == "ordinal":
        k = rng.randint(1, 10)
        return f"第{_cn(k, rng)}", k, "exact"
    if style == "ordinal_ming":
        k = rng.randint(1, 20)
        return f"第{k}名", k, "exact"
    if style == "wan_cny":
        return f"{n}万元", n * 10000, "exact"
    if style == "yi_cny":
        return f"{a}.{b}亿元", a * 100000000 + b * 10000000, "exact"
    if style == "jin_wan_cny":
        return "近万元", 10000, "nearly"
    if style == "int_cny":
        return f"{n}元", n, "exact"
    raise ValueError(f"unknown style {style!r}")


# --- documents -------------------------------------------------------------------------------------

@dataclass
class Piece:
    """Part of a segment of text: converted to the document's script as one unit."""

    text: str
    role: str = "plain"  # plain (may carry debris), figure, exact (no debris: figure, date, excluded text)


@dataclass
class Segment:
    """A clause of a paragraph line, with the records it carries."""

    pieces: list[Piece]
    claim: dict | None = None
    honor: dict | None = None
    excluded: list[tuple[int, str]] = field(default_factory=list)  # (piece index, reason)
    numbers: int = 0


@dataclass
class Stats:
    """What a generated corpus holds."""

    documents: int = 0
    claims: int = 0
    honors: int = 0
    excluded: int = 0
    metrics: int = 0
    numbers: int = 0
    source_bytes: int = 0
    curated_bytes: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


class _Writer:
    """Builds one document: its raw lines, its curated records and its metric entries."""

    def __init__(self, index: int, place: Place, year: int, date: str, script: str, seed: int) -> None:
        self.index, self.place, self.year, self.date, self.script = index, place, year, date, script
        self.rng = random.Random(f"{seed}:doc:{index}")
        self.seed = seed
        self.name_zh, self.areas, self.area_code = place.short, list(place.areas), place.area_code
        self.lines: list[str] = []
        self.claims: list[dict] = []
        self.honors: list[dict] = []
        self.excluded: list[dict] = []
        self.metrics: list[dict] = []
        self.numbers = 0
        self._s2t = _s2t() if script == "traditional" else None

    # -- script ------------------------------------------------------------------------------------
    def convert(self, piece: Piece) -> str:
        if self._s2t is None:
            return piece.text
        text = self._s2t.convert(piece.text)
        if len(text) != len(piece.text):
            return piece.text
        if piece.role != "plain":
            return text
        out = []
        for char in text:
            out.append(char)
            if char in DEBRIS and self.rng.random() < 0.3:
                out.append(f"({DEBRIS[char]})")
        return "".join(out)

    # -- segments ----------------------------------------------------------------------------------
    def _evidence(self, words: str) -> str:
        """Words that date a figure, as they stand in the document's script (no debris inside them)."""
        return self.convert(Piece(words, "exact"))

    def _when(self, rng: random.Random) -> tuple[list[Piece], dict, int]:
        """The words that date a claim, its year fields and how many numbers they hold."""
        y = self.year
        draw = rng.random()
        if draw < 0.12 and y > 2012:
            stated = rng.randint(2012, y - 1)
            return ([Piece(f"{stated}", "exact"), Piece("年，")],
                    {"year": stated, "year_basis": "stated", "year_evidence": f"{stated}年"}, 1)
        if draw < 0.18:
            back = rng.choice((0, 1))
            words = "今年以来" if back == 0 else "去年"
            return ([Piece(words, "exact"), Piece("，")],
                    {"year": y - back, "year_basis": "relative", "year_evidence": self._evidence(words)}, 0)
        if draw < 0.32 and y > 2014:
            start = rng.randint(2012, y - 2)
            end = rng.randint(start + 1, y)
            return ([Piece(f"{start}", "exact"), Piece("年至"), Piece(f"{end}", "exact"), Piece("年，")],
                    {"year_basis": "period", "period_start": start, "period_end": end,
                     "year_evidence": f"{start}年至{end}年"}, 2)
        if draw < 0.36 and y >= 2020:  # a named plan period: the text gives no years for it
            return ([Piece("“"), Piece("十三五", "exact"), Piece("”期间，")],
                    {"year_basis": "unstated", "year_evidence": "十三五", "slogan": "十三五"}, 1)
        if draw < 0.42 and y > 2014:
            start = rng.randint(2012, y - 1)
            return ([Piece("自"), Piece(f"{start}", "exact"), Piece("年以来，")],
                    {"year_basis": "since", "period_start": start, "period_end": y,
                     "year_evidence": self._evidence(f"自{start}年以来")}, 1)
        lead = rng.choice(("", "", "近年来", "目前"))
        if lead == "目前":
            return ([Piece(lead, "exact"), Piece("，")],
                    {"year": y, "year_basis": "current", "year_evidence": self._evidence(lead)}, 0)
        if lead:
            return ([Piece(lead, "exact"), Piece("，")],
                    {"year_basis": "unstated", "year_evidence": self._evidence(lead)}, 0)
        return [], {"year_basis": "unstated"}, 0

    def area(self, metric: str, given: set[tuple[str, str | None]]) -> str | None:
        """The area of a claim on ``metric`` (None: the place itself): one of the place's counties for two claims
        in five, never one this document already gave a figure of ``metric`` for; a KeyError when it has them all."""
        rng = self.rng
        first = rng.choice(self.areas) if rng.random() < 0.4 else None
        if (metric, first) not in given:
            return first
        free = [a for a in (None, *self.areas) if (metric, a) not in given]
        if not free:
            raise KeyError(metric)
        return rng.choice(free)

    def claim(self, serial: int, template: Template, figure: tuple[str, float, str], metric: str,
              area: str | None) -> Segment:
        rng = self.rng
        pieces, years, numbers = self._when(rng)
        slogan = years.pop("slogan", None)
        who = area or rng.choice(("全市", self.name_zh, self.place.name_zh))
        pieces += [Piece(who + template.pre), Piece(figure[0], "figure")]
        if template.post:
            pieces.append(Piece(template.post))
        meaning = {"direction": "decrease"} if template.kind == "change" else {}
        if template.unit == "rank":
            meaning = {"comparison_set": "province"}
        region = self.place.area_codes[self.place.areas.index(area)] if area else None
        record = {"id": ids.make(ids.number(self.index), "claim", serial), "metric": metric, "figure": None,
                  "value": figure[1], "unit": template.unit, "qualifier": figure[2], "area": area, "region": region,
                  **years, **meaning}
        segment = Segment(pieces, claim=record, numbers=numbers + 1)
        if slogan:
            segment.excluded.append((1, "name_or_slogan"))
        self.claims.append(record)
        return segment

    def honour(self, serial: int) -> Segment:
        rng = self.rng
        honor = rng.choice(HONOURS)
        recipient = rng.choice((self.place.name_zh, *RECIPIENTS))
        record = {"id": ids.make(ids.number(self.index), "honor", serial), "honor": honor, "recipient": recipient,
                  "honor_en": f"Synthetic honour {HONOURS.index(honor) + 1}",
                  "kind": "award" if honor.endswith(("集体", "单位", "公安局", "委员会")) else "title",
                  "recipient_en": "the city" if recipient == self.place.name_zh else "a unit of the city"}
        y, draw = self.year, rng.random()
        if draw < 0.4 and y > 2012:
            stated = rng.randint(2012, y)
            pieces = [Piece(f"{stated}", "exact"), Piece(f"年，{recipient}获评“"), Piece(honor, "exact"), Piece("”")]
            record |= {"year": stated, "year_basis": "stated", "year_evidence": f"{stated}年"}
            numbers = 1
        elif draw < 0.65:
            times = rng.randint(2, 6)
            pieces = [Piece(f"{recipient}连续"), Piece(_cn(times, rng), "exact"), Piece("届获评“"),
                      Piece(honor, "exact"), Piece("”")]
            record |= {"year_basis": "unstated", "times": times}
            numbers = 1
        elif draw < 0.85 and y > 2014:
            start = rng.randint(2012, y - 2)
            end = rng.randint(start + 1, y)
            pieces = [Piece(f"{start}", "exact"), Piece("年至"), Piece(f"{end}", "exact"),
                      Piece(f"年，{recipient}连续"), Piece(f"{end - start + 1}", "exact"), Piece("年获评“"),
                      Piece(honor, "exact"), Piece("”")]
            record |= {"year_basis": "period", "period_start": start, "period_end": end, "times": end - start + 1,
                       "year_evidence": f"{start}年至{end}年"}
            numbers = 3
        else:
            pieces = [Piece(f"去年，{recipient}荣获“"), Piece(honor, "exact"), Piece("”称号")]
            record |= {"year": y - 1, "year_basis": "relative", "year_evidence": "去年"}
            numbers = 0
        self.honors.append(record)
        return Segment(pieces, honor=record, numbers=numbers)

    def extra(self) -> Segment:
        rng = self.rng
        reason, phrase, words, numbers = rng.choice(EXTRAS)
        if phrase == "age":
            phrase = f"{rng.randint(60, 95)}岁"
        elif phrase == "hour":
            phrase = f"凌晨{rng.randint(1, 5)}点"
        elif phrase == "phone":
            phrase = f"{self.area_code}-{rng.randint(10_000_000, 99_999_999)}"
        elif phrase == "month":
            phrase = f"{rng.randint(2012, self.year)}年{rng.randint(1, 12)}月"
        before, after = words.split("{p}")
        pieces = [Piece(before), Piece(phrase, "exact"), Piece(after)]
        return Segment(pieces, excluded=[(1, reason)], numbers=numbers)

    # -- lines -------------------------------------------------------------------------------------
    def add_line(self, text: str) -> int:
        self.lines.append(text)
        return len(self.lines)

    def exclude(self, line: int, text: str, reason: str, seen: set[str] | None = None) -> None:
        if seen is not None:
            if text in seen:
                return
            seen.add(text)
        self.excluded.append({"line": line, "text": text, "reason": reason})

    @staticmethod
    def _figure(converted: list[str], pieces: list[Piece]) -> str:
        """The figure as a curator writes it: the first occurrence in the quote ("14年连降" after "2014年")."""
        index = next(i for i, p in enumerate(pieces) if p.role == "figure")
        quote, offset = "".join(converted), len("".join(converted[:index]))
        figure = converted[index]
        for after in converted[index + 1:]:
            if quote.find(figure) == offset:
                break
            figure += after
        if quote.find(figure) != offset:
            raise ValueError(f"figure {figure!r} also stands earlier in {quote!r}")
        return figure

    def paragraph(self, segments: list[Segment]) -> list[Segment]:
        """One paragraph line of ``segments``; returns those deferred because their quote would not be unique."""
        line_number = len(self.lines) + 1
        text, deferred = "", []
        seen: set[str] = set()
        for segment in segments:
            converted = [self.convert(p) for p in segment.pieces]
            quote = "".join(converted)
            joined = f"{text}，{quote}" if text else quote
            if joined.find(quote) != len(joined) - len(quote):
                deferred.append(segment)
                continue
            text = joined
            for index, reason in segment.excluded:
                self.exclude(line_number, converted[index], reason, seen)
            for record in (segment.claim, segment.honor):
                if record is None:
                    continue
                if record is segment.claim:
                    record["figure"] = self._figure(converted, segment.pieces)
                record["line"] = line_number
                record["quote"] = quote
            self.numbers += segment.numbers
        filler = self.convert(Piece(self.rng.choice(FILLERS)))
        self.add_line(f"{text}，{filler}。")
        return deferred

    def header(self, title: str, publisher: str) -> None:
        self.add_line(self.convert(Piece(title)))
        clock = f"{self.rng.randint(7, 21):02d}:{self.rng.randint(0, 59):02d}"
        line = self.add_line(f"发布时间：{self.date} {clock}")
        self.exclude(line, f"{self.date} {clock}", "publication_date")
        self.numbers += 5
        self.add_line(self.convert(Piece(f"来源：{publisher}")))
        self.add_line("")

    def footer(self, related: int) -> None:
        self.add_line(self.convert(Piece("责任编辑：林晓")))
        registration = f"{self.place.province}ICP备{self.rng.randint(10_000_000, 99_999_999)}号"
        line = self.add_line(f"版权所有 {registration}")
        self.exclude(line, registration, "page_furniture")
        likes, shares = self.rng.randint(1, 300), self.rng.randint(1, 99)
        line = self.add_line(f"点赞({likes}) 分享({shares})")
        self.exclude(line, f"点赞({likes})", "reader_reaction")
        self.exclude(line, f"分享({shares})", "reader_reaction")
        self.numbers += 3
        self.add_line(self.convert(Piece("相关新闻")))
        for _ in range(related):
            headline = self.convert(Piece(self.name_zh + self.rng.choice(HEADLINES)))
            stamp = f"({self.date} {self.rng.randint(0, 23):02d}:{self.rng.randint(0, 59):02d}:" \
                    f"{self.rng.randint(0, 59):02d})"
            line = self.add_line(f"- {headline}{stamp}")
            self.exclude(line, stamp, "related_news")
            self.numbers += 6


def _metric(template: Template, metric_id: str, tag: str | None) -> dict:
    """A metric entry: the template's own (shared by every document), or one of a document's own (``tag``)."""
    suffix = f"（{tag}）" if tag else ""
    return {"id": metric_id, "label_zh": f"{template.label_zh}{suffix}",
            "label_en": f"{template.label_en}" + (f" ({tag})" if tag else ""),
            "unit": template.unit, "domain": template.domain, "kind": template.kind,
            "description": f"Synthetic benchmark metric{' ' + tag if tag else ''}: {template.label_en}."}


def _shared_claim(seed: int, pair: int, slot: int, again: bool) -> tuple[Template, tuple[str, float, str]]:
    """Template and figure of a claim shared by a pair of documents (redrawn for the second, half the time)."""
    rng = random.Random(f"{seed}:pair:{pair}:{slot}")
    template = rng.choice(TEMPLATES)
    figure = render(rng.choice(template.styles), template.measure, rng)
    if again and random.Random(f"{seed}:again:{pair}:{slot}").random() < 0.5:
        figure = render(rng.choice(template.styles), template.measure, rng)
    return template, figure


#: How the claims of a corpus get their metrics: ``shared``, as a growing corpus would (each kind of claim is one
#: metric of every document, and a claim is of a metric of its document's own with the probability of
#: :func:`new_metric_share`), or ``per_claim``, the worst case (a metric of its own for every claim).
METRIC_MODES = ("shared", "per_claim")


def new_metric_share(documents_before: int) -> float:
    """The share of a document's claims that are of a metric no earlier document has: all of the first
    document's, then falling as the corpus grows (1 / (1 + n / 10) after n documents), so that the number of
    metrics grows with the logarithm of the corpus, as a curated vocabulary does once its common metrics exist."""
    return 1 / (1 + documents_before / 10)


def _document(index: int, claims: int, seed: int, first: int = 0,
              metrics: str = "shared") -> tuple[_Writer, dict]:
    pair = (index - first) // 2
    opens_pair = (index - first) % 2 == 0  # the first of a pair defines the metrics the pair shares
    pool = places()
    place = pool[random.Random(f"{seed}:place:{pair}").randrange(len(pool))]  # a pair reports on one place
    rng = random.Random(f"{seed}:meta:{index}")
    year = rng.randint(2016, 2023)
    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    script = "traditional" if index % 5 in (2, 3) else "simplified"
    writer = _Writer(index, place, year, date, script, seed)
    title = rng.choice(TITLES).format(c=place.short)
    publisher = rng.choice(place.publishers)
    writer.header(title, publisher)
    own = random.Random(f"{seed}:own:{index}")

    segments: list[Segment] = []
    given: set[tuple[str, str | None]] = set()  # (metric, area): a document gives a metric once for each region
    for serial in range(1, claims + 1):
        slot = serial - 1
        defines = True  # whether this document adds the claim's metric to metrics.yml
        own_metric = f"{index:03d}_{serial:03d}", f"{index:03d}-{serial:03d}"  # a metric of its own: id suffix, tag
        if slot < SHARED_PER_DOCUMENT:
            template, figure = _shared_claim(seed, pair, slot, again=not opens_pair)
            if metrics == "shared":
                metric_id, tag = template.metric, None
            else:
                metric_id, tag, defines = f"{template.metric}_p{pair:03d}_{slot}", f"p{pair:03d}-{slot}", opens_pair
        else:
            template = writer.rng.choice(TEMPLATES)
            figure = render(writer.rng.choice(template.styles), template.measure, writer.rng)
            if metrics == "shared" and own.random() >= new_metric_share(index - first):
                metric_id, tag = template.metric, None
            else:
                metric_id, tag = f"{template.metric}_{own_metric[0]}", own_metric[1]
        try:
            area = writer.area(metric_id, given)
        except KeyError:  # every region of the place has a figure of this metric already: a metric of its own
            metric_id, tag, defines = f"{template.metric}_{own_metric[0]}", own_metric[1], True
            area = writer.area(metric_id, given)
        given.add((metric_id, area))
        if defines:
            writer.metrics.append(_metric(template, metric_id, tag))
        segments.append(writer.claim(serial, template, figure, metric_id, area))
    for serial in range(1, round(claims * 0.6) + 1):
        segments.append(writer.honour(serial))
    for _ in range(round(claims * 0.5)):
        segments.append(writer.extra())
    writer.rng.shuffle(segments)
    while segments:
        if writer.rng.random() < 0.15:
            writer.add_line(writer.convert(Piece(writer.rng.choice(HEADINGS))))
        take = writer.rng.randint(2, 5)
        segments[:take] = writer.paragraph(segments[:take])
        writer.add_line("")
    writer.footer(related=claims // 8 + 2)
    meta = {"year": year, "date": date, "place": place, "script": script, "title": title, "publisher": publisher}
    return writer, meta


# --- YAML ------------------------------------------------------------------------------------------

def _y(value: object) -> str:
    if value is None:
        return "~"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value)
    if not text or _YAML_SPECIAL.search(text) or text.isdigit() or text in ("~", "null", "true", "false", "yes", "no"):
        return json.dumps(text, ensure_ascii=False)
    return text


_CLAIM_ORDER = ("id", "metric", "figure", "value", "unit", "qualifier", "direction", "comparison_set", "area",
                "region", "year", "year_basis", "period_start", "period_end", "year_evidence", "line", "quote", "note")
_HONOR_ORDER = ("id", "honor", "recipient", "honor_en", "kind", "recipient_en", "year", "year_basis", "period_start",
                "period_end", "year_evidence", "times", "line", "quote", "note")


def _block(records: list[dict], order: tuple[str, ...]) -> list[str]:
    out = []
    for record in records:
        keys = [k for k in order if record.get(k) is not None]
        out.append(f"  - {keys[0]}: {_y(record[keys[0]])}")
        out += [f"    {k}: {_y(record[k])}" for k in keys[1:]]
        out.append("")
    return out


def _curated(name: str, writer: _Writer, meta: dict) -> str:
    script = ", traditional script" if writer.script == "traditional" else ""
    lines = [f"# Curated figures of {name}.txt (synthetic benchmark document{script}).",
             f"# {meta['title']} — {meta['place'].name_zh}, published {meta['date']} (stated, line 2).",
             f"# 今年 = {writer.year}.",
             f"source: {name}.txt", "", "claims:"]
    lines += _block(writer.claims, _CLAIM_ORDER)
    lines.append("honors:")
    lines += _block(writer.honors, _HONOR_ORDER)
    lines.append("excluded:")
    for entry in sorted(writer.excluded, key=lambda e: e["line"]):
        lines.append(f"  - {{line: {entry['line']}, text: {_y(entry['text'])}, reason: {entry['reason']}}}")
    return "\n".join(lines) + "\n"


def _source_meta(name: str, sha256: str, meta: dict) -> list[str]:
    defects = ("Synthetic text converted to traditional script; pinyin readings in brackets follow some "
               "characters." if meta["script"] == "traditional" else None)
    entry = {"file": f"{name}.txt", "sha256": sha256, "title": meta["title"], "site": None,
             "publisher": meta["publisher"], "publisher_line": 3, "published_date": meta["date"],
             "published_year": meta["year"],
             "date_basis": "printed", "date_evidence": f"Line 2: 发布时间：{meta['date']}.",
             "region": meta["place"].code,
             "script": meta["script"], "defects": defects,
             "rights": "Synthetic benchmark text; not a published article."}
    keys = list(entry)
    return [f"  - {keys[0]}: {_y(entry[keys[0]])}", *(f"    {k}: {_y(entry[k])}" for k in keys[1:]), ""]


# --- the corpus ------------------------------------------------------------------------------------

def per_document(claims: int) -> int:
    """Claims per document unless told otherwise: as many as the whole real corpus holds, so that k times
    the real claims make k documents."""
    return real_claim_count()


def plan(claims: int, claims_per_document: int | None = None) -> list[int]:
    """Claims in each document: as many full documents as needed, the last one shorter."""
    claims_per_document = claims_per_document or per_document(claims)
    if claims < 1 or claims_per_document < 1:
        raise ValueError("need at least one claim, and at least one claim per document")
    documents = math.ceil(claims / claims_per_document)
    return [min(claims_per_document, claims - i * claims_per_document) for i in range(documents)]


def generate(root: Path, claims: int, claims_per_document: int | None = None, seed: int = 0,
             first: int = 0, metrics: str = "shared") -> Stats:
    """Write a synthetic repository-shaped corpus with ``claims`` claims below ``root`` (replacing it), its claims'
    metrics made as ``metrics`` says (:data:`METRIC_MODES`)."""
    if metrics not in METRIC_MODES:
        raise ValueError(f"metrics is one of {', '.join(METRIC_MODES)}, not {metrics!r}")
    counts = plan(claims, claims_per_document)
    shutil.rmtree(root, ignore_errors=True)
    sources = root / "datasets" / "sources"
    documents = root / "datasets" / "curated" / "documents"
    sources.mkdir(parents=True)
    documents.mkdir(parents=True)
    for name in ("vocabulary.yml", "package.yml"):
        shutil.copyfile(REPO / "datasets/curated" / name, root / "datasets/curated" / name)
    (root / "datasets" / "reference").mkdir(parents=True)
    shutil.copyfile(REPO / "datasets/reference/regions.csv", root / "datasets/reference/regions.csv")
    stats = Stats(documents=len(counts))
    source_lines = ["# Metadata of the synthetic benchmark documents in this folder (bench/generate.py).",
                    "sources:"]
    metric_lines = ["# Metric vocabulary of the synthetic benchmark corpus (bench/generate.py).", "metrics:"]
    defined: set[str] = set()
    for index, count in enumerate(counts, start=first):
        writer, meta = _document(index, count, seed, first, metrics)
        name = f"{ids.number(index)}_{hashlib.sha256(f'{seed}:{index}'.encode()).hexdigest()[:16]}"
        raw = ("\n".join(writer.lines) + "\n").encode("utf-8")
        (sources / f"{name}.txt").write_bytes(raw)
        curated = _curated(name, writer, meta).encode("utf-8")
        (documents / f"{name}.yml").write_bytes(curated)
        source_lines += _source_meta(name, hashlib.sha256(raw).hexdigest(), meta)
        fresh = [m for m in writer.metrics if m["id"] not in defined]  # each metric once, where first used
        defined.update(m["id"] for m in fresh)
        metric_lines += _block(list({m["id"]: m for m in fresh}.values()),
                               ("id", "label_zh", "label_en", "unit", "domain", "kind", "description"))
        stats.claims += len(writer.claims)
        stats.honors += len(writer.honors)
        stats.excluded += len(writer.excluded)
        stats.metrics = len(defined)
        stats.numbers += writer.numbers
        stats.source_bytes += len(raw)
        stats.curated_bytes += len(curated)
    (sources / "sources.yml").write_text("\n".join(source_lines) + "\n", encoding="utf-8")
    metrics_text = "\n".join(metric_lines) + "\n"
    (root / "datasets/curated/metrics.yml").write_text(metrics_text, encoding="utf-8")
    stats.curated_bytes += len(metrics_text.encode("utf-8"))
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python bench/generate.py", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the corpus to (replaced)")
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--claims", type=int, help="number of claims")
    size.add_argument("--scale", type=float, help="multiple of the real claim count")
    parser.add_argument("--per-document", type=int, help="claims per document (default: the real claim count)")
    parser.add_argument("--first", type=int, default=0, help="number of the first document (default: 0)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--metrics", choices=METRIC_MODES, default="shared",
                        help="shared: metrics reused across documents, as a growing corpus would (default); "
                             "per_claim: a metric of its own for every claim (the worst case)")
    args = parser.parse_args(argv)
    claims = args.claims or round(args.scale * real_claim_count())
    stats = generate(args.out, claims, args.per_document, args.seed, args.first, args.metrics)
    print(json.dumps(stats.as_dict()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
