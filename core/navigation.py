"""The navigation menu. Apps add their sections with ``register_menu`` in ``AppConfig.ready``."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    permission: str | None = None


@dataclass
class MenuSection:
    label: str
    items: list[MenuItem] = field(default_factory=list)
    order: int = 100


_sections: dict[str, MenuSection] = {}


def register_menu(key: str, label: str, items: list[MenuItem], order: int = 100) -> None:
    _sections[key] = MenuSection(label=label, items=list(items), order=order)


def menu_for(user, current_path: str = "") -> list[dict]:
    out = []
    for section in sorted(_sections.values(), key=lambda s: s.order):
        items = []
        for item in section.items:
            if item.permission and not user.has_perm(item.permission):
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            items.append({"label": item.label, "url": url, "active": current_path.startswith(url)
                          and url != "/"})
        if items:
            out.append({"label": section.label, "items": items,
                        "active": any(i["active"] for i in items)})
    return out
