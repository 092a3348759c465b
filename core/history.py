"""History panels: what later apps know of a record, shown on that record's page.

Data flows one way (registry → supervision → enforcement …), so the entity page in ``registry``
cannot read inspections itself. An app that holds records about another app's record registers
a panel for that model (``register_panel("registry.supervisedentity", …)`` in
``AppConfig.ready``); the record's detail view asks ``panels_for(request, obj)`` and includes
each panel's template. A panel reads only rows the user may see (``visible_to``) and a bounded
number of them (the latest few, with a link to the filtered list for the rest).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    """One section of a record's history: ``context(request, obj)`` gives the template's
    context, or None to leave the section out (a role that may not read those records)."""

    key: str
    template: str
    context: Callable[[HttpRequest, Any], dict | None]
    order: int = 100


_PANELS: dict[str, dict[str, Panel]] = {}


def register_panel(model_label: str, panel: Panel) -> Panel:
    """Show ``panel`` on the pages of ``model_label`` (``"app_label.modelname"``)."""
    _PANELS.setdefault(model_label.lower(), {})[panel.key] = panel
    return panel


def panels_for(request: HttpRequest, obj: Any) -> list[tuple[str, dict]]:
    """(template, context) of every panel registered for ``obj``'s model, in order."""
    label = obj._meta.label_lower
    out = []
    for panel in sorted(_PANELS.get(label, {}).values(), key=lambda p: (p.order, p.key)):
        ctx = panel.context(request, obj)
        if ctx is not None:
            out.append((panel.template, ctx))
    return out
