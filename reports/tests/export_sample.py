"""A small realistic report used by the export tests."""

from __future__ import annotations

import datetime

from reports.export import Document, Note, Paragraph, Run, Section, Table

TITLE = "某某市卫生健康委员会2025年法治政府建设情况报告"
AGENCY = "某某市卫生健康委员会"
LINK = "https://wsjkw.example.gov.cn/gk/sjsgk/2025/index.html?a=1&b=2"

# A long body paragraph without digits or Latin letters, so every character is full width.
LONG_TEXT = (
    "坚持把学法懂法作为依法行政的前提，构建分层分类、全员覆盖的学法体系，将习近平法治思想、"
    "宪法、民法典及卫生健康领域核心法律法规纳入党组理论学习中心组学习内容，推动领导干部带头"
    "依法决策、依法履职；组织全系统医护人员和执法人员开展医师法、传染病防治法、医疗机构管理条例、"
    "公共场所卫生管理条例等专题培训，以考促学、以练促干，执法队伍专业能力和法治素养显著提升。"
)


def sample_document() -> Document:
    """某某市卫生健康委员会 2025 report: four mandated parts, nested headings, a table, a link."""
    measures = Section(
        "推进法治政府建设的主要举措和成效",
        blocks=(
            Paragraph.of(
                "2025年，我委坚持以习近平法治思想为指导，扎实推进卫生健康领域依法行政。",
            ),
        ),
        children=(
            Section(
                "深化学法强基，筑牢法治履职根基",
                blocks=(Paragraph.of(LONG_TEXT),),
                children=(
                    Section(
                        "抓实关键少数学法",
                        blocks=(Paragraph.of("全年开展会前学法8次，中心组法治专题学习10次。"),),
                    ),
                    Section(
                        "抓实全员常态学法",
                        blocks=(Paragraph.of("开展专题培训2场，参训人员达160余人次。"),),
                    ),
                ),
            ),
            Section(
                "严格规范公正文明执法",
                blocks=(
                    Paragraph.of(
                        "全年开展“双随机、一公开”监督抽查，共检查",
                        Run("1,286", href=LINK),
                        "户次，抽查结果全部在",
                        Run("市卫生健康委网站", href=LINK, bold=True),
                        "公示。",
                    ),
                    Table(
                        "表1 2025年行政执法情况",
                        ("项目", "数量", "单位"),
                        (
                            ("双随机抽查", Run("1,286", href=LINK), "户次"),
                            ("行政处罚案件", "152", "件"),
                            ("罚没款", "18.25", "万元"),
                        ),
                        note="数据截至2025年12月31日。",
                    ),
                    Note("本部分数据未接入：行政复议案件数待核实。"),
                ),
            ),
        ),
    )
    duty = Section(
        "党政主要负责人履行推进法治建设第一责任人职责情况",
        blocks=(
            Paragraph.of(
                "委党组书记、主任切实履行第一责任人职责，全年主持召开党组会专题研究法治建设工作3次。"
            ),
        ),
    )
    shortcomings = Section(
        "存在的不足和原因",
        blocks=(Paragraph.of("一是信息化水平不高；二是执法力量不足，难以实现全覆盖。"),),
    )
    plan = Section(
        "2026年推进法治政府建设的主要安排",
        blocks=(Paragraph.of("持续深化行政执法“三项制度”，提升执法规范化水平。"),),
    )
    return Document(
        title=TITLE,
        agency=AGENCY,
        year=2025,
        date=datetime.date(2026, 3, 8),
        parts=(measures, duty, shortcomings, plan),
        preamble=(
            Paragraph.of(
                "2025年，在市委、市政府的坚强领导下，我委深入推进法治政府建设。现将有关情况报告如下："
            ),
        ),
    )


EXPECTED_HEADINGS = [
    "一、推进法治政府建设的主要举措和成效",
    "（一）深化学法强基，筑牢法治履职根基",
    "1.抓实关键少数学法",
    "2.抓实全员常态学法",
    "（二）严格规范公正文明执法",
    "二、党政主要负责人履行推进法治建设第一责任人职责情况",
    "三、存在的不足和原因",
    "四、2026年推进法治政府建设的主要安排",
]
