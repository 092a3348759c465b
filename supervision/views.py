"""Pages for plans, draws, tasks, inspections, rectification and the reference lists (thin views).

Writes go through ``supervision.services`` and ``supervision.workflow``; the views only pick the
records the user may touch, call them and say in Chinese what happened.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views import generic
from django.views.decorators.http import require_POST

from core.document_views import print_page
from core.models import user_agency
from core.params import object_param
from core.publication import corrections_of
from core.shared import SharedDataMixin
from core.views import (
    ObjectListView,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from registry.models import SupervisedEntity
from supervision import filters, forms, services, tables, workflow
from supervision.documents import OPINION_DOCUMENT, RECORD_DOCUMENT, ROSTER_DOCUMENT
from supervision.models import (
    Campaign,
    ChecklistPoint,
    Conflict,
    Inspection,
    InspectionItem,
    InspectionKind,
    InspectionResult,
    PlanStatus,
    RectificationOrder,
    RectificationStatus,
    SamplingPlan,
    Task,
    TaskStatus,
)

#: What the task buttons say: the action, not the state it leads to.
TRANSITION_LABELS = {
    TaskStatus.INSPECTED: "确认已检查（按检查记录）",
    TaskStatus.UNABLE: "登记无法检查",
    TaskStatus.REVIEWING: "转入整改复查",
    TaskStatus.CLOSED: "完结任务",
}


rules_overdue = services.rules.overdue


def _errors(exc: Exception) -> str:
    return "；".join(getattr(exc, "messages", None) or [str(exc)])


# --- Plans and draws --------------------------------------------------------------------------


class PlanList(ScopedListView):
    model = SamplingPlan
    filterset_class, table_class = filters.PlanFilterSet, tables.PlanTable

    def get_queryset(self):
        return services.rules.with_overdue(super().get_queryset())


class PlanDetail(ScopedDetailView):
    model = SamplingPlan
    template_name = "supervision/samplingplan_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        plan = self.object
        tasks = list(plan.tasks.select_related("entity").prefetch_related("team__members")[:200])
        labels = {key: plan.stratum_label(key) for key in {t.stratum for t in tasks}}
        for t in tasks:
            t.stratum_label = labels[t.stratum]
        ctx["tasks"] = tasks
        ctx["task_count"] = plan.tasks.count() if plan.status != PlanStatus.DRAFT else 0
        ctx["deadline"] = services.publication_deadline(plan)
        ctx["publication_due_on"] = ctx["deadline"].due_on if ctx["deadline"] else None
        ctx["publication_days"] = services.rules.publication_working_days()
        ctx["is_overdue"] = (
            SamplingPlan.objects.filter(pk=plan.pk, status=PlanStatus.DRAWN)
            .filter(services.rules.overdue(SamplingPlan))
            .exists()
        )
        ctx["publish_form"] = forms.PublishForm(initial={"published_on": timezone.localdate()})
        ctx["draw_form"] = forms.DrawForm(plan=plan, initial={"witness": plan.witness_id})
        ctx["can_draw"] = self.request.user.has_perm(workflow.DRAW_PERMISSION)
        ctx["can_change"] = (
            self.request.user.has_perm("supervision.change_samplingplan")
            and SamplingPlan.objects.editable_by(self.request.user).filter(pk=plan.pk).exists()
        )
        return ctx


class PlanCreate(ScopedCreateView):
    model, form_class = SamplingPlan, forms.PlanForm

    def get_success_url(self):
        return self.object.get_absolute_url()


class PlanUpdate(ScopedUpdateView):
    model, form_class = SamplingPlan, forms.PlanForm

    def get_queryset(self):
        return super().get_queryset().filter(status=PlanStatus.DRAFT)

    def get_success_url(self):
        return self.object.get_absolute_url()


@login_required
@permission_required(workflow.DRAW_PERMISSION, raise_exception=True)
@require_POST
def plan_draw(request, pk):
    plan = get_object_or_404(SamplingPlan.objects.editable_by(request.user), pk=pk)
    form = forms.DrawForm(request.POST, plan=plan)
    witness = form.cleaned_data["witness"] if form.is_valid() else None
    try:
        result = services.run_draw(plan, actor=request.user, witness=witness)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, f"抽取完成：{len(result.targets)}户，种子{plan.seed}。")
    return redirect(plan.get_absolute_url())


@login_required
@permission_required("supervision.view_samplingplan", raise_exception=True)
def plan_verify(request, pk):
    plan = get_object_or_404(SamplingPlan.objects.visible_to(request.user), pk=pk)
    if plan.status == PlanStatus.DRAFT:
        messages.error(request, "该计划尚未抽取，无可复核的抽取记录。")
    else:
        check = services.verify_draw(plan)
        (messages.success if check.ok else messages.error)(request, "；".join(check.messages))
    return redirect(plan.get_absolute_url())


@login_required
@permission_required("supervision.change_samplingplan", raise_exception=True)
@require_POST
def plan_publish(request, pk):
    plan = get_object_or_404(SamplingPlan.objects.editable_by(request.user), pk=pk)
    form = forms.PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "公示日期：请填写有效日期。")
    else:
        try:
            services.publish_plan(plan, on=form.cleaned_data["published_on"], actor=request.user)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, "已公示：计划、抽取记录和已有检查结果已在公示页面发布。")
    return redirect(plan.get_absolute_url())


# --- Tasks ------------------------------------------------------------------------------------


class TaskList(ScopedListView):
    model = Task
    filterset_class, table_class = filters.TaskFilterSet, tables.TaskTable

    def get_queryset(self):
        return services.rules.with_overdue(super().get_queryset().select_related("plan", "entity"))


class TaskDetail(ScopedDetailView):
    model = Task
    template_name = "supervision/task_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        task = self.object
        ctx["actions"] = [
            (to, TRANSITION_LABELS[to]) for to in workflow.allowed(task, self.request.user)
        ]
        ctx["form"] = forms.TransitionForm()
        ctx["inspections"] = task.inspections.order_by("-inspected_on")
        ctx["is_overdue"] = Task.objects.filter(pk=task.pk).filter(rules_overdue(Task)).exists()
        return ctx


@login_required
@permission_required("supervision.change_task", raise_exception=True)
@require_POST
def task_transition(request, pk):
    task = get_object_or_404(Task.objects.editable_by(request.user), pk=pk)
    form = forms.TransitionForm(request.POST)
    if form.is_valid():
        try:
            workflow.transition(
                task,
                form.cleaned_data["to"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
                evidence=form.cleaned_data["evidence"],
            )
            messages.success(request, f"任务状态已更新为“{task.get_status_display()}”。")
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _errors(exc))
    else:
        messages.error(request, "请求无效：未知的目标状态。")
    return redirect(task.get_absolute_url())


# --- Inspections ------------------------------------------------------------------------------


class InspectionList(ScopedListView):
    model = Inspection
    filterset_class, table_class = filters.InspectionFilterSet, tables.InspectionTable

    def get_queryset(self):
        return services.rules.with_overdue(super().get_queryset().select_related("entity"))


class InspectionDetail(ScopedDetailView):
    model = Inspection
    template_name = "supervision/inspection_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        insp = self.object
        user = self.request.user
        editable = Inspection.objects.editable_by(user).filter(pk=insp.pk).exists()
        ctx["editable"] = editable and user.has_perm("supervision.change_inspection")
        points = ChecklistPoint.objects.filter(category=insp.entity.category)
        findings = {f.point_id: f for f in insp.items.all()}
        ctx["checklist"] = forms.ChecklistForm(points=points, findings=findings)
        ctx["check_in_form"] = forms.CheckInForm()
        ctx["check_ins"] = insp.check_ins.order_by("-created_at")[:10]
        if "rectification_form" not in ctx:  # a refused order comes back bound, with its errors
            ctx["rectification_form"] = forms.RectificationForm(
                initial={"issued_on": insp.inspected_on, "number": insp.opinion_number}
            )
        ctx["rectifications"] = services.rules.with_overdue(
            insp.rectifications.select_related("follow_up")
        )
        ctx["follow_up_of"] = insp.follow_up_of.select_related("inspection")
        ctx["corrections"] = corrections_of(insp).select_related("created_by")
        if insp.published_on and ctx["editable"]:
            ctx["correction_form"] = forms.InspectionCorrectionForm(
                initial={"inspected_on": insp.inspected_on, "result": insp.result}
            )
        return ctx


class InspectionCreate(ScopedCreateView):
    """登记检查. ``?task=`` fills it from a 双随机 task; ``?follow_up=`` makes it a 回头看;
    ``?entity=`` names the entity (新增检查 on the entity's page)."""

    model, form_class = Inspection, forms.InspectionForm

    def dispatch(self, request, *args, **kwargs):
        self.task = self.order = self.entity = None
        if request.user.is_authenticated and user_agency(request.user) is not None:
            # The entities the form accepts: the agency's and those below it.
            self.entity = object_param(
                SupervisedEntity.objects.in_scope(user_agency(request.user)), request, "entity"
            )
        if request.user.is_authenticated:
            # A bad id is a 404 like a missing one (core.params).
            self.task = object_param(Task.objects.editable_by(request.user), request, "task")
            self.order = object_param(
                RectificationOrder.objects.editable_by(request.user).select_related(
                    "inspection__entity"
                ),
                request,
                "follow_up",
            )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        initial = super().get_initial()
        today = timezone.localdate()
        if self.entity is not None:
            initial.update(entity=self.entity.pk, inspected_on=today)
        if self.task is not None:
            initial.update(
                entity=self.task.entity,
                kind=InspectionKind.RANDOM,
                task=self.task,
                inspectors=list(self.task.inspectors.all()),
                inspected_on=today,
            )
        if self.order is not None:
            first = self.order.inspection
            initial.update(
                entity=first.entity,
                kind=InspectionKind.FOLLOW_UP,
                task=first.task,
                inspectors=list(first.inspectors.all()),
                inspected_on=max(today, first.inspected_on),
                findings=f"复查整改令{self.order.number}的整改情况：",
            )
        return initial

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["follow_up_of"] = self.order
        return kwargs

    def on_saved(self, obj):
        user = self.request.user
        services.inspect_task(obj, actor=user)  # its 公示 clock; a 双随机 task moves to 已检查
        if self.order is not None:
            # Closes the order's task too once every order of it is rectified.
            self.order = services.record_follow_up(
                self.order, obj, rectified=self._rectified, actor=user
            )
            return

    def form_valid(self, form):
        self._rectified = form.cleaned_data.get("rectified", False)  # read by on_saved
        return super().form_valid(form)

    def get_success_url(self):
        if self.order is not None:
            return self.order.inspection.get_absolute_url()
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if self.order is not None:
            ctx["cancel_url"] = self.order.inspection.get_absolute_url()
        elif self.task is not None:
            ctx["cancel_url"] = self.task.get_absolute_url()
        elif self.entity is not None:
            ctx["cancel_url"] = self.entity.get_absolute_url()
        return ctx


class InspectionUpdate(ScopedUpdateView):
    model, form_class = Inspection, forms.InspectionForm

    def get_success_url(self):
        return self.object.get_absolute_url()


def _editable_inspection(request, pk):
    if not request.user.has_perm("supervision.change_inspection"):
        raise PermissionDenied
    return get_object_or_404(
        Inspection.objects.editable_by(request.user).select_related("entity", "task"), pk=pk
    )


@login_required
@require_POST
def inspection_checklist(request, pk):
    """逐项检查：保存每个检查要点的结论。"""
    insp = _editable_inspection(request, pk)
    points = ChecklistPoint.objects.filter(category=insp.entity.category)
    form = forms.ChecklistForm(request.POST, points=points)
    if not form.is_valid():
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
        return redirect(insp.get_absolute_url())
    services.record_findings(
        insp,
        [
            {
                "point": p,
                "compliant": form.cleaned_data[f"p{p.pk}"] == "1",
                "note": form.cleaned_data[f"n{p.pk}"].strip(),
            }
            for p in form.points
            if form.cleaned_data[f"p{p.pk}"] in ("0", "1")
        ],
        actor=request.user,
    )
    messages.success(request, "检查要点结论已保存。")
    return redirect(insp.get_absolute_url())


@login_required
@require_POST
def inspection_check_in(request, pk):
    """扫码入企：企业码与执法证号须与本次检查一致；不一致拒绝并记入审计。"""
    insp = _editable_inspection(request, pk)
    form = forms.CheckInForm(request.POST)
    if not form.is_valid():
        messages.error(request, "扫码入企：企业码和执法证号均须填写。")
        return redirect(insp.get_absolute_url())
    try:
        services.check_in(
            insp,
            entity_code=form.cleaned_data["entity_code"],
            person_code=form.cleaned_data["person_code"],
            actor=request.user,
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, "扫码入企核验通过。")
    return redirect(insp.get_absolute_url())


@login_required
@require_POST
def inspection_correct(request, pk):
    """更正公示：change a published result through a correction with a reason."""
    insp = _editable_inspection(request, pk)
    form = forms.InspectionCorrectionForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for e in errors:
                messages.error(request, f"{label}：{e}" if label else e)
        return redirect(insp.get_absolute_url())
    data = form.cleaned_data
    changes = {
        name: data[name] for name in ("inspected_on", "result") if data[name] != getattr(insp, name)
    }
    try:
        services.correct_inspection(insp, changes, reason=data["reason"], actor=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, "已更正：更正前的内容已保留，公示页面注明已更正及理由。")
    return redirect(insp.get_absolute_url())


@login_required
@require_POST
def rectification_add(request, pk):
    """下达责令整改（卫生监督意见书）；抽查任务随之转入整改复查。"""
    insp = _editable_inspection(request, pk)
    if not request.user.has_perm("supervision.add_rectificationorder"):
        raise PermissionDenied
    form = forms.RectificationForm(
        request.POST, instance=RectificationOrder(inspection=insp, agency_id=insp.agency_id)
    )
    if form.is_valid():
        try:
            order = services.issue_rectification(form.save(commit=False), actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(
                request, f"已下达整改令{order.number}，整改期限{order.due_on:%Y-%m-%d}。"
            )
            return redirect(insp.get_absolute_url())
    # Refused: the inspection page again, the panel open with what was typed and each error
    # beside its field, as the other forms do (a redirect would lose the input).
    page = InspectionDetail()
    page.setup(request, pk=pk)
    page.object = page.get_object()
    return page.render_to_response(
        page.get_context_data(object=page.object, rectification_form=form)
    )


class RectificationDetail(ScopedDetailView):
    """责令整改 page: the order, its inspection and 回头看, and its evidence (证据材料)."""

    model = RectificationOrder
    template_name = "supervision/rectificationorder_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("inspection__entity", "follow_up")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        order = self.object
        own = RectificationOrder.objects.editable_by(user).filter(pk=order.pk).exists()
        ctx["may_follow_up"] = (
            own
            and order.status != RectificationStatus.COMPLETED
            and user.has_perm("supervision.add_inspection")
        )
        return ctx


class RectificationList(ScopedListView):
    model = RectificationOrder
    filterset_class, table_class = filters.RectificationFilterSet, tables.RectificationTable

    def get_queryset(self):
        qs = super().get_queryset().select_related("inspection__entity").order_by("-id")
        return services.rules.with_overdue(qs)


# --- Reference lists: 专项行动, 抽查事项清单, 检查要点, 回避申报 ---


class CampaignList(ScopedListView):
    model = Campaign
    filterset_class, table_class = filters.CampaignFilterSet, tables.CampaignTable

    def get_queryset(self):
        return super().get_queryset().order_by("-starts_on", "-id")


class CampaignDetail(ScopedDetailView):
    model = Campaign
    template_name = "supervision/campaign_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["inspections"] = self.object.inspections.select_related("entity")[:500]
        ctx["counts"] = {
            label: self.object.inspections.filter(result=value).count()
            for value, label in InspectionResult.choices
        }
        return ctx


class CampaignCreate(ScopedCreateView):
    model, form_class = Campaign, forms.CampaignForm
    success_url = reverse_lazy("supervision:campaign_list")


class CampaignUpdate(ScopedUpdateView):
    model, form_class = Campaign, forms.CampaignForm
    success_url = reverse_lazy("supervision:campaign_list")


class ItemList(ScopedListView):
    model = InspectionItem
    filterset_class, table_class = filters.InspectionItemFilterSet, tables.InspectionItemTable

    def get_queryset(self):
        return super().get_queryset().order_by("category", "name", "id")


class ItemCreate(ScopedCreateView):
    model, form_class = InspectionItem, forms.InspectionItemForm
    success_url = reverse_lazy("supervision:inspectionitem_list")


class ItemUpdate(ScopedUpdateView):
    model, form_class = InspectionItem, forms.InspectionItemForm
    success_url = reverse_lazy("supervision:inspectionitem_list")


class ConflictList(ScopedListView):
    model = Conflict
    filterset_class, table_class = filters.ConflictFilterSet, tables.ConflictTable

    def get_queryset(self):
        return super().get_queryset().select_related("person", "entity").order_by("-id")


class ConflictCreate(ScopedCreateView):
    model, form_class = Conflict, forms.ConflictForm
    success_url = reverse_lazy("supervision:conflict_list")


class ConflictUpdate(ScopedUpdateView):
    model, form_class = Conflict, forms.ConflictForm
    success_url = reverse_lazy("supervision:conflict_list")


class ChecklistPointMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """检查要点 are shared by every agency (national reference data), not scoped."""

    model = ChecklistPoint


class ChecklistPointList(ChecklistPointMixin, ObjectListView):
    permission_required = "supervision.view_checklistpoint"
    filterset_class, table_class = filters.ChecklistPointFilterSet, tables.ChecklistPointTable
    paginate_by = 50


class ChecklistPointCreate(SharedDataMixin, generic.CreateView):
    """新增检查要点: shared by every agency, so only the top-level 系统管理员 (``core.shared``);
    the change is audited like any record's."""

    model = ChecklistPoint
    action = "add"
    form_class = forms.ChecklistPointForm
    template_name = "core/object_form.html"
    success_url = reverse_lazy("supervision:checklistpoint_list")


class ChecklistPointUpdate(ChecklistPointCreate, generic.UpdateView):
    action = "change"


# --- 公示 overdue -------------------------------------------------------------------------------


def overdue_plans(queryset, today=None):
    """Drawn plans whose 公示 deadline (a core Deadline row) has passed unpublished."""
    from django.contrib.contenttypes.models import ContentType

    from core.models.deadlines import Deadline, DeadlineStatus

    today = today or timezone.localdate()
    due = dict(
        Deadline.objects.filter(
            content_type=ContentType.objects.get_for_model(SamplingPlan),
            rule_id__in=services.rules.OVERDUE_RULES["supervision.samplingplan"],
            status=DeadlineStatus.OPEN,
            due_on__lt=today,
            object_id__in=queryset.filter(status=PlanStatus.DRAWN).values("pk"),
        ).values_list("object_id", "due_on")
    )
    plans = list(queryset.filter(pk__in=due.keys()))
    for plan in plans:
        plan.publication_due_on = due[plan.pk]
    return sorted(plans, key=lambda p: p.publication_due_on)


@login_required
@permission_required("supervision.view_samplingplan", raise_exception=True)
def publication_overdue(request):
    plans = overdue_plans(SamplingPlan.objects.visible_to(request.user))
    template = (
        "supervision/partials/publication_overdue.html"
        if getattr(request, "htmx", False)
        else "supervision/publication_overdue.html"
    )
    return render(request, template, {"plans": plans})


plan_list, plan_detail = PlanList.as_view(), PlanDetail.as_view()
plan_add, plan_edit = PlanCreate.as_view(), PlanUpdate.as_view()
task_list, task_detail = TaskList.as_view(), TaskDetail.as_view()
inspection_list, inspection_detail = InspectionList.as_view(), InspectionDetail.as_view()
inspection_add, inspection_edit = InspectionCreate.as_view(), InspectionUpdate.as_view()
rectification_detail = RectificationDetail.as_view()
rectification_list = RectificationList.as_view()
campaign_list, campaign_detail = CampaignList.as_view(), CampaignDetail.as_view()
campaign_add, campaign_edit = CampaignCreate.as_view(), CampaignUpdate.as_view()
item_list, item_add, item_edit = ItemList.as_view(), ItemCreate.as_view(), ItemUpdate.as_view()
conflict_list, conflict_add = ConflictList.as_view(), ConflictCreate.as_view()
conflict_edit = ConflictUpdate.as_view()
checklist_list, checklist_add = ChecklistPointList.as_view(), ChecklistPointCreate.as_view()
checklist_edit = ChecklistPointUpdate.as_view()


# --- 执法文书: 现场笔录, 卫生监督意见书, 抽查名单 (core.documents) ---


@login_required
@permission_required("supervision.view_inspection", raise_exception=True)
def inspection_print(request, pk, document):
    """打印现场笔录 / 打印意见书 (``?fmt=pdf`` for PDF)."""
    key = {"record": RECORD_DOCUMENT.key, "opinion": OPINION_DOCUMENT.key}.get(document)
    if key is None:
        raise Http404
    insp = get_object_or_404(Inspection.objects.visible_to(request.user), pk=pk)
    return print_page(request, key, insp)


@login_required
@permission_required("supervision.view_rectificationorder", raise_exception=True)
def rectification_print(request, pk):
    """打印意见书 of a 责令整改: its 整改要求 and 整改期限, under its number."""
    order = get_object_or_404(RectificationOrder.objects.visible_to(request.user), pk=pk)
    return print_page(request, OPINION_DOCUMENT.key, order)


@login_required
@permission_required("supervision.view_samplingplan", raise_exception=True)
def plan_roster(request, pk):
    """导出抽查名单 of a drawn plan."""
    plan = get_object_or_404(SamplingPlan.objects.visible_to(request.user), pk=pk)
    return print_page(request, ROSTER_DOCUMENT.key, plan)
