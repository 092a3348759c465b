"""The annual report template (法治政府建设年度报告模板), versioned.

A template is the mandated parts of RULES.md §1.1 in order, each a ``Part`` made of blocks:

* ``Generated`` — sentences filled from catalogue indicators. A sentence whose figures are not all
  available (未接入, or a rate without a denominator) is left out, never filled with invented text;
  a block left with no sentence is flagged for the officer.
* ``Narrative`` — text the officer writes. Parts whose source apps are not connected yet are
  narrative only; required narrative must be written before the report leaves the draft.
* ``TableBlock`` — a table computed from indicators (key figures, figures by subordinate agency).

Placeholders in sentences: ``{key}`` prints the value with its unit (564家, 99.29%, 18.2536万元);
``{key:num}`` / ``{key:den}`` print a rate's numerator / denominator as a bare integer;
``{key:approx}`` prints a rounded count with 余 (1286人次 → 1200余人次). ``{year}``, ``{next_year}``
and ``{agency}`` are the report year, the year after and the agency name.

A sentence with ``each=key`` lists the parts of that indicator (its ``breakdown``, e.g. 监督覆盖率
by 监管类别): ``lead``, then the text once per part, joined by "；", then "。". In the text,
``{part}`` is the part's name and ``{key…}`` of that indicator prints the part's figure, linked
to the part's records. It is printed only when the figure has two parts or more (a single part
would repeat the whole). ``{part}`` outside such a sentence, and ``yoy=`` on one, are refused
when the sentence is built.

A report records the template version it was made with; a new version is added beside the old
one (``TEMPLATES``) so that reports made earlier still render as they were.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field, replace

MEASURES, DUTY, SHORTCOMINGS, PLAN, OTHER = (
    "measures_and_results",
    "first_responsible_duty",
    "shortcomings_and_causes",
    "next_year_plan",
    "other",
)

#: Placeholders that are not indicators.
CONTEXT_FIELDS = {"year", "next_year", "agency", "part"}


@dataclass(frozen=True)
class Sentence:
    text: str
    yoy: str = ""  # indicator whose change on the previous year is appended (both years with data)
    each: str = ""  # indicator whose parts the text is repeated for (see the module docstring)
    lead: str = ""  # printed before the parts of an ``each`` sentence (其中)

    def __post_init__(self) -> None:
        names = {name for _, name, _, _ in string.Formatter().parse(self.text) if name}
        if "part" in names and not self.each:
            raise ValueError(f"{{part}} names a part of an each= sentence only: {self.text!r}")
        if self.each and self.yoy:
            raise ValueError(
                f"an each= sentence lists parts and prints no year-on-year change: {self.text!r}"
            )

    @property
    def fields(self) -> list[tuple[str, str]]:
        """(indicator key, format) for each indicator placeholder, in order."""
        out = []
        for _, name, spec, _ in string.Formatter().parse(self.text):
            if name and name not in CONTEXT_FIELDS:
                out.append((name, spec or ""))
        return out


@dataclass(frozen=True)
class Generated:
    key: str
    sentences: tuple[Sentence, ...]
    kind: str = "generated"

    @property
    def indicators(self) -> list[str]:
        keys = [k for s in self.sentences for k, _ in s.fields]
        keys += [s.yoy for s in self.sentences if s.yoy]
        return list(dict.fromkeys(keys))


@dataclass(frozen=True)
class Narrative:
    key: str
    title: str
    guidance: str = ""
    required: bool = False
    default: str = ""  # initial text (wording only, never a figure)
    kind: str = "narrative"


@dataclass(frozen=True)
class TableBlock:
    key: str
    table: str  # "key_figures" | "by_agency"
    caption: str
    indicators: tuple[str, ...]
    kind: str = "table"


Block = Generated | Narrative | TableBlock


@dataclass(frozen=True)
class Part:
    """A heading with its blocks; ``part`` is the RULES §1.1 key of a top-level part."""

    key: str
    heading: str
    blocks: tuple[Block, ...] = ()
    children: tuple[Part, ...] = ()
    part: str = ""
    required: bool = True
    source: str = ""  # app whose records feed the generated blocks (for the 未接入 hint)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass(frozen=True)
class Template:
    version: str
    title: str
    preamble: Narrative
    parts: tuple[Part, ...] = field(default_factory=tuple)

    def sections(self):
        for p in self.parts:
            yield from p.walk()

    def blocks(self):
        yield self.preamble
        for s in self.sections():
            yield from s.blocks

    def block(self, key: str) -> Block:
        for b in self.blocks():
            if b.key == key:
                return b
        raise KeyError(key)


S = Sentence


#: 监督覆盖率 of the whole scope (2025.1 on); 2025.2 lists it by 监管类别 after this sentence.
_COVERAGE = S(
    "在册监管对象{supervised_entities_total}，全年至少检查一次的"
    "{supervision_coverage_rate:num}家，监督覆盖率{supervision_coverage_rate}。",
    yoy="supervision_coverage_rate",
)


_INSPECTIONS = S(
    "全年开展各类监督检查{inspections_count}，其中专项检查{special_inspections}。",
    yoy="inspections_count",
)
_RANDOM = S(
    "“双随机”抽查任务{random_tasks}，已完成检查"
    "{random_completion_rate:num}家，完成率{random_completion_rate}；"
    "含依法核销在内完结{random_closure_rate:num}家，"
    "完结率{random_closure_rate}。"
)
_ORDERS = S(
    "下达责令整改{rectification_orders}，经复查整改到位"
    "{rectification_completion_rate:num}份，整改完成率"
    "{rectification_completion_rate}。"
)


def _measures(key: str, heading: str, source: str, sentences, guidance: str, tables=()):
    # What was done (the officer's words), then what it achieved (figures), then the tables.
    blocks: list[Block] = [Narrative(f"{key}.text", f"{heading}（工作举措）", guidance)]
    if sentences:
        blocks.append(Generated(f"{key}.figures", tuple(sentences)))
    blocks.extend(tables)
    return Part(key, heading, tuple(blocks), source=source)


#: 2025.1, the first template. Later versions are built from it (a change to them never
#: reaches it), so reports made with it regenerate as they were.
V2025_1 = Template(
    version="2025.1",
    title="{agency}{year}年法治政府建设情况报告",
    preamble=Narrative(
        "preamble",
        "开头语",
        "概述本年度法治政府建设的总体情况。",
        default=(
            "{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻"
            "习近平法治思想，认真落实法治政府建设各项任务。现将{year}年度法治政府建设情况报告如下。"
        ),
    ),
    parts=(
        Part(
            "measures",
            "{year}年推进法治政府建设的主要举措和成效",
            (
                TableBlock(
                    "measures.key_figures",
                    "key_figures",
                    "{year}年主要指标",
                    (
                        "inspections_count",
                        "random_tasks",
                        "random_completion_rate",
                        "random_closure_rate",
                        "supervision_coverage_rate",
                        "rectification_orders",
                        "rectification_completion_rate",
                        "cases_filed",
                        "complaints_received",
                        "licence_applications",
                        "certified_inspectors",
                    ),
                ),
            ),
            children=(
                _measures(
                    "leadership",
                    "加强党对法治政府建设的领导",
                    "ledger",
                    [S("全年召开党组（党委）会议专题研究法治建设{party_law_meetings}。")],
                    "党组（党委）研究部署法治建设、制定年度工作要点、压实责任等情况。",
                ),
                _measures(
                    "study",
                    "抓好领导干部和执法人员学法用法",
                    "education",
                    [
                        S("全年组织党组（党委）会议会前学法{pre_meeting_law_study}。"),
                        S("组织理论学习中心组集体学法{group_law_study}。"),
                        S("举办法治培训{training_sessions}，参训{training_attendances:approx}。"),
                        S(
                            "年度法律知识考试参考率{exam_participation_rate}，"
                            "合格率{exam_pass_rate}。"
                        ),
                        S("组织领导干部旁听庭审{trial_observations}。"),
                    ],
                    "学法制度落实、培训考试、旁听庭审等情况。",
                ),
                _measures(
                    "decisions",
                    "坚持依法科学民主决策",
                    "governance",
                    [
                        S(
                            "对{legality_reviews}重大事项、文件和合同进行合法性审查，"
                            "通过率{legality_review_pass_rate}。"
                        ),
                        S("作出重大行政决策{major_decisions}。"),
                        S(
                            "清理行政规范性文件，保留{normative_documents_kept}，"
                            "废止{normative_documents_repealed}。"
                        ),
                        S("动态调整权责清单，现有事项{power_list_items}。"),
                    ],
                    "重大行政决策程序、合法性审查、规范性文件管理、法律顾问等情况。",
                ),
                _measures(
                    "enforcement",
                    "严格规范公正文明执法",
                    "enforcement",
                    [
                        S("全系统持有效行政执法证的执法人员{certified_inspectors}。"),
                        S(
                            "全年立案{cases_filed}，结案{cases_closed}，结案率{case_closure_rate}。",
                            yoy="cases_filed",
                        ),
                        S("罚没金额{fines_and_confiscations}。"),
                        S(
                            "重大执法决定法制审核率{legal_review_rate}，"
                            "经负责人集体讨论决定{collective_discussions}。"
                        ),
                        S("在政府网站公示日常监督检查结果{inspection_results_published}。"),
                        S(
                            "公示行政处罚决定{penalty_publications}，"
                            "许可、处罚决定按时公示率{publicity_rate}。"
                        ),
                        S("执法全过程记录归档{full_process_records}。"),
                        S("开展行政处罚案卷评查{case_file_reviews}。"),
                        S("对不良执业行为记分{bad_practice_points}。"),
                    ],
                    "落实行政执法“三项制度”、规范执法行为、加强执法监督等情况。",
                ),
                _measures(
                    "supervision",
                    "深入推进“双随机、一公开”监管",
                    "supervision",
                    [
                        _INSPECTIONS,
                        _RANDOM,
                        _COVERAGE,
                        _ORDERS,
                        S(
                            "公示“双随机”抽查结果{random_results_published}，抽查结果公示率"
                            "{result_publication_rate}。"
                        ),
                    ],
                    "抽查事项清单、联合抽查、专项行动、信用监管等情况。",
                    tables=(
                        TableBlock(
                            "supervision.by_agency",
                            "by_agency",
                            "各下级机构监督检查和“双随机”抽查情况",
                            (
                                "inspections_count",
                                "random_tasks",
                                "random_completion_rate",
                                "supervision_coverage_rate",
                                "rectification_completion_rate",
                            ),
                        ),
                    ),
                ),
                _measures(
                    "services",
                    "深化“放管服”改革，优化政务服务",
                    "licensing",
                    [
                        S("全年受理行政许可{licence_applications}。"),
                        S("网上办理率{online_application_rate}，按时办结率{on_time_rate}。"),
                        S("审批时限平均压缩{time_limit_compression}。"),
                        S("以告知承诺方式办理{commitment_approvals}。"),
                        S("即办件占比{instant_service_share}。"),
                    ],
                    "审批制度改革、告知承诺制、“一网通办”等情况。",
                ),
                _measures(
                    "complaints",
                    "依法办理投诉举报",
                    "complaints",
                    [
                        S(
                            "全年受理投诉举报{complaints_received}，办结率{complaint_closure_rate}。"
                        ),
                        S("回访满意率{complaint_satisfaction_rate}。"),
                    ],
                    "投诉举报受理、办理、回复和保密等情况。",
                ),
                _measures(
                    "publicity",
                    "深入开展普法宣传",
                    "education",
                    [
                        S("组织普法宣传活动{publicity_events}。"),
                        S("通过网站、公众号推送普法信息{publicity_posts}。"),
                        S(
                            "发放宣传资料{publicity_materials:approx}，"
                            "覆盖群众{publicity_reach:approx}。"
                        ),
                    ],
                    "落实“谁执法谁普法”普法责任制、主题普法活动等情况。",
                ),
                _measures(
                    "disputes",
                    "依法化解行政争议",
                    "governance",
                    [
                        S(
                            "全年以本机关为被申请人的行政复议案件{reconsideration_cases}，"
                            "以本机关为被告的行政诉讼案件{litigation_cases}。"
                        ),
                        S("行政机关负责人出庭应诉率{leader_court_appearance_rate}。"),
                    ],
                    "行政复议、行政应诉和履行法院生效裁判等情况。",
                ),
            ),
            part=MEASURES,
        ),
        Part(
            "duty",
            "党政主要负责人履行推进法治建设第一责任人职责情况",
            (
                Generated(
                    "duty.figures", (S("主要负责人和班子成员年度述法{law_reports_by_leaders}。"),)
                ),
                Narrative(
                    "duty.text",
                    "履行第一责任人职责情况",
                    "主要负责人研究部署法治建设、带头学法、依法决策、述法等情况。",
                    required=True,
                ),
            ),
            part=DUTY,
            source="education",
        ),
        Part(
            "shortcomings",
            "存在的不足和原因",
            (
                Narrative(
                    "shortcomings.text",
                    "存在的不足和原因",
                    "如实写明不足及其原因；下方“数据提示”列出指标中未达到要求的项目。",
                    required=True,
                ),
            ),
            part=SHORTCOMINGS,
        ),
        Part(
            "plan",
            "{next_year}年推进法治政府建设的主要安排",
            (
                Narrative(
                    "plan.text",
                    "下一年度主要安排",
                    "针对存在的不足，写明下一年度的主要工作安排。",
                    required=True,
                ),
            ),
            part=PLAN,
        ),
        Part(
            "other",
            "其他需要报告的情况",
            (
                Narrative(
                    "other.text", "其他需要报告的情况", "没有可不填写，本部分将不出现在报告中。"
                ),
            ),
            part=OTHER,
            required=False,
        ),
    ),
)


def _with_sentence(
    template: Template, version: str, block: str, after: Sentence, sentence: Sentence
) -> Template:
    """``template`` as ``version``, with ``sentence`` added after ``after`` in the generated
    block ``block`` (a ``KeyError`` / ``ValueError`` when either is not there)."""
    template.block(block)

    def add(b: Block) -> Block:
        if b.key != block or not isinstance(b, Generated):
            return b
        i = b.sentences.index(after) + 1
        return replace(b, sentences=(*b.sentences[:i], sentence, *b.sentences[i:]))

    def part(p: Part) -> Part:
        return replace(
            p, blocks=tuple(add(b) for b in p.blocks), children=tuple(part(c) for c in p.children)
        )

    return replace(template, version=version, parts=tuple(part(p) for p in template.parts))


#: 2025.2: 2025.1 with 监督覆盖率 listed by 监管类别 after the whole scope's.
V2025 = _with_sentence(
    V2025_1,
    "2025.2",
    "supervision.figures",
    after=_COVERAGE,
    sentence=S(
        "{part}{supervision_coverage_rate:den}户中检查"
        "{supervision_coverage_rate:num}户，覆盖率{supervision_coverage_rate}",
        each="supervision_coverage_rate",
        lead="其中",
    ),
)


def _with_sentences(
    template: Template, version: str, block: str, added: list[tuple[Sentence, Sentence]]
) -> Template:
    """``template`` as ``version`` with each (after, sentence) of ``added`` put in ``block``."""
    for after, sentence in added:
        template = _with_sentence(template, version, block, after, sentence)
    return template


#: 2025.3: 2025.2 with the rest of what the seeds report of supervision, in their words:
#: 抽查计划批次 (000), 核销 (002), 专项行动 and 问题隐患 (000), 回头看 (003), 投诉核查, 联合检查
#: (004) and 现场笔录和意见书 (003).
_CAMPAIGNS = S("开展专项执法行动{campaigns}，检查中发现问题隐患{problems_found}。")
_FOLLOW_UPS = S("开展“回头看”复查{follow_up_inspections}，核查投诉举报{complaint_inspections}。")
_JOINT = S("联合有关部门开展联合检查{joint_inspections}。")
V2025_3 = _with_sentences(
    V2025,
    "2025.3",
    "supervision.figures",
    [
        (_INSPECTIONS, S("全年制定双随机抽查计划{random_plans}。")),
        (_RANDOM, S("因停业、关闭等无法检查，依法核销{written_off}。")),
        (_ORDERS, _CAMPAIGNS),
        (_CAMPAIGNS, _FOLLOW_UPS),
        (_FOLLOW_UPS, _JOINT),
        (_JOINT, S("全年各项监督检查共计下达笔录和意见书{inspection_documents}。")),
    ],
)

#: 2025.4: 2025.3 with the cases by 专业 and the 罚没金额 by kind, as seed 001 writes them
#: (查处案件67件，其中医疗卫生51件、公共场所卫生8件…；罚没金额18.2536万元，其中没收违法所得…).
_CASES = S(
    "全年立案{cases_filed}，结案{cases_closed}，结案率{case_closure_rate}。", yoy="cases_filed"
)
_MONEY = S("罚没金额{fines_and_confiscations}。")
V2025_4 = _with_sentences(
    V2025_3,
    "2025.4",
    "enforcement.figures",
    [
        (_CASES, S("{part}{cases_filed}", each="cases_filed", lead="其中")),
        (_MONEY, S("{part}{fines_and_confiscations}", each="fines_and_confiscations", lead="其中")),
    ],
)

TEMPLATES: dict[str, Template] = {t.version: t for t in (V2025_1, V2025, V2025_3, V2025_4)}
CURRENT = V2025_4.version


def get_template(version: str = CURRENT) -> Template:
    try:
        return TEMPLATES[version]
    except KeyError:
        raise KeyError(f"未知的报告模板版本：{version}") from None
