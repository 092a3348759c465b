"""公示检查结果：publish the results of 日常监督检查 (every kind but 双随机, whose results are
published with their plan), within 20 working days of the inspection (RULES §2.1)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from core.forms import DateInput
from supervision import rules, services
from supervision.models import Inspection, InspectionKind


class InspectionPublishForm(forms.Form):
    inspected_from = forms.DateField(
        label="检查日期自", required=False, widget=DateInput(), help_text="留空则不限起始日期"
    )
    inspected_to = forms.DateField(label="检查日期至", widget=DateInput())
    published_on = forms.DateField(label="公示日期", widget=DateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("inspected_from"), data.get("inspected_to")
        if start and end and start > end:
            self.add_error("inspected_from", "检查日期自不能晚于检查日期至。")
        on = data.get("published_on")
        if end and on and end > on:
            self.add_error("inspected_to", "只能公示公示日期当天及以前的检查结果。")
        return data


def chosen_inspections(user, data: dict):
    """The user's results to publish that the form's 检查日期 range holds."""
    chosen = services.publishable_inspections(user).filter(inspected_on__lte=data["inspected_to"])
    if start := data.get("inspected_from"):
        chosen = chosen.filter(inspected_on__gte=start)
    return chosen


@login_required
@permission_required("supervision.change_inspection", raise_exception=True)
def inspection_publish(request):
    today = timezone.localdate()
    pending = services.publishable_inspections(request.user)
    form = InspectionPublishForm(
        request.POST or None, initial={"inspected_to": today, "published_on": today}
    )
    if request.method == "POST" and form.is_valid():
        try:
            n = services.publish_inspections(
                chosen_inspections(request.user, form.cleaned_data),
                on=form.cleaned_data["published_on"],
                actor=request.user,
                today=today,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            if n:
                messages.success(request, f"已公示{n}条检查结果。")
            else:
                messages.info(request, "所选期间没有待公示的检查结果。")
            return redirect("supervision:inspection_publish")
    return render(
        request,
        "supervision/inspection_publish.html",
        {
            "form": form,
            "pending": pending.count(),
            "overdue": pending.filter(rules.overdue(Inspection, today)).count(),
            "oldest": pending.order_by("inspected_on").values_list("inspected_on", flat=True)[:1],
            "days": rules.RESULT_PUBLICATION_WORKING_DAYS,
            "published": Inspection.objects.visible_to(request.user)
            .filter(published_on__isnull=False)
            .exclude(kind=InspectionKind.RANDOM)
            .count(),
        },
    )
