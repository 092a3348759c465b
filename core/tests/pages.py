"""Generic page checks every app's tests reuse: every role × every page.

``personas(world)`` is the persona world plus one user for each role it lacks, so a check runs as
every role. ``page_urls()`` walks the URL conf for the pages that take no URL parameter (the
pages a menu or a button can link to). ``table_links(html)`` are the links inside a page's
tables, which must open for the user who is shown them.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from django.urls import URLPattern, URLResolver, get_resolver, reverse

#: URL names that are not pages of ours or must not be fetched in a walk.
NOT_PAGES = {
    "logout",  # would end the session the walk runs in
    "api-schema",  # the OpenAPI generator, covered by the API tests
    "api-docs",
}


def personas(world) -> list:
    """The world's users and one more (in county A) for each role none of them has."""
    from core.models import Role, User

    users = [
        world.city_officer,
        world.officer_a,
        world.officer_b,
        world.reviewer_a,
        world.admin_a,
        world.city_admin,
    ]
    have = {u.role for u in users}
    for role in Role:
        if role.value not in have:
            u = User(username=f"extra_{role.value}", agency=world.county_a, role=role)
            u.set_unusable_password()
            u.save()
            users.append(u)
    return users


def _walk(patterns, namespace: str | None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace
            if ns == "admin":
                continue
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(p.url_patterns, full)
        elif isinstance(p, URLPattern) and p.name:
            regex = p.pattern.regex
            if regex.groups == 0 and not getattr(p.pattern, "converters", None):
                yield f"{namespace}:{p.name}" if namespace else p.name


def page_urls(namespace: str | None = None) -> list[str]:
    """Paths of every named URL without parameters (of one app's ``namespace`` if given)."""
    names = [
        n
        for n in _walk(get_resolver().url_patterns, None)
        if n not in NOT_PAGES and (namespace is None or n.split(":")[0] == namespace)
    ]
    return sorted({reverse(n) for n in names})


_TABLE = re.compile(r"<table\b.*?</table>", re.S)
_HREF = re.compile(r'href="([^"]+)"')


def table_links(html: str, base: str) -> list[str]:
    """The links inside the page's ``<table>``s, as absolute paths (sort links included)."""
    links = {
        urljoin(base, href.replace("&amp;", "&"))
        for table in _TABLE.findall(html)
        for href in _HREF.findall(table)
    }
    return sorted(links)
