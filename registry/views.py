"""Pages for the supervised-entity directory."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django_tables2.paginators import LazyPaginator

from core.exports import record_export
from core.models import user_agency
from core.views import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedUpdateView
from registry import io
from registry.filters import EntityFilterSet
from registry.forms import EntityForm
from registry.models import SupervisedEntity
from registry.tables import EntityTable


class EntityList(ScopedListView):
    """List without COUNT(*): LazyPaginator only probes one row past the page."""

    model = SupervisedEntity
    filterset_class = EntityFilterSet
    table_class = EntityTable
    paginate_by = None  # the table paginates (lazily); the ListView must not COUNT as well
    table_pagination = {"paginator_class": LazyPaginator, "per_page": 25}

    def get_queryset(self):
        return super().get_queryset().select_related("region")


class EntityDetail(ScopedDetailView):
    model = SupervisedEntity
    template_name = "registry/entity_detail.html"


class EntityCreate(ScopedCreateView):
    model = SupervisedEntity
    form_class = EntityForm
    success_url = reverse_lazy("registry:entity_list")


class EntityUpdate(ScopedUpdateView):
    model = SupervisedEntity
    form_class = EntityForm
    success_url = reverse_lazy("registry:entity_list")


@login_required
@permission_required("registry.add_supervisedentity", raise_exception=True)
def entity_import(request):
    result = None
    if request.method == "POST" and request.FILES.get("file"):
        result = io.import_entities(request.FILES["file"], user_agency(request.user), request.user)
        if result.ok:
            messages.success(request, f"已导入{result.created}个监管对象。")
            return redirect("registry:entity_list")
    return render(request, "registry/entity_import.html", {"result": result})


@login_required
@permission_required("registry.view_supervisedentity", raise_exception=True)
def entity_export(request):
    qs = EntityFilterSet(request.GET, queryset=SupervisedEntity.objects.visible_to(request.user)).qs
    data = io.export_entities(qs)
    record_export(request.user, SupervisedEntity, qs.count(), request.GET.urlencode())
    resp = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    resp["Content-Disposition"] = 'attachment; filename="entities.xlsx"'
    return resp


entity_list = EntityList.as_view()
entity_detail = EntityDetail.as_view()
entity_add = EntityCreate.as_view()
entity_edit = EntityUpdate.as_view()
