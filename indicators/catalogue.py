# ruff: noqa: E501  (the catalogue is a table: one indicator per line reads better than wrapped)
"""The indicator catalogue: every figure the annual reports cite (RULES.md §11), defined once.

Its keys and names are those of ``core/figures.tsv``, the list the report checker reads too, so a
figure a report states and the figure computed from the records carry the same key; every key of
that list not marked review-only has a definition here (``disagreements()`` stays empty).

Each ``Definition`` says what the number means (unit, numerator and denominator for rates) and
which app owns the records it is computed from. The computation itself lives in that app's
``indicators.py`` (``core.indicators.indicator``); an indicator whose app has not connected a
computation is 未接入 and shows 无数据 — never 0 and never an invented figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.figures import by_key
from core.indicators import computations

COUNT, RATE, AMOUNT = "count", "rate", "amount"

#: The one list of figure keys, shared with the report checker (``core/figures.tsv``).
FIGURES = by_key()

#: Source apps (DESIGN.md app map) with their Chinese names.
SOURCES = {
    "core": "机构与人员",
    "supervision": "双随机与监督检查",
    "registry": "监管对象",
    "enforcement": "行政处罚",
    "complaints": "投诉举报",
    "licensing": "行政许可",
    "education": "学法与普法",
    "governance": "依法决策",
    "ledger": "法治建设台账",
}

#: Report areas, in the order the annual report presents them.
AREAS = {
    "leadership": "党的领导与第一责任人",
    "study": "学法用法",
    "decisions": "依法决策",
    "enforcement": "严格规范公正文明执法",
    "supervision": "双随机、一公开与监督检查",
    "services": "行政许可与政务服务",
    "complaints": "投诉举报",
    "publicity": "普法宣传",
    "disputes": "行政复议与行政应诉",
}


#: The published reports the catalogue quotes as examples (``Definition.seeds``), by number.
EXAMPLE_REPORTS = {
    "000": "金林区卫生健康局2025年度报告",
    "001": "湖滨区卫健委2025年度报告",
    "002": "淮北市卫生健康委员会2024年度报告",
    "003": "娄烦县卫生健康局2023年度报告",
    "004": "大足区卫生健康委员会2025年度报告",
}


@dataclass(frozen=True)
class Definition:
    key: str
    name: str
    unit: str
    kind: str  # count | rate | amount
    definition: str
    source: str  # app label that owns the records
    area: str
    rules_row: int  # RULES.md §11 row
    numerator: str = ""
    denominator: str = ""
    seeds: str = ""
    parts: str = ""  # what the computation's breakdown is by (监管类别), when it gives one

    @property
    def source_label(self) -> str:
        return SOURCES.get(self.source, self.source)

    @property
    def area_label(self) -> str:
        return AREAS[self.area]

    @property
    def examples(self) -> list[tuple[str, str]]:
        """(report, figure as printed) for each published report quoted in ``seeds``; a report
        that names the figure without a number has an empty figure."""
        out = []
        for item in filter(None, (x.strip() for x in self.seeds.split("；"))):
            number, _, figure = item.partition(":")
            out.append((EXAMPLE_REPORTS[number.strip()], figure.strip()))
        return out

    @property
    def connected(self) -> bool:
        return self.key in computations()

    @property
    def status_label(self) -> str:
        return "已接入" if self.connected else "未接入"


def _d(key, unit, kind, definition, source, area, row, num="", den="", seeds="", parts=""):
    """One definition; its key and name are a line of ``core/figures.tsv`` (``KeyError`` if not)."""
    name = FIGURES[key].name
    return Definition(key, name, unit, kind, definition, source, area, row, num, den, seeds, parts)


DEFINITIONS: tuple[Definition, ...] = (
    _d("party_law_meetings", "次", COUNT, "党组（党委）会议专题研究法治建设的次数", "ledger", "leadership", 1, seeds="000: 3；004: 2"),
    _d("pre_meeting_law_study", "次", COUNT, "党组（党委）会议会前学法的次数", "education", "study", 2, seeds="000: 8"),
    _d("group_law_study", "次", COUNT, "理论学习中心组集体学法的次数", "education", "study", 3, seeds="000: 10；001: 12"),
    _d("training_attendances", "人次", COUNT, "参加学法、法治培训的人次（一人多次计多次）", "education", "study", 4, seeds="002: 600余；004: 800"),
    _d("training_sessions", "次", COUNT, "组织法治培训的场次（线下与线上合计）", "education", "study", 5, seeds="004: 5次（线下2、线上3）"),
    _d("exam_participation_rate", "%", RATE, "参加年度法律知识考试的人数占应参考人数的比例", "education", "study", 6, "实际参考人数", "应参考人数", "004: 100%"),
    _d("exam_pass_rate", "%", RATE, "考试合格人数占实际参考人数的比例", "education", "study", 6, "合格人数", "实际参考人数", "004: 100%"),
    _d("trial_observations", "起", COUNT, "组织领导干部旁听庭审的案件数", "education", "study", 7, seeds="002: 4"),
    _d("law_reports_by_leaders", "人次", COUNT, "领导干部年度述法的人次", "education", "leadership", 8, seeds="004: 8"),
    _d("legality_reviews", "件", COUNT, "提交合法性审查的重大事项、文件和合同件数", "governance", "decisions", 9, seeds="000: 12件"),
    _d("legality_review_pass_rate", "%", RATE, "审查通过件数占审查件数的比例", "governance", "decisions", 9, "审查通过件数", "审查件数", "000: 100%"),
    _d("collective_discussions", "件", COUNT, "经负责人集体讨论决定的案件数", "enforcement", "enforcement", 10, seeds="001: 4"),
    _d("legal_review_rate", "%", RATE, "经法制审核的重大执法决定占应审核决定的比例", "enforcement", "enforcement", 11, "已法制审核的决定数", "应法制审核的决定数", "001: 100%"),
    _d("certified_inspectors", "人", COUNT, "统计期末持有效行政执法证的人员数", "core", "enforcement", 12, seeds="002: 85（执法证年审通过）；004: 40"),
    _d("enforcement_equipment", "台", COUNT, "执法记录仪、移动执法终端等执法装备台数", "ledger", "enforcement", 13, seeds="004: 记录仪9、终端6"),
    _d("random_tasks", "家", COUNT, "年度抽查计划分派的检查对象户数", "supervision", "supervision", 14, seeds="002: 564；001: 84"),
    _d("random_plans", "批次", COUNT, "年度已抽取的双随机抽查计划数（草稿不计）", "supervision", "supervision", 14, seeds="000: 2批次"),
    _d("random_completion_rate", "%", RATE, "已实施检查的任务占分派任务的比例", "supervision", "supervision", 15, "已检查户数", "分派户数", "002: 99.29%（560/564）"),
    _d("random_closure_rate", "%", RATE, "已检查及依法核销（停业、关闭、查无、注销）的任务占分派任务的比例", "supervision", "supervision", 16, "已检查与核销户数", "分派户数", "002: 100%"),
    _d("written_off", "家", COUNT, "年度双随机任务中因停业、关闭、查无此户、注销无法检查，经佐证核销并完结的户数（按原因分列）", "supervision", "supervision", 16, seeds="002: 4家", parts="无法检查原因"),
    _d("result_publication_rate", "%", RATE, "已公示的抽查结果占已检查任务的比例", "supervision", "supervision", 17, "已公示户数", "已检查户数", "000: 100%"),
    _d("rectification_orders", "份", COUNT, "下达责令整改（卫生监督意见书）的份数", "supervision", "supervision", 18, seeds="000: 10份"),
    _d("rectification_completion_rate", "%", RATE, "经复查整改到位的整改令占下达整改令的比例", "supervision", "supervision", 18, "整改到位份数", "下达份数", "000: 100%"),
    _d("supervision_coverage_rate", "%", RATE, "统计期内至少检查一次的监管对象占监管对象总数的比例（另按监管类别分列）", "supervision", "supervision", 19, "已检查户数", "监管对象户数", "004: 42.48%（384/904）", parts="监管类别"),
    _d("entities_inspected", "户", COUNT, "统计期内至少检查一次的监管对象户数，一户多次检查计一户（另按监管类别分列）", "supervision", "supervision", 19, seeds="004: 384", parts="监管类别"),
    _d("inspections_count", "家次", COUNT, "统计期内实施的各类监督检查户次", "supervision", "supervision", 20, seeds="000: 40家次", parts="检查类型"),
    _d("special_inspections", "家次", COUNT, "专项行动中的检查户次", "supervision", "supervision", 20, seeds="000: 4；004: 60"),
    _d("joint_inspections", "次", COUNT, "与其他部门联合实施的检查次数：按注明联合抽查部门的双随机抽查计划实施的检查；日常、专项检查与其他部门联合的，记录中尚无标记，不计入", "supervision", "supervision", 20, seeds="004"),
    _d("campaigns", "次", COUNT, "统计期内开展（起止日期与统计期相交）的专项行动数", "supervision", "supervision", 20, seeds="000: 4次"),
    _d("problems_found", "项", COUNT, "统计期内检查中对照检查要点判为不符合的项数（发现问题隐患）", "supervision", "supervision", 20, seeds="000: 12项"),
    _d("follow_up_inspections", "家次", COUNT, "统计期内对整改情况开展的“回头看”复查户次", "supervision", "supervision", 20, seeds="003"),
    _d("complaint_inspections", "家次", COUNT, "统计期内因投诉举报开展的核查检查户次", "supervision", "complaints", 20),
    _d("cases_filed", "件", COUNT, "统计期内立案的行政处罚案件数", "enforcement", "enforcement", 21, seeds="002: 44；004: 6+27"),
    _d("cases_closed", "件", COUNT, "统计期内结案的行政处罚案件数", "enforcement", "enforcement", 22, seeds="002: 44"),
    _d("case_closure_rate", "%", RATE, "结案数占立案数的比例", "enforcement", "enforcement", 22, "结案数", "立案数", "002: 100%"),
    _d("fines_and_confiscations", "万元", AMOUNT, "罚款与没收违法所得合计（没收不是罚款，分别列示）", "enforcement", "enforcement", 23, seeds="001: 18.2536万元；002: 42.07万元"),
    _d("inspection_results_published", "条", COUNT, "统计期内公示的日常监督检查结果条数", "supervision", "enforcement", 24, seeds="004: 1202"),
    _d("penalty_publications", "条", COUNT, "统计期内公示的行政处罚决定条数", "enforcement", "enforcement", 24, seeds="004: 27"),
    _d("random_results_published", "条", COUNT, "统计期内公示的双随机抽查结果条数", "supervision", "supervision", 24, seeds="004: 273"),
    _d("publicity_rate", "%", RATE, "在期限内（7个工作日）公示的许可、处罚决定占应公示决定的比例", "enforcement", "enforcement", 25, "按时公示数", "应公示数", "001: 100%"),
    _d("full_process_records", "件", COUNT, "执法全过程记录归档的案件数", "enforcement", "enforcement", 26, seeds="004: 26"),
    _d("enforcement_documents", "份", COUNT, "制作的行政执法文书份数", "enforcement", "enforcement", 27, seeds="003: 700余"),
    _d("inspection_documents", "份", COUNT, "监督检查制作的现场笔录（每次检查一份）与卫生监督意见书（结论为责令整改或立案的检查一份，另行下达的整改意见书各一份）合计份数", "supervision", "enforcement", 27, seeds="003: 700余", parts="文书种类"),
    _d("bad_practice_points", "次", COUNT, "对医疗机构和医务人员不良执业行为记分的次数", "enforcement", "enforcement", 28, seeds="002: 229/11"),
    _d("case_file_reviews", "份", COUNT, "报送或组织评查的行政处罚案卷份数", "enforcement", "enforcement", 29, seeds="002: 7（优秀1）"),
    _d("complaints_received", "件", COUNT, "统计期内受理的投诉举报件数", "complaints", "complaints", 30, seeds="001: 60；002: 19；004: 31"),
    _d("complaint_closure_rate", "%", RATE, "办结件数占受理件数的比例", "complaints", "complaints", 31, "办结件数", "受理件数", "000: 100%"),
    _d("complaint_satisfaction_rate", "%", RATE, "回访满意件数占回访件数的比例", "complaints", "complaints", 32, "满意件数", "回访件数", "000: 98%以上"),
    _d("licence_applications", "件", COUNT, "统计期内受理的行政许可申请件数", "licensing", "services", 33, seeds="000: 17；004: 3245"),
    _d("online_application_rate", "%", RATE, "网上申请件数占受理件数的比例", "licensing", "services", 34, "网上申请件数", "受理件数", "004: 100%"),
    _d("on_time_rate", "%", RATE, "在承诺时限内办结的件数占办结件数的比例", "licensing", "services", 34, "按时办结件数", "办结件数", "004: 100%"),
    _d("time_limit_compression", "%", RATE, "1 − 承诺时限 ÷ 法定时限（按事项平均）", "licensing", "services", 35, "法定时限 − 承诺时限", "法定时限", "000: 30%"),
    _d("commitment_approvals", "家", COUNT, "以告知承诺方式办理许可的单位数", "licensing", "services", 36, seeds="002: 2000余"),
    _d("power_list_items", "项", COUNT, "权责清单中的事项数（按许可、处罚、强制等类型分列）", "governance", "decisions", 37, seeds="002: 许可19、处罚216"),
    _d("instant_service_share", "%", RATE, "即办事项占政务服务事项的比例", "licensing", "services", 38, "即办事项数", "政务服务事项数", "002: 90%"),
    _d("reconsideration_cases", "件", COUNT, "以本机关为被申请人的行政复议案件数", "governance", "disputes", 39, seeds="000: 0"),
    _d("litigation_cases", "件", COUNT, "以本机关为被告的行政诉讼案件数", "governance", "disputes", 39, seeds="000: 0"),
    _d("normative_documents_kept", "个", COUNT, "清理后继续有效的行政规范性文件数", "governance", "decisions", 40, seeds="004: 3"),
    _d("normative_documents_repealed", "个", COUNT, "清理中废止或宣布失效的行政规范性文件数", "governance", "decisions", 40, seeds="004: 0"),
    _d("major_decisions", "个", COUNT, "列入年度目录并作出的重大行政决策事项数", "governance", "decisions", 41, seeds="004: 1"),
    _d("publicity_events", "场", COUNT, "组织开展的普法宣传活动场次", "education", "publicity", 42, seeds="001: 13；004: 34"),
    _d("publicity_posts", "条", COUNT, "通过网站、公众号等推送的普法信息条数", "education", "publicity", 42, seeds="004: 40；000: 6"),
    _d("publicity_materials", "份", COUNT, "发放的宣传资料份数", "education", "publicity", 43, seeds="000: 500余；004: 925"),
    _d("publicity_reach", "人次", COUNT, "接受普法宣传、咨询的人次", "education", "publicity", 43, seeds="000: 0.4万余"),
    _d("supervised_entities_total", "户", COUNT, "统计期末在册且未关闭、未注销的监管对象户数", "supervision", "supervision", 44, seeds="001: 1500余；004: 904"),
    _d("leader_court_appearance_rate", "%", RATE, "行政机关负责人出庭应诉的案件占开庭审理案件的比例", "governance", "disputes", 45, "负责人出庭案件数", "开庭审理案件数"),
)  # fmt: skip

BY_KEY: dict[str, Definition] = {d.key: d for d in DEFINITIONS}


def get(key: str) -> Definition:
    return BY_KEY[key]


def by_area() -> dict[str, list[Definition]]:
    out: dict[str, list[Definition]] = {a: [] for a in AREAS}
    for d in DEFINITIONS:
        out[d.area].append(d)
    return out


def disagreements() -> list[str]:
    """Where the catalogue and ``core/figures.tsv`` disagree (a test keeps this empty): a
    definition whose key the list marks review-only, or a key of the records without one."""
    defined = set(BY_KEY)
    out = [
        f"{k}: defined here but review-only in figures.tsv"
        for k in sorted(defined)
        if not FIGURES[k].in_records
    ]
    out += [
        f"{f.key}: in figures.tsv but not defined here"
        for f in FIGURES.values()
        if f.in_records and f.key not in defined
    ]
    return out


def unknown_computations() -> list[str]:
    """Computations registered for keys the catalogue does not define (a test keeps this empty)."""
    return sorted(set(computations()) - set(BY_KEY))
