"""Pages for supervised entities: list/search/filter, detail with licences, edit, import, export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from core.exports import record_export
from core.io import export_xlsx
from core.org_views import XLSX, _import_view
from core.views import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedUpdateView
from registry import io
from registry.filters import SupervisedEntityFilterSet
from registry.forms import LicenceForm, SupervisedEntityForm
from registry.models import Licence, SupervisedEntity
from registry.tables import SupervisedEntityTable


class EntityList(ScopedListView):
    model = SupervisedEntity
    filterset_class = SupervisedEntityFilterSet
    table_class = SupervisedEntityTable


class EntityDetail(ScopedDetailView):
    model = SupervisedEntity

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["licences"] = self.object.licences.all()
        ctx["licence_form"] = LicenceForm()
        ctx["can_edit"] = (
            SupervisedEntity.objects.editable_by(self.request.user)
            .filter(pk=self.object.pk)
            .exists()
        )
        return ctx


class EntityCreate(ScopedCreateView):
    model = SupervisedEntity
    form_class = SupervisedEntityForm
    success_url = reverse_lazy("registry:supervisedentity_list")


class EntityUpdate(ScopedUpdateView):
    model = SupervisedEntity
    form_class = SupervisedEntityForm
    success_url = reverse_lazy("registry:supervisedentity_list")


@login_required
@permission_required("registry.add_licence", raise_exception=True)
@require_POST
def licence_add(request, pk: int):
    entity = get_object_or_404(SupervisedEntity.objects.editable_by(request.user), pk=pk)
    form = LicenceForm(
        request.POST, instance=Licence(entity=entity, agency=entity.agency, created_by=request.user)
    )
    if form.is_valid():
        try:
            form.save()
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "许可证已登记。")
    else:
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for e in errs:
                messages.error(request, f"{label}：{e}" if label else e)
    return redirect(entity.get_absolute_url())


@login_required
@permission_required("registry.add_supervisedentity", raise_exception=True)
def entity_import(request):
    return _import_view(
        request,
        title="导入监管对象",
        importer=io.import_entities,
        list_url="registry:supervisedentity_list",
        columns=io.columns,
    )


@login_required
@permission_required("registry.view_supervisedentity", raise_exception=True)
def entity_export(request):
    qs = SupervisedEntity.objects.visible_to(request.user).select_related("region")
    qs = SupervisedEntityFilterSet(request.GET, queryset=qs, request=request).qs
    data = export_xlsx(qs.iterator(chunk_size=2000), io.columns(request.user), "监管对象")
    record_export(request.user, SupervisedEntity, qs.count(), request.GET.urlencode())
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''entities.xlsx"
    return response
