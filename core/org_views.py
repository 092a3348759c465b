"""Pages for agencies, departments, regions and people (机构与人员)."""

from django.urls import reverse_lazy

from core import filters, forms, tables
from core.models import Agency, Department, Person, Region, User
from core.views import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedUpdateView


def _crud(model, form, filterset, table, detail_fields, create_form=None):
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
    Create.form_class = create_form or form
    return List.as_view(), Detail.as_view(), Create.as_view(), Update.as_view()


(agency_list, agency_detail, agency_add, agency_edit) = _crud(
    Agency,
    forms.AgencyForm,
    filters.AgencyFilterSet,
    tables.AgencyTable,
    ["code", "name", "short_name", "level", "parent", "division_code", "is_active"],
)
(department_list, department_detail, department_add, department_edit) = _crud(
    Department,
    forms.DepartmentForm,
    filters.DepartmentFilterSet,
    tables.DepartmentTable,
    ["name", "kind", "agency"],
)
(region_list, region_detail, region_add, region_edit) = _crud(
    Region,
    forms.RegionForm,
    filters.RegionFilterSet,
    tables.RegionTable,
    ["code", "name", "parent", "agency", "inspectors"],
)
(person_list, person_detail, person_add, person_edit) = _crud(
    Person,
    forms.PersonForm,
    filters.PersonFilterSet,
    tables.PersonTable,
    [
        "name",
        "agency",
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
    ],
)

(user_list, user_detail, user_add, user_edit) = _crud(
    User,
    forms.UserEditForm,
    filters.UserFilterSet,
    tables.UserTable,
    ["username", "person", "role", "agency", "is_active", "last_login", "date_joined"],
    create_form=forms.UserCreateForm,
)


# --- Excel import / export -------------------------------------------------------------------

from django.contrib import messages  # noqa: E402
from django.contrib.auth.decorators import login_required, permission_required  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.shortcuts import redirect, render  # noqa: E402

from core import org_io  # noqa: E402
from core.exports import record_export  # noqa: E402
from core.io import ImportFileError, export_xlsx  # noqa: E402

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _import_view(request, *, title, importer, list_url, columns):
    # Bound on every POST, even one without a file, so that the missing file is reported.
    form = forms.ImportFileForm(
        *((request.POST, request.FILES) if request.method == "POST" else ())
    )
    result = None
    file_error = None
    if request.method == "POST" and form.is_valid():
        try:
            result = importer(form.cleaned_data["file"], request.user)
        except ImportFileError as exc:
            file_error = str(exc)
        else:
            if result.ok:
                messages.success(request, f"导入成功：新增{result.created}条。")
                return redirect(list_url)
    return render(
        request,
        "core/import.html",
        {
            "title": title,
            "form": form,
            "result": result,
            "file_error": file_error,
            "headers": [c.header for c in columns(request.user)],
            "required": [c.header for c in columns(request.user) if c.required],
        },
    )


@login_required
@permission_required("core.add_agency", raise_exception=True)
def agency_import(request):
    return _import_view(
        request,
        title="导入机构",
        importer=org_io.import_agencies,
        list_url="core:agency_list",
        columns=org_io.agency_columns,
    )


@login_required
@permission_required("core.add_person", raise_exception=True)
def person_import(request):
    return _import_view(
        request,
        title="导入人员",
        importer=org_io.import_people,
        list_url="core:person_list",
        columns=org_io.person_columns,
    )


def _export(request, model, filterset, columns, filename):
    qs = model.objects.visible_to(request.user)
    qs = filterset(request.GET, queryset=qs, request=request).qs
    data = export_xlsx(qs, columns(request.user), filename)
    record_export(request.user, model, qs.count(), request.GET.urlencode())
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}.xlsx"
    return response


@login_required
@permission_required("core.view_agency", raise_exception=True)
def agency_export(request):
    return _export(request, Agency, filters.AgencyFilterSet, org_io.agency_columns, "agencies")


@login_required
@permission_required("core.view_person", raise_exception=True)
def person_export(request):
    return _export(request, Person, filters.PersonFilterSet, org_io.person_columns, "people")
