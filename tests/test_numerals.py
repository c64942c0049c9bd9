"""Tests for pipeline.core.numerals: figures and number mentions from real sources."""

from __future__ import annotations

import itertools

import pytest

from pipeline.check.context import load_context
from pipeline.core.numerals import (
    MEASURE_WORDS,
    Figure,
    FigureError,
    Grammar,
    Number,
    find_numbers,
)
from pipeline.core.numerals import parse_figure as parse_with
from pipeline.core.paths import Paths

VOCABULARY = load_context(Paths(), use_cache=False).vocabulary
#: The qualifier markers of the repository's vocabulary.
GRAMMAR = Grammar(VOCABULARY.qualifier_markers)


def parse_figure(text: str) -> Figure:
    return parse_with(text, GRAMMAR)

# --- parse_figure -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "measure"),
    [
        # simplified script
        ("3万余人", 30000.0, "more_than", "人"),
        ("近10万人", 100000.0, "nearly", "人"),
        ("99.9%", 99.9, "exact", "%"),
        ("超570起", 570.0, "more_than", "起"),
        ("1000万元以上", 10000000.0, "at_least", "元"),
        ("一小时左右", 1.0, "about", "小时"),
        ("第四", 4.0, "exact", "第"),
        ("五名", 5.0, "exact", "名"),
        ("两批", 2.0, "exact", "批"),
        ("连续9年", 9.0, "exact", "年"),
        ("6年", 6.0, "exact", "年"),
        ("不少于30户", 30.0, "at_least", "户"),
        ("98%以上", 98.0, "at_least", "%"),
        ("保持98%以上", 98.0, "at_least", "%"),
        ("30个小时", 30.0, "exact", "小时"),
        ("25万趟", 250000.0, "exact", "趟"),
        ("61万小时", 610000.0, "exact", "小时"),
        ("750万张", 7500000.0, "exact", "张"),
        ("96.11%", 96.11, "exact", "%"),
        ("13.5%", 13.5, "exact", "%"),
        ("连续四届", 4.0, "exact", "届"),
        ("两次", 2.0, "exact", "次"),
        ("9085万元", 90850000.0, "exact", "元"),
        ("150多个", 150.0, "more_than", "个"),
        ("230个", 230.0, "exact", "个"),
        ("两个人", 2.0, "exact", "人"),
        ("3个人民调解委员会", 3.0, "exact", "个"),
        # traditional script
        ("1.2萬余個", 12000.0, "more_than", "个"),
        ("3.2萬多人次", 32000.0, "more_than", "人次"),
        ("近萬元", 10000.0, "nearly", "元"),
        ("近3萬人", 30000.0, "nearly", "人"),
        ("8.7萬余件", 87000.0, "more_than", "件"),
        ("1.3億次", 130000000.0, "exact", "次"),
        ("1837.5億元", 183750000000.0, "exact", "元"),
        ("連續四屆", 4.0, "exact", "届"),
        ("兩萬元", 20000.0, "exact", "元"),
        ("兩個月", 2.0, "exact", "月"),
        # pinyin debris left by a web converter
        ("3.2萬多人(rén)次", 32000.0, "more_than", "人次"),
        ("連(lián)續(xù)四屆", 4.0, "exact", "届"),
        ("31個服務（wù）窗口", 31.0, "exact", "个"),
        # trailing CJK text after a measure word is ignored
        ("1.2萬余個黨支部", 12000.0, "more_than", "个"),
        ("两个村", 2.0, "exact", "个"),
        ("5个一站式服务中心", 5.0, "exact", "个"),
        ("第四次", 4.0, "exact", "第"),
        # 首位 ("first place") is an ordinal without a numeral
        ("首位", 1.0, "exact", "第"),
        # other markers, prefixes and constructions
        ("超过100人", 100.0, "more_than", "人"),
        ("至少3次", 3.0, "at_least", "次"),
        ("将近200户", 200.0, "nearly", "户"),
        ("接近90%", 90.0, "nearly", "%"),
        ("约3万人", 30000.0, "about", "人"),
        ("大约50名", 50.0, "about", "名"),
        ("高达99%", 99.0, "exact", "%"),
        ("累计达1.5万件", 15000.0, "exact", "件"),
        ("共368个", 368.0, "exact", "个"),
        ("三十多万人", 300000.0, "more_than", "人"),
        ("30多万人次", 300000.0, "more_than", "人次"),
        ("一个多小时", 1.0, "more_than", "小时"),
        ("3个月", 3.0, "exact", "月"),
        ("百分之九十", 90.0, "exact", "%"),
        ("近千人", 1000.0, "nearly", "人"),
        ("二〇二二年", 2022.0, "exact", "年"),
        ("３万人", 30000.0, "exact", "人"),
        ("2020", 2020.0, "exact", None),
        ("十", 10.0, "exact", None),
    ],
)
def test_parse_figure(
    text: str, value: float, qualifier: str, measure: str | None
) -> None:
    assert parse_figure(text) == Figure(
        value=value, qualifier=qualifier, measure=measure
    )


def test_value_is_a_float_and_not_rounded() -> None:
    figure = parse_figure("96.11%")
    assert type(figure.value) is float
    assert figure.value == 96.11
    assert type(parse_figure("3万余人").value) is float


@pytest.mark.parametrize(
    ("text", "code", "named"),
    [
        ("no number here", "no-number", "no number here"),
        ("", "no-number", ""),
        ("万家", "no-number", "万家"),
        ("进一步", "no-number", "进一步"),
        ("35个、169个", "several-numbers", "169"),
        ("3万余人、5万户", "several-numbers", "5万"),
        ("3个村两委", "several-numbers", "两"),
        ("3万余人xyz", "unparsed-text", "xyz"),
        ("全市3万人", "unparsed-text", "全市"),
        ("3万人,", "unparsed-text", ","),
        ("3万(ABC)", "unparsed-text", "(ABC)"),
        ("30几个", "unparsed-text", "几个"),
        ("十三五", "unparsed-text", "十三五"),
        ("近30余人", "conflicting-qualifiers", "近"),
        ("约100人以上", "conflicting-qualifiers", "以上"),
    ],
)
def test_parse_figure_errors(text: str, code: str, named: str) -> None:
    with pytest.raises(FigureError) as caught:
        parse_figure(text)
    assert caught.value.code == code
    assert named in str(caught.value)


def test_figure_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="no number"):
        parse_figure("福州新闻网")


def test_multiplier_without_number_is_text() -> None:
    # 万 alone is a number only after 近 or before 元.
    assert parse_figure("万元") == Figure(10000.0, "exact", "元")
    with pytest.raises(FigureError) as caught:
        parse_figure("上万人")
    assert caught.value.code == "no-number"


def test_the_qualifier_markers_are_the_vocabularys() -> None:
    expected = {
        "more_than": {"余", "多", "超", "超过"},
        "at_least": {"以上", "不少于", "至少"},
        "nearly": {"近", "将近", "接近"},
        "about": {"约", "大约", "左右"},
    }
    got: dict[str, set[str]] = {}
    for markers in GRAMMAR.markers.values():
        for marker, qualifier in markers.items():
            got.setdefault(qualifier, set()).add(marker)
    assert got == expected


def test_a_marker_the_vocabulary_adds_is_read_and_one_it_drops_is_not() -> None:
    wider = Grammar({**GRAMMAR.markers, "before": {**GRAMMAR.markers["before"], "大概": "about"}})
    assert parse_with("大概30人", wider) == Figure(30.0, "about", "人")
    with pytest.raises(FigureError):
        parse_figure("大概30人")
    narrower = Grammar({**GRAMMAR.markers, "after": {}})
    assert parse_figure("98%以上").qualifier == "at_least"
    assert parse_with("98%以上", narrower).qualifier == "exact"  # 以上 is then only words after the measure


def test_measure_words_longest_first_and_cover_vocabulary() -> None:
    lengths = [len(w) for w in MEASURE_WORDS]
    assert lengths == sorted(lengths, reverse=True)
    assert len(set(MEASURE_WORDS)) == len(MEASURE_WORDS)
    required = "人次 人 名 位 件 起 宗 场次 场 次 届 轮 个 家 所 处 户 项 份 部 批 % 元 小时 分钟 趟 张 页 年 岁 倍"
    assert set(required.split()) <= set(MEASURE_WORDS)
    units = {word for measures in VOCABULARY.measures.values() for word in measures} - {"第"}

    def reads(word: str, glue: str) -> bool:  # 3艘, 3个百分点
        try:
            return VOCABULARY.read_figure(f"3{glue}{word}", GRAMMAR).measure == word
        except FigureError:
            return False

    unread = {w for w in units if not (reads(w, "") or reads(w, "个"))}
    assert not unread, "every unit's measure word is one the build reads (the grammar's, or the vocabulary's)"


def test_converter_is_created_once() -> None:
    from pipeline.core import text

    assert text._t2s() is text._t2s()


# --- find_numbers -----------------------------------------------------------


def texts(line: str) -> list[str]:
    return [m.text for m in find_numbers(line)]


def test_find_numbers_publication_date() -> None:
    line = "2016-06-06 08:49:54  来源:福州日报"
    assert find_numbers(line) == [
        Number(0, 4, "2016", "arabic"),
        Number(5, 7, "06", "arabic"),
        Number(8, 10, "06", "arabic"),
        Number(11, 13, "08", "arabic"),
        Number(14, 16, "49", "arabic"),
        Number(17, 19, "54", "arabic"),
    ]


def test_find_numbers_decimals_and_spans() -> None:
    line = "建成调解工作室230个、行业专业性调委会398个,调解成功率达99.9%。"
    assert find_numbers(line) == [
        Number(7, 10, "230", "arabic"),
        Number(20, 23, "398", "arabic"),
        Number(31, 35, "99.9", "arabic"),
    ]


def test_find_numbers_ordinal_excludes_di() -> None:
    line = "在全国各省会城市、自治区首府和计划单列市中分列第四、五名"
    assert find_numbers(line) == [
        Number(24, 25, "四", "chinese"),
        Number(26, 27, "五", "chinese"),
    ]


def test_find_numbers_near_wan_yuan_with_debris() -> None:
    line = "花费近萬元醫(yī)藥費"
    assert find_numbers(line) == [Number(3, 4, "萬", "chinese")]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("统一调度,一站式服务", []),
        ("福州新闻网", []),
        ("打造涉外、涉台港澳侨、涉自贸区“三位一体”的", ["三"]),
        ("连续四届蝉联", ["四"]),
        ("連(lián)續(xù)四屆蟬聯", ["四"]),
        ("的“四個萬家”等優", ["四"]),
        ("千家万户", []),
        ("福州组织3万余人的五级巡防队伍", ["3", "五"]),
        ("黨支部1.2萬余個,延伸打造", ["1.2"]),
        ("法律服務人員3.2萬多人次,", ["3.2"]),
        ("30多万元", ["30"]),
        ("“1+2+N”", ["1", "2"]),
        ("2022-10-16", ["2022", "10", "16"]),
        ("成果,进一步扩大平安", []),
        ("子們在同一片法治藍天下", []),
        ("点城市之一,福州", []),
        ("落實黨的二十大精神", ["二十"]),
        ("为实现“十三五”规划", ["十三五"]),
        ("解員同志兩個月以來", ["兩"]),
        ("兩(liǎng)個月", ["兩"]),
        ("“兩萬元賠償金", ["兩萬"]),
        ("以前跑一趟要一小时左右", ["一", "一"]),
        ("个村开展两批试点", ["两"]),
        ("为全国第一期市域社会治理", ["一"]),
        ("十几万人", ["十"]),
        ("一、二、三级", ["一", "二", "三"]),
        ("三至五年", ["三", "五"]),
        ("百分之五", ["五"]),
        ("降水偏少四成", ["四"]),
        ("之一成为", []),
        ("泉州市还十分注重发展", []),
        ("调分离、百名警长进百村", []),
        ("记者 胡一晟 张铁", []),
    ],
)
def test_find_numbers_lines(line: str, expected: list[str]) -> None:
    assert texts(line) == expected


def test_find_numbers_mentions_are_consistent() -> None:
    line = "連(lián)續(xù)多年保持98%以上,2020年兩次被寫入,花費近萬元,第四、五名"
    mentions = find_numbers(line)
    assert [m.text for m in mentions] == ["98", "2020", "兩", "萬", "四", "五"]
    assert [m.kind for m in mentions] == ["arabic"] * 2 + ["chinese"] * 4
    for m in mentions:
        assert m.text == line[m.start : m.end]
    for a, b in itertools.pairwise(mentions):
        assert a.end <= b.start


def test_every_figure_is_found_by_find_numbers() -> None:
    # A figure's number must also be a mention in the ledger.
    figures = [
        "3万余人",
        "近萬元",
        "一小时左右",
        "连续四届",
        "两次",
        "五名",
        "两批",
        "第四",
        "超570起",
    ]
    for figure in figures:
        assert len(find_numbers(figure)) == 1, figure
