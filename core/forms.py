"""Forms for core records and login."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from core.models import Agency, Department, Person, Region, User


class FazhiModelForm(forms.ModelForm):
    """ModelForm with Chinese empty choices; every app's forms derive from it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and not isinstance(
                field, forms.ModelMultipleChoiceField
            ):
                field.empty_label = "（请选择）"
            elif (
                isinstance(field, forms.TypedChoiceField)
                and field.choices
                and field.choices[0][0] == ""
            ):
                field.choices = [("", "（请选择）"), *field.choices[1:]]

    def _post_clean(self):
        """Also the agency scope of the many-to-many choices (``ScopedModel.reference_errors``),
        which ``Model.full_clean()`` cannot see before they are saved."""
        super()._post_clean()
        check = getattr(self.instance, "reference_errors", None)
        m2m = {f.name for f in self.instance._meta.many_to_many}
        many = {n: v for n, v in self.cleaned_data.items() if n in m2m and n in self.fields}
        if check is None or not many:
            return
        for name, messages in check(many=many).items():
            if name in many and name not in self._errors:
                self.add_error(name, messages)

    def _get_validation_exclusions(self):
        # ``agency`` is set by the view, not the form; keep it in validation so constraints such
        # as unique (agency, name) are checked with a clear message instead of failing on save.
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("agency")
        return exclusions


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码错误。连续多次输错将被锁定。",
        "inactive": "该账号已停用。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"
        self.fields["username"].error_messages["required"] = "请输入用户名。"
        self.fields["password"].error_messages["required"] = "请输入密码。"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AgencyForm(FazhiModelForm):
    class Meta:
        model = Agency
        fields = [
            "code",
            "name",
            "short_name",
            "document_prefix",
            "level",
            "parent",
            "division_code",
            "is_active",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["parent"].queryset = Agency.objects.visible_to(user)


class DepartmentForm(FazhiModelForm):
    class Meta:
        model = Department
        fields = ["name", "kind"]


class RegionForm(FazhiModelForm):
    class Meta:
        model = Region
        fields = ["name", "code", "parent", "inspectors"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["parent"].queryset = Region.objects.editable_by(user)
            self.fields["inspectors"].queryset = Person.objects.editable_by(user)


class PersonForm(FazhiModelForm):
    class Meta:
        model = Person
        fields = [
            "name",
            "department",
            "position",
            "phone",
            "certificate_number",
            "certificate_issuer",
            "certificate_valid_until",
            "certificate_review",
            "has_legal_qualification",
            "specialties",
            "is_active",
        ]
        widgets = {"certificate_valid_until": DateInput()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["department"].queryset = Department.objects.editable_by(user)


class UserCreateForm(FazhiModelForm):
    """新增用户：账号、角色、对应人员和初始密码（须符合密码规则）。"""

    password1 = forms.CharField(label="初始密码", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label="确认密码", widget=forms.PasswordInput, strip=False)

    class Meta:
        model = User
        fields = ["username", "role", "person", "is_active"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["person"].queryset = Person.objects.editable_by(user).filter(user=None)

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "两次输入的密码不一致。")
        elif p1:
            try:
                password_validation.validate_password(p1, self.instance)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


class UserEditForm(FazhiModelForm):
    new_password = forms.CharField(
        label="重设密码",
        widget=forms.PasswordInput,
        required=False,
        strip=False,
        help_text="留空则不修改。",
    )

    class Meta:
        model = User
        fields = ["role", "person", "is_active"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["person"].queryset = Person.objects.editable_by(user)

    def clean_new_password(self):
        pw = self.cleaned_data.get("new_password")
        if pw:
            password_validation.validate_password(pw, self.instance)
        return pw

    def save(self, commit=True):
        user = super().save(commit=False)
        if self.cleaned_data.get("new_password"):
            user.set_password(self.cleaned_data["new_password"])
        if commit:
            user.save()
        return user


class ImportFileForm(forms.Form):
    """The upload of an import page (导入 Excel): one .xlsx file."""

    file = forms.FileField(
        label="Excel 文件（.xlsx）",
        error_messages={
            "required": "请选择要导入的Excel文件（.xlsx）。",
            "empty": "所选文件是空的，请选择要导入的Excel文件（.xlsx）。",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
