"""Template helpers shared by every app's templates."""

from django import template
from django.forms.boundfield import BoundWidget
from django.forms.widgets import ChoiceWidget

register = template.Library()


@register.filter
def add_class(bound_field, css: str):
    """Render a form field with Bootstrap classes, marked invalid when it has errors."""
    widget = bound_field.field.widget
    if getattr(widget, "input_type", None) == "select":
        css = css.replace("form-control", "form-select")
    if bound_field.errors:
        css += " is-invalid"
    existing = widget.attrs.get("class", "")
    return bound_field.as_widget(attrs={"class": f"{existing} {css}".strip()})


@register.filter
def is_choice_list(bound_field) -> bool:
    """A list of checkboxes or radio buttons (rendered as a fieldset of box + label pairs)."""
    widget = bound_field.field.widget
    return isinstance(widget, ChoiceWidget) and widget.input_type in ("checkbox", "radio")


@register.filter
def choice_boxes(bound_field) -> list[BoundWidget]:
    """The boxes of a checkbox or radio list, each with Bootstrap's ``form-check-input``.

    ``as_widget(attrs=…)`` would put the class on the list's wrapper too, squeezing the whole
    list into one box's width; the boxes are rendered one by one instead, each beside its label.
    """
    widget = bound_field.field.widget
    css = "form-check-input" + (" is-invalid" if bound_field.errors else "")
    auto_id = bound_field.auto_id
    attrs = bound_field.build_widget_attrs({"id": auto_id} if auto_id else {})
    attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    return [
        BoundWidget(widget, option, bound_field.form.renderer)
        for option in widget.subwidgets(bound_field.html_name, bound_field.value(), attrs)
    ]


@register.filter
def verbose_name(model) -> str:
    return model._meta.verbose_name


@register.filter
def url_name(obj, action: str) -> str:
    meta = obj._meta
    return f"{meta.app_label}:{meta.model_name}_{action}"


@register.filter
def edit_url(obj) -> str:
    """The record's edit page, or "" when its model has none (a generic detail page must not
    fail on a model whose records are changed elsewhere)."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(url_name(obj, "edit"), args=[obj.pk])
    except NoReverseMatch:
        return ""


@register.simple_tag(takes_context=True)
def field_rows(context, obj, names):
    """(label, value) pairs of a detail page; personal data masked as the user may see it."""
    from core.crypto import shown_value

    user = context["request"].user
    rows = []
    for name in names or []:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            value = "、".join(str(v) for v in getattr(obj, name).all()) or None
        elif getattr(field, "choices", None):
            value = getattr(obj, f"get_{name}_display")()
        else:
            value = shown_value(obj, name, user)
            if isinstance(value, bool):
                value = "是" if value else "否"
        rows.append((field.verbose_name, value))
    return rows


@register.simple_tag(takes_context=True)
def can_edit(context, obj) -> bool:
    """The user may change ``obj`` (``core.models.changeable_pks``: permission and scope)."""
    from core.models import changeable_pks

    return obj.pk in changeable_pks(context["request"].user, type(obj), [obj.pk])


@register.inclusion_tag("core/partials/shortcuts.html", takes_context=True)
def role_shortcuts(context):
    from core.navigation import shortcuts_for

    return {"shortcuts": shortcuts_for(context["request"].user)}


@register.inclusion_tag("core/partials/attachments.html", takes_context=True)
def attachments_panel(context, obj, title="附件与证据", note=""):
    """The attachments of ``obj`` with upload and withdraw forms for users who may edit it."""
    from core.attachment_views import panel_context

    ctx = panel_context(context["request"], obj, title=title, note=note)
    ctx["csrf_token"] = context.get("csrf_token")
    return ctx


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.inclusion_tag("core/partials/overdue_cards.html", takes_context=True)
def overdue_cards(context):
    """逾期 counts of every registered kind the user may list, each linked to its list."""
    from core.pending import overdue_counts

    user = context["request"].user
    return {"counts": overdue_counts(user) if user.is_authenticated else []}


@register.inclusion_tag("core/partials/overdue_flags.html", takes_context=True)
def overdue_flags(context, obj):
    """逾期 badges on a record's page (e.g. an entity's overdue orders), from its app's flags."""
    from core.pending import record_flags

    return {"flags": record_flags(obj, context["request"].user)}


@register.filter
def labelled(values, labels) -> list[tuple[str, object]]:
    """A row's cells with their column names, for tables that read as cards on a phone
    (``data-label``): ``{% for label, value in row|labelled:columns %}``."""
    return list(zip(labels, values, strict=False))
