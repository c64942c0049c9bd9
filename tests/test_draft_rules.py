"""The draft's rules, each on sentences written for these tests (real places, invented figures): the time words of
real reports, the place of a report and of each figure, comparison sets, units, honours, restatements, metrics."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.check.context import load_context
from pipeline.core.numerals import Grammar
from pipeline.core.paths import Paths
from pipeline.draft import propose_entries, propose_metadata
from pipeline.draft.evaluate import check_draft
from pipeline.draft.metadata import place

CONTEXT = load_context(Paths())
SOURCE = "005_0123456789abcdef.txt"


def _draft(body: str, date: str | None = "2023-07-20", region: str = "430100"):
    """The claims, honours and exclusions of a short report on ``region`` printed on ``date``."""
    head = f"标题\n发布时间：{date}\n" if date else "标题\n"
    text = head + body + "\n"
    year = int(date[:4]) if date else None
    return propose_entries(SOURCE, text, CONTEXT, year, region, published=date, date_basis="printed")


def _claim(body: str, figure: str, **draft: object):
    proposed = _draft(body, **draft)  # type: ignore[arg-type]
    found = [c for c in proposed.claims if c.figure == figure]
    assert len(found) == 1, [c.figure for c in proposed.claims]
    return found[0]


def _time(claim) -> tuple:  # noqa: ANN001 - a drafted claim
    return (claim.year_basis, claim.year, claim.period_start, claim.period_end, claim.month_start, claim.month_end)


# --- time -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("body", "figure", "expected"), [
    # a before/after pair over a stated span: the start, the end, the change over the span
    ("2019年至2022年，全县盗窃案件从420起下降至260起，降幅38.1%。", "420起", ("stated", 2019, None, None, None, None)),
    ("2019年至2022年，全县盗窃案件从420起下降至260起，降幅38.1%。", "260起", ("stated", 2022, None, None, None, None)),
    ("2019年至2022年，全县盗窃案件从420起下降至260起，降幅38.1%。", "38.1%", ("period", None, 2019, 2022, None, None)),
    ("全县命案由2018年的12起降至2022年的5起，降幅58.3%。", "58.3%", ("period", None, 2018, 2022, None, None)),
    ("全市监控探头从2020年的1.5万个增长到目前的3.2万个。", "3.2万个", ("current", 2023, None, None, None, None)),
    # a change against a named base: the figure is of the report's period
    ("2022年，全省命案发案数同比2021年下降9.5%。", "9.5%", ("stated", 2022, None, None, None, None)),
    ("与2019年相比，今年上半年全市盗窃警情下降21.4%。", "21.4%", ("relative", 2023, None, None, 1, 6)),
    # parts of a year, with their months, resolved against the article's date
    ("今年1至5月，全市调解纠纷3100件。", "3100件", ("relative", 2023, None, None, 1, 5)),
    ("今年一季度，全区查处酒驾120起。", "120起", ("relative", 2023, None, None, 1, 3)),
    ("今年前三季度，全县破获电诈案件86起。", "86起", ("relative", 2023, None, None, 1, 9)),
    ("今年以来，全市抓获逃犯37名。", "37名", ("relative", 2023, None, None, 1, 7)),
    ("2023年1—6月，全州排查隐患980处。", "980处", ("stated", 2023, None, None, 1, 6)),
    # a time word that opens a sentence dates every clause of it
    ("去年，全市破获盗窃案1320起，找回被盗电动车460辆。", "460辆", ("relative", 2022, None, None, None, None)),
    # no time word: no time, never the article's year by default
    ("全县建成调解室46个。", "46个", ("unstated", None, None, None, None, None)),
])
def test_each_time_word_dates_a_figure_as_its_rule_says(body: str, figure: str, expected: tuple) -> None:
    assert _time(_claim(body, figure)) == expected


def test_a_part_of_a_year_without_its_year_takes_the_year_a_line_before_gives_it() -> None:
    body = "今年上半年，全市刑事警情同比下降8.2%。\n上半年，全市调解纠纷5200件。"
    claim = _claim(body, "5200件")
    assert _time(claim) == ("relative", 2023, None, None, 1, 6)
    assert claim.year_evidence == "今年上半年" and claim.year_evidence_line == 3


def test_since_the_start_of_the_year_is_left_open_when_the_day_of_the_article_is_not_known() -> None:
    proposed = propose_entries(SOURCE, "标题\n今年以来，全市抓获逃犯37名。\n2023年\n", CONTEXT, 2023, "430100",
                               published=None, date_basis="printed")
    assert [(c.month_start, c.month_end) for c in proposed.claims] == [(1, None)]


@pytest.mark.parametrize(("words", "base"), [
    ("全市刑事警情同比下降6.1%。", "same_period_previous_year"),
    ("全市刑事警情较上年下降6.1%。", "previous_year"),
    ("全市刑事警情较去年同期下降6.1%。", "same_period_previous_year"),
    ("全市刑事警情较2021年下降6.1%。", "2021"),
    ("与2019年相比，全市刑事警情下降6.1%。", "2019"),
])
def test_the_base_of_a_change_goes_to_compared_with_and_never_dates_it(words: str, base: str) -> None:
    claim = _claim("今年上半年，" + words, "6.1%")
    assert (claim.compared_with, claim.direction, claim.year) == (base, "decrease", 2023)


@pytest.mark.parametrize(("body", "expected"), [
    ("2016年起，全区连续5年实现命案全破。", ("period", None, 2016, 2020)),
    ("截至今年，全县已连续4年获评平安县。", ("period", None, 2020, 2023)),
    ("现如今，全市的安全感连续8年居全省前列。", ("unstated", None, None, None)),  # a current word ends no streak
    ("去年，全市刑事案件下降5%；全市还连续三年实现现行命案全破。", ("unstated", None, None, None)),
])
def test_a_streak_ends_at_the_latest_year_the_text_gives_it_and_never_by_default(body: str,
                                                                                   expected: tuple) -> None:
    claim = next(c for c in _draft(body).claims if c.figure.startswith("连续"))
    assert _time(claim)[:4] == expected
    if expected[0] == "unstated":
        assert "no year" in claim.note


@pytest.mark.parametrize(("body", "figure"), [
    ("目前，全县共有专兼职网格员2100名。", "2100名"),  # persons on the strength today
    ("现有人民调解委员会86个、调解员540名。", "86个"),
    ("如今，全区已建成智慧安防小区145个。", "145个"),
    ("截至目前，全市视频监控实现重点部位覆盖率100%。", "100%"),  # the share of a stock that is covered
])
def test_a_stock_the_text_presents_as_current_is_current(body: str, figure: str) -> None:
    assert _time(_claim(body, figure))[:2] == ("current", 2023)


@pytest.mark.parametrize(("body", "figure", "kind"), [
    ("如今，全县命案已连续12年保持零发生。", "连续12年", "a streak"),
    ("现如今，芙蓉区的经济总量连续五年居长沙第一。", "第一", "a rank"),
    ("目前，全区矛盾纠纷调解成功率达98.7%。", "98.7%", "a rate"),
    ("当前，群众安全感测评得分为96.2分。", "96.2分", "a score"),
    ("目前，全市电诈发案数同比下降31.5%。", "31.5%", "a change"),
])
def test_a_streak_a_rank_a_rate_or_a_change_under_a_current_word_is_unstated(body: str, figure: str,
                                                                              kind: str) -> None:
    claim = _claim(body, figure)
    assert _time(claim) == ("unstated", None, None, None, None, None)
    assert claim.year_evidence and f"{kind} is not a stock" in claim.note


def test_figures_resolved_against_an_inferred_date_say_it_is_a_bound() -> None:
    text = "标题\n今年以来，全市抓获逃犯37名。\n"
    proposed = propose_entries(SOURCE, text, CONTEXT, 2023, "430100", published=None, date_basis="inferred")
    assert proposed.claims[0].year == 2023 and "a bound" in proposed.claims[0].note


def test_with_no_year_for_the_article_relative_words_keep_their_basis_and_no_year() -> None:
    proposed = _draft("今年以来，全市抓获逃犯37名；2020年至今，累计建成调解室120个。", date=None)
    got = [(c.year_basis, c.year, c.period_start, c.period_end) for c in proposed.claims]
    assert got == [("relative", None, None, None), ("since", None, 2020, None)]
    assert all("cannot be resolved" in c.note for c in proposed.claims)


def test_a_report_that_states_its_period_dates_its_undated_figures_by_it() -> None:
    body = "现将2023年1—8月全市平安建设工作情况通报如下。\n全市共排查化解矛盾纠纷4.2万件。"
    claim = _claim(body, "4.2万件")
    assert _time(claim) == ("stated", 2023, None, None, 1, 8) and claim.year_evidence_line == 3


# --- the article's date, in the forms pages print it ---------------------------------------------------------------


BODY = "今年以来，全市共化解矛盾纠纷1.2万件。"


@pytest.mark.parametrize(("page", "date", "year", "month"), [
    (["石家庄市平安建设稳步推进", "发布时间：2024-01-05", BODY], "2024-01-05", 2024, 1),
    (["石家庄市平安建设稳步推进", "2024-1-5", BODY], "2024-01-05", 2024, 1),
    (["石家庄市平安建设稳步推进", "2024/01/05　来源：市委政法委", BODY], "2024-01-05", 2024, 1),
    (["石家庄市平安建设稳步推进", "来源：燕赵法治报　时间：2023-11-30 09:20", BODY], "2023-11-30", 2023, 11),
    (["吉林市法院工作报告（摘要）", "发布时间：2024年1月", BODY], None, 2024, 1),  # the month, not the day
    (["吉林市法院工作报告（摘要）", "日期：2024.02", BODY], None, 2024, 2),
    (["吉林市法院工作报告（摘要）", "二〇二四年一月", BODY], None, 2024, 1),
    (["吉林市法院工作报告（摘要）", "二〇二三年十二月二十六日", BODY], "2023-12-26", 2023, 12),
    (["致市委政法委的工作报告", BODY, "吉林市丰满区人民法院", "2024年1月"], None, 2024, 1),  # a letter's end
    (["致市委政法委的工作报告", BODY, "丰满区委政法委　二〇二四年三月八日"], "2024-03-08", 2024, 3),
])
def test_the_article_s_date_is_read_in_any_common_form_with_its_month_when_only_that_is_printed(
        page: list[str], date: str | None, year: int, month: int) -> None:
    text = "\n".join(page) + "\n"
    meta = propose_metadata(SOURCE, text, CONTEXT.vocabulary, CONTEXT.regions)
    assert (meta.published_date, meta.published_year, meta.published_month, meta.date_basis) == (
        date, year, month, "printed")
    proposed = propose_entries(SOURCE, text, CONTEXT, meta.published_year, meta.region, published=meta.published,
                               date_basis=meta.date_basis)
    assert [(c.year, c.month_start, c.month_end) for c in proposed.claims] == [(year, 1, month)]  # 今年以来
    assert proposed.unaccounted == 0
    printed = [e for e in proposed.excluded if e.reason == "publication_date"]
    assert len(printed) == 1 and printed[0].line == meta.lines["published_date"][0]


@pytest.mark.parametrize("page", [
    ["2023年1月全市刑事警情分析", BODY],  # a title's month is the period it covers, not the page's date
    ["关于2023年3月矛盾纠纷排查情况的通报", BODY, "三、2023年4月工作安排"],  # nor a heading's at the end
])
def test_a_month_that_names_a_report_s_period_is_not_taken_for_its_date(page: list[str]) -> None:
    meta = propose_metadata(SOURCE, "\n".join(page) + "\n", CONTEXT.vocabulary, CONTEXT.regions)
    assert (meta.published_date, meta.published_month, meta.date_basis) == (None, None, "inferred")


# --- the report's place and each figure's -------------------------------------------------------------------------


@pytest.mark.parametrize(("lines", "code"), [
    (["湖南省长沙市芙蓉区平安建设综述", "芙蓉区全力推进平安建设，芙蓉区群众安全感持续提升。"], "430102"),
    (["长沙：平安建设再上新台阶", "长沙市坚持…，长沙全市刑事警情下降。芙蓉区、天心区也有亮点。"], "430100"),
    (["浙江省召开新闻发布会", "浙江省平安建设成效明显，杭州市、宁波市、温州市各有特色。"], "330000"),
    (["平安建设扎实推进", "平安志愿者、公安民警携手，守护平安。"], None),  # 平安区, 公安县: words, not places here
])
def test_the_report_s_place_is_the_division_its_text_names_most(lines: list[str], code: str | None) -> None:
    region, _ = place(lines, CONTEXT.regions)
    assert (region.code if region else None) == code


def _place_of(page: list[str]) -> tuple[str | None, str | None]:
    meta = propose_metadata(SOURCE, "\n".join(page) + "\n", CONTEXT.vocabulary, CONTEXT.regions)
    return meta.region, meta.region_doubt


def test_the_page_s_header_and_title_name_the_report_s_place_before_its_body_does() -> None:
    page = ["石家庄市人民政府", "发布时间：2023-05-06", "平安建设推进会召开",
            "会上，正定县介绍了经验。正定县网格化管理做法被推广，正定县群众安全感达98%。全市共化解纠纷3200件。"]
    assert _place_of(page)[0] == "130100"  # the city's site, not the county the article praises


@pytest.mark.parametrize(("page", "code"), [
    (["平安山西建设综述", "2023年，全省刑事案件下降9%。太原市、大同市群众安全感均超过98%。",
      "晋中市平遥县推行“一站式”调解，平遥县化解纠纷1200件，平遥县命案连续三年零发生。全省建成综治中心1300个。"],
     "140000"),  # a province's report that shows one county at length
    (["宜昌市平安建设工作情况", "今年以来，全市刑事警情下降12%。夷陵区、当阳市、远安县各有亮点。",
      "夷陵区推行网格化管理，夷陵区化解纠纷2100件，夷陵区群众满意率99%。全市建成调解室860个。"],
     "420500"),  # a city's report: its counties are its parts
    (["宜昌市平安建設工作情況", "今年以來，全市刑事警情下降12%。夷陵區、當陽市、遠安縣各有亮點。",
      "夷陵區推行網格化管理，夷陵區化解糾紛2100件，夷陵區群眾滿意率99%。全市建成調解室860個。"],
     "420500"),  # the same in traditional script
])
def test_a_province_s_or_city_s_report_that_names_its_parts_is_not_a_part_s_report(page: list[str],
                                                                                    code: str) -> None:
    assert _place_of(page)[0] == code


def test_a_county_s_report_that_names_its_province_is_the_county_s() -> None:
    page = ["婺源县平安建设再上新台阶", "在江西省委政法委的指导下，全县刑事警情下降15%。",
            "江西省平安建设考评中，婺源县位列全省第一；全县建成调解室210个，全县群众安全感99%。"]
    assert _place_of(page)[0] == "361130"


@pytest.mark.parametrize("page", [
    ["蠡县：平安建设见成效", "蠡县坚持多元化解矛盾纠纷。蠡县今年以来化解纠纷860件，全县刑事警情下降8%。"],
    ["平安建设见成效", "蠡县坚持多元化解矛盾纠纷。今年以来，蠡县化解纠纷860件，全县刑事警情下降8%。"],
    ["蠡縣：平安建設見成效", "蠡縣堅持多元化解矛盾糾紛，全縣刑事警情下降8%。"],
])
def test_a_two_character_county_whose_city_is_not_named_is_found_when_its_name_is_unique_and_doubted(
        page: list[str]) -> None:
    code, doubt = _place_of(page)
    assert code == "130635" and "no other division of China has that name" in doubt


@pytest.mark.parametrize("page", [
    # 成县 and 和县 are no names here
    ["甘肃省平安建设综述", "全省建成县级综治中心86个，省、市和县三级联动，群众安全感达98%。"],
    ["平安建设综述", "各地建成县级综治中心86个，市和县两级联动。"],
])
def test_a_two_character_name_inside_other_words_is_no_place(page: list[str]) -> None:
    code, _ = _place_of(page)
    assert code not in ("621221", "340523")


def test_an_ambiguous_short_name_needs_its_city_named_and_is_doubted_without_it() -> None:
    region, doubt = place(["鼓楼区召开平安建设推进会", "鼓楼区平安建设成效明显。"], CONTEXT.regions)
    assert region is None and "350102" in doubt and "320106" in doubt
    region, doubt = place(["南京市鼓楼区召开平安建设推进会", "鼓楼区平安建设成效明显。"], CONTEXT.regions)
    assert region.code == "320106" and doubt is None


def test_a_figure_of_a_district_named_in_its_clause_gets_the_district_s_code() -> None:
    proposed = _draft("芙蓉区刑事案件同比下降18.4%；天心区、岳麓区分别同比下降16.9%、15.2%。")
    got = [(c.figure, c.region_code, c.direction) for c in proposed.claims]
    assert got == [("18.4%", "430102", "decrease"), ("16.9%", "430103", "decrease"),
                   ("15.2%", "430104", "decrease")]


def test_a_province_report_gives_a_city_s_figure_the_city_s_code() -> None:
    proposed = _draft("去年，兰州市破获电诈案件1260起，全省破获4100起。", region="620000")
    assert [(c.figure, c.region_code) for c in proposed.claims] == [("1260起", "620100"), ("4100起", None)]


def test_a_division_of_another_province_is_not_taken_for_a_figure_s_region() -> None:
    proposed = _draft("朝阳区调解纠纷320件。", region="430100")  # 朝阳区 of Beijing or Changchun: not of Hunan
    assert proposed.claims[0].region_code is None


# --- ranks --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("body", "expected"), [
    ("全市群众安全感位列全省第二。", "province"),
    ("全市电诈破案数居全国第一。", "nation"),
    ("芙蓉区降幅居全市第一。", "prefecture"),
    ("长沙经济总量连续多年居湖南首位。", "province"),  # the province named as the rank's set
    ("全省看，长沙市位居全国第三。", "nation"),  # the nearest word governs
    ("长沙市在全省考核中位列第二。", "province"),  # a city named as the subject names no set
])
def test_a_rank_ranks_among_the_set_its_nearest_word_names(body: str, expected: str) -> None:
    rank = [c for c in _draft(body).claims if c.unit == "rank"]
    assert [c.comparison_set for c in rank] == [expected]


# --- claim words: ranks and shares written without a numeral -----------------------------------------------------


@pytest.mark.parametrize(("body", "word", "expected"), [
    ("芙蓉区群众安全感位居全市首位。", "首位", (1, "rank", "prefecture")),
    ("雨花区矛盾纠纷化解率为全市最高。", "最高", (1, "rank", "prefecture")),
    ("全市电诈案件破案率持续领跑全省。", "领跑", (1, "rank", "province")),  # the set is its object
    ("全縣命案破案率連續兩年領跑全省。", "領跑", (1, "rank", "province")),  # traditional script
    ("长沙经济总量稳居湖南榜首。", "榜首", (1, "rank", "province")),  # the province named as the set
    ("全市接处警群众满意率创下历史新高。", "历史新高", (1, "rank", "own_record")),  # ranked among its own past
    ("全县村级综治中心实现全覆盖。", "全覆盖", (100, "percent", None)),
    ("近年来，全市现行命案保持全破。", "全破", (100, "percent", None)),
])
def test_a_rank_or_share_word_makes_a_claim_with_its_class_s_value_and_unit(body: str, word: str,
                                                                             expected: tuple) -> None:
    claim = _claim(body, word)
    assert (claim.value, claim.unit, claim.comparison_set) == expected and claim.qualifier == "exact"


@pytest.mark.parametrize(("body", "text", "reason"), [
    ("全区平安建设考评位居全省前列。", "前列", "inexact_rank"),  # a rank, but no exact one
    ("智慧安防小区建设规模领先全国。", "领先全国", "inexact_rank"),  # with the set it leads
    ("反映的问题绝大多数集中在村里。", "绝大多数", "inexact_rank"),
    ("全省首创“三调联动”纠纷化解机制。", "首创", "first_of_its_kind"),
    ("岳麓区率先建成“一站式”矛盾调处中心。", "率先", "first_of_its_kind"),
    ("该做法被最高人民法院在全国推广。", "最高人民法院", "name_or_slogan"),  # a body's name
    ("联盟工作入选最高检发布的典型案例。", "最高检", "name_or_slogan"),
    ("长沙第三次捧回平安建设最高奖项。", "最高奖项", "descriptor"),  # it describes the award
    ("始终把群众安全放在首位。", "放在首位", "idiom"),  # nothing to rank among: a set phrase
])
def test_a_claim_word_that_gives_no_value_here_is_excluded_with_its_reason(body: str, text: str,
                                                                           reason: str) -> None:
    proposed = _draft(body)
    assert not [c for c in proposed.claims if c.unit in ("rank", "percent")]
    assert (text, reason) in [(e.text, e.reason) for e in proposed.excluded if e.line == 3]
    assert proposed.unaccounted == 0


def test_a_rank_word_before_its_province_s_whole_keeps_the_figure_s_region() -> None:
    proposed = _draft("去年，兰州市破案率位列全省第一；酒泉市化解率达99.3%，为全省最高。", region="620000")
    assert [(c.figure, c.region_code) for c in proposed.claims if c.unit == "rank"] == [("第一", "620100"),
                                                                                      ("最高", "620900")]


# --- units --------------------------------------------------------------------------------------------------------


UNITS = """今年以来，全市刑事警情占比下降2.5个百分点，收缴毒品3.6吨，缴获冰毒86.5千克，查扣车辆260辆。
今年以来，全县拆除违建1.4万平方米，整治国土3.2平方公里，踏查山林1200亩，巡逻里程1.2万公里。
今年以来，全区组建巡防队伍36支，新增监控设备1.2万台，接入视频1.8万路，登记渔船约1200艘。
今年以来，全市投入资金3.2亿元、专项经费800万元，安全感测评得分提升0.6分，排名较上年前移4位，电诈发案减少近三成。"""


def test_a_figure_in_each_unit_of_the_vocabulary_is_read_and_passes_the_build_s_check() -> None:
    proposed = _draft(UNITS)
    got = {c.figure: (c.unit, c.value, c.qualifier) for c in proposed.claims}
    assert got == {
        "2.5个百分点": ("percentage_points", 2.5, "exact"), "3.6吨": ("tonnes", 3.6, "exact"),
        "86.5千克": ("kilograms", 86.5, "exact"), "260辆": ("vehicles", 260, "exact"),
        "1.4万平方米": ("square_metres", 14000, "exact"), "3.2平方公里": ("square_kilometres", 3.2, "exact"),
        "1200亩": ("mu", 1200, "exact"), "1.2万公里": ("kilometres", 12000, "exact"), "36支": ("teams", 36, "exact"),
        "1.2万台": ("devices", 12000, "exact"), "1.8万路": ("channels", 18000, "exact"),
        "约1200艘": ("vessels", 1200, "about"), "3.2亿元": ("cny", 320000000, "exact"),
        "800万元": ("cny", 8000000, "exact"), "0.6分": ("points", 0.6, "exact"),
        "4位": ("rank_positions", 4, "exact"), "近三成": ("tenths", 3, "nearly"),
    }
    meta = propose_metadata(SOURCE, "标题\n发布时间：2023-07-20\n" + UNITS + "\n", CONTEXT.vocabulary, CONTEXT.regions)
    problems = check_draft(Paths(), SOURCE, "标题\n发布时间：2023-07-20\n" + UNITS + "\n", meta, proposed, CONTEXT)
    assert [p for p in problems if p.code in ("unit-mismatch", "figure-unparsed", "value-mismatch",
                                              "qualifier-mismatch", "unknown-unit")] == []


def test_a_measure_word_a_reviewer_adds_to_the_vocabulary_is_read_with_no_change_to_the_code() -> None:
    grammar = Grammar(CONTEXT.vocabulary.qualifier_markers)
    units = dict(CONTEXT.vocabulary.sections["units"], knives={"label_en": "knives", "measures": ["把"]})
    vocabulary = type(CONTEXT.vocabulary)({**CONTEXT.vocabulary.sections, "units": units})
    read = vocabulary.read_figure("230把", grammar)
    assert (read.value, read.measure) == (230, "把")
    assert vocabulary.read_figure("10分钟", grammar).measure == "分钟"  # the longer measure word wins


def test_a_measure_word_no_unit_has_is_proposed_as_a_new_unit_and_not_read_as_a_slogan() -> None:
    proposed = _draft("今年以来，全市收缴管制刀具230把。")
    assert list(proposed.units.values()) == ["把"]
    assert [(c.figure, c.unit) for c in proposed.claims] == [("230把", next(iter(proposed.units)))]
    assert not [e for e in proposed.excluded if "230" in e.text]


# --- honours, restatements, metrics, exclusions --------------------------------------------------------------------


@pytest.mark.parametrize(("body", "title"), [
    ("2022年，全县荣膺“全国平安建设先进县”称号。", "全国平安建设先进县"),
    ("去年，该县被命名为“湖南省平安县”。", "湖南省平安县"),
    ("去年，芙蓉区被确定为全省基层治理试点区。", "全省基层治理试点区"),
    ("今年，长沙市被列入全国市域社会治理现代化试点名单。", "全国市域社会治理现代化试点名单"),
    ("岳麓区派出所入选“枫桥式公安派出所”。", "枫桥式公安派出所"),
])
def test_the_common_award_verbs_introduce_an_honour(body: str, title: str) -> None:
    assert [h.honor for h in _draft(body).honors] == [title]


def test_a_bare_list_verb_is_no_honour_without_an_award_after_it() -> None:
    assert _draft("今年，全市将平安建设经费列入财政预算。").honors == []


def test_a_person_s_honour_is_proposed_as_an_individual_one() -> None:
    honors = _draft("去年，市公安局民警李明荣获“全国优秀人民警察”称号。").honors
    assert [(h.honor, h.kind) for h in honors] == [("全国优秀人民警察", "individual")]


def test_a_figure_restated_on_a_later_line_is_one_claim_and_the_restatement_names_it() -> None:
    proposed = _draft("今年上半年，全市刑事警情同比下降17.5%。\n负责人说，刑事警情下降17.5%，是近年最好的成绩。")
    assert [c.line for c in proposed.claims if c.value == 17.5] == [3]
    restated = [e for e in proposed.excluded if e.line == 4]
    assert [(e.text, e.reason, e.see) for e in restated] == [("17.5%", "restatement", proposed.claims[0].claim_id)]


def test_an_existing_metric_is_taken_only_when_its_label_fits_the_clause() -> None:
    fits = _claim("今年以来，全市调解成功率达99.1%。", "99.1%")
    other = _claim("今年以来，全市电诈案件破案率达61.2%。", "61.2%")
    assert fits.metric == "mediation_success_rate"
    assert other.metric.startswith("draft_")


def test_a_proposed_metric_is_labelled_by_a_noun_phrase_of_its_clause() -> None:
    proposed = _draft("今年以来，全县共受理各类矛盾纠纷1200件，化解率98.1%，较上年提高0.7个百分点。")
    labels = [proposed.metrics[c.metric][0] for c in proposed.claims if c.metric in proposed.metrics]
    assert labels == ["受理各类矛盾纠纷数", "化解率", "化解率增幅"]


def test_an_exclusion_ends_where_its_word_ends() -> None:
    excluded = {e.text: e.reason for e in _draft("全省建成县乡两级综治中心1365个，八类严重暴力犯罪下降15%。").excluded
                if e.line == 3}
    assert excluded == {"两级": "descriptor", "八类": "descriptor"}


def test_the_size_of_a_comparison_set_and_a_threshold_are_descriptors_not_figures() -> None:
    proposed = _draft("2022年，全省11个设区市中有7个市安全感超过99%，长沙在全省14个市州中排名第3。")
    assert sorted(c.figure for c in proposed.claims) == ["7个", "第3"]
    excluded = {e.text: e.reason for e in proposed.excluded if e.line == 3}
    assert excluded == {"11个设区市": "descriptor", "99%": "descriptor", "14个市州": "descriptor"}


def test_the_evaluation_reads_a_key_s_region_down_china_s_divisions() -> None:
    from pipeline.draft.evaluate import region_of

    assert region_of("四川省成都市武侯区", CONTEXT.regions) == "510107"
    assert region_of("广东省佛山市顺德区大良街道", CONTEXT.regions) == "440606"  # a township: its county
    assert region_of("浙江省", CONTEXT.regions) == "330000"
    assert Path(CONTEXT.paths.datasets / "evaluation" / "dev" / "101.key.tsv").is_file()
