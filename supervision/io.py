"""公示 exports: random-check plans, draws and results in a 信用中国-style layout.

Only public data: entity name and credit code, the checking agency, dates, conclusions and the
inspectors as 执法人员 with their 执法证号 (RULES §2.1). No complainant, phone or ID data.
"""

from __future__ import annotations

import csv
import io

from django.db.models import Count, Q
from openpyxl import Workbook

from core.cells import csv_row, xlsx_row
from supervision.models import PlanStatus, SamplingPlan, Task, TaskStatus

RESULT_COLUMNS = [
    "检查实施机关",
    "抽查计划",
    "任务来源",
    "联合抽查部门",
    "检查对象名称",
    "统一社会信用代码",
    "检查类型",
    "抽查事项",
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


def with_publication_joins(queryset):
    """What one published row needs, in a fixed number of queries whatever the page size."""
    from django.db.models import Count, Q

    return (
        queryset.select_related("plan", "entity", "agency")
        .prefetch_related("team__members")
        .annotate(
            open_orders=Count(
                "inspections__rectifications",
                filter=~Q(inspections__rectifications__status="completed"),
            ),
            all_orders=Count("inspections__rectifications"),
        )
    )


def result_text(t) -> str:
    if t.status == TaskStatus.UNABLE or t.unable_reason:
        return f"无法检查（{t.get_unable_reason_display()}）"
    text = t.get_result_display()
    if getattr(t, "all_orders", 0):
        text += "（已整改）" if not t.open_orders else "（整改中）"
    return text


def item_names(plan_ids) -> dict[tuple[int, str], str]:
    """(plan, 监管类别) → the plan's 抽查事项 for that category, “、”-joined (one query)."""
    through = SamplingPlan.items.through
    rows = (
        through.objects.filter(samplingplan_id__in=plan_ids)
        .order_by("inspectionitem_id")
        .values_list("samplingplan_id", "inspectionitem__category", "inspectionitem__name")
    )
    names: dict[tuple[int, str], list[str]] = {}
    for plan_id, category, name in rows:
        names.setdefault((plan_id, category), []).append(name)
    return {key: "、".join(v) for key, v in names.items()}


def task_row(t, items: dict[tuple[int, str], str]) -> list:
    """One published result; ``items`` from ``item_names`` for the rows' plans (one query)."""
    people = "、".join(f"{p.name}（{p.certificate_number}）" for p in t.inspectors.all())
    return [
        t.agency.name,
        t.plan.name,
        t.plan.get_source_display(),
        t.plan.partner_department,
        t.entity.name,
        t.entity.uscc,
        "双随机抽查",
        items.get((t.plan_id, t.entity.category), ""),
        t.inspected_on,
        result_text(t),
        people,
        t.published_on,
    ]


def publication_rows(queryset, limit: int | None = None):
    """Rows of published results, streamed in chunks (inspectors: one query per chunk)."""
    qs = with_publication_joins(queryset).order_by("plan_id", "seq")
    if limit is not None:
        qs = qs[:limit]
    items = item_names(queryset.order_by().values("plan_id").distinct())
    for t in qs.iterator(chunk_size=2000):
        yield task_row(t, items)


def plan_rows(queryset=None):
    qs = (
        (
            queryset
            if queryset is not None
            else SamplingPlan.objects.filter(status=PlanStatus.PUBLISHED)
        )
        .select_related("agency")
        # Tasks cancelled by a correction of the draw (抽取更正) were never assigned.
        .annotate(task_count=Count("tasks", filter=~Q(tasks__status=TaskStatus.CANCELLED)))
    )
    for p in qs.order_by("-published_on", "-id"):
        yield [
            p.agency.name,
            p.name,
            p.year,
            p.get_source_display(),
            p.partner_department,
            p.task_count,
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
    w.writerow(csv_row(columns))
    for r in rows:
        w.writerow(csv_row(r))  # formula-like text escaped (core.cells)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM so Excel opens UTF-8 correctly


def to_xlsx(columns, rows, title="公示") -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title)
    ws.append(xlsx_row(ws, columns))
    for r in rows:
        naive = [v.replace(tzinfo=None) if hasattr(v, "tzinfo") and v.tzinfo else v for v in r]
        ws.append(xlsx_row(ws, naive))  # text as text, never a formula (core.cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


#: 日常监督检查结果 as published (RULES §2.1 事后: 执法机关、对象、类别、结论).
INSPECTION_COLUMNS = [
    "检查实施机关",
    "检查对象名称",
    "统一社会信用代码",
    "检查类别",
    "检查日期",
    "检查结论",
    "公示日期",
]


def published_inspections():
    """Results of 日常监督检查 made public (双随机 results are published with their plans)."""
    from supervision.models import Inspection, InspectionKind

    return Inspection.objects.filter(published_on__isnull=False).exclude(kind=InspectionKind.RANDOM)


def inspection_rows_of(inspections) -> list[list]:
    """One row per inspection (agency and entity loaded with it) in ``INSPECTION_COLUMNS``."""
    return [
        [
            i.agency.name,
            i.entity.name,
            i.entity.uscc,
            i.get_kind_display(),
            i.inspected_on,
            i.get_result_display(),
            i.published_on,
        ]
        for i in inspections
    ]
