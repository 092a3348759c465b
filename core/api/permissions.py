"""API permission: Django model permissions, including view for reads."""

from rest_framework import permissions


class ScopedModelPermissions(permissions.DjangoModelPermissions):
    """Django model permissions, including ``view`` for reads (只读 role is explicit)."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }


def require(*perms: str) -> type[permissions.BasePermission]:
    """Permission class for a custom action: the user must hold every one of ``perms``.

    Model permissions map POST to ``add``; an action such as 抽取 or 状态变更 changes a record,
    so it names the permission it needs instead.
    """

    class Required(permissions.BasePermission):
        message = "您的角色无权执行该操作。"

        def has_permission(self, request, view):
            return bool(request.user and request.user.is_authenticated) and request.user.has_perms(
                perms
            )

    Required.__name__ = f"Require({', '.join(perms)})"
    return Required
