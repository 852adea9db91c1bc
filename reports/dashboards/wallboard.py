"""The wall board (挂图作战): every key project of a zone as a row, its four milestones as
cells, planned against actual, overdue in red; the rows of red lights first, then yellow.

Key projects are those on the year's plan. The rows and their milestones are two queries, the
summary a third, however many projects the zone holds.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, F, OuterRef, Q, Subquery, Sum
from django.utils.functional import Promise

from investment.models import AnnualPlanEntry, InvestmentReport
from projects.choices import MILESTONE_ORDER, MilestoneKind
from projects.models import Milestone
from supervision.lights.show import reds_first

from ..figures.numbers import decimal
from ..figures.period import Period


@dataclass(frozen=True)
class Cell:
    """One milestone of a row as it stood on D: done (on time), late (done after its planned
    date), overdue (planned before D, not reached by D), planned, or none.
    """

    kind: str
    label: str | Promise
    planned: date | None
    actual: date | None
    state: str
    days: int | None  # late: days after the plan; overdue: days past the plan on D

    # ISO dates for the board: a wall of dates renders much faster than through |date.
    @property
    def planned_iso(self) -> str:
        return self.planned.isoformat() if self.planned else ""

    @property
    def actual_iso(self) -> str:
        return self.actual.isoformat() if self.actual else ""


def cell(kind, milestone, as_of: date, overdue: bool) -> Cell:
    """``overdue``: the milestone is among ``Milestone.objects.overdue(as_of)``, the one rule."""
    planned = milestone.planned_on if milestone else None
    actual = milestone.actual_on if milestone else None
    label = MilestoneKind(kind).label
    if actual is not None and actual <= as_of:
        late = planned is not None and actual > planned
        days = (actual - planned).days if late else None
        return Cell(kind, label, planned, actual, "late" if late else "done", days)
    if overdue and planned is not None:  # overdue means planned before as_of
        return Cell(kind, label, planned, None, "overdue", (as_of - planned).days)
    return Cell(kind, label, planned, None, "planned" if planned else "none", None)


@dataclass(frozen=True)
class BoardRow:
    entry: AnnualPlanEntry
    cells: list
    completed_investment: object
    image_progress: object

    @property
    def project(self):
        return self.entry.project

    @property
    def is_overdue(self) -> bool:
        return any(c.state == "overdue" for c in self.cells)


@dataclass(frozen=True)
class Board:
    rows: list
    projects: int
    overdue_projects: int
    overdue_by_kind: dict  # milestone kind -> overdue cells
    # Narrowed by the form: the counts are of the rows shown, not figures of the zone.
    filtered: bool = False


def key_projects(scope, period: Period, park=None, plan_type="", stage="", overdue=False, q=""):
    """The zone's plan entries of the year, filtered as the board's form asks."""
    entries = AnnualPlanEntry.objects.filter(project__zone_id=scope.id, year=period.year)
    if park:
        entries = entries.filter(project__park_id=park)
    if plan_type:
        entries = entries.filter(plan_type=plan_type)
    if stage:
        entries = entries.filter(project__stage=stage)
    if q:
        entries = entries.filter(
            Q(project__name__icontains=q)
            | Q(project__code__icontains=q)
            | Q(project__leader__icontains=q)
            | Q(project__investor__icontains=q)
        )
    if overdue:
        late = Milestone.objects.overdue(period.as_of).filter(project=OuterRef("project"))
        entries = entries.filter(Exists(late))
    return entries


def board(scope, period: Period, **filters) -> Board:
    entries = key_projects(scope, period, **filters)
    reports = InvestmentReport.objects.filter(
        project=OuterRef("project"), year=period.year, month__lte=period.last_month
    ).order_by()
    completed = reports.values("project").annotate(total=Sum("completed_investment"))
    progress = reports.filter(image_progress__isnull=False).order_by("-month")
    rows = (
        entries.select_related("project__park")
        .prefetch_related("project__milestones")
        .annotate(
            completed=Subquery(completed.values("total")[:1]),
            progress=Subquery(progress.values("image_progress")[:1]),
        )
        # The reds first (挂图作战 shows what lags on top), then by park and code.
        .order_by(
            reds_first("project"),
            F("project__park__name").asc(nulls_last=True),
            "project__code",
        )
    )
    overdue = set(
        Milestone.objects.overdue(period.as_of)
        .filter(project__in=entries.values("project"))
        .values_list("pk", flat=True)
    )
    board_rows = []
    for entry in rows:
        by_kind = {m.kind: m for m in entry.project.milestones.all()}
        cells = [
            cell(kind, m := by_kind.get(kind), period.as_of, m is not None and m.pk in overdue)
            for kind in MILESTONE_ORDER
        ]
        board_rows.append(BoardRow(entry, cells, decimal(entry.completed), entry.progress))
    late = Counter(c.kind for row in board_rows for c in row.cells if c.state == "overdue")
    return Board(
        board_rows,
        len(board_rows),
        sum(1 for row in board_rows if row.is_overdue),
        {kind: late[kind] for kind in MILESTONE_ORDER},
        filtered=any(filters.values()),
    )
