"""Made-up passages in the style of real annual reports (none is seed text), one per defect kind
and per false-alarm class. ``test_madeup.py`` checks them; ``python -m review.tests.madeup``
prints the counts (defects caught, passages with a false alarm).
"""

from __future__ import annotations

# (kind expected, passage, the text the finding must cover)
DEFECTS: list[tuple[str, str, str]] = [
    # missing word or number
    ("missing_number", "区卫生监督所抽调骨干组成评查组，对件行政处罚案卷逐一评查。", "对件"),
    ("missing_number", "全年共家医疗机构纳入信用分级管理，实现动态监管。", "共家"),
    ("missing_number", "依法查处非法行医案件，罚款万元，没收违法所得。", "罚款万元"),
    ("missing_number", "全年受理起投诉举报，均在法定时限内办结。", "受理起"),
    # punctuation pairs
    ("unbalanced", "认真贯彻《中华人民共和国基本医疗卫生与健康促进法）各项规定。", "）"),
    ("unbalanced", "严格执行(医疗机构管理条例》，规范执业行为。", "》"),
    ("unbalanced", "组织开展“法治宣传进医院活动，覆盖医务人员1200人次。", "“"),
    ("unbalanced", "修订完善《行政执法公示办法（试行》等制度3项。", "（"),
    ("unbalanced", "深入开展法治文化建设”活动，营造良好氛围。", "”"),
    ("punct", "坚持问题导向-以案促改，推动执法规范化。", "-"),
    # titles and official names
    (
        "title_misquoted",
        "对照《法治政府建设纲要（2021—2025年）》要求，逐项抓好落实。",
        "《法治政府建设纲要（2021—2025年）》",
    ),
    ("title_misquoted", "认真执行《突发公共卫生应急条例》。", "《突发公共卫生应急条例》"),
    ("title_misquoted", "开展《医疗纠纷预防处理条例》专题宣讲2场。", "《医疗纠纷预防处理条例》"),
    ("title_misquoted", "落实《重大行政决策程序暂行条列》。", "《重大行政决策程序暂行条列》"),
    ("term", "以“12·4”全国法制宣传日为契机，开展宪法宣传活动5场。", "全国法制宣传日"),
    ("term", "区依法治区领导小组办公室对我局工作进行了督察。", "依法治区领导小组"),
    ("term", "积极参与“12.4”国家宪法日宣传活动。", "12.4"),
    ("term", "区卫生计生局联合开展专项整治。", "卫生计生局"),
    # wrong characters
    ("typo", "我局持续推荐法治政府建设，各项工作取得新成效。", "持续推荐"),
    ("typo", "完成护士职业注册变更186人次。", "护士职业"),
    ("typo", "截止2025年12月底，全区共有医疗机构312家。", "截止"),
    ("term", "着力打造法制化营商环境，持续优化审批服务。", "法制化"),
    ("term", "把法制精神贯穿执法全过程。", "法制"),
    ("typo", "在队伍建设当面，选派执法人员参加业务培训。", "建设当面"),
    ("typo", "对群众反映的问题即使整改，做到件件有回音。", "即使"),
    ("typo", "对辖区内学校开展卫生监督检察45户次。", "监督检察"),
    # heading ending with 。
    ("style", "一、主要举措和成效。\n全年立案12件。\n", "。"),
    # period words and the year
    ("period_word", "今年以来，共开展双随机抽查任务86家。", "今年以来"),
    ("period_word", "今年共受理行政复议申请2件，均依法办结。", "今年"),
    ("period_word", "明年将继续深化“放管服”改革。", "明年"),
    ("partial_period", "截至目前，已完成年度抽检任务的92%。", "截至目前"),
    # run-ons before enumerations
    ("runon", "一是健全学法制度，组织学法12次二是严格规范执法，全年立案9件。", "二是"),
    ("runon", "（一）加强组织领导，成立领导小组（二）完善制度体系，修订制度5项。", "（二）"),
    # numbering gaps
    ("numbering_gap", "一是强化培训。二是规范文书。四是加强监督。", "四是"),
    ("numbering_gap", "一、主要举措和成效\n（一）学法\n（三）执法\n", "（三）"),
    # repeated phrase
    ("duplicate", "持续优化审批流程，提升提升服务效能。", "提升提升"),
    ("duplicate", "执法人员的的行政执法证件全部通过年审。", "的的"),
    # a rate its counts cannot give
    ("rate_mismatch", "全年立案45件，结案43件，结案率95.5%。", "95.5%"),
    ("rate_mismatch", "全年组织执法人员考试87人，合格率98.7%。", "98.7%"),
    # parts that claim the whole
    ("sum_mismatch", "全年共立案查处26件，其中医疗卫生14件、公共场所8件、生活饮用水2件。", "26件"),
    ("breakdown_incomplete", "共受理投诉举报40件，分别为医疗服务15件、公共场所6件。", "40件"),
]

# A year in the body that contradicts the report year (the title gives the year).
YEAR_DEFECTS: list[tuple[str, str]] = [
    ("某县卫生健康局2025年度法治政府建设情况报告\n2024年，我局坚持依法行政。\n", "2024"),
    (
        "某市卫生健康委员会2025年法治政府建设情况报告\n一、主要举措和成效\n立案3件。\n"
        "二、2025年工作打算\n继续加强执法。\n",
        "二、2025年工作打算",
    ),
]

# (false-alarm class, passage): no warning or error may be raised on these.
CLEAN: list[tuple[str, str]] = [
    # measure words of other provinces and 繁體
    ("measure_word", "全年查处违法案件37宗，罚没款项共12笔，检查经营场所46间。"),
    ("measure_word", "对辖区12所次学校开展传染病防控检查，出动执法车辆8辆次。"),
    ("measure_word", "年內共辦理行政許可案件235件，檢查公共場所118間，受理投訴56宗。"),
    ("measure_word", "发放宣传折页3000余册，张贴海报150张，悬挂横幅20条。"),
    ("measure_word", "培训执法骨干46人日，组织模拟执法演练3轮次。"),
    # percentage changes are not rates of the counts in the sentence
    ("rate_change", "全年受理投诉举报128件，较上年下降53%，办结率100%。"),
    ("rate_change", "审批时限由20个工作日压缩至8个工作日，压缩60%，办件量1205件。"),
    ("rate_change", "立案查处32件，同比增长18.5%，罚没款12.6万元。"),
    ("rate_change", "全年立案45件，结案43件，案件数量较上年下降12.5%，结案率95.56%。"),
    # a rate of a single stated total that some part of it gives
    ("rate_of_one_count", "全年组织执法人员考试87人，合格率98.9%。"),
    # fixed expressions that repeat by design
    ("fixed_pattern", "严格落实一案一卷、一户一档制度，案卷归档率100%。"),
    ("fixed_pattern", "组织专家面对面对接企业需求，点对点对接重点单位。"),
    ("fixed_pattern", "执法人员手把手把关文书质量，一件一件抓整改。"),
    ("fixed_pattern", "坚持一案一研判、一案一总结，推动以案促改。"),
    # breakdowns that never claim to be complete
    ("partial_breakdown", "受理投诉举报45件，其中医疗机构12件，公共场所9件。"),
    ("partial_breakdown", "开展专项检查18次（联合市场监管部门5次），出动执法人员210人次。"),
    ("partial_breakdown", "全区医疗机构320家，其中民营医院12家、诊所65家。"),
    # correct usage of the confusable words
    ("correct_words", "推荐3名执法人员参加全省行政执法案卷评查。"),
    ("correct_words", "加强职业病防治和职业健康监护，职业卫生监督检查48户次。"),
    ("correct_words", "截止日期前完成申报，严格落实重大执法决定法制审核制度。"),
    ("correct_words", "与群众当面沟通，当面反馈处理结果。"),
    ("correct_words", "申请人可以依法申请行政复议，法制机构负责审核。"),
    ("correct_words", "目前仍存在执法力量不足的问题。"),
    # words that begin with a measure word
    ("measure_word_start", "对家中有老人的住户开展上门服务，对户主和家人进行宣传。"),
    # official names written correctly
    ("correct_names", "以“12·4”国家宪法日为契机，开展宪法宣传周活动。"),
    # titles cited correctly, short forms and other editions
    (
        "correct_titles",
        "学习《中华人民共和国行政处罚法》《行政许可法》《医师法》和《母婴保健法实施办法》。",
    ),
    ("correct_titles", "对照《法治政府建设实施纲要（2021—2025年）》，制定本单位实施方案。"),
    ("correct_titles", "制定《XX区卫生健康局行政执法全过程记录实施细则》。"),
    # balanced punctuation spread over wrapped lines
    ("wrapped_lines", "组织开展“宪法进机关、\n进医院”主题宣传活动。"),
    ("wrapped_lines", "1）健全制度；2）规范执法；3）强化监督。"),
    # a measure named as a column or an indicator, not a count left out
    ("measure_as_noun", "将检查户次、覆盖率等指标纳入考核，对户次进行统计。\n检查户次\n"),
    # a page's breadcrumb is not prose
    ("page_furniture", "首页 - 政务公开 - 法治政府建设年度报告\n全年立案12件。"),
]

IGNORED_KINDS = {"missing_part", "part_incomplete"}  # passages are fragments, not reports


def caught(kind: str, passage: str, span: str) -> bool:
    from review.engine import review_text

    report = review_text(passage)
    for f in report.findings:
        if f.kind == kind and span in passage[max(0, f.start - 2) : f.end + 2]:
            return True
    return False


def false_alarms(passage: str) -> list:
    from review.engine import review_text

    return [
        f
        for f in review_text(passage).findings
        if f.severity in ("error", "warning") and f.kind not in IGNORED_KINDS
    ]


def main() -> None:
    hits = sum(caught(*d) for d in DEFECTS)
    alarms = [(cls, p) for cls, p in CLEAN if false_alarms(p)]
    print(f"defects caught: {hits}/{len(DEFECTS)}")
    print(f"passages with a false alarm: {len(alarms)}/{len(CLEAN)}")
    for cls, p in alarms:
        print("  ", cls, p, [f.message for f in false_alarms(p)])


if __name__ == "__main__":
    main()
