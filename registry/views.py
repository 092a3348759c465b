"""Pages for the supervised-entity directory."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import F, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django_tables2.data import TableListData

from core.exports import download, record_export
from core.forms import ImportFileForm
from core.history import panels_for
from core.models import user_agency
from core.params import id_param
from core.retention_views import ScopedWithdrawView
from core.tallies import counts
from core.views import (
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from registry import io
from registry.filters import MIN_SUBSTRING, EntityFilterSet
from registry.forms import EntityForm, LicenceForm
from registry.models import Licence, SupervisedEntity
from registry.tables import EntityTable
from registry.tallies import ENTITIES

#: Above this many matches of a filter the tallies cannot answer, the list says “… 家以上”.
TOTAL_CAP = 1000


class EntityList(ScopedListView):
    """监管对象名录: no COUNT(*) and no OFFSET, so every page costs the same at a million rows.

    Pages are reached by keyset: “下一页” carries ``after=<id of the last row>`` and “上一页”
    ``before=<id of the first row>``; the next page starts right after that row's sort key, which
    an index finds directly however deep the page is. Sorting is by newest (default), by name or
    by credit code, the orders with an index.
    """

    model = SupervisedEntity
    filterset_class = EntityFilterSet
    table_class = EntityTable
    paginate_by = None
    table_pagination = False
    partial_template_name = "registry/partials/entity_table.html"
    per_page = 25
    #: ``sort`` parameter → ORDER BY; the last field makes the order total (keyset needs that).
    SORTS = {
        "-id": ("-id",),
        "name": ("name", "id"),
        "-name": ("-name", "-id"),
        "uscc": ("uscc",),
        "-uscc": ("-uscc",),
    }

    def get_queryset(self):
        qs = SupervisedEntity.objects.visible_to(self.request.user, walk_order=True)
        return qs.select_related("region")

    def sort(self) -> str:
        sort = self.request.GET.get("sort", "")
        if sort in self.SORTS:
            return sort
        # A short query matches name prefixes: listing them by name reads them off the index.
        if 0 < len(self.request.GET.get("q", "").strip()) < MIN_SUBSTRING:
            return "name"
        return "-id"

    def _cursor(self, name: str):
        """The row a keyset link points at, or None (bad or vanished id: start over)."""
        raw = id_param(self.request, name)
        if raw is None:
            return None
        fields = [f.lstrip("-") for f in self.SORTS[self.sort()]]
        return (
            SupervisedEntity.objects.visible_to(self.request.user)
            .filter(pk=raw)
            .values(*fields)
            .first()
        )

    def get_table_data(self):
        order = self.SORTS[self.sort()]
        qs = self.object_list
        after, before = self._cursor("after"), None
        if after is None:
            before = self._cursor("before")
        if after is not None:
            qs = qs.filter(keyset_q(order, after, forward=True)).order_by(*order)
        elif before is not None:
            qs = qs.filter(keyset_q(order, before, forward=False)).order_by(*reverse(order))
        else:
            qs = qs.order_by(*order)
        rows = list(qs[: self.per_page + 1])
        more = len(rows) > self.per_page
        rows = rows[: self.per_page]
        if before is not None:
            rows.reverse()
        self.page_rows = rows
        # Another page exists in the direction we came from; in the other one only if a row
        # beyond this page was found.
        self.has_next = bool(rows) and (more if before is None else True)
        self.has_previous = bool(rows) and (after is not None or (before is not None and more))
        return PageRows(rows, SupervisedEntity)

    def get_table_kwargs(self):
        # The 机构 column for users who read several agencies comes from ScopedListView.
        return {**super().get_table_kwargs(), "order_by": self.sort()}

    def total(self) -> tuple[int, bool]:
        """(number of entities listed, exact?) without a COUNT(*) over a big table.

        One page that is the whole result counts itself. Filtered by nothing but 监管类别 and
        经营状态, the kept counts of ``registry.tallies`` answer from a few rows. Otherwise at
        most ``TOTAL_CAP + 1`` matching rows are counted, through the indexes the filters use,
        and a larger result is told as “… 家以上”.
        """
        if not self.has_next and not self.has_previous:
            return len(self.page_rows), True
        form = self.filterset.form
        want = form.cleaned_data if form.is_bound and form.is_valid() else {}
        active = {k for k, v in want.items() if v not in (None, "", [])}
        agency = user_agency(self.request.user)
        if agency is not None and active <= {"category", "status"}:
            n = 0
            for dim, count in counts(ENTITIES.name, agency).items():
                category, _, status = dim.partition(":")
                if want.get("category") and category != want["category"]:
                    continue
                if want.get("status") and status != want["status"]:
                    continue
                n += count
            return n, True
        scoped = SupervisedEntity.objects.visible_to(self.request.user)
        qs = EntityFilterSet(self.request.GET, queryset=scoped, request=self.request).qs
        n = qs.order_by()[: TOTAL_CAP + 1].count()
        return (n, True) if n <= TOTAL_CAP else (TOTAL_CAP, False)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        for key in ("after", "before", "page"):
            params.pop(key, None)
        rows = self.page_rows
        if self.has_next:
            ctx["next_query"] = _query(params, after=rows[-1].pk)
        if self.has_previous:
            ctx["previous_query"] = _query(params, before=rows[0].pk)
        if self.has_previous or "after" in self.request.GET or "before" in self.request.GET:
            ctx["first_query"] = _query(params)
        ctx["min_substring"] = MIN_SUBSTRING
        n, exact = self.total()
        ctx["total_text"] = f"共 {n:,} 家" if exact else f"{n:,} 家以上"
        return ctx


class PageRows(TableListData):
    """One keyset page of model rows for the table.

    A plain list tells django-tables2 nothing about the model, so the columns declared on the
    table (名称, 统一社会信用代码) would fall back to their attribute names (“Name”, “Uscc”);
    naming the model gives them the fields' verbose names, as a queryset would.
    """

    def __init__(self, rows: list, model: type) -> None:
        super().__init__(rows)
        self._model = model

    @property
    def model(self):
        return self._model


def reverse(order: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f[1:] if f.startswith("-") else f"-{f}" for f in order)


def keyset_q(order: tuple[str, ...], row: dict, *, forward: bool) -> Q:
    """Rows strictly after (``forward``) or before ``row`` in ``order``.

    Written as ``a >= x AND (a > x OR b > y)`` rather than a plain OR, so that the first column
    bounds an index range scan on both databases.
    """
    q = None
    for i in reversed(range(len(order))):
        field = order[i].lstrip("-")
        ascending = not order[i].startswith("-")
        op = "gt" if ascending == forward else "lt"
        strict = Q(**{f"{field}__{op}": row[field]})
        if q is None:
            q = strict
        else:
            q = Q(**{f"{field}__{op}e": row[field]}) & (strict | q)
    return q


def _query(params, **extra) -> str:
    params = params.copy()
    for key, value in extra.items():
        params[key] = value
    return params.urlencode()


class EntityDetail(ScopedDetailView):
    """监管对象 page (``registry/supervisedentity_detail.html``) with the licences it holds and
    its history from the apps that record work on it (``core.history``)."""

    model = SupervisedEntity

    def get_queryset(self):
        return super().get_queryset().select_related("agency", "region")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        # Licence links are offered only where the page behind them would not refuse: the role's
        # permission and the agency scope (a city user reads a county's entity, never edits it).
        # The entity's own 编辑 link asks the same of core's {% can_edit %}.
        own = SupervisedEntity.objects.editable_by(user).filter(pk=self.object.pk).exists()
        ctx["licence_can"] = {
            action: own and user.has_perm(f"registry.{action}_licence")
            for action in ("add", "change")
        }
        # What later apps hold about the entity (inspections, orders, …: core.history).
        ctx["history_panels"] = panels_for(self.request, self.object)
        # Withdrawn licences stay on the page, after the others and marked 已撤回.
        ctx["licences"] = self.object.licences.order_by(
            F("withdrawn_at").asc(nulls_first=True), "kind", "valid_from", "pk"
        )
        return ctx


class EntityCreate(ScopedCreateView):
    model = SupervisedEntity
    form_class = EntityForm
    success_url = reverse_lazy("registry:entity_list")


class EntityUpdate(ScopedUpdateView):
    model = SupervisedEntity
    form_class = EntityForm
    success_url = reverse_lazy("registry:entity_list")


class LicenceFormMixin:
    """许可证 pages: the licence's own permissions, rows limited to the user's own agency."""

    model = Licence
    form_class = LicenceForm
    template_name = "registry/licence_form.html"
    success_message = "许可证已保存。"

    def get_queryset(self):
        # A withdrawn licence is kept as it was: neither edited nor withdrawn again.
        return super().get_queryset().active().select_related("entity")


class LicenceCreate(LicenceFormMixin, ScopedCreateView):
    """新增许可证 from the entity's page; the entity must be one the user may edit (else 404)."""

    def get_entity(self) -> SupervisedEntity:
        if not hasattr(self, "entity"):
            self.entity = get_object_or_404(
                SupervisedEntity.objects.editable_by(self.request.user), pk=self.kwargs["entity_pk"]
            )
        return self.entity

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        entity = self.get_entity()
        kwargs["instance"] = Licence(entity=entity, agency_id=entity.agency_id)
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["entity"] = self.get_entity()
        ctx["cancel_url"] = self.get_entity().get_absolute_url()
        return ctx


class LicenceUpdate(LicenceFormMixin, ScopedUpdateView):
    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["entity"] = self.object.entity
        return ctx


class LicenceWithdraw(ScopedWithdrawView):
    """撤回许可证: a licence is a record of work, never deleted; the reason goes to the audit
    chain and the licence stays on the entity's page marked 已撤回."""

    model = Licence

    def get_queryset(self):
        return super().get_queryset().select_related("entity")


@login_required
@permission_required(io.IMPORT_PERMISSIONS, raise_exception=True)
def entity_import(request):
    form = ImportFileForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    result = None
    if request.method == "POST" and form.is_valid():
        result = io.import_entities(
            form.cleaned_data["file"], user_agency(request.user), request.user
        )
        if result.ok:
            messages.success(
                request,
                f"已导入{result.created}个监管对象、{result.licences_created}张许可证。",
            )
            return redirect("registry:entity_list")
    return render(
        request,
        "registry/entity_import.html",
        {
            "form": form,
            "result": result,
            "entity_headers": io.headers(io.COLUMNS),
            "licence_headers": io.headers(io.LICENCE_COLUMNS),
            "licence_sheet": io.LICENCE_SHEET,
        },
    )


@login_required
@permission_required("registry.view_supervisedentity", raise_exception=True)
def entity_export(request):
    entities = SupervisedEntity.objects.visible_to(request.user)
    # The request gives the filters their choices (the user's 片区), as on the list.
    qs = EntityFilterSet(request.GET, queryset=entities, request=request).qs
    return export_response(qs, request.user, request.GET.urlencode())


def export_response(queryset, user, query: str = "") -> HttpResponse:
    """The directory (and its licences) as an .xlsx download; the export is audited.

    Shared by the page and the API, so both write the same workbook and the same audit events.
    Named for the user's agency and the day: 监管对象名录-东湖县卫生健康局-20261130.xlsx.
    """
    export = io.export_entities(queryset)
    record_export(user, SupervisedEntity, export.entities, query)
    record_export(user, Licence, export.licences, query)
    agency = user_agency(user)
    parts = ["监管对象名录", agency.name if agency else "", f"{timezone.localdate():%Y%m%d}"]
    return download(export.data, XLSX, "-".join(p for p in parts if p) + ".xlsx")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


entity_list = EntityList.as_view()
entity_detail = EntityDetail.as_view()
entity_add = EntityCreate.as_view()
entity_edit = EntityUpdate.as_view()
licence_add = LicenceCreate.as_view()
licence_edit = LicenceUpdate.as_view()
licence_withdraw = LicenceWithdraw.as_view()
