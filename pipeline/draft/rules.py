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
                      "企业", "公司", "协会", "队", "团队", "党组织", "集体", "学校", "医院"),
    "localities": ("村", "镇", "街", "社区", "网格", "乡", "县", "区", "镇街", "村居", "市", "州", "村寨"),
    "items": ("产品", "项目", "行动", "服务", "事项", "平台", "案例", "文件", "制度", "机制", "意见", "措施"),
}
#: Verbs that end the noun a count of 个 counts ("10个村开展试点": the noun is 村).
NOUN_STOPS = ("开展", "开", "建", "设", "进行", "实现", "提供", "推进", "覆盖", "为", "是", "在", "让", "将", "把",
              "被", "有", "的")
#: A count of 件 counts cases when its clause speaks of these, else items.
CASE_WORDS = ("案", "纠纷", "诉", "警情")
#: A count of 处 counts items (hazards, problems) when its clause speaks of these, else places.
ITEM_WORDS = ("隐患", "问题", "风险", "违法", "违规", "违章", "整改")
#: Words before a count of 位 or 名 that make it a move up or down a ranking (前移4位: rank positions).
RANK_MOVES = ("前移", "后移", "上升", "提升", "前进", "后退", "下降", "进位", "跃升", "退后")
#: Classifiers that no unit of the vocabulary may have yet: after a number they make a figure in a new unit,
#: proposed to the reviewer (besides the measure words of pipeline.core.numerals that no unit has).
CLASSIFIERS = ("艘", "枚", "把", "头", "匹", "册", "幅", "块", "棵", "株", "架", "盏", "根", "箱", "袋", "瓶",
               "斤", "克", "升", "顶", "盒", "副", "座", "种", "组", "篇", "本", "间", "栋", "例", "倍", "门", "片")
#: Measure words of pipeline.core.numerals that never make a new unit: times of day and dates, descriptors,
#: ordinals (a number before them is a date, a name or a structure, never a count in a new unit).
NOT_UNITS = ("年", "月", "日", "天", "周", "星期", "季度", "秒", "级", "类", "层", "期", "大", "届")
#: Verbs that introduce an award, title, designation or recognition.
AWARD_VERBS = ("被授予", "被评为", "被列入", "被写入", "被命名为", "被确定为", "被列为", "被认定为", "被表彰为",
               "被评选为", "被授牌", "荣膺", "获评", "荣获", "获得", "获颁", "获授", "入选", "捧回", "蝉联", "摘得",
               "评为", "授予", "列入", "写入", "命名为", "确定为", "认定为")
#: Verbs of :data:`AWARD_VERBS` that also have an everyday sense (列入预算, 获得感): they introduce an honour only
#: when one of :data:`AWARD_NOUNS` follows in their clause.
WEAK_AWARD_VERBS = ("列入", "写入", "获得", "确定为", "认定为", "命名为", "被确定为", "被认定为", "被列为")
#: What an honour is called: a list, a pilot, a model, a title, an award (a weak award verb needs one of these).
AWARD_NOUNS = ("名单", "试点", "示范", "先进", "典型", "优秀", "模范", "称号", "荣誉", "奖", "杯", "标兵", "案例",
               "单位", "集体", "城市", "县", "市", "区", "工作报告", "项目", "品牌", "经验", "英雄", "楷模", "能手",
               "红旗手", "标杆", "样板", "派出所")
#: A practice recognised by a higher level, with no award verb: 在全国推广, 向全省推广.
PRACTICE = r"(?:在|向)(?:全国|全省|全市)(?:范围内)?(?:推广|推介|交流)"
#: Words of an honour to one person: the recipient is an officer, and the title names a person.
INDIVIDUAL_WORDS = ("民警", "辅警", "法官", "检察官", "律师", "调解员", "网格员", "干部", "同志", "队员", "书记",
                    "劳动模范", "英雄", "楷模", "红旗手", "最美", "先进个人", "人民警察", "模范", "标兵", "能手")
#: Words that end an honour's title when it is not quoted.
TITLE_ENDS = ("等荣誉称号", "荣誉称号", "等称号", "称号", "等荣誉", "荣誉")
#: Words that mark a line as one person's story (its numbers are details of the story, not figures).
STORY_MARKERS = ("近日", "日前", "前段时间", "不久前", "女士", "先生", "老人", "大爷", "阿姨", "家住", "时许",
                 "告诉记者", "她说", "他说", "笑着说", "师傅", "清晨", "傍晚", "夜深", "深夜", "凌晨")
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
FOOTER_STARTS = ("责任编辑", "相关新闻", "您看完此新闻的心情", "版权所有", "相关阅读", "延伸阅读", "编辑：", "编辑:",
                 "分享到", "分享：", "分享:", "主办：", "主办:", "主办单位", "打印本页", "关闭窗口", "打印】",
                 "Copyright", "copyright", "网站标识码", "联系电话", "联系我们")
#: Furniture lines: navigation, copyright, registration.
FURNITURE_WORDS = ("版权", "copyright", "icp", "备案", "频道", "热点新闻", "排行榜", "工作日", "客户端", "微信",
                   "标识码", "公网安备", "©")
#: Reader reactions on or below an article: counts of reads, likes, shares and comments.
REACTION_WORDS = ("评论", "点赞", "心情", "阅读", "浏览", "点击", "分享", "转发", "收藏")
#: Words that introduce the article's date or its source on a header line.
DATE_LINE_WORDS = ("发布时间", "来源", "日期", "时间:", "时间：")
#: Words of a rank: a figure of 名/位 after them, or an ordinal near them, is a rank.
RANK_WORDS = ("位列", "位居", "居", "排名", "名列", "分列", "列", "排在", "排第")
#: Hotline numbers are contacts where these words stand next to them (拨打12345, 12348热线); elsewhere a hotline
#: number names a channel in a metric's name (110刑事警情, 110接报).
CONTACT_WORDS = ("热线", "电话", "平台", "呼叫", "拨打", "致电", "热线平台", "服务台", "专线", "短信", "微信号")
#: Section numbers that open a line (一、 （一） 1.): ordinals in the names of a document's parts.
ORDINAL_OPENERS = r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|[0-9]+[.、．])"
#: 一是, 二是 …: enumerators.
ENUMERATORS = r"[一二三四五六七八九十]是"
#: Words that mark a site's name on a page's first lines.
SITE_WORDS = ("网", "新闻网")
#: Units whose figures are never stocks: a rank (a ranking compares completed periods), a move in a ranking, a
#: change in percentage points, a score, a count of years (a streak). A figure in them is never ``current``.
NOT_STOCK_UNITS = ("rank", "rank_positions", "percentage_points", "points", "years")
#: A share is a stock's share, and may be current, only where its clause says what part of a stock is covered or in
#: order (网格全覆盖, 监控覆盖率, 设备完好率); any other share is a rate of what happened over a time (成功率, 破案率,
#: 满意率), of the period it was measured over.
STOCK_SHARES = ("覆盖", "完好", "联网", "在线", "在岗")
#: The characters that end a body's name (法院, 检察院, 委员会, 公安局 …): a rank word before a noun phrase they end is
#: part of the name (最高检, 最高院, 最高人民法院, 最高法), not a rank of a figure.
BODY_HEADS = ("检察院", "法院", "院", "检", "法", "委员会", "委", "局", "厅", "部", "署", "办", "庭")
