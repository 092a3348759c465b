"""公示 exports: random-check plans, draws and results in a 信用中国-style layout.

Only public data: entity name and credit code, the checking agency, dates, conclusions and the
inspectors as 执法人员 with their 执法证号 (RULES §2.1). No complainant, phone or ID data.
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from supervision.models import PlanStatus, SamplingPlan, Task, TaskStatus

RESULT_COLUMNS = [
    "检查实施机关",
    "抽查计划",
    "任务来源",
    "联合抽查部门",
    "检查对象名称",
    "统一社会信用代码",
    "检查类型",
    "检查日期",
    "检查结果",
    "执法人员（执法证号）",
    "公示日期",
]


def published_tasks(agency=None):
    qs = Task.objects.filter(plan__status=PlanStatus.PUBLISHED, published_on__isnull=False)
    if agency is not None:
        qs = qs.in_scope(agency)
    return qs


def publication_rows(queryset, limit: int | None = None):
    """Rows of published results; inspectors fetched with one extra query, not per row."""
    qs = (
        queryset.select_related("plan", "entity", "agency")
        .prefetch_related("inspectors")
        .order_by("plan_id", "seq")
    )
    if limit is not None:
        qs = qs[:limit]
    for t in qs.iterator(chunk_size=2000):
        people = "、".join(f"{p.name}（{p.certificate_number}）" for p in t.inspectors.all())
        if t.status == TaskStatus.UNABLE or t.unable_reason:
            result = f"无法检查（{t.get_unable_reason_display()}）"
        else:
            result = t.get_result_display()
        yield [
            t.agency.name,
            t.plan.name,
            t.plan.get_source_display(),
            t.plan.partner_department,
            t.entity.name,
            t.entity.uscc,
            "双随机抽查",
            t.inspected_on,
            result,
            people,
            t.published_on,
        ]


def plan_rows(queryset=None):
    qs = (
        queryset
        if queryset is not None
        else SamplingPlan.objects.filter(status=PlanStatus.PUBLISHED)
    ).select_related("agency")
    for p in qs:
        yield [
            p.agency.name,
            p.name,
            p.year,
            p.get_source_display(),
            p.partner_department,
            p.tasks.count(),
            p.algorithm_version,
            p.seed,
            p.input_digest,
            p.result_digest,
            p.drawn_at,
            p.published_on,
        ]


PLAN_COLUMNS = [
    "实施机关",
    "抽查计划",
    "年度",
    "任务来源",
    "联合抽查部门",
    "抽取户数",
    "抽取算法",
    "随机种子",
    "输入摘要",
    "结果摘要",
    "抽取时间",
    "公示日期",
]


def to_csv(columns, rows) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(columns)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM so Excel opens UTF-8 correctly


def to_xlsx(columns, rows, title="公示") -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title)
    ws.append(columns)
    for r in rows:
        ws.append([v.replace(tzinfo=None) if hasattr(v, "tzinfo") and v.tzinfo else v for v in r])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
