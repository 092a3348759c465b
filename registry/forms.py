"""Forms for supervised entities (used by the pages and the Excel import)."""

from django import forms

from core.models import Region
from registry.models import Licence, SupervisedEntity


class EntityForm(forms.ModelForm):
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
        ]
        widgets = {"opened_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        agency_id = self.instance.agency_id
        self.fields["region"].queryset = (
            Region.objects.filter(agency_id=agency_id) if agency_id else Region.objects.none()
        )


class LicenceForm(forms.ModelForm):
    class Meta:
        model = Licence
        fields = ["entity", "kind", "number", "valid_from", "valid_until"]
