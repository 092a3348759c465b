"""No record is hard-deleted through the API: every DELETE in the OpenAPI schema's paths is
refused with a Chinese message saying what to do instead, whatever the user's permissions.

Licences were once deleted with DELETE (204) and the page's 删除 button; records of work are
withdrawn (撤回) with a reason instead (``core.models.RetainedModel``, ``core.retention``).
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from drf_spectacular.generators import SchemaGenerator

from core.models import RetainedModel, RetentionError, User
from registry.tests.factories import entity, licence

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")


def schema_paths() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)["paths"]


def test_the_schema_offers_no_delete_at_all():
    offered = [p for p, ops in schema_paths().items() if "delete" in ops]
    assert not offered, offered


def test_delete_on_every_record_path_is_refused_in_chinese_even_for_a_superuser(world, api_for):
    lic = licence(entity(world.county_a))
    boss = User.objects.create_superuser("boss", password="x", agency=world.county_a)
    api = api_for(boss)
    detail_paths = [p for p in schema_paths() if re.fullmatch(r"/api/.+/\{id\}/", p)]
    assert "/api/registry/licences/{id}/" in detail_paths and len(detail_paths) >= 10
    failures = []
    for path in detail_paths:
        resp = api.delete(path.replace("{id}", str(lic.pk)))
        detail = resp.json().get("detail", "") if resp.status_code in (403, 405) else ""
        if resp.status_code not in (403, 405) or not CJK.search(detail):
            failures.append(f"DELETE {path}: {resp.status_code} {detail!r}")
    assert not failures, "\n".join(failures)
    lic.refresh_from_db()
    assert not lic.is_withdrawn


def test_every_retained_record_refuses_delete_in_the_orm(world):
    lic = licence(entity(world.county_a))
    with pytest.raises(RetentionError):
        lic.delete()
    with pytest.raises(RetentionError):
        type(lic).objects.filter(pk=lic.pk).delete()
    retained = {m._meta.label for m in apps.get_models() if issubclass(m, RetainedModel)}
    assert {"registry.Licence", "core.Attachment"} <= retained


def test_no_role_holds_a_delete_permission_on_a_record():
    """Pages and the API take their rights from roles: no record of an agency is deletable by
    any role (a 节假日 entered in error is shared reference data, deleted with a reason)."""
    from core.models import ScopedModel
    from core.roles import ROLE_PERMISSIONS

    scoped = {
        f"{m._meta.app_label}.delete_{m._meta.model_name}"
        for m in apps.get_models()
        if issubclass(m, ScopedModel)
    }
    granted = {p for perms in ROLE_PERMISSIONS.values() for p in perms}
    assert not granted & scoped, granted & scoped


def test_no_page_is_a_delete_view():
    from django.urls import URLPattern, URLResolver, get_resolver
    from django.views.generic.edit import DeletionMixin

    def walk(patterns):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace != "admin":
                    yield from walk(p.url_patterns)
            elif isinstance(p, URLPattern):
                yield p

    deleting = [
        str(p.pattern)
        for p in walk(get_resolver().url_patterns)
        if issubclass(getattr(p.callback, "view_class", object), DeletionMixin)
    ]
    assert not deleting, deleting
