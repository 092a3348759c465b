"""Pages for cases: list, detail with the steps the user may take, 线索登记, team and steps.

Every step goes through ``enforcement.workflow``; a refusal comes back on the case page with the
missing step named, and nothing is written.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.crypto import shown_value
from core.deadlines import deadlines_for
from core.exports import download, record_export
from core.io import Column, export_xlsx
from core.models import user_agency
from core.views import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedUpdateView
from enforcement import filters, forms, tables, workflow
from enforcement.models import Case, CaseStatus, PenaltyKind
from registry.views import XLSX

#: step → (form, function(case, form data, actor)). The penalty step edits the case first.
STEPS = {
    "file": (forms.DayForm, lambda c, d, a: workflow.file_case(c, actor=a, on=d["on"])),
    "decline": (
        forms.ReasonForm,
        lambda c, d, a: workflow.decline_filing(c, actor=a, reason=d["reason"]),
    ),
    "preserve": (forms.DayForm, lambda c, d, a: workflow.preserve_evidence(c, actor=a, on=d["on"])),
    "close_investigation": (
        forms.InvestigationForm,
        lambda c, d, a: workflow.close_investigation(
            c, actor=a, facts=d["facts"], report=d["report"], on=d["on"]
        ),
    ),
    "no_penalty": (
        forms.NoPenaltyForm,
        lambda c, d, a: workflow.decide_no_penalty(
            c, actor=a, reason=d["reason"], list_item=d["list_item"], on=d["on"]
        ),
    ),
    "notify": (forms.DayForm, None),  # with the penalty form: ``_notify``
    "refer": (forms.ReferForm, lambda c, d, a: workflow.refer(c, actor=a, to=d["to"], on=d["on"])),
    "statement": (
        forms.StatementForm,
        lambda c, d, a: workflow.record_statement(c, actor=a, on=d["on"], waived=d["waived"]),
    ),
    "request_hearing": (
        forms.DayForm,
        lambda c, d, a: workflow.request_hearing(c, actor=a, on=d["on"]),
    ),
    "hold_hearing": (
        forms.HearingForm,
        lambda c, d, a: workflow.hold_hearing(
            c, actor=a, notified_on=d["notified_on"], held_on=d["held_on"]
        ),
    ),
    "submit_review": (
        forms.SubmitReviewForm,
        lambda c, d, a: workflow.submit_review(c, actor=a, reviewer=d["reviewer"], on=d["on"]),
    ),
    "review": (
        forms.ReviewForm,
        lambda c, d, a: workflow.record_review(
            c,
            actor=a,
            outcome=d["outcome"],
            opinion=d["opinion"],
            checklist={k: True for k in d["checked"]},
            on=d["on"],
        ),
    ),
    "discuss": (
        forms.DiscussionForm,
        lambda c, d, a: workflow.discuss(
            c,
            actor=a,
            held_on=d["held_on"],
            attendees=d["attendees"],
            opinions=d["opinions"],
            conclusion=d["conclusion"],
            dissent=d["dissent"],
        ),
    ),
    "decide": (forms.DayForm, lambda c, d, a: workflow.decide(c, actor=a, on=d["on"])),
    "serve": (
        forms.ServeForm,
        lambda c, d, a: workflow.serve(
            c, actor=a, method=d["method"], on=d["on"], credit_notice=d["credit_notice"]
        ),
    ),
    "publicize": (forms.DayForm, lambda c, d, a: workflow.publicize(c, actor=a, on=d["on"])),
    "pay": (
        forms.PayForm,
        lambda c, d, a: workflow.pay(
            c, actor=a, amount=d["amount"], on=d["on"], receipt=d["receipt"]
        ),
    ),
    "apply_court": (forms.DayForm, lambda c, d, a: workflow.apply_court(c, actor=a, on=d["on"])),
    "close": (forms.DayForm, lambda c, d, a: workflow.close(c, actor=a, on=d["on"])),
    "archive": (
        forms.ArchiveForm,
        lambda c, d, a: workflow.archive(c, actor=a, reference=d["reference"], on=d["on"]),
    ),
}
#: Forms that need the case (their choices are the case agency's people).
CASE_FORMS = (forms.SubmitReviewForm, forms.DiscussionForm)


def _step_form(step: str, case: Case, data=None):
    form_class = STEPS[step][0]
    kwargs = {"case": case} if form_class in CASE_FORMS else {}
    today = timezone.localdate()
    initial = {"on": today, "held_on": today}
    return form_class(data, prefix=step, initial=initial, **kwargs)


class CaseList(ScopedListView):
    model = Case
    filterset_class, table_class = filters.CaseFilterSet, tables.CaseTable

    def get_queryset(self):
        return filters.with_overdue(super().get_queryset().filter(withdrawn_at__isnull=True))


class CaseDetail(ScopedDetailView):
    model = Case
    template_name = "enforcement/case_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        case, user = self.object, self.request.user
        editable = Case.objects.editable_by(user).filter(pk=case.pk).exists()
        steps = workflow.allowed_steps(case, user) if editable else []
        if case.status == CaseStatus.CLUE and user.role in workflow.HANDLERS and editable:
            ctx["simple_allowed"] = True
        bound = self.kwargs.get("bound", {})  # a refused step's input, shown again
        ctx["steps"] = [
            (s, workflow.TRANSITIONS[s].label, bound.get(s) or _step_form(s, case)) for s in steps
        ]
        ctx["open_step"] = self.kwargs.get("open_step", "")
        if "notify" in steps or ctx.get("simple_allowed"):
            ctx["penalty_form"] = bound.get("penalty") or forms.PenaltyForm(
                instance=case, prefix="penalty"
            )
            ctx["simple_day"] = bound.get("simple") or forms.DayForm(
                prefix="simple", initial={"on": timezone.localdate()}
            )
        ctx["team_form"] = (
            forms.TeamForm(case=case, initial={"declared_on": timezone.localdate()})
            if editable
            and case.status == CaseStatus.CLUE
            and user.has_perm("enforcement.change_case")
            else None
        )
        ctx["editable"] = editable and case.status in (CaseStatus.CLUE, CaseStatus.INVESTIGATING)
        ctx["team"] = case.team.select_related("person")
        ctx["reviews"] = case.legal_reviews.select_related("reviewer")
        ctx["discussions"] = case.discussions.prefetch_related("attendees")
        ctx["payments"] = case.payments.all()
        ctx["deadlines"] = deadlines_for(case).order_by("due_on")
        ctx["party_id_number"] = shown_value(case, "party_id_number", user)
        ctx["party_phone"] = shown_value(case, "party_phone", user)
        ctx["is_overdue"] = filters.with_overdue(Case.objects.filter(pk=case.pk)).get().is_overdue
        return ctx


class CaseCreate(ScopedCreateView):
    model, form_class = Case, forms.CaseForm
    success_message = "已登记案件线索：请确定承办人员后报负责人批准立案。"

    def get_success_url(self):
        return self.object.get_absolute_url()


class CaseUpdate(ScopedUpdateView):
    model, form_class = Case, forms.CaseForm

    def get_queryset(self):
        return super().get_queryset().filter(status__in=[CaseStatus.CLUE, CaseStatus.INVESTIGATING])

    def get_success_url(self):
        return self.object.get_absolute_url()


def _editable_case(request, pk) -> Case:
    case = get_object_or_404(Case.objects.visible_to(request.user), pk=pk)
    if not Case.objects.editable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied("只能办理本机构的案件。")
    return case


def _refused(request, case: Case, step: str, **bound):
    """The case page again with the refused step open and its input kept (nothing was saved)."""
    fresh = Case.objects.get(pk=case.pk)
    view = CaseDetail.as_view()
    request.method = "GET"
    return view(request, pk=fresh.pk, open_step=step, bound=bound)


def _field_errors(form, exc: Exception) -> None:
    """A workflow refusal keyed by a field of ``form`` is shown on that field too."""
    for field, errors in getattr(exc, "message_dict", {}).items():
        if field in form.fields:
            for msg in errors:
                form.add_error(field, msg)


def _say(request, exc: Exception) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        labels = {f.name: str(f.verbose_name) for f in Case._meta.fields}
        for field, errors in exc.message_dict.items():
            for msg in errors:
                label = labels.get(field)
                messages.error(request, f"{label}：{msg}" if label and label not in msg else msg)
    else:
        for msg in getattr(exc, "messages", None) or [str(exc)]:
            messages.error(request, msg)


@login_required
@require_POST
def case_step(request, pk: int, step: str):
    if step not in STEPS:
        raise Http404("没有这一办理步骤。")
    case = _editable_case(request, pk)
    if step == "notify":
        return _notify(request, case)
    form = _step_form(step, case, request.POST)
    if not form.is_valid():
        messages.error(request, "请按提示修改后重新提交。")
        return _refused(request, case, step, **{step: form})
    try:
        STEPS[step][1](case, form.cleaned_data, request.user)
    except (ValidationError, PermissionDenied) as exc:
        _say(request, exc)
        return _refused(request, case, step, **{step: form})
    messages.success(request, f"已办理：{workflow.TRANSITIONS[step].label}。")
    return redirect(case)


def _notify(request, case: Case):
    """事先告知: the proposed penalty is written with the step, or not at all."""
    from django.db import transaction

    form = forms.PenaltyForm(request.POST, instance=case, prefix="penalty")
    day = forms.DayForm(request.POST, prefix="notify")
    if not (form.is_valid() and day.is_valid()):
        messages.error(request, "请按提示修改后重新提交。")
        return _refused(request, case, "notify", penalty=form, notify=day)
    try:
        with transaction.atomic():
            case = form.save(commit=False)
            case.updated_by = request.user
            workflow.notify(
                case,
                actor=request.user,
                on=day.cleaned_data["on"],
                complex_case=form.cleaned_data["complex_case"],
            )
    except (ValidationError, PermissionDenied) as exc:
        _say(request, exc)
        _field_errors(form, exc)
        return _refused(request, case, "notify", penalty=form, notify=day)
    else:
        messages.success(
            request,
            "已事先告知。" + ("属听证范围，已告知听证权利。" if case.hearing_in_scope else ""),
        )
    return redirect(case)


@login_required
@require_POST
def case_simple(request, pk: int):
    """简易程序：当场处罚 with the penalty given in the same form."""
    from django.db import transaction

    case = _editable_case(request, pk)
    form = forms.PenaltyForm(request.POST, instance=case, prefix="penalty")
    day = forms.DayForm(request.POST, prefix="simple")
    if not (form.is_valid() and day.is_valid()):
        messages.error(request, "请按提示修改后重新提交。")
        return _refused(request, case, "simple", penalty=form, simple=day)
    try:
        with transaction.atomic():
            case = form.save()
            workflow.decide_on_the_spot(case, actor=request.user, on=day.cleaned_data["on"])
    except (ValidationError, PermissionDenied) as exc:
        _say(request, exc)
        _field_errors(form, exc)
        return _refused(request, case, "simple", penalty=form, simple=day)
    else:
        messages.success(request, "已按简易程序当场作出处罚决定。")
    return redirect(case)


@login_required
def case_team(request, pk: int):
    case = _editable_case(request, pk)
    if case.status != CaseStatus.CLUE:
        messages.error(request, "立案后不能更换承办人员。")
        return redirect(case)
    form = forms.TeamForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        members = [(p, p == d["lead"], d["declared_on"]) for p in d["investigators"]]
        try:
            workflow.set_team(case, members, actor=request.user)
        except ValidationError as exc:
            _say(request, exc)
        else:
            messages.success(request, "已确定承办人员。")
        return redirect(case)
    return render(
        request,
        "core/object_form.html",
        {"form": form, "object": case, "cancel_url": case.get_absolute_url()},
    )


@login_required
@require_POST
def case_from_inspection(request, pk: int):
    """登记案件线索 from an inspection that concluded 立案: the case takes over the party, the
    entity and the findings, and links back to the inspection."""
    from enforcement.services import open_from_inspection
    from supervision.models import Inspection

    inspection = get_object_or_404(Inspection.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm("enforcement.add_case"):
        raise PermissionDenied("您的角色无权登记行政处罚案件。")
    if not Inspection.objects.editable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied("只能为本机构的检查登记案件。")
    try:
        case = open_from_inspection(inspection, actor=request.user)
    except ValidationError as exc:
        _say(request, exc)
        return redirect(inspection)
    messages.success(request, "已登记案件线索：请确定承办人员后报负责人批准立案。")
    return redirect(case)


#: The case ledger (行政处罚案件台账) as a spreadsheet; no personal ID numbers or phones.
LEDGER = [
    Column("案号", "number"),
    Column("当事人", "party_name"),
    Column("统一社会信用代码", "party_code"),
    Column("案由", "cause"),
    Column("执法领域", "domain"),
    Column("案件来源", "source"),
    Column("办理状态", "status"),
    Column("简易程序", "simple_procedure"),
    Column("立案日期", "filed_on"),
    Column("违法行为", "violation", export=lambda c: c.violation.name if c.violation else ""),
    Column(
        "处罚条款", "violation", export=lambda c: c.violation.penalty_basis if c.violation else ""
    ),
    Column(
        "处罚种类",
        "penalty_kinds",
        export=lambda c: "、".join(PenaltyKind(k).label for k in c.penalty_kinds or ()),
    ),
    Column("罚款（元）", "fine"),
    Column("没收违法所得（元）", "confiscated_income"),
    Column("没收非法财物作价（元）", "confiscated_property_value"),
    Column("罚没金额（元）", "confiscation_total"),
    Column("重大执法决定", "is_major"),
    Column("决定书文号", "decision_number"),
    Column("决定日期", "decided_on"),
    Column("送达日期", "served_on"),
    Column("公示日期", "publicized_on"),
    Column("结案日期", "closed_on"),
    Column("所属机构", "agency"),
]


@login_required
def case_export(request):
    if not request.user.has_perm("enforcement.view_case"):
        raise PermissionDenied("您的角色无权导出行政处罚案件。")
    cases = Case.objects.visible_to(request.user).filter(withdrawn_at__isnull=True)
    qs = filters.CaseFilterSet(request.GET, queryset=cases, request=request).qs
    qs = qs.select_related("violation", "agency").order_by("-filed_on", "-id")
    data = export_xlsx(qs, LEDGER, "行政处罚案件")
    record_export(request.user, Case, qs.count(), request.GET.urlencode())
    agency = user_agency(request.user)
    parts = ["行政处罚案件台账", agency.name if agency else "", f"{timezone.localdate():%Y%m%d}"]
    return download(data, XLSX, "-".join(p for p in parts if p) + ".xlsx")


@login_required
def case_print(request, pk: int, document: str):
    """打印事先告知书 / 行政处罚决定书 (``?fmt=pdf`` for PDF)."""
    from core.document_views import print_page
    from enforcement.documents import DECISION_KEY, NOTICE_KEY

    key = {"notice": NOTICE_KEY, "decision": DECISION_KEY}.get(document)
    if key is None:
        raise Http404("没有这种文书。")
    if not request.user.has_perm("enforcement.view_case"):
        raise PermissionDenied("您的角色无权查看行政处罚案件。")
    case = get_object_or_404(Case.objects.visible_to(request.user), pk=pk)
    return print_page(request, key, case)


# --- 违法行为与裁量基准 (shared catalogue): the list, Excel export, template and import ----------


def _catalogue_columns():
    from enforcement.catalogue_io import COLUMNS

    return COLUMNS


def _catalogue_xlsx(rows: list[dict]) -> bytes:
    from types import SimpleNamespace

    return export_xlsx(
        [SimpleNamespace(**r) for r in rows], _catalogue_columns(), "违法行为与裁量基准"
    )


@login_required
def violation_list(request):
    from core.shared import may_change_shared
    from enforcement.models import Domain, Violation

    if not request.user.has_perm("enforcement.view_violation"):
        raise PermissionDenied("您的角色无权查看违法行为与裁量基准。")
    qs = Violation.objects.prefetch_related("levels").order_by("code")
    domain = request.GET.get("domain", "")
    if domain in Domain.values:
        qs = qs.filter(domain=domain)
    q = (request.GET.get("q") or "").strip()[:60]
    if q:
        from django.db.models import Q

        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(penalty_basis__icontains=q))
    return render(
        request,
        "enforcement/violation_list.html",
        {
            "violations": qs,
            "domains": Domain.choices,
            "domain": domain,
            "q": q,
            "may_import": may_change_shared(request.user, Violation),
        },
    )


@login_required
def violation_export(request):
    from enforcement.models import Violation
    from enforcement.services import catalogue_rows

    if not request.user.has_perm("enforcement.view_violation"):
        raise PermissionDenied("您的角色无权导出违法行为与裁量基准。")
    violations = Violation.objects.order_by("code")
    data = _catalogue_xlsx(catalogue_rows(violations))
    record_export(request.user, Violation, violations.count())
    return download(data, XLSX, f"违法行为与裁量基准-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def violation_template(request):
    return download(_catalogue_xlsx([]), XLSX, "违法行为与裁量基准导入模板.xlsx")


@login_required
def violation_import(request):
    """导入: the top agency's 系统管理员 only (shared data); all or nothing; updates by 编码."""
    from core.forms import ImportFileForm
    from core.shared import require_shared_change
    from enforcement.catalogue_io import import_catalogue
    from enforcement.models import Violation
    from enforcement.services import CATALOGUE_COLUMNS

    require_shared_change(request.user, Violation, "change")
    form = ImportFileForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    result = None
    if request.method == "POST" and form.is_valid():
        result = import_catalogue(form.cleaned_data["file"])  # each change audited (shared data)
        if result.ok:
            messages.success(
                request, f"导入成功：新增{result.created}个裁量档次，更新{result.updated}个。"
            )
            return redirect("enforcement:violation_list")
    return render(
        request,
        "core/import.html",
        {
            "title": "导入违法行为与裁量基准（Excel）",
            "form": form,
            "result": result,
            "headers": [h for _k, h in CATALOGUE_COLUMNS],
            "required": [c.header for c in _catalogue_columns() if c.required],
            "template_url": reverse("enforcement:violation_template"),
            "notes": [
                "每个裁量档次一行；编码相同的行更新该违法行为及其档次，其余新增。",
                "处罚种类用“；”分隔，须为行政处罚法第九条所列种类。",
                "目录为全系统共用数据，仅最上级机构的系统管理员可导入。",
            ],
        },
    )
