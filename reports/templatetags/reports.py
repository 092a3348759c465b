from django import template

from reports.compose import record_link

register = template.Library()


@register.filter
def record_url(run: dict) -> str:
    """The records behind a printed number (its indicator page for that agency and year)."""
    return record_link(run) or ""


@register.filter
def as_list(value) -> list:
    return [value]


@register.filter
def domid(key: str) -> str:
    """A block key as an HTML id usable in CSS selectors (htmx targets): dots become dashes."""
    return key.replace(".", "-")
