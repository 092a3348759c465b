"""Shared data (共用数据): reference data every agency of the installation uses.

The national 检查要点 catalogue and the holiday calendar (节假日安排) belong to no agency: a change
to them changes every agency's checklists and recomputes every agency's deadlines. So only the
installation's top-level 系统管理员 — an ADMIN user of an agency with no parent — may change them,
and every change is recorded in the audit chain (``core.receivers`` audits every
``SharedModel``).

The rule is checked here once, for pages (``SharedDataMixin``, ``shared_data_required``) and the
API (``SharedDataPermission``); reading needs only the role's ``view`` permission.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from rest_framework import permissions

from core.models import Role, user_agency

#: The refusal, on pages and in the API alike.
REFUSED = "共用数据（检查要点、节假日安排）由本系统最上级机构的系统管理员维护，您无权修改。"


def is_root_admin(user: Any) -> bool:
    """The installation's top-level 系统管理员: role ADMIN in an agency with no parent."""
    agency = user_agency(user)
    if agency is None or agency.parent_id is not None or not user.is_active:
        return False
    return user.role == Role.ADMIN or user.is_superuser


def may_change_shared(user: Any, model: Any, action: str = "change") -> bool:
    """Whether ``user`` may ``action`` (add/change/delete) rows of the shared ``model``."""
    meta = model._meta
    return is_root_admin(user) and user.has_perm(f"{meta.app_label}.{action}_{meta.model_name}")


def require_shared_change(user: Any, model: Any, action: str = "change") -> None:
    """Raise ``PermissionDenied`` (403, audited) unless ``user`` may change shared data."""
    if not may_change_shared(user, model, action):
        raise PermissionDenied(REFUSED)


class SharedDataMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Page views that write a shared model: the role's permission and the root agency."""

    model: Any
    action = "change"
    raise_exception = True

    def get_permission_required(self):
        meta = self.model._meta
        return (f"{meta.app_label}.{self.action}_{meta.model_name}",)

    def has_permission(self) -> bool:
        return super().has_permission() and is_root_admin(self.request.user)

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            raise PermissionDenied(REFUSED)
        return super().handle_no_permission()


def shared_data_required(model: Any, action: str = "change"):
    """Decorator of a function view that writes ``model`` (shared data)."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require_shared_change(request.user, model, action)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


class SharedDataPermission(permissions.BasePermission):
    """API: reading needs the ``view`` permission; writing needs ``may_change_shared``."""

    message = REFUSED
    ACTIONS = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        model = view.get_queryset().model
        if request.method in permissions.SAFE_METHODS:
            meta = model._meta
            return user.has_perm(f"{meta.app_label}.view_{meta.model_name}")
        return may_change_shared(user, model, self.ACTIONS.get(request.method, "change"))


def may_write(user: Any, model: Any) -> bool:
    """False for shared data unless ``user`` is the top-level 系统管理员; True for other models
    (their own permission and scope checks apply)."""
    from core.models import SharedModel

    return not issubclass(model, SharedModel) or is_root_admin(user)
