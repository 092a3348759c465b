"""Import, export and template pages of supervision's maintained lists (抽查事项清单, 回避申报,
检查要点); the rows go through ``supervision.list_io`` and ``core.io``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from core.exports import download, record_export
from core.forms import ImportFileForm
from core.io import Column, ImportFileError, export_xlsx
from core.models import user_agency
from core.shared import require_shared_change
from supervision import filters, list_io
from supervision.models import ChecklistPoint, Conflict, InspectionItem

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ListFile:
    """One maintained list: its name, import and export columns, importer and filters."""

    model: type
    title: str
    columns: list[Column]
    export_columns: list[Column]
    importer: Any
    filterset: Any
    notes: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.model._meta.model_name

    def perm(self, action: str) -> str:
        return f"supervision.{action}_{self.name}"

    def check(self, user, action: str) -> None:
        """The role's permission; for shared data (检查要点) writing also needs the top-level
        系统管理员 (``core.shared``)."""
        if not user.has_perm(self.perm(action)):
            raise PermissionDenied
        if action != "view" and self.model is ChecklistPoint:
            require_shared_change(user, ChecklistPoint, action)

    def rows(self, request):
        qs = self.model.objects.all()
        if hasattr(qs, "visible_to"):
            qs = qs.visible_to(request.user)
        related = {
            InspectionItem: ("agency",),
            Conflict: ("agency", "person", "entity"),
            ChecklistPoint: ("item__agency",),
        }[self.model]
        qs = qs.select_related(*related).order_by("pk")
        return self.filterset(request.GET, queryset=qs, request=request).qs


LISTS = {
    "inspectionitem": ListFile(
        InspectionItem,
        "抽查事项清单",
        list_io.ITEM_COLUMNS,
        list_io.ITEM_EXPORT_COLUMNS,
        list_io.import_items,
        filters.InspectionItemFilterSet,
        (
            "导入到本机构的抽查事项清单；与本机构已有抽查事项同名的行更新该事项，其余行新增。",
            "对象类别、层级填写中文名称（如“公共场所”“县级”）；检查方式留空为“现场检查”。",
        ),
    ),
    "conflict": ListFile(
        Conflict,
        "回避申报",
        list_io.CONFLICT_COLUMNS,
        list_io.CONFLICT_EXPORT_COLUMNS,
        list_io.import_conflicts,
        filters.ConflictFilterSet,
        (
            "导入为本机构的回避申报；执法人员和监管对象须为本机构或下级机构的。",
            "执法人员按执法证号查找（未填时按姓名，重名时须填执法证号）；"
            "监管对象按统一社会信用代码查找，填写名称时须与代码一致。",
            "本机构已申报的同一执法人员和监管对象，更新其回避事由。",
        ),
    ),
    "checklistpoint": ListFile(
        ChecklistPoint,
        "检查要点",
        list_io.POINT_COLUMNS,
        list_io.POINT_COLUMNS,
        list_io.import_points,
        filters.ChecklistPointFilterSet,
        (
            "检查要点为全系统共用数据，仅最上级机构的系统管理员可导入。",
            "抽查事项留空表示适用于该监管类别的检查；多个机构有同名抽查事项时须填写事项所属机构代码。",
            "监管类别、抽查事项、检查要点均相同的行更新该要点（序号、法律依据、停用），其余行新增。",
            "停用的要点须同时填写停用日期和停用原因；新的检查不再列出已停用的要点。",
        ),
    ),
}


def _filename(spec: ListFile, user, kind: str) -> str:
    agency = user_agency(user)
    parts = [spec.title + kind, agency.name if agency else "", f"{timezone.localdate():%Y%m%d}"]
    return "-".join(p for p in parts if p) + ".xlsx"


@login_required
def list_import(request, name: str):
    spec = LISTS[name]
    spec.check(request.user, "add")
    spec.check(request.user, "change")
    form = ImportFileForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    result, file_error = None, None
    if request.method == "POST" and form.is_valid():
        try:
            result = spec.importer(form.cleaned_data["file"], request.user)
        except ImportFileError as exc:
            file_error = str(exc)
        else:
            if result.ok:
                messages.success(
                    request, f"导入成功：新增{result.created}条，更新{result.updated}条。"
                )
                return redirect(f"supervision:{name}_list")
    return render(
        request,
        "supervision/list_import.html",
        {
            "title": f"导入{spec.title}",
            "form": form,
            "result": result,
            "file_error": file_error,
            "headers": [c.header for c in spec.columns],
            "required": [c.header for c in spec.columns if c.required],
            "notes": spec.notes,
            "template_url": reverse(f"supervision:{name}_template"),
            "list_url": reverse(f"supervision:{name}_list"),
            "list_title": spec.title,
        },
    )


@login_required
def list_export(request, name: str):
    """The list as the user reads it, filtered as on its page; the export is audited."""
    spec = LISTS[name]
    spec.check(request.user, "view")
    rows = spec.rows(request)
    data = export_xlsx(rows, spec.export_columns, spec.title)
    record_export(request.user, spec.model, rows.count(), request.GET.urlencode())
    return download(data, XLSX, _filename(spec, request.user, ""))


@login_required
def list_template(request, name: str):
    """导入模板: the header row of the import, nothing else."""
    spec = LISTS[name]
    spec.check(request.user, "add")
    data = export_xlsx([], spec.columns, spec.title)
    return download(data, XLSX, f"{spec.title}导入模板.xlsx")


def _bind(view, name: str):
    def bound(request):
        return view(request, name)

    bound.__name__ = f"{name}_{view.__name__.removeprefix('list_')}"
    bound.__doc__ = view.__doc__
    return bound


item_import, item_export, item_template = (
    _bind(v, "inspectionitem") for v in (list_import, list_export, list_template)
)
conflict_import, conflict_export, conflict_template = (
    _bind(v, "conflict") for v in (list_import, list_export, list_template)
)
checklist_import, checklist_export, checklist_template = (
    _bind(v, "checklistpoint") for v in (list_import, list_export, list_template)
)
