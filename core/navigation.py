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
            items.append(
                {
                    "label": item.label,
                    "url": url,
                    "active": current_path.startswith(url) and url != "/",
                }
            )
        if items:
            out.append(
                {"label": section.label, "items": items, "active": any(i["active"] for i in items)}
            )
    return out


# --- Home-page shortcuts per role -------------------------------------------------------------

_shortcuts: list[tuple[frozenset[str], MenuItem, str]] = []


def register_shortcut(
    roles, label: str, url_name: str, permission: str | None = None, hint: str = ""
) -> None:
    """Show a shortcut on the home page of users whose role is in ``roles``."""
    _shortcuts.append(
        (frozenset(str(r) for r in roles), MenuItem(label, url_name, permission), hint)
    )


def shortcuts_for(user) -> list[dict]:
    out = []
    for roles, item, hint in _shortcuts:
        if user.role not in roles or (item.permission and not user.has_perm(item.permission)):
            continue
        try:
            out.append({"label": item.label, "url": reverse(item.url_name), "hint": hint})
        except NoReverseMatch:
            continue
    return out
