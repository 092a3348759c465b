"""Pages: sampling plans, their strata, the draw and its verification."""

import django_filters
import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from core.filters import SearchFilterSet
from core.views import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedUpdateView
from supervision.forms import DrawForm, PlanStratumForm, SamplingPlanForm
from supervision.models import PlanStatus, PlanStratum, SamplingPlan, TaskSource
from supervision.services import run_draw, verify_draw


class PlanFilterSet(SearchFilterSet):
    source = django_filters.ChoiceFilter(choices=TaskSource.choices, label="任务来源")

    class Meta:
        model = SamplingPlan
        fields = ["q", "year", "source"]


class PlanTable(tables.Table):
    name = tables.Column(linkify=True)
    task_total = tables.Column(verbose_name="抽中户数")

    class Meta:
        model = SamplingPlan
        fields = ["name", "year", "source", "planned_on", "status", "agency"]


class PlanList(ScopedListView):
    model = SamplingPlan
    filterset_class = PlanFilterSet
    table_class = PlanTable

    def get_queryset(self):
        return super().get_queryset().annotate(task_total=Count("tasks"))


class PlanDetail(ScopedDetailView):
    model = SamplingPlan

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        plan = self.object
        ctx.update(
            strata=plan.strata.all(),
            stratum_form=PlanStratumForm(),
            draw_form=DrawForm(),
            tasks=plan.tasks.select_related("entity").prefetch_related("inspectors")[:500],
            task_count=plan.tasks.count(),
            editable=SamplingPlan.objects.editable_by(self.request.user)
            .filter(pk=plan.pk)
            .exists(),
            drafted=plan.status == PlanStatus.DRAFT,
        )
        return ctx


class PlanCreate(ScopedCreateView):
    model = SamplingPlan
    form_class = SamplingPlanForm

    def get_success_url(self):
        return self.object.get_absolute_url()


class PlanUpdate(ScopedUpdateView):
    model = SamplingPlan
    form_class = SamplingPlanForm
    success_url = reverse_lazy("supervision:samplingplan_list")


def _editable_plan(request, pk):
    return get_object_or_404(SamplingPlan.objects.editable_by(request.user), pk=pk)


@login_required
@permission_required("supervision.change_samplingplan", raise_exception=True)
@require_POST
def stratum_add(request, pk):
    plan = _editable_plan(request, pk)
    if plan.status != PlanStatus.DRAFT:
        messages.error(request, "计划已抽取，不能再修改分层。")
        return redirect(plan.get_absolute_url())
    form = PlanStratumForm(request.POST, instance=PlanStratum(plan=plan))
    if form.is_valid():
        form.save()
        messages.success(request, "已添加分层。")
    else:
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else "分层"
            for e in errs:
                messages.error(request, f"{label}：{e}")
    return redirect(plan.get_absolute_url())


@login_required
@permission_required("supervision.change_samplingplan", raise_exception=True)
@require_POST
def plan_draw(request, pk):
    plan = _editable_plan(request, pk)
    form = DrawForm(request.POST)
    form.is_valid()
    try:
        result = run_draw(plan, actor=request.user, witness=form.cleaned_data.get("witness", ""))
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    else:
        messages.success(
            request, f"抽取完成：{len(result.assignments)}户检查对象，种子 {result.seed}。"
        )
    return redirect(plan.get_absolute_url())


@login_required
@permission_required("supervision.view_samplingplan", raise_exception=True)
@require_POST
def plan_verify(request, pk):
    plan = get_object_or_404(SamplingPlan.objects.visible_to(request.user), pk=pk)
    outcome = verify_draw(plan)
    (messages.success if outcome.ok else messages.error)(request, outcome.message)
    return redirect(plan.get_absolute_url())
