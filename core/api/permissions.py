"""API permission: Django model permissions, including view for reads."""

from rest_framework import permissions


class ScopedModelPermissions(permissions.DjangoModelPermissions):
    """Django model permissions, including ``view`` for reads (只读 role is explicit)."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }
