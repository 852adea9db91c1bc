"""The quarterly report's tables as its page shows them: every cell formatted once, in one
pass, with the marks of its figure (``data-figure``, ``data-value``, ``data-scope``, as the
``figure_attrs`` tag writes them), and the rows of each table body written here, so that the
template lays out the page and its headers without looping over thousands of cells.

A province's page has some 6,000 cells; formatting each through template variables, filters
and tags cost more than reading the figures. The texts are the filters' own (``figure``,
``year_on_year``, ``two_places``, a column's unit, ``floatformat``), so the page shows what it
showed.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.utils.safestring import SafeString, mark_safe

from ..cells import as_text, escape, figure_marks, value_mark
from ..choices import TargetStatus
from ..templatetags.dashboard import COUNT_ROUNDING, figure, two_places, year_on_year
from ..templatetags.figures import scope_key
from .report import Column, QuarterlyReport, ResourceLine, TargetLine, ZoneLine


@dataclass(frozen=True)
class Tables:
    """The bodies of the zones', targets', land and funds, and teams' tables (rows, ready),
    and the cells of the total, last year's and the growth lines of the figures."""

    zones: SafeString
    total: SafeString
    last_year: SafeString
    changes: SafeString
    targets: SafeString
    resources: SafeString
    teams: SafeString


def cell_text(column: Column) -> Callable[[object], str]:
    """The text of the column's cells: money in the column's unit (its header says which),
    counts whole, rates with one decimal, days."""
    if column.kind == "money":
        assert column.unit is not None
        return column.unit.format
    kind = column.kind
    return lambda value: figure(value, kind)


def _figure_cells(line: ZoneLine, formats, scope: str | None) -> str:
    """A line's cells of figures; marked with ``scope`` ("zone:3"), unmarked without one.
    ``formats``: per column, its text of a value and the end of its marks (its name)."""
    if scope is None:
        return "".join(
            f'<td class="text-end">{escape(text(value))}</td>'
            for (text, _name), (_column, value) in zip(formats, line.values, strict=True)
        )
    start = f'<td class="text-end" data-scope="{escape(scope)}" data-value="'
    return "".join(
        f"{start}{value_mark(value)}{name}{escape(text(value))}</td>"
        for (text, name), (_column, value) in zip(formats, line.values, strict=True)
    )


def _zone_row(line: ZoneLine, formats) -> str:
    return (
        f'<tr data-zone-code="{escape(line.code)}"><td class="text-end">{as_text(line.number)}</td>'
        f'<th scope="row" class="fw-normal">{escape(line.name)}</th>'
        f"{_figure_cells(line, formats, f'zone:{line.zone_id}')}</tr>"
    )


def _target_row(number: int, line: TargetLine, rounding: str, labels: dict) -> str:
    """A target's row; ``labels`` remembers the headings, sizes and statuses written (a
    region has hundreds of targets of a few kinds)."""
    texts = line.texts
    # A heading is the metric's, in its unit: the metric's own, or 万元 or 亿元 by the divisor
    # (a unit's lazy label is not hashed: that would translate it at each row).
    unit = line.unit
    key = (line.metric, unit and unit.divisor, line.min_investment, line.kinds)
    target = labels.get(key)
    if target is None:
        size = line.size
        size = f' <span class="small text-body-secondary">{escape(size)}</span>' if size else ""
        target = labels[key] = f"{escape(line.heading)}{size}"
    cells = [
        f'<tr><td class="text-end">{number}</td><td>{escape(line.zone)}</td>',
        f'<th scope="row" class="fw-normal">{target}</th>',
        # The row's numbers are written by TargetLine.shown: digits, separators or "—".
        f'<td class="text-end">{texts["annual"]}</td>',
    ]
    for cell in texts["quarters"]:
        if cell:
            danger = " text-danger" if cell[2] else ""
            cells.append(
                f'<td class="text-end">{cell[0]}</td><td class="text-end{danger}">{cell[1]}</td>'
            )
        else:
            cells.append("<td></td><td></td>")
    cells.append(f'<td class="text-end">{escape(figure(line.progress, "rate"))}</td>')
    expected = texts["expected"]
    if line.kind == "count":
        expected = f'<span title="{rounding}">{expected}</span>'
    cells.append(f'<td class="text-end">{expected}</td>')
    status = labels.get(line.status)
    if status is None:
        status = labels[line.status] = escape(TargetStatus(line.status).label)
    cells.append(
        f'<td><span class="badge zt-status-{escape(line.status)}">{status}</span></td></tr>'
    )
    return "".join(cells)


def _resource_row(line: ResourceLine, scope: str) -> str:
    """A zone's land and funds (marked as the zone's), or the total's (as the scope's)."""
    if line.number:
        cells = [
            f'<tr data-zone="{as_text(line.zone_id)}">'
            f'<td class="text-end">{as_text(line.number)}</td>'
            f'<th scope="row" class="fw-normal">{escape(line.name)}</th>'
        ]
    else:
        cells = [
            '<tr class="zt-total"><td class="text-end"></td>'
            f'<th scope="row">{escape(line.name)}</th>'
        ]
    for column, value, target in line.cells:
        shown = as_text(value) if column.kind == "count" else escape(two_places(value))
        cells.append(f'<td class="text-end"{figure_marks(column.key, value, scope)}>{shown}</td>')
        if column.target:
            if target is None:
                text = "—"
            elif column.kind == "count":
                text = escape(floatformat(target, 0))
            else:
                text = escape(two_places(target))
            cells.append(f'<td class="text-end">{text}</td>')
    cells.append("</tr>")
    return "".join(cells)


def _team_row(team) -> str:
    return (
        f'<tr data-team="{as_text(team.team)}"><td class="text-end">{as_text(team.rank)}</td>'
        f'<th scope="row" class="fw-normal">{escape(team.name)}</th>'
        f"<td>{escape(team.zone_name)}</td><td>{escape(team.lead)}</td>"
        f'<td class="text-end">{as_text(team.project_count)}</td>'
        f'<td class="text-end">{as_text(team.score)}</td></tr>'
    )


def _rows(rows) -> SafeString:
    return mark_safe("\n".join(rows))


def tables(report: QuarterlyReport) -> Tables:
    """The report's tables, written in the active language."""
    formats = [
        (cell_text(column), f'" data-figure="{escape(column.figure)}">')
        for column in report.columns
    ]
    scope = scope_key(report.scope)
    rounding = escape(COUNT_ROUNDING)
    labels: dict = {}
    changes = "".join(
        f'<td class="text-end"{figure_marks(column.change_figure, change, scope)}>'
        f"{escape(year_on_year(change, column.kind))}</td>"
        for column, change in report.changes
    )
    return Tables(
        zones=_rows(_zone_row(line, formats) for line in report.zones),
        total=mark_safe(_figure_cells(report.total, formats, scope)),
        last_year=mark_safe(_figure_cells(report.last_year, formats, None)),
        changes=mark_safe(changes),
        targets=_rows(
            _target_row(number, line, rounding, labels)
            for number, line in enumerate(report.targets, start=1)
        ),
        resources=_rows(
            _resource_row(line, f"zone:{line.zone_id}" if line.number else scope)
            for line in report.resources
        ),
        teams=_rows(_team_row(team) for team in report.teams),
    )
