"""Annual report pages: list, new, the editor with its workflow, exports, versions and diff."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import jobs
from core.audit import record
from core.deadlines import deadlines_for
from core.filters import FilterSet
from core.models import user_agency
from core.models.deadlines import DeadlineStatus
from core.views import ScopedListView
from reports import compose, export, forms, services, tasks, workflow
from reports.models import AnnualReport, ReportStatus
from reports.template import Generated, Narrative, TableBlock, get_template

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "pdf": "application/pdf",
}

#: The workflow as a line of steps for the progress bar (归档 is after 公开).
STEPS = [
    ReportStatus.DRAFT,
    ReportStatus.LEGAL_REVIEW,
    ReportStatus.SECRECY_REVIEW,
    ReportStatus.PARTY_REVIEW,
    ReportStatus.APPROVED,
    ReportStatus.SUBMITTED,
    ReportStatus.PUBLISHED,
]


def _errors(exc: Exception) -> list[str]:
    return list(getattr(exc, "messages", None) or [str(exc)])


class ReportFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="标题")
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label="状态")

    class Meta:
        model = AnnualReport
        fields = ["q", "year", "status"]


class ReportTable(tables.Table):
    title = tables.Column(linkify=True)
    agency = tables.Column(verbose_name="机构")

    class Meta:
        model = AnnualReport
        fields = ["title", "agency", "year", "status", "published_on", "updated_at"]


class ReportList(ScopedListView):
    model = AnnualReport
    filterset_class, table_class = ReportFilterSet, ReportTable


annualreport_list = ReportList.as_view()


def _visible(request, pk) -> AnnualReport:
    qs = AnnualReport.objects.visible_to(request.user).select_related("agency", "agency__parent")
    return get_object_or_404(qs, pk=pk)


def _editable(request, pk) -> AnnualReport:
    qs = AnnualReport.objects.editable_by(request.user).select_related("agency", "agency__parent")
    return get_object_or_404(qs, pk=pk)


@login_required
@permission_required("reports.add_annualreport", raise_exception=True)
def annualreport_add(request):
    """新建年度报告: the user's agency, a year; figures are generated at once."""
    agency = user_agency(request.user)
    form = forms.NewReportForm(request.POST or None)
    existing = None
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        try:
            report = services.create_report(agency, year, actor=request.user)
        except ValidationError as exc:
            for msg in _errors(exc):
                form.add_error("year", msg)
            existing = AnnualReport.objects.filter(agency=agency, year=year).first()
        else:
            messages.success(request, "已根据本机构的业务数据生成报告初稿，请补充各部分的文字。")
            return redirect(report)
    return render(
        request,
        "reports/annualreport_form.html",
        {"form": form, "agency": agency, "existing": existing},
    )


# --- The editor ---------------------------------------------------------------------------------


def _editor(report: AnnualReport, assembly: compose.Assembly, forms_by_key: dict) -> list[dict]:
    """The template's sections in order, each block with what the officer needs to see."""
    template = get_template(report.template_version)
    narratives = services.narratives_of(report)
    ctx = {"agency": report.agency.name, "year": report.year, "next_year": report.year + 1}
    flags: dict[str, list] = {}
    for f in assembly.flags:
        flags.setdefault(f.block, []).append(f)
    blocks_data = report.generated.get("blocks", {})

    def block_view(b) -> dict:
        out = {"key": b.key, "kind": b.kind, "flags": flags.get(b.key, [])}
        if isinstance(b, Narrative):
            text = compose.narrative_text(b, narratives, ctx)
            out.update(
                title=b.title,
                guidance=b.guidance,
                required=b.required,
                form=forms_by_key.get(b.key) or forms.NarrativeForm(initial={"text": text}),
            )
        elif isinstance(b, Generated):
            g = blocks_data.get(b.key, {})
            out["runs"] = [r for s in g.get("sentences", []) for r in s]
        elif isinstance(b, TableBlock):
            t = blocks_data.get(b.key, {})
            out.update(caption=b.caption.format(**ctx), table=t if t.get("rows") else None)
        return out

    sections = [
        {"heading": "开头语", "depth": 0, "blocks": [block_view(template.preamble)]},
    ]

    def walk(part, depth):
        sections.append(
            {
                "heading": part.heading.format(**ctx),
                "depth": depth,
                "required": part.required,
                "blocks": [block_view(b) for b in part.blocks],
            }
        )
        for c in part.children:
            walk(c, depth + 1)

    for p in template.parts:
        walk(p, 1)
    return sections


def _self_check(doc: dict) -> list:
    """Findings of the report checker on the report as it would be published (HTML)."""
    from review.engine import review_bytes

    html = services.render(doc, "html")
    return review_bytes(html, "report.html").findings


def _detail(request, report: AnnualReport, *, step_forms=None, narrative_forms=None, status=200):
    user = request.user
    can_edit = user.has_perm("reports.change_annualreport") and report.agency_id == getattr(
        user_agency(user), "pk", None
    )
    assembly = services.assembly(report)
    step_forms = step_forms or {}
    steps = []
    if can_edit:
        for to, rule in workflow.allowed(report, user):
            form_class = forms.STEP_FORMS.get(to, forms.ReviewForm)
            kwargs = {"agency": report.agency} if form_class is forms.SubmissionForm else {}
            form = step_forms.get(to) or form_class(**kwargs)
            steps.append({"to": to, "label": rule.label, "form": form})
    today = timezone.localdate()
    reached = STEPS.index(report.status) if report.status in STEPS else len(STEPS)
    ctx = {
        "report": report,
        "object": report,
        "can_edit": can_edit and report.editable,
        "can_act": can_edit,
        "steps": steps,
        "progress": [(s.label, i < reached, i == reached) for i, s in enumerate(STEPS)],
        "sections": _editor(report, assembly, narrative_forms or {}),
        "flags": assembly.flags,
        "hints": report.generated.get("hints", []),
        "deadlines": [
            (d, d.status == DeadlineStatus.OPEN and d.due_on < today)
            for d in deadlines_for(report).order_by("due_on")
        ],
        "submissions": report.submissions.all(),
        "versions": report.versions.only("number", "note", "status", "created_at", "created_by")[
            :30
        ],
        "findings": _self_check(assembly.document),
    }
    return render(request, "reports/annualreport_detail.html", ctx, status=status)


@login_required
@permission_required("reports.view_annualreport", raise_exception=True)
def annualreport_detail(request, pk):
    return _detail(request, _visible(request, pk))


@login_required
@permission_required("reports.change_annualreport", raise_exception=True)
@require_POST
def narrative_edit(request, pk, key):
    """Save one narrative block (htmx: the block comes back with its result)."""
    report = _editable(request, pk)
    form = forms.NarrativeForm(request.POST)
    saved = False
    if form.is_valid():
        try:
            saved = services.save_narrative(
                report, key, form.cleaned_data["text"], actor=request.user
            )
        except ValidationError as exc:
            for msg in _errors(exc):
                form.add_error("text", msg)
    if request.htmx:
        try:
            block = get_template(report.template_version).block(key)
        except KeyError:
            raise Http404 from None
        return render(
            request,
            "reports/partials/narrative.html",
            {
                "report": report,
                "b": {"key": key, "title": block.title, "form": form},
                "saved": saved and not form.errors,
                "unchanged": not saved and not form.errors,
                "can_edit": True,
            },
            status=400 if form.errors else 200,
        )
    if form.errors:
        return _detail(request, report, narrative_forms={key: form}, status=400)
    messages.success(request, "已保存。" if saved else "内容没有变化。")
    return redirect(f"{report.get_absolute_url()}#block-{key.replace('.', '-')}")


@login_required
@permission_required("reports.change_annualreport", raise_exception=True)
@require_POST
def annualreport_regenerate(request, pk):
    report = _editable(request, pk)
    try:
        services.regenerate(report, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(_errors(exc)))
    else:
        messages.success(request, "已按最新业务数据重新生成；已填写的文字保持不变。")
    return redirect(report)


@login_required
@permission_required("reports.change_annualreport", raise_exception=True)
@require_POST
def annualreport_transition(request, pk):
    report = _editable(request, pk)
    to = request.POST.get("to", "")
    if (report.status, to) not in workflow.TRANSITIONS:
        messages.error(request, "该操作在当前状态下不可执行。")
        return redirect(report)
    rule = workflow.TRANSITIONS[(report.status, to)]
    form_class = forms.STEP_FORMS.get(to, forms.ReviewForm)
    kwargs = {"agency": report.agency} if form_class is forms.SubmissionForm else {}
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        try:
            workflow.transition(report, to, actor=request.user, **form.cleaned_data)
        except PermissionDenied:
            raise
        except ValidationError as exc:
            for msg in _errors(exc):
                form.add_error(None, msg)
        else:
            report.refresh_from_db()
            messages.success(
                request, f"已完成：{rule.label}。当前状态：{report.get_status_display()}。"
            )
            return redirect(report)
    return _detail(request, report, step_forms={to: form}, status=400)


# --- Export, versions, diff ----------------------------------------------------------------------


@login_required
@permission_required("reports.view_annualreport", raise_exception=True)
def annualreport_export(request, pk, fmt):
    report = _visible(request, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404("不支持的格式。")
    if fmt == "pdf":
        return _export_pdf(request, report)
    doc = services.assembly(report).document
    base = request.build_absolute_uri("/") if fmt != "html" else ""
    # Shown in the browser, the page links its stylesheet (the CSP refuses inline styles); a
    # downloaded file keeps it inline so that it reads anywhere.
    shown = fmt == "html" and not request.GET.get("download")
    try:
        data = services.render(
            doc, fmt, base_url=base, stylesheet=static(export.STYLESHEET) if shown else ""
        )
    except export.ExportError as exc:
        return render(
            request,
            "reports/export_error.html",
            {"report": report, "message": str(exc), "fmt": fmt},
            status=503,
        )
    record("export", report, actor=request.user, data={"format": fmt})
    resp = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    if fmt != "html" or request.GET.get("download"):
        from urllib.parse import quote

        name = quote(services.filename(report, fmt))
        resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return resp


def _export_pdf(request, report: AnnualReport):
    """The PDF runs LibreOffice for seconds to minutes: a background job (core.jobs), whose page
    shows the progress and then the file."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    job = jobs.start(
        tasks.export_pdf,
        user=request.user,
        kind="reports.pdf",
        title=f"导出 PDF：{report.title}",
        args=(report.pk, request.build_absolute_uri("/")),
    )
    return redirect("core:job_detail", pk=job.pk)


@login_required
@permission_required("reports.view_annualreport", raise_exception=True)
def version_detail(request, pk, number):
    report = _visible(request, pk)
    version = get_object_or_404(report.versions, number=number)
    return render(
        request,
        "reports/version_detail.html",
        {"report": report, "version": version, "doc": numbered(version.document)},
    )


@login_required
@permission_required("reports.view_annualreport", raise_exception=True)
def version_diff(request, pk):
    report = _visible(request, pk)
    versions = list(report.versions.order_by("-number").only("number", "note", "status"))
    if len(versions) < 1:
        raise Http404
    try:
        new_n = int(request.GET.get("to") or versions[0].number)
        old_n = int(request.GET.get("from") or (versions[1].number if len(versions) > 1 else new_n))
    except ValueError:
        raise Http404 from None
    new = get_object_or_404(report.versions, number=new_n)
    old = get_object_or_404(report.versions, number=old_n)
    lines = services.diff(old, new)
    return render(
        request,
        "reports/version_diff.html",
        {
            "report": report,
            "old": old,
            "new": new,
            "versions": versions,
            "lines": lines,
            "changed": sum(1 for tag, _ in lines if tag != "same"),
        },
    )


def numbered(doc: dict) -> dict:
    """A copy of a document tree with each section's printed number (一、（一）1.)."""

    def walk(sections, level):
        out = []
        for i, s in enumerate(sections, 1):
            out.append(
                {
                    **s,
                    "label": export.heading_label(level, i),
                    "level": level,
                    "children": walk(s["children"], level + 1),
                }
            )
        return out

    return {**doc, "sections": walk(doc["sections"], 1)}
