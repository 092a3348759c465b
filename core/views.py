"""Scoped class-based views: every app's list/detail/create/edit view derives from these.

The queryset is narrowed once, in ``get_queryset()``: ``visible_to(user)`` for reading and
``editable_by(user)`` for writing, so a record of another agency is a 404, never a 403 that
would confirm it exists. Create sets ``agency`` to the user's agency; after saving, the object is
re-checked against ``editable_by`` inside the same transaction and the write is rolled back if it
left the user's scope (e.g. a form that let the agency be changed).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ImproperlyConfigured,
    PermissionDenied,
    ValidationError,
)
from django.db import IntegrityError, transaction
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import generic
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core.models import user_agency
from core.shared import may_write
from core.tables import AgencyColumn, scope_agency_names


def safe_next_url(request, fallback: str = "") -> str:
    """Where to go after a form: the request's ``next`` if it is a URL of this site, else
    ``fallback`` (a URL or a URL name).

    Every redirect to a URL the client supplied goes through here, so that a link such as
    ``?next=//evil.example`` or ``?next=https://evil.example/`` cannot send a user from a form
    of ours to another site (open redirect).
    """
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(fallback) if fallback else ""


class LoginView(auth_views.LoginView):
    """登录页：``next`` is followed only to this site (``safe_next_url``)."""

    template_name = "core/login.html"

    def get_redirect_url(self):
        return safe_next_url(self.request)


class ScopeViolation(PermissionDenied):
    """A write would leave the user's agency scope."""


class ScopedMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Base of every scoped view. Subclasses set ``model``; the permission defaults to view."""

    model: Any
    action = "view"
    write = False

    def get_permission_required(self):
        if self.permission_required:
            return super().get_permission_required()
        meta = self.model._meta
        return (f"{meta.app_label}.{self.action}_{meta.model_name}",)

    def get_queryset(self):
        qs = self.model.objects.all()
        if self.write:
            return qs.editable_by(self.request.user)
        return qs.visible_to(self.request.user)


class ObjectListView(SingleTableMixin, FilterView):
    """A list page: FilterSet, table, htmx partial and the page's actions (新增, 导入, 导出).

    An action is offered when its page exists (``<app>:<model>_add|_import|_export`` resolves
    without arguments) and the user holds its permission. Records made only from another record
    (责令整改 from an inspection, 抽查任务 from a draw) have no add page, so no 新增 button.
    """

    template_name = "core/object_list.html"
    partial_template_name = "core/partials/object_table.html"

    #: action → the permission it needs (on this list's model).
    ACTIONS = (("add", "add"), ("export", "view"), ("import", "add"))

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            return [self.partial_template_name]
        return [self.template_name]

    def action_urls(self) -> dict[str, str]:
        """``{"add_url": …, "export_url": …, "import_url": …}``, for the actions offered."""
        meta = self.model._meta
        urls = {}
        for action, perm in self.ACTIONS:
            if not self.request.user.has_perm(f"{meta.app_label}.{perm}_{meta.model_name}"):
                continue
            if perm != "view" and not may_write(self.request.user, self.model):
                continue
            try:
                urls[f"{action}_url"] = reverse(f"{meta.app_label}:{meta.model_name}_{action}")
            except NoReverseMatch:
                continue
        return urls

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["model_meta"] = self.model._meta
        ctx["partial_template_name"] = self.partial_template_name
        ctx.update(self.action_urls())
        return ctx


class ScopedListView(ScopedMixin, ObjectListView):
    """List of agency-owned records; users who read several agencies also get a 机构 column."""

    paginate_by = 25

    def get_queryset(self):
        qs = super().get_queryset()
        # Join the foreign keys the table shows, so a page costs a fixed number of queries.
        columns = getattr(getattr(self.table_class, "Meta", None), "fields", ()) or ()
        fks = [
            f.name
            for f in self.model._meta.get_fields()
            if f.name in columns and f.many_to_one and f.concrete
        ]
        return qs.select_related(*fks) if fks else qs

    def get_table_kwargs(self):
        kwargs = super().get_table_kwargs()
        if "agency" in self.table_class.base_columns:
            return kwargs  # the table shows the agency itself
        names = scope_agency_names(self.request.user)
        if len(names) > 1:
            kwargs["extra_columns"] = [("agency", AgencyColumn(names))]
            kwargs["sequence"] = ("agency", "...")
        return kwargs


class ScopedDetailView(ScopedMixin, generic.DetailView):
    """Detail page: ``<app>/<model>_detail.html`` if the app has one, else the generic page."""

    def get_template_names(self):
        meta = self.model._meta
        return [f"{meta.app_label}/{meta.model_name}_detail.html", "core/object_detail.html"]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if "detail_fields" not in ctx:  # default: every field the user enters, in model order
            skip = {"id", "created_at", "updated_at", "created_by", "updated_by"}
            ctx["detail_fields"] = [
                f.name
                for f in self.model._meta.concrete_fields
                if f.editable and f.name not in skip
            ]
        return ctx


class InlineValidationMixin:
    """Validate a field as the user leaves it (htmx), with the same rules as on save.

    A field's wrapper posts the whole form with ``X-Validate-Field: <name>`` on change; the view
    binds the form, runs all validation (field validators and ``Model.clean()``) and saves
    nothing. It returns the changed field's fragment and, out of band, every other field's, so a
    cross-field rule (a date before another) shows where it belongs; "required" errors are shown
    only on the field just changed, not on fields the user has not reached yet.
    """

    fields_template = "core/partials/form_fields_validated.html"

    def post(self, request, *args, **kwargs):
        name = request.headers.get("X-Validate-Field")
        if not name:
            return super().post(request, *args, **kwargs)
        self.object = self.get_object() if self.pk_url_kwarg in kwargs else None
        form = self.get_form()
        if name not in form.fields:
            return HttpResponseBadRequest("unknown field")
        form.is_valid()
        for other, errors in list(form.errors.as_data().items()):
            if other in (name, NON_FIELD_ERRORS):
                continue
            kept = [e for e in errors if e.code != "required"]
            if kept:
                form._errors[other] = form.error_class([m for e in kept for m in e.messages])
            else:
                del form._errors[other]
        return render(
            request,
            self.fields_template,
            {"form": form, "changed": name, "validate_url": request.path},
        )


class ScopedFormMixin(InlineValidationMixin, ScopedMixin):
    write = True
    template_name = "core/object_form.html"
    success_message = "已保存。"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = getattr(self, "object", None)
        if obj is not None and obj.pk and hasattr(obj, "get_absolute_url"):
            ctx.setdefault("cancel_url", obj.get_absolute_url())
        else:
            try:
                ctx.setdefault("cancel_url", self.get_success_url())
            except (ImproperlyConfigured, AttributeError):  # no list page: the home page
                ctx.setdefault("cancel_url", "/")
        return ctx

    def on_saved(self, obj) -> None:
        """Hook: further writes that belong to the same save (same transaction).

        Raise ``ValidationError`` to refuse: everything is rolled back and the form shows why.
        """

    def form_valid(self, form):
        try:
            return self._save(form)
        except ValidationError as exc:
            for msg in exc.messages:
                form.add_error(None, msg)
            return self.form_invalid(form)
        except IntegrityError:
            # Validation passed but the database refused: another user saved a conflicting row
            # (same unique value) between our check and our write. Nothing was written.
            form.add_error(None, "保存失败：与刚刚由他人保存的记录重复，请检查后重试。")
            return self.form_invalid(form)

    def _save(self, form):
        user = self.request.user
        with transaction.atomic():
            obj = form.save(commit=False)
            if obj.pk is None and hasattr(obj, "agency_id") and not obj.agency_id:
                obj.agency = user_agency(user)
            if hasattr(obj, "created_by_id") and obj.pk is None:
                obj.created_by = user
            if hasattr(obj, "updated_by_id"):
                obj.updated_by = user
            obj.save()
            form.save_m2m()
            self.on_saved(obj)
            if not self.model.objects.editable_by(user).filter(pk=obj.pk).exists():
                raise ScopeViolation("保存后的记录超出您的数据范围，操作已撤销。")
        self.object = obj
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "user" in self.get_form_class().__init__.__code__.co_varnames:
            kwargs["user"] = self.request.user
        return kwargs


class ScopedCreateView(ScopedFormMixin, generic.CreateView):
    action = "add"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # Instances start in the user's agency so that Model.clean() can check it.
        if kwargs.get("instance") is None and hasattr(self.model, "agency"):
            kwargs["instance"] = self.model(agency=user_agency(self.request.user))
        return kwargs


class ScopedUpdateView(ScopedFormMixin, generic.UpdateView):
    action = "change"
