"""The body of a dashboard's breakdown table (its sub-regions or its zones) written in one
pass: every cell with the marks of its figure (``data-scope``, ``data-value``,
``data-figure``, as the ``figure_attrs`` tag writes them), its links and its classes, as the
template wrote them, so that the template lays out the headers without looping over a
province's 65 zones of a dozen tagged, filtered cells each.

The texts are the filters' own (``figure``, a column's unit, ``date``), and every text is
escaped as a template escapes it.
"""

from django.template.defaultfilters import date as date_filter
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from ..cells import as_text as text
from ..cells import escape, figure_marks
from ..figures.period import time_progress
from ..templatetags.dashboard import MoneyUnit, figure, two_places
from .breakdown import Row
from .links import ProjectLinks, reverser


class _Page:
    """What the rows of a table share: the units of its money columns, the query a name's
    link keeps, and the texts worked out once (a period's date, a status's label)."""

    def __init__(self, signed_unit: MoneyUnit, done_unit: MoneyUnit, query: str):
        self.signed_unit = signed_unit
        self.done_unit = done_unit
        self.query = f"?{escape(query)}" if query else ""
        self.overdue_queries: dict = {}
        self.progress: dict = {}
        self.labels: dict = {}

    def overdue_query(self, links: ProjectLinks) -> str:
        """The wallboard's query of a row's overdue milestones (the period's year and date)."""
        period = links.period
        query = self.overdue_queries.get(period)
        if query is None:
            query = self.overdue_queries[period] = (
                f"?overdue=on&amp;year={text(period.year)}"
                f"&amp;as_of={escape(date_filter(period.as_of, 'Y-m-d'))}"
            )
        return query

    def behind_time(self, row: Row) -> bool:
        """``Row.behind_time``, the period's time progress worked out once."""
        if row.figures is None or row.links is None:
            return False
        share = row.figures.investment_completion_rate
        if share is None:
            return False
        period = row.links.period
        progress = self.progress.get(period)
        if progress is None:
            progress = self.progress[period] = time_progress(period)
        return share < progress

    def badges(self, row: Row) -> str:
        """The row's targets by status (done, ahead, behind), or a dash for none."""
        badges = []
        for status, label, count in row.target_counts:
            shown = self.labels.get(status)
            if shown is None:
                shown = self.labels[status] = escape(label)
            badges.append(
                f'<span class="badge zt-status-{escape(status)}" title="{shown}">'
                f"{text(count)}</span> "
            )
        return "".join(badges) or '<span class="text-body-secondary">—</span>'


def _cell(scope: str, name: str, value, content: str, start: str = '<td class="text-end"') -> str:
    """A cell (``start``: its tag's start) marked as the figure ``name`` of ``scope``."""
    return f"{start}{figure_marks(name, value, scope)}>{content}</td>"


def _row(row: Row, page: _Page) -> str:
    f = row.figures
    assert f is not None and row.links is not None
    links = row.links
    scope = f"{row.kind}:{row.pk}"
    # Each link built once (a property of ProjectLinks builds its URL each time it is read).
    signed = escape(links.signed())
    plan = escape(links.plan())
    funnel = row.funnel
    cells = [
        f'<tr data-{escape(row.kind)}="{text(row.pk)}">'
        f'<th scope="row" class="fw-normal">'
        f'<a href="{escape(row.dashboard_url)}{page.query}" class="fw-semibold">'
        f"{escape(row.name)}</a>",
        f'<div class="small text-body-secondary">{escape(row.parent)}</div>' if row.parent else "",
        "</th>",
        _cell(
            scope,
            "signed_count",
            f.signed_count,
            f'<a href="{signed}">{text(f.signed_count)}</a>',
        ),
        _cell(
            scope,
            "signed_investment",
            f.signed_investment,
            f'<a href="{signed}">{escape(page.signed_unit.format(f.signed_investment))}</a>',
        ),
        _cell(
            scope,
            "start_rate",
            f.start_rate,
            f'<a href="{plan}" title="{text(f.started_new)} / {text(f.planned_new)}">'
            f"{escape(figure(f.start_rate, 'rate'))}</a>",
        ),
        _cell(
            scope,
            "start_or_resume_rate",
            f.start_or_resume_rate,
            f'<a href="{plan}">{escape(figure(f.start_or_resume_rate, "rate"))}</a>',
        ),
        _cell(
            scope,
            "completed_investment",
            f.completed_investment,
            f'<a href="{plan}">{escape(page.done_unit.format(f.completed_investment))}</a>',
        ),
        _cell(
            scope,
            "investment_completion_rate",
            f.investment_completion_rate,
            escape(figure(f.investment_completion_rate, "rate")),
            '<td class="text-end text-danger"' if page.behind_time(row) else '<td class="text-end"',
        ),
        _cell(
            scope,
            "project_count",
            funnel["projects"],
            f'<a href="{escape(links.all())}">{text(funnel["projects"])}</a>',
        ),
        _cell(
            scope,
            "reached_groundbreaking",
            funnel["groundbreaking"],
            f'<a href="{escape(links.reached_groundbreaking)}">'
            f"{text(funnel['groundbreaking'])}</a>",
        ),
        _cell(
            scope,
            "reached_production",
            funnel["production"],
            f'<a href="{escape(links.reached_production)}">{text(funnel["production"])}</a>',
        ),
    ]
    overdue = row.overdue
    if not overdue:
        shown = "0"
    elif row.wallboard_url:
        shown = (
            f'<a class="text-danger fw-semibold" href="{escape(row.wallboard_url)}'
            f'{page.overdue_query(links)}">{text(overdue)}</a>'
        )
    else:
        shown = f'<span class="text-danger fw-semibold">{text(overdue)}</span>'
    cells.append(_cell(scope, "overdue_milestones", overdue, shown))
    lights = row.lights
    if lights is not None:
        red, yellow = lights["red"], lights["yellow"]
        if red:
            shown = (
                f'<a class="text-danger fw-semibold" href="{escape(links.url(light="red"))}">'
                f"{text(red)}</a>"
            )
        else:
            shown = "0"
        cells.append(
            _cell(scope, "lights.red", red, shown, '<td class="text-end" data-lights="red"')
        )
        shown = (
            f'<a href="{escape(links.url(light="yellow"))}">{text(yellow)}</a>' if yellow else "0"
        )
        cells.append(
            _cell(
                scope, "lights.yellow", yellow, shown, '<td class="text-end" data-lights="yellow"'
            )
        )
    cells.append(f'<td class="text-nowrap">{page.badges(row)}</td></tr>')
    return "".join(cells)


def breakdown_body(
    rows: list[Row], signed_unit: MoneyUnit, done_unit: MoneyUnit, query: str = ""
) -> SafeString:
    """The ``<tr>`` of each row, in the active language; ``query`` (the page's) is kept by
    the link to a row's dashboard."""
    page = _Page(signed_unit, done_unit, query)
    return mark_safe("\n".join(_row(row, page) for row in rows))


# The land and funds table's columns: figure, the attribute of the zone's land or funds, and
# whether it is a sum ("1,234.50") or a count.
_LAND = (
    ("land.parcels_identified", "parcels_identified", False),
    ("land.mu_identified", "mu_identified", True),
    ("land.parcels_revitalized", "parcels_revitalized", False),
    ("land.mu_revitalized", "mu_revitalized", True),
)
_FUNDS = (
    ("funds.domestic", "domestic", True),
    ("funds.out_of_province", "out_of_province", True),
    ("funds.foreign_usd", "foreign_usd", True),
)


def resource_body(resources) -> SafeString:
    """The ``<tr>`` of each zone of the land and funds table: ``resources``, (zone, its
    land, its funds), a zone a dict with ``pk`` and ``name``."""
    rows = []
    dashboard = reverser("reports:zone")
    for zone, land, funds in resources:
        scope = f"zone:{zone['pk']}"
        cells = [
            f'<tr data-zone="{text(zone["pk"])}"><th scope="row" class="fw-normal">'
            f'<a href="{escape(dashboard(zone["pk"]))}">'
            f"{escape(zone['name'])}</a></th>"
        ]
        for columns, figures in ((_LAND, land), (_FUNDS, funds)):
            for name, attribute, money in columns:
                value = getattr(figures, attribute)
                shown = escape(two_places(value)) if money else text(value)
                cells.append(_cell(scope, name, value, shown))
        cells.append("</tr>")
        rows.append("".join(cells))
    return mark_safe("\n".join(rows))


def update_body(rows) -> SafeString:
    """The ``<tr>`` of each zone of the progress updates table (``UpdateRow``)."""
    lines = []
    for row in rows:
        scope = f"zone:{row.zone}"
        cells = [
            f'<tr data-zone="{text(row.zone)}"><th scope="row" class="fw-normal">'
            f'<a href="{escape(row.round_url)}">{escape(row.name)}</a></th>'
        ]
        for name, value, url in row.cells:
            shown = f'<a href="{escape(url)}">{text(value)}</a>' if value else text(value)
            cells.append(_cell(scope, name, value, shown, '<td class="text-end zt-num"'))
        cells.append("</tr>")
        lines.append("".join(cells))
    return mark_safe("\n".join(lines))


def milestone_cells(cells) -> SafeString:
    """A wall board row's milestone cells (``wallboard.Cell``): the actual date, or how many
    days an overdue one is late, and the planned date in brackets."""
    return mark_safe("".join(_milestone_cell(cell) for cell in cells))  # escaped in each


def _milestone_cell(cell) -> str:
    state = escape(cell.state)
    if cell.actual:
        done = f'<span class="zt-cell-date">{cell.actual_iso}</span>'
    elif cell.state == "overdue":
        late = ngettext("%(counter)s day late", "%(counter)s days late", cell.days) % {
            "counter": text(cell.days)
        }
        done = f'<span class="zt-cell-date">{escape(late)}</span>'
    else:
        done = ""
    if cell.planned:
        plan = f'<span class="zt-cell-plan">({cell.planned_iso})</span>'
    else:
        plan = "" if cell.actual else "—"
    return (
        f'\n<td class="zt-cell zt-cell-{state}" data-kind="{escape(cell.kind)}" '
        f'data-state="{state}">\n  {done}\n  {plan}\n</td>'
    )
