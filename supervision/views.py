"""Pages for plans, draws, tasks, inspections and overdue publications (thin views)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.views import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedUpdateView
from supervision import rules, services, workflow
from supervision.filters import InspectionFilterSet, PlanFilterSet, TaskFilterSet
from supervision.forms import InspectionForm, PlanForm, TransitionForm
from supervision.models import Inspection, PlanStatus, SamplingPlan, Task
from supervision.tables import InspectionTable, PlanTable, TaskTable


class PlanList(ScopedListView):
    model, filterset_class, table_class = SamplingPlan, PlanFilterSet, PlanTable


class PlanDetail(ScopedDetailView):
    model = SamplingPlan
    template_name = "supervision/samplingplan_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["tasks"] = self.object.tasks.select_related("entity").prefetch_related("inspectors")[
            :200
        ]
        ctx["publication_due_on"] = rules.publication_due_on(self.object.check_ends_on)
        return ctx


class PlanCreate(ScopedCreateView):
    model, form_class = SamplingPlan, PlanForm
    success_url = reverse_lazy("supervision:plan_list")


class PlanUpdate(ScopedUpdateView):
    model, form_class = SamplingPlan, PlanForm
    success_url = reverse_lazy("supervision:plan_list")

    def get_queryset(self):
        return super().get_queryset().filter(status=PlanStatus.DRAFT)


@login_required
@permission_required("supervision.change_samplingplan", raise_exception=True)
@require_POST
def plan_draw(request, pk):
    plan = get_object_or_404(SamplingPlan.objects.editable_by(request.user), pk=pk)
    try:
        result = services.run_draw(
            plan, actor=request.user, witness=request.POST.get("witness", "")
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"抽取完成：{len(result.targets)}户，种子{plan.seed}。")
    return redirect(plan.get_absolute_url())


class TaskList(ScopedListView):
    model, filterset_class, table_class = Task, TaskFilterSet, TaskTable

    def get_queryset(self):
        return super().get_queryset().select_related("plan", "entity")


class TaskDetail(ScopedDetailView):
    model = Task
    template_name = "supervision/task_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["allowed"] = workflow.allowed(self.object, self.request.user)
        ctx["form"] = TransitionForm()
        return ctx


@login_required
@permission_required("supervision.change_task", raise_exception=True)
@require_POST
def task_transition(request, pk):
    task = get_object_or_404(Task.objects.editable_by(request.user), pk=pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            workflow.transition(
                task,
                form.cleaned_data["to"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
                evidence=form.cleaned_data["evidence"],
            )
            messages.success(request, "状态已更新。")
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    return redirect(task.get_absolute_url())


class InspectionList(ScopedListView):
    model, filterset_class, table_class = Inspection, InspectionFilterSet, InspectionTable

    def get_queryset(self):
        return super().get_queryset().select_related("entity")


class InspectionDetail(ScopedDetailView):
    model = Inspection
    template_name = "supervision/inspection_detail.html"


class InspectionCreate(ScopedCreateView):
    model, form_class = Inspection, InspectionForm
    success_url = reverse_lazy("supervision:inspection_list")


class InspectionUpdate(ScopedUpdateView):
    model, form_class = Inspection, InspectionForm
    success_url = reverse_lazy("supervision:inspection_list")


def overdue_plans(queryset, today=None):
    """Drawn plans whose results are not yet published and whose 公示 deadline has passed."""
    today = today or timezone.localdate()
    out = []
    for plan in queryset.filter(
        status=PlanStatus.DRAWN, published_on__isnull=True, check_ends_on__lt=today
    ).order_by("check_ends_on"):
        due = rules.publication_due_on(plan.check_ends_on)
        if due < today:
            plan.publication_due_on = due
            out.append(plan)
    return out


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
