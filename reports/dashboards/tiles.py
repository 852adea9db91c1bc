"""The KPI tiles of a dashboard: figures of /api/stats/ with their parts and links."""

from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from investment.choices import PlanType

from ..figures.metrics import Figures
from ..figures.numbers import ONE_YI, TEN_YI
from ..figures.period import Period, time_progress
from ..figures.yoy import growth, rate_change
from ..templatetags.dashboard import figure, year_on_year
from .common import percent_of
from .links import ProjectLinks

FIVE_YI = Decimal("50000")  # the 5亿 tier of seed 003 (5亿级以上项目)

# Not the completed-investment target's actual, which counts every project of the zone: the
# two carry different names and tooltips wherever both are shown.
PLAN_COMPLETED_INVESTMENT = _("Plan projects' investment completed")
PLAN_COMPLETED_INVESTMENT_TIP = _(
    "Investment completed this year by the projects on the year's key-project plan: the basis "
    "of the investment completion rate."
)

PART_TIPS = {"completed_investment": PLAN_COMPLETED_INVESTMENT_TIP}


@dataclass(frozen=True)
class Tile:
    """One KPI tile: a figure of /api/stats/ (``metric`` is its name there) and its parts."""

    metric: str
    label: str | Promise
    value: int | float | str | None  # as /api/stats/ gives it: int, float rate, or money string
    kind: str  # "count", "rate" or "money"
    url: str | None = None
    # (figure name, label, value, kind, url) shown under the figure; the names are those of
    # the quarterly report's columns (``data-figure``)
    parts: tuple = ()
    marker: str | None = None  # time progress (percent) drawn on a rate's bar
    figure: str = ""  # its ``data-figure`` name where it is not ``metric``
    compared: bool = False  # whether ``last`` holds the value on the same date last year
    last: int | float | str | None = None

    @property
    def change(self) -> float | None:
        """同比: a rate's change (a fraction of percentage points), else the growth."""
        if self.kind == "rate":
            return rate_change(self.value, self.last)
        return growth(self.value, self.last)

    @property
    def change_figure(self) -> str:
        """The change's ``data-figure`` name: its key in /api/stats/ and the quarterly report."""
        section = "rate_change" if self.kind == "rate" else "growth"
        return f"{section}.{self.figure_name}"

    @cached_property
    def year_on_year(self) -> dict | None:
        """The 同比 line under the figure, with last year's value to show on hover."""
        if not self.compared:
            return None
        change = self.change
        return {
            "text": year_on_year(change, self.kind),
            "last": _("Same date last year: {value}").format(value=figure(self.last, self.kind)),
            "change": change,
            "direction": "none" if not change else ("up" if change > 0 else "down"),
        }

    @property
    def figure_name(self) -> str:
        return self.figure or self.metric

    @property
    def raw(self) -> str:
        return "" if self.value is None else str(self.value)

    @cached_property
    def texts(self) -> dict:
        """The tile's numbers as shown (formatted here, once, rather than by filters)."""
        return {
            "value": figure(self.value, self.kind),
            "rate": figure(self.value, "rate") if self.kind == "rate" else None,
            "parts": [
                (name, label, figure(value, kind), url, value, PART_TIPS.get(name, ""))
                for name, label, value, kind, url in self.parts
            ],
        }

    @cached_property
    def bar(self) -> str | None:
        return percent_of(self.value, 1) if self.kind == "rate" else None

    @property
    def behind(self) -> bool:
        """A rate below the time progress drawn on its bar (时间过半任务未过半)."""
        if self.marker is None or self.value is None:
            return False
        return float(self.value) * 100 < float(self.marker)


def tiles(
    figures: Figures, links: ProjectLinks, period: Period, last: Figures | None = None
) -> list[Tile]:
    """The tiles of ``figures``; with ``last`` (the figures on the same date last year), each
    tile beside its value a year earlier, read by the same definition."""
    shown = _tiles(figures.as_dict(), links, period)
    if last is None:
        return shown
    before = _tiles(last.as_dict(), links, period)
    return [
        replace(tile, compared=True, last=earlier.value)
        for tile, earlier in zip(shown, before, strict=True)
    ]


def _tiles(data: dict, links: ProjectLinks, period: Period) -> list[Tile]:
    plan, signing = data["plan"], data["signing"]
    by_min = {Decimal(row["min_investment"]): row for row in signing["by_threshold"]}
    progress = f"{time_progress(period) * 100:.1f}"

    def threshold(minimum, metric, label):
        row = by_min[minimum]
        return Tile(
            metric,
            label,
            row["count"],
            "count",
            links.signed(minimum),
            (
                (
                    f"signed_investment_from_{minimum}",
                    _("Total investment"),
                    row["investment"],
                    "money",
                    None,
                ),
            ),
            figure=f"signed_count_from_{minimum}",
        )

    return [
        Tile(
            "signed_count",
            _("Projects signed"),
            signing["signed_count"],
            "count",
            links.signed(),
            (
                (
                    "signed_investment",
                    _("Total investment"),
                    signing["signed_investment"],
                    "money",
                    links.signed(),
                ),
            ),
        ),
        threshold(ONE_YI, "signed_count_1yi", _("Signed projects ≥ 100 million CNY")),
        threshold(FIVE_YI, "signed_count_5yi", _("Signed projects ≥ 500 million CNY")),
        threshold(TEN_YI, "signed_count_10yi", _("Signed projects ≥ 1 billion CNY")),
        Tile(
            "start_rate",
            _("Start rate"),
            plan["start_rate"],
            "rate",
            links.plan(PlanType.NEW),
            (
                ("started_new", _("started"), plan["started_new"], "count", links.started_new()),
                (
                    "planned_new",
                    _("planned new starts"),
                    plan["planned_new"],
                    "count",
                    links.plan(PlanType.NEW),
                ),
            ),
        ),
        Tile(
            "start_or_resume_rate",
            _("Start-or-resume rate"),
            plan["start_or_resume_rate"],
            "rate",
            links.plan(),
            (
                ("resumed", _("resumed"), plan["resumed"], "count", links.resumed()),
                (
                    "planned_continuing",
                    _("continuing"),
                    plan["planned_continuing"],
                    "count",
                    links.plan(PlanType.CONTINUING),
                ),
            ),
        ),
        Tile(
            "investment_completion_rate",
            _("Investment completion rate"),
            plan["investment_completion_rate"],
            "rate",
            links.plan(),
            (
                (
                    "completed_investment",
                    PLAN_COMPLETED_INVESTMENT,
                    plan["completed_investment"],
                    "money",
                    links.plan(),
                ),
                (
                    "planned_investment",
                    _("planned"),
                    plan["planned_investment"],
                    "money",
                    links.plan(),
                ),
            ),
            marker=progress,
        ),
        Tile(
            "completion_rate",
            _("Completion rate"),
            plan["completion_rate"],
            "rate",
            links.planned_completion(),
            (
                (
                    "completed",
                    _("completed"),
                    plan["completed"],
                    "count",
                    links.planned_completion(True),
                ),
                (
                    "planned_completion",
                    _("planned completions"),
                    plan["planned_completion"],
                    "count",
                    links.planned_completion(),
                ),
            ),
        ),
        Tile(
            "on_time_completion_rate",
            _("On-time completion rate"),
            plan["on_time_completion_rate"],
            "rate",
            links.planned_completion(),
            (
                ("completed_on_time", _("on time"), plan["completed_on_time"], "count", None),
                (
                    "planned_completion",
                    _("planned completions"),
                    plan["planned_completion"],
                    "count",
                    links.planned_completion(),
                ),
            ),
        ),
        Tile(
            "production_rate",
            _("In-production rate"),
            plan["production_rate"],
            "rate",
            None,
            (
                ("in_production", _("in production"), plan["in_production"], "count", None),
                (
                    "completed_in_year",
                    _("completed this year"),
                    plan["completed_in_year"],
                    "count",
                    None,
                ),
            ),
        ),
    ]
