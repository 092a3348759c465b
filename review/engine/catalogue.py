"""Indicator catalogue keys (RULES.md §11) with the words that name them in report text.

The keys are shared with the indicators app; this module is plain data so the checker needs no
Django. ``label_for(context, unit)`` picks the indicator a fact measures from the words before it.
"""

from __future__ import annotations

import re

# key, Chinese name, keywords (regex) seen before the number, units it is counted in
CATALOGUE: list[tuple[str, str, str, str]] = [
    ("party_group_law_meetings", "党组（党委）会专题研究法治", r"党组会|党委会|专题研究", "次"),
    ("pre_meeting_law_study", "会前学法", r"会前学法", "次"),
    ("central_group_law_study", "中心组学法", r"中心组", "次"),
    ("study_attendance", "学法、培训人次", r"参训|培训|学法|学习|覆盖", "人次"),
    ("training_sessions", "培训场次", r"培训|讲座|轮训|专题学习", "场|次|期"),
    ("exam_pass_rate", "考试参考率、合格率", r"考试|测试|参考|合格率", "%|人"),
    ("court_hearing_attendance", "旁听庭审", r"旁听", "起|次|件"),
    ("law_statement_persons", "述法人次", r"述法", "人次|人"),
    ("legality_review", "重大事项合法性审查及通过率", r"合法性审查|合法性审核|通过率", "件|%"),
    ("collective_discussion", "集体讨论", r"集体讨论|集体审议", "件"),
    ("legal_review_rate", "法制审核率", r"法[制治]审核", "%|件"),
    ("certified_officers", "持证执法人员", r"执法证|持证|执法人员", "人|名"),
    ("enforcement_devices", "执法装备", r"执法记录仪|执法终端|装备", "台|部|套"),
    ("random_tasks", "双随机任务", r"双随机|抽取|抽查", "家|户|个"),
    ("random_completion_rate", "双随机完成率", r"完成率", "%"),
    ("random_closure_rate", "双随机完结率", r"完结率", "%"),
    ("result_publication_rate", "抽查结果公示率", r"公示率|公开率", "%"),
    ("rectification_orders", "责令整改", r"整改|意见书|通知书", "家|份|户"),
    ("rectification_completion_rate", "整改完成率", r"整改完成率|整改率", "%"),
    ("supervision_coverage_rate", "监督覆盖率", r"覆盖率", "%"),
    ("inspections_count", "检查户次", r"检查|巡查|督查", "家次|户次|次|家|户"),
    ("cases_filed", "立案数", r"立案|查处|案件", "件|起"),
    ("cases_closed_rate", "结案数、结案率", r"结案", "件|%"),
    ("fines_and_confiscations", "罚没金额", r"罚款|罚没|没收", "元|万元"),
    ("publicity_records", "公示条数", r"公示", "条"),
    ("publicity_rate", "许可、处罚公示率", r"公示率", "%"),
    ("full_record_archived", "全过程记录归档", r"刻盘|归档|全过程", "件"),
    ("enforcement_documents", "执法文书", r"文书", "份"),
    ("bad_practice_scores", "不良执业记分", r"记分", "次"),
    ("case_file_review", "案卷评查", r"评查|案卷", "份|件"),
    ("complaints_received", "投诉举报受理", r"投诉|举报|信访", "件|起|件次"),
    ("complaints_closed_rate", "办结率、查处率", r"办结率|查处率|回复率", "%"),
    ("satisfaction_rate", "满意率", r"满意", "%"),
    ("licensing_applications", "许可办件量", r"办件|审批|许可|办理", "件"),
    ("online_rate", "网办率、按时办件率", r"网办|按时办结|网上办理", "%"),
    ("time_limit_reduction", "时限压缩", r"压缩|提速", "%"),
    ("commitment_approvals", "告知承诺办件", r"告知承诺", "家|件"),
    ("power_list_items", "权责清单、政务服务事项", r"事项|清单", "项"),
    ("instant_service", "即办、自助、一件事", r"即办|自助|一件事", "%|项|件"),
    ("reconsideration_litigation", "复议、诉讼件数", r"复议|诉讼|应诉", "件|起"),
    ("normative_documents", "规范性文件保留、清理", r"规范性文件", "个|件"),
    ("major_decisions", "重大行政决策事项", r"重大行政决策", "个|项"),
    ("law_publicity_events", "普法活动、线上推送", r"普法|宣传活动|宣传|推送", "场|次|条|起|期"),
    ("publicity_materials", "宣传资料、咨询、覆盖", r"资料|材料|咨询|发放|群众", "份|人次|人"),
    ("supervised_entities_total", "监管对象总数", r"监管对象|辖区内|医疗机构|单位", "户|家"),
]

_compiled = [
    (key, re.compile(words), re.compile(rf"^(?:{units})$"))
    for key, _name, words, units in CATALOGUE
]


_by_unit: dict[str, list[tuple[str, re.Pattern]]] = {}


def _entries(unit: str) -> list[tuple[str, re.Pattern]]:
    if unit not in _by_unit:
        _by_unit[unit] = [(key, words) for key, words, units in _compiled if units.match(unit)]
    return _by_unit[unit]


def label_for(context: str, unit: str) -> str | None:
    """The catalogue key whose words appear nearest before the number, with a matching unit."""
    best: tuple[int, str] | None = None
    base_unit = unit.removeprefix("万").removeprefix("余")
    for key, words in _entries(base_unit):
        for m in words.finditer(context):
            if best is None or m.end() > best[0]:
                best = (m.end(), key)
    return best[1] if best else None
