"""The supervision history of a supervised entity, shown on its page (``core.history``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse

from core.history import Panel, register_panel
from core.models import user_agency
from supervision.models import (
    CheckIn,
    Finding,
    Inspection,
    RectificationOrder,
    RectificationStatus,
)

#: Rows of each kind shown on the entity page; the rest are one click away in the filtered list.
LATEST = 10


def entity_history(request: HttpRequest, entity: Any) -> dict | None:
    """检查、发现问题、整改与回头看、扫码入企 of ``entity``, as far as the user may read them.

    A fixed number of queries whatever the entity's history: totals by index on the entity, and
    the latest ``LATEST`` rows of each kind.
    """
    user = request.user
    if not user.has_perm("supervision.view_inspection"):
        return None
    inspections = Inspection.objects.visible_to(user).filter(entity=entity)
    latest = list(
        inspections.order_by("-inspected_on", "-id").annotate(
            problems=Count("items", filter=Q(items__compliant=False))
        )[:LATEST]
    )
    orders_qs = RectificationOrder.objects.visible_to(user).filter(inspection__entity=entity)
    orders = list(
        orders_qs.select_related("follow_up", "inspection").order_by("-issued_on", "-id")[:LATEST]
    )
    check_ins = list(
        CheckIn.objects.visible_to(user)
        .filter(inspection__entity=entity)
        .select_related("inspection")
        .order_by("-created_at", "-id")[:LATEST]
    )
    agency = user_agency(user)
    may_inspect = (
        agency is not None
        and user.has_perm("supervision.add_inspection")
        and entity.agency.is_within(agency)
    )
    code = f"?entity={entity.uscc}"
    return {
        "entity": entity,
        "inspections": latest,
        "inspection_total": inspections.count(),
        "finding_total": Finding.objects.filter(
            inspection__in=inspections.values("pk"), compliant=False
        ).count(),
        "orders": orders,
        "order_total": orders_qs.count(),
        "open_orders": orders_qs.exclude(status=RectificationStatus.COMPLETED).count(),
        "check_ins": check_ins,
        "latest": LATEST,
        "inspection_list_url": reverse("supervision:inspection_list") + code,
        "order_list_url": reverse("supervision:rectificationorder_list") + code,
        "add_url": (reverse("supervision:inspection_add") + f"?entity={entity.pk}")
        if may_inspect
        else "",
    }


register_panel(
    "registry.supervisedentity",
    Panel("supervision", "supervision/partials/entity_history.html", entity_history, order=50),
)
