"""The word lists of the draft: what decides a unit, an honour, a story, a name, a page's furniture.

These are reading aids for proposals that a person reviews, not vocabularies of the published data (those live in
datasets/curated/vocabulary.yml and are passed in: units and their measure words, qualifier markers, year bases
and their words, value types, directions, comparison sets, cities, exclusion reasons). All simplified script: the
draft reads a simplified working copy of each line.
"""

from __future__ import annotations

#: The noun a count of 个 counts decides its unit; the word that ends latest in the noun phrase wins
#: ("社区服务点" is a place, "服务产品" an item).
NOUN_UNITS: dict[str, tuple[str, ...]] = {
    "places": ("室", "站", "点", "窗口", "中心", "阵地", "厅", "馆", "庭", "岗", "场所", "基地"),
    "organisations": ("组织", "团伙", "集团", "委员会", "调委会", "会", "联盟", "支部", "部门", "机构", "单位",
                      "企业", "公司", "协会", "队", "团队", "党组织"),
    "localities": ("村", "镇", "街", "社区", "网格", "乡", "县", "区", "镇街", "村居"),
    "items": ("产品", "项目", "行动", "服务", "事项", "平台", "案例", "文件", "制度", "机制", "意见", "措施"),
}
#: Verbs that end the noun a count of 个 counts ("10个村开展试点": the noun is 村).
NOUN_STOPS = ("开展", "开", "建", "设", "进行", "实现", "提供", "推进", "覆盖", "为", "是", "在", "让", "将", "把",
              "被", "有", "的")
#: A count of 件 counts cases when its clause speaks of these, else items.
CASE_WORDS = ("案", "纠纷", "诉")
#: Verbs that introduce an award, title, designation or recognition.
AWARD_VERBS = ("被授予", "被评为", "被列入", "被写入", "获评", "荣获", "获得", "入选", "捧回", "蝉联", "评为", "授予",
               "列入", "写入")
#: Words that end an honour's title when it is not quoted.
TITLE_ENDS = ("等荣誉称号", "荣誉称号", "等称号", "称号", "等荣誉", "荣誉")
#: Words that mark a line as one person's story (its numbers are details of the story, not figures).
STORY_MARKERS = ("近日", "日前", "前段时间", "不久前", "女士", "先生", "老人", "大爷", "阿姨", "家住", "时许",
                 "告诉记者")
#: Classifiers of a person, an event or a day: after 一 in a story they are details of it.
STORY_CLASSIFIERS = ("名", "位", "起", "天", "个人")
#: Numerals before these describe a structure or a category (five-tier, eight kinds), not a statistic.
DESCRIPTOR_WORDS = ("级", "类", "大", "层", "方面", "维", "治", "个平台")
#: Ordinals before these are part of a name (第一期, 第三轮, 第八检察部); 第N年 is a descriptor.
ORDINAL_NAMES = ("期", "批", "轮", "检察部", "医院", "届", "中学", "小学", "次会议")
#: Ordinals that are set phrases.
ORDINAL_IDIOMS = ("第一时间", "第一班岗", "第一线", "第一责任")
#: Words that make a count of years a name: 三年行动, 五年规划.
NAMED_SPANS = ("行动", "计划", "规划", "工程")
#: Lines that end an article and start its page furniture.
FOOTER_STARTS = ("责任编辑", "相关新闻", "您看完此新闻的心情", "版权所有", "相关阅读", "延伸阅读")
#: Furniture lines: navigation, copyright, registration.
FURNITURE_WORDS = ("版权", "copyright", "icp", "备案", "频道", "热点新闻", "排行榜", "工作日", "客户端", "微信")
#: Reader reactions below an article.
REACTION_WORDS = ("评论", "点赞", "心情", "阅读")
#: Words that introduce the article's date or its source on a header line.
DATE_LINE_WORDS = ("发布时间", "来源", "日期", "时间:", "时间：")
#: Words of a rank: a figure of 名/位 after them, or an ordinal near them, is a rank.
RANK_WORDS = ("位列", "位居", "居", "排名", "名列", "分列", "列")
#: Words that mark a site's name on a page's first lines.
SITE_WORDS = ("网", "新闻网")
