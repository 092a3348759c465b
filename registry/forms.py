from core.forms import DateInput, FazhiModelForm
from core.models import Region
from registry.models import Licence, SupervisedEntity


class SupervisedEntityForm(FazhiModelForm):
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
        widgets = {"opened_on": DateInput()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["region"].queryset = Region.objects.editable_by(user)


class LicenceForm(FazhiModelForm):
    class Meta:
        model = Licence
        fields = ["kind", "number", "valid_from", "valid_until"]
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}
