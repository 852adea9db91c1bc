"""The quarterly report's tables as its page shows them: every cell formatted once, in one
pass, with the marks of its figure (``data-figure``, ``data-value``, ``data-scope``, as the
``figure_attrs`` tag writes them), so that the template loops over rows, not over cells.

A province's page has some 6,000 cells; formatting each through template variables, filters
and tags cost more than reading the figures. The texts are the filters' own (``figure``,
``year_on_year``, ``two_places``, a column's unit), so the page shows what it showed.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape

from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe

from ..choices import TargetStatus
from ..templatetags.dashboard import COUNT_ROUNDING, figure, two_places, year_on_year
from ..templatetags.figures import scope_key
from .report import Column, QuarterlyReport, ResourceLine, TargetLine, ZoneLine


@dataclass(frozen=True)
class Row:
    """A line of a table: what the template writes itself, and its cells, ready."""

    line: object  # the ZoneLine, TargetLine or ResourceLine
    cells: SafeString


@dataclass(frozen=True)
class Tables:
    zones: list[Row]
    total: Row
    last_year: Row
    changes: Row
    targets: list[Row]
    resources: list[Row]


def _text(value) -> str:
    """A value as ``{{ value }}`` writes it (localized, escaped)."""
    return escape(str(localize(value)))


def _cell(text: str, figure_name: str | None = None, value=None, scope: str = "") -> str:
    """A right-aligned cell; with ``figure_name``, marked as ``figure_attrs`` marks it."""
    if figure_name is None:
        return f'<td class="text-end">{escape(text)}</td>'
    raw = "" if value is None else escape(str(value))
    return (
        f'<td class="text-end" data-scope="{escape(scope)}" data-value="{raw}" '
        f'data-figure="{escape(figure_name)}">{escape(text)}</td>'
    )


def _formatter(column: Column) -> Callable[[object], str]:
    """The column's cell text, as the ``quarterly_cell`` filter gives it: money in the
    column's unit, counts whole, rates with one decimal, days."""
    if column.kind == "money":
        assert column.unit is not None
        return column.unit.format
    kind = column.kind
    return lambda value: figure(value, kind)


def _figure_row(line: ZoneLine, formats, scope: str | None) -> Row:
    """A line of figures; marked with ``scope`` ("zone:3"), unmarked without one."""
    if scope is None:
        cells = "".join(
            _cell(text(value)) for text, (_column, value) in zip(formats, line.values, strict=True)
        )
    else:
        cells = "".join(
            _cell(text(value), column.figure, value, scope)
            for text, (column, value) in zip(formats, line.values, strict=True)
        )
    return Row(line, mark_safe(cells))


def _target_row(line: TargetLine, rounding: str, status_labels: dict) -> Row:
    texts = line.texts
    cells = [f'<td class="text-end">{escape(texts["annual"])}</td>']
    for cell in texts["quarters"]:
        if cell:
            danger = " text-danger" if cell[2] else ""
            cells.append(
                f'<td class="text-end">{escape(cell[0])}</td>'
                f'<td class="text-end{danger}">{escape(cell[1])}</td>'
            )
        else:
            cells.append("<td></td><td></td>")
    cells.append(f'<td class="text-end">{escape(figure(line.progress, "rate"))}</td>')
    expected = escape(texts["expected"])
    if line.kind == "count":
        expected = f'<span title="{rounding}">{expected}</span>'
    cells.append(f'<td class="text-end">{expected}</td>')
    status = status_labels.get(line.status)
    if status is None:
        status = status_labels[line.status] = escape(str(TargetStatus(line.status).label))
    cells.append(f'<td><span class="badge zt-status-{escape(line.status)}">{status}</span></td>')
    return Row(line, mark_safe("".join(cells)))


def _resource_row(line: ResourceLine, scope: str) -> Row:
    cells = []
    for column, value, target in line.cells:
        shown = _text(value) if column.kind == "count" else escape(two_places(value))
        raw = "" if value is None else escape(str(value))
        cells.append(
            f'<td class="text-end" data-scope="{scope}" data-value="{raw}" '
            f'data-figure="{escape(column.key)}">{shown}</td>'
        )
        if column.target:
            if target is None:
                text = "—"
            elif column.kind == "count":
                text = escape(str(floatformat(target, 0)))
            else:
                text = escape(two_places(target))
            cells.append(f'<td class="text-end">{text}</td>')
    return Row(line, mark_safe("".join(cells)))


def tables(report: QuarterlyReport) -> Tables:
    """The report's tables, formatted in the active language."""
    formats = [_formatter(column) for column in report.columns]
    scope = scope_key(report.scope)
    rounding = escape(str(COUNT_ROUNDING))
    status_labels: dict = {}
    changes = "".join(
        _cell(year_on_year(change, column.kind), column.change_figure, change, scope)
        for column, change in report.changes
    )
    resources: Iterable[ResourceLine] = report.resources
    return Tables(
        zones=[_figure_row(line, formats, f"zone:{line.zone_id}") for line in report.zones],
        total=_figure_row(report.total, formats, scope),
        last_year=_figure_row(report.last_year, formats, None),
        changes=Row(None, mark_safe(changes)),
        targets=[_target_row(line, rounding, status_labels) for line in report.targets],
        resources=[
            _resource_row(line, f"zone:{line.zone_id}" if line.number else scope)
            for line in resources
        ],
    )
