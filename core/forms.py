"""Forms for core records and login."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from core.models import Agency, Department, Person, Region


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码错误。连续多次输错将被锁定。",
        "inactive": "该账号已停用。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["code", "name", "short_name", "level", "parent", "division_code", "is_active"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["parent"].queryset = Agency.objects.visible_to(user)


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "kind"]


class RegionForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = ["name", "code", "parent", "inspectors"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["parent"].queryset = Region.objects.editable_by(user)
            self.fields["inspectors"].queryset = Person.objects.editable_by(user)


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "name", "department", "position", "phone", "certificate_number", "certificate_issuer",
            "certificate_valid_until", "certificate_review", "has_legal_qualification",
            "specialties", "is_active",
        ]
        widgets = {"certificate_valid_until": DateInput()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["department"].queryset = Department.objects.editable_by(user)
