"""Demo annual reports: the top agency's report for the demo year as a written draft, and the
first county's report taken through the whole workflow to 公开 (when those dates have passed)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from reports import services, workflow
from reports.models import ReportStatus

ORDER = 90  # after every app whose records the report cites

TEXT = {
    "preamble": (
        "{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治"
        "思想，围绕卫生健康中心工作，扎实推进法治政府建设。现将{year}年度法治政府建设情况报告如下。"
    ),
    "leadership.text": (
        "党组把法治建设纳入年度重点工作，制定法治政府建设工作要点，明确责任科室和完成时限，"
        "每季度调度推进情况。"
    ),
    "supervision.text": (
        "一是动态调整随机抽查事项清单和检查对象名录库；二是对公共场所、生活饮用水、医疗机构"
        "开展“双随机、一公开”抽查，抽查结果按时向社会公示；三是对检查发现的问题下达卫生监督意见书，"
        "逐户开展整改复查。"
    ),
    "duty.text": (
        "主要负责人认真履行推进法治建设第一责任人职责，主持召开党组会议研究部署法治建设，"
        "带头参加会前学法，在年度述职中专项报告履行法治建设职责情况。"
    ),
    "shortcomings.text": (
        "一是基层执法力量与监管任务不相适应，部分县区持证执法人员偏少；二是部分整改未能按期复查，"
        "原因是复查任务集中、人员不足；三是执法信息化水平有待提高。"
    ),
    "plan.text": (
        "一是加强执法队伍建设，开展执法人员轮训；二是完善整改复查台账，确保整改闭环；"
        "三是推进移动执法终端应用，提高执法规范化水平。"
    ),
}


def _write(report, actor) -> None:
    ctx = {"agency": report.agency.name, "year": report.year}
    for key, text in TEXT.items():
        services.save_narrative(report, key, text.format(**ctx), actor=actor)


def build_demo(ctx) -> None:
    year = ctx.year
    if year >= timezone.localdate().year:
        ctx.progress("reports：演示年度尚未结束，不生成年度报告")
        return
    top = services.create_report(ctx.top, year)
    _write(top, None)
    if not ctx.counties:
        return
    county = services.create_report(ctx.counties[0], year)
    _write(county, None)
    next_year = year + 1
    day = datetime.date(next_year, 2, 10)
    if day >= timezone.localdate():
        ctx.progress("reports：审议日期未到，县级报告停在起草")
        return
    from core.models import Role, User

    actor = User.objects.filter(agency=ctx.counties[0], role=Role.ADMIN).first()
    if actor is None:
        return
    for to, data in (
        (ReportStatus.LEGAL_REVIEW, {}),
        (ReportStatus.SECRECY_REVIEW, {"comment": "同意。"}),
        (ReportStatus.PARTY_REVIEW, {}),
        (
            ReportStatus.APPROVED,
            {
                "meeting_type": "party_group",
                "meeting_on": day,
                "minutes_number": f"党组会议纪要〔{next_year}〕2号",
                "attendees": "党组成员",
            },
        ),
        (
            ReportStatus.SUBMITTED,
            {
                "recipients": [
                    ("本级党委和政府", "submit", datetime.date(next_year, 2, 20)),
                    (ctx.top.name, "submit", datetime.date(next_year, 2, 20)),
                    ("本级党委法治建设议事协调机构", "copy", datetime.date(next_year, 2, 20)),
                ]
            },
        ),
        (
            ReportStatus.PUBLISHED,
            {
                "published_on": datetime.date(next_year, 3, 15),
                "published_url": "https://www.example.gov.cn/fzzf/annual-report",
            },
        ),
    ):
        workflow.transition(county, to, actor=actor, **data)
    ctx.progress(f"reports：{top.title}（起草）、{county.title}（已公开）")
