"""Pages for agencies, departments, regions and people (机构与人员)."""

from django.urls import reverse_lazy

from core import filters, forms, tables
from core.models import Agency, Department, Person, Region
from core.views import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedUpdateView


def _crud(model, form, filterset, table, detail_fields):
    name = model._meta.model_name

    class List(ScopedListView):
        pass

    class Detail(ScopedDetailView):
        pass

    class Create(ScopedCreateView):
        pass

    class Update(ScopedUpdateView):
        pass

    List.model, List.filterset_class, List.table_class = model, filterset, table
    Detail.model = model
    Detail.extra_context = {"detail_fields": detail_fields}
    for v in (Create, Update):
        v.model, v.form_class = model, form
        v.success_url = reverse_lazy(f"core:{name}_list")
    return List.as_view(), Detail.as_view(), Create.as_view(), Update.as_view()


(agency_list, agency_detail, agency_add, agency_edit) = _crud(
    Agency, forms.AgencyForm, filters.AgencyFilterSet, tables.AgencyTable,
    ["code", "name", "short_name", "level", "parent", "division_code", "is_active"],
)
(department_list, department_detail, department_add, department_edit) = _crud(
    Department, forms.DepartmentForm, filters.DepartmentFilterSet, tables.DepartmentTable,
    ["name", "kind", "agency"],
)
(region_list, region_detail, region_add, region_edit) = _crud(
    Region, forms.RegionForm, filters.RegionFilterSet, tables.RegionTable,
    ["code", "name", "parent", "agency", "inspectors"],
)
(person_list, person_detail, person_add, person_edit) = _crud(
    Person, forms.PersonForm, filters.PersonFilterSet, tables.PersonTable,
    ["name", "agency", "department", "position", "phone", "certificate_number",
     "certificate_issuer", "certificate_valid_until", "certificate_review",
     "has_legal_qualification", "specialties", "is_active"],
)
