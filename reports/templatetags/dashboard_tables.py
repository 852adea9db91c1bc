"""The bodies of a dashboard's per-zone tables (and the wall board's milestone cells),
written once in Python
(``reports.dashboards.tables``): a library of its own, as those tables format with the
``dashboard`` library's filters."""

from django import template

from ..dashboards.tables import breakdown_body, milestone_cells, resource_body, update_body

register = template.Library()


@register.simple_tag(takes_context=True)
def breakdown_rows(context, rows, signed_unit, done_unit):
    """The body of a breakdown table; the link to a row's dashboard keeps the page's
    ``query``."""
    return breakdown_body(rows, signed_unit, done_unit, context.get("query") or "")


@register.simple_tag
def resource_rows(resources):
    """The body of a region's land and funds table."""
    return resource_body(resources)


@register.simple_tag
def update_rows(rows):
    """The body of the progress updates table."""
    return update_body(rows)


@register.simple_tag
def wall_cells(cells):
    """A wall board row's milestone cells."""
    return milestone_cells(cells)
