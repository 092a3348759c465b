"""Forms of the annual report pages: new report, narrative text and the workflow steps."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from core.forms import DateInput
from reports.models import MeetingType, SubmissionKind
from reports.services import MAX_NARRATIVE


def _year_choices() -> list[tuple[int, str]]:
    this = timezone.localdate().year
    return [(y, f"{y}年") for y in range(this, this - 6, -1)]


class NewReportForm(forms.Form):
    year = forms.TypedChoiceField(
        label="报告年度", coerce=int, choices=_year_choices, help_text="报告上一年度的情况。"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1


class NarrativeForm(forms.Form):
    text = forms.CharField(
        label="内容",
        required=False,
        max_length=MAX_NARRATIVE,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": f"内容不能超过{MAX_NARRATIVE}字（现有%(show_value)d字）。"},
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="退回意见", max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewForm(forms.Form):
    comment = forms.CharField(label="审核意见（可选）", required=False, max_length=300)


class ApprovalForm(forms.Form):
    meeting_type = forms.ChoiceField(label="审议会议", choices=MeetingType.choices)
    meeting_on = forms.DateField(label="审议日期", widget=DateInput())
    minutes_number = forms.CharField(label="会议纪要编号", max_length=60)
    attendees = forms.CharField(
        label="参会人员", widget=forms.Textarea(attrs={"rows": 2}), help_text="姓名，以顿号分隔。"
    )


class SubmissionForm(forms.Form):
    """报送：up to four recipients, the first two prefilled with the usual ones (RULES §1.2)."""

    ROWS = 4

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        parent = getattr(agency, "parent", None)
        defaults = [
            ("本级党委和政府", SubmissionKind.SUBMIT),
            (f"{parent.name}" if parent else "上一级政府有关部门", SubmissionKind.SUBMIT),
            ("本级党委法治建设议事协调机构", SubmissionKind.COPY),
        ]
        for i in range(self.ROWS):
            name, kind = defaults[i] if i < len(defaults) else ("", SubmissionKind.SUBMIT)
            self.fields[f"recipient_{i}"] = forms.CharField(
                label=f"单位{i + 1}", required=False, max_length=120, initial=name
            )
            self.fields[f"kind_{i}"] = forms.ChoiceField(
                label="方式", choices=SubmissionKind.choices, initial=kind
            )
            self.fields[f"submitted_on_{i}"] = forms.DateField(
                label="报送日期", required=False, widget=DateInput()
            )

    def rows(self):
        for i in range(self.ROWS):
            yield self[f"recipient_{i}"], self[f"kind_{i}"], self[f"submitted_on_{i}"]

    def clean(self):
        data = super().clean()
        recipients = []
        for i in range(self.ROWS):
            name = (data.get(f"recipient_{i}") or "").strip()
            day = data.get(f"submitted_on_{i}")
            if not name:
                continue
            if day is None:
                self.add_error(f"submitted_on_{i}", f"请填写报送“{name}”的日期。")
                continue
            recipients.append((name, data.get(f"kind_{i}"), day))
        data["recipients"] = recipients
        return data


class PublicationForm(forms.Form):
    published_on = forms.DateField(label="公开日期", widget=DateInput())
    published_url = forms.URLField(label="公开网址", max_length=200, assume_scheme="https")


#: The form each step asks for (steps not listed need none beyond an optional comment).
STEP_FORMS = {
    "draft": ReturnForm,
    "approved": ApprovalForm,
    "submitted": SubmissionForm,
    "published": PublicationForm,
}
