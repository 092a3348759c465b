"""Forms for supervised entities (used by the pages and the Excel import)."""

from django import forms

from core.forms import DateInput, FazhiModelForm
from core.models import Region
from core.validators import validate_uscc
from registry.models import Licence, SupervisedEntity


class EntityForm(FazhiModelForm):
    class Meta:
        model = SupervisedEntity
        fields = [
            "name",
            "uscc",
            "address",
            "region",
            "category",
            "subcategory",
            "risk_grade",
            "credit_grade",
            "status",
            "opened_on",
            "legal_representative",
            "phone",
        ]
        widgets = {"opened_on": DateInput()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        agency_id = self.instance.agency_id
        self.fields["region"].queryset = (
            Region.objects.filter(agency_id=agency_id) if agency_id else Region.objects.none()
        )


class LicenceForm(FazhiModelForm):
    """许可证 of one entity: the entity is fixed by the page (or the import row), not chosen."""

    class Meta:
        model = Licence
        fields = ["kind", "number", "valid_from", "valid_until"]
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}
        help_texts = {"valid_until": "长期有效的许可证留空。"}


class EntityCodeField(forms.ModelChoiceField):
    """A supervised entity chosen by its 统一社会信用代码 (typed, pasted or scanned).

    A ``<select>`` of every entity does not scale to a city's registry; the credit code is unique
    and printed on the licence and the 企业码, so the field takes the code and looks it up.
    """

    widget = forms.TextInput

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("label", "检查对象（统一社会信用代码）")
        kwargs.setdefault(
            "error_messages",
            {
                "invalid_choice": "未找到该统一社会信用代码对应的监管对象"
                "（或其不在本机构监管范围内）。"
            },
        )
        super().__init__(
            queryset if queryset is not None else SupervisedEntity.objects.none(),
            to_field_name="uscc",
            **kwargs,
        )
        self.widget.attrs.update(
            {"autocomplete": "off", "maxlength": 18, "placeholder": "18位统一社会信用代码"}
        )

    def prepare_value(self, value):
        # A ModelForm's initial value for a foreign key is the entity's id (model_to_dict), but
        # the box holds the code: show the code, so an unchanged edit form saves as it is.
        if isinstance(value, int) and not isinstance(value, bool):
            code = (
                self.queryset.model._default_manager.filter(pk=value)
                .values_list("uscc", flat=True)
                .first()
            )
            return code or ""
        return super().prepare_value(value)

    def to_python(self, value):
        code = (value or "").strip().upper()
        if not code:
            return None
        # Say what is wrong with a mistyped code (length, check character) before “not found”.
        validate_uscc(code)
        return super().to_python(code)
