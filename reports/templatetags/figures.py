"""Machine-readable marks on rendered figures: ``data-figure`` (the figure's name, the same on
every page), ``data-value`` (its raw value) and ``data-scope`` ("zone:3", "region:2",
"park:7"), so that a test or a script can check that two pages show the same number.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..cells import figure_marks

register = template.Library()


def scope_key(scope, scope_id=None) -> str:
    """ "zone:3" from a Scope, a breakdown row, or a kind and an id."""
    if scope_id is not None:
        return f"{scope}:{scope_id}"
    if scope is None or isinstance(scope, str):
        return scope or ""
    if hasattr(scope, "kind") and hasattr(scope, "pk"):
        return f"{scope.kind}:{scope.pk}"
    return f"{scope.type}:{scope.id}" if scope.id is not None else str(scope.type)


@register.simple_tag
def figure_attrs(name, value, scope=None, scope_id=None):
    """The attributes marking a figure; ``value`` None (not computable) is marked empty."""
    return mark_safe(figure_marks(name, value, scope_key(scope, scope_id)))


@register.simple_tag
def figure_name(name, scope=None, scope_id=None):
    """The name and scope alone, for an element that already carries its ``data-value``."""
    return format_html(' data-scope="{}" data-figure="{}"', scope_key(scope, scope_id), name)
