"""A region or zone dashboard: everything one page shows for one scope and period."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

from zonetrack.api.renderers import JSONText

from ..choices import ScopeType
from ..figures.bundle import ZoneFigures
from ..figures.funds import FundsFigures
from ..figures.land import LandFigures
from ..figures.lights import (
    LightCounts,
    LightTrendPoint,
)
from ..figures.metrics import Figures
from ..figures.parks import park_figures
from ..figures.period import Period, time_progress
from ..figures.restriction import EVERY_PROJECT, Restriction
from ..figures.rollups import read_regions, read_rows, serves
from ..figures.scopes import Scope, zones_of
from ..figures.stats import ScopeFigures, scope_figures, scope_standings, stats_json
from ..figures.supervision import SupervisionFigures
from ..figures.targets import kind_label
from ..figures.teams import TeamTotal
from ..figures.yoy import LastYear
from ..templatetags.dashboard import figure, heading, money_unit, threshold
from .breakdown import breakdown_chart, park_rows, region_rows, top_regions, zone_rows
from .common import money_units
from .funnel import add_counters, funnel_steps, lagging_milestones, negotiating_url
from .lights import light_tiles, light_trend_chart
from .links import ProjectLinks
from .monthly import monthly_chart, monthly_investment
from .supervision import SupervisionRow, supervision_row
from .targets import summed_target_rows, target_rows
from .tiles import tiles
from .trends import TREND_METRICS, trend, trend_chart
from .updates import column_labels, total_row, update_rows

# Zones drawn one bar each up to this many; beyond, the chart draws the sub-regions.
CHART_ZONES = 40
# Zones listed one row each up to this many when the scope has sub-regions to open instead
# (a province lists its 65 zones; the whole country lists its provinces).
TABLE_ZONES = 200
# The attraction teams a dashboard ranks; the team ranking page lists them all.
TOP_TEAMS = 5


@dataclass
class Dashboard:
    """Everything a region or zone dashboard shows for one scope and period."""

    scope: Scope
    period: Period
    figures: Figures
    links: ProjectLinks
    tiles: list
    targets: list
    funnel: list
    negotiating: int
    negotiating_url: str | None
    months: list
    trend: list | None
    supervision: SupervisionFigures
    supervision_row: SupervisionRow
    land: LandFigures
    funds: FundsFigures
    lights: LightCounts
    light_tiles: list
    light_trend: list[LightTrendPoint]
    last_year: LastYear  # the figures on the same date one year earlier (同比)
    source: str  # where the figures came from: rollup or live (reports.figures.stats)
    teams: list[TeamTotal]  # the best attraction teams of the year (比学赶超)
    team_count: int
    restriction: Restriction = EVERY_PROJECT  # the projects the plan figures count
    regions: list = field(default_factory=list)
    zones: list = field(default_factory=list)
    parks: list = field(default_factory=list)
    # What each park of a zone reported and its derived figures (reports.figures.parks)
    park_figures: list = field(default_factory=list)
    lagging: list = field(default_factory=list)
    overdue: int = 0  # milestones overdue on D
    zone_count: int = 0
    updates: list = field(default_factory=list)  # progress updates per zone
    # (zone, land figures, funds figures) per zone listed on a region's dashboard
    resources: list = field(default_factory=list)
    by_reds: bool = False  # the zone table sorted by red lights
    # The targets' progress as /api/stats/ lists them, when read ready-made from the rollups
    # (``ScopeFigures.target_json``; the figures then hold none).
    target_json: JSONText | None = None

    @property
    def restriction_label(self) -> str:
        """The projects the plan figures count ("1亿元以上 · 工业项目"), "" for every project."""
        restriction = self.restriction
        size = threshold(restriction.min_investment) if restriction.min_investment else ""
        kinds = kind_label(restriction.category, restriction.level)
        return " · ".join(part for part in (size, kinds) if part)

    @property
    def update_total(self):
        """The scope's row under its zones' (a region's, all of the user's zones')."""
        if self.scope.type == ScopeType.ZONE:
            return None
        return total_row(self.scope, self.period, self.supervision.updates)

    @property
    def update_columns(self):
        return column_labels()

    @property
    def time_progress(self) -> str:
        return f"{time_progress(self.period) * 100:.1f}"

    @property
    def charts_regions(self) -> bool:
        """Whether the side-by-side chart draws the sub-regions (too many zones for bars)."""
        return bool(self.regions) and self.zone_count > CHART_ZONES

    @property
    def trend_columns(self):
        """(metric, label, kind) of the figures a trend follows."""
        return [
            (metric, label, "money" if is_money else ("rate" if "rate" in metric else "count"))
            for metric, (_section, label, is_money) in TREND_METRICS.items()
        ]

    @property
    def quarter_labels(self):
        return [_("Q{quarter}").format(quarter=quarter) for quarter in range(1, 5)]

    @property
    def trend_units(self) -> dict:
        """metric -> the one unit of a money figure's columns, this year's and last's."""
        return {
            metric: money_unit(
                value
                for row in self.trend or ()
                for value in (row.values[metric], row.last_values[metric])
            )
            for metric, _label, kind in self.trend_columns
            if kind == "money"
        }

    @property
    def trend_headings(self):
        """The trend table's column groups: a money figure's label with its unit."""
        units = self.trend_units
        return [heading(label, units.get(metric)) for metric, label, _kind in self.trend_columns]

    @property
    def trend_table(self):
        """The trend's numbers as shown: (month, [(this year, last year), ...]) per row,
        formatted here because a table of 144 filtered cells is slow to render. Sums are in
        their column's unit, which the heading says.
        """
        units = self.trend_units

        def shown(value, metric, kind):
            return units[metric].format(value) if kind == "money" else figure(value, kind)

        return [
            (
                row.label,
                [
                    (
                        shown(row.values[metric], metric, kind),
                        shown(row.last_values[metric], metric, kind),
                    )
                    for metric, _label, kind in self.trend_columns
                ],
            )
            for row in self.trend or ()
        ]

    @property
    def has_trend(self) -> bool:
        return any(row.date or row.last_date for row in self.trend or ())

    @property
    def stats(self) -> dict:
        """The figures as /api/stats/ answers them for the same scope and date."""
        figures = ScopeFigures(
            ZoneFigures(
                self.figures,
                self.supervision,
                self.land,
                self.funds,
                self.lights,
                self.light_trend,
            ),
            self.last_year,
            self.source,
            target_json=self.target_json,
        )
        return stats_json(self.scope, self.period, self.restriction, figures)

    def charts(self) -> dict:
        data = {
            "funnel": {
                "names": [str(step.label) for step in self.funnel],
                "values": [step.projects for step in self.funnel],
            },
            "monthly": monthly_chart(self.months),
            "time_progress": round(time_progress(self.period) * 100, 1),
            "units": money_units(),
        }
        if self.trend is not None:
            data["trend"] = trend_chart(self.trend, self.period)
        data["light_trend"] = light_trend_chart(self.light_trend)
        if self.zones:
            rows = (
                self.zones if len(self.zones) <= CHART_ZONES or not self.regions else self.regions
            )
            data["breakdown"] = breakdown_chart(rows)
        return data


def _common(scope, period, parts: ScopeFigures, today, funnel_counts, restriction):
    total = parts.total
    figures = total.figures
    links = ProjectLinks.for_scope(scope, period)
    trend_rows = trend(scope, period)
    teams, team_count = scope_standings(scope, period, parts, TOP_TEAMS)
    return {
        "scope": scope,
        "period": period,
        "figures": figures,
        "links": links,
        "tiles": tiles(figures, links, period, parts.last_year.figures),
        "funnel": funnel_steps(funnel_counts, links),
        "negotiating": funnel_counts["negotiating"],
        "overdue": funnel_counts["overdue"],
        "negotiating_url": negotiating_url(links, today),
        "months": monthly_investment(period, figures, trend_rows, bool(restriction)),
        "trend": trend_rows,
        "supervision": total.supervision,
        "supervision_row": supervision_row(total.supervision, scope, period),
        "land": total.land,
        "funds": total.funds,
        "lights": total.lights,
        "light_tiles": light_tiles(total.lights, links),
        "light_trend": total.light_trend,
        "last_year": parts.last_year,
        "source": parts.source,
        "teams": teams,
        "team_count": team_count,
        "restriction": restriction,
        "target_json": parts.target_json,
    }


def region_dashboard(
    scope,
    period: Period,
    access,
    today: date,
    by_reds: bool = False,
    restriction: Restriction = EVERY_PROJECT,
) -> Dashboard:
    """A region (or everything a user reads): its figures, its sub-regions' and its zones'
    side by side; ``by_reds``: the zones with the most red lights first; the plan figures
    over ``restriction``'s projects.

    Zones are listed when there are few, or no sub-regions to open instead. Today's figures
    of the scope and of each sub-region are read from their region rows (the sums the
    rollups keep), and those of the zones listed from their rollups, as much as a row shows;
    otherwise the zones' figures are read (or computed) once and added up here.
    """
    zones = zones_of(scope)
    zone_ids = [zone["pk"] for zone in zones]
    regions = list(top_regions(scope, access).values("pk", "code", "name", "path"))
    listed = zones if len(zones) <= TABLE_ZONES or not regions else []
    parts = scope_figures(
        scope,
        period,
        restriction,
        zone_ids=zone_ids,
        per_zone=not serves(period, restriction),
        teams=True,
    )
    if parts.zones:
        zone_figures = parts.zones
        totals = {region["pk"]: ZoneFigures() for region in regions}
        for region in regions:
            for zone in zones:
                if zone["region__path"].startswith(region["path"]):
                    totals[region["pk"]] += zone_figures[zone["pk"]]
    else:
        zone_figures = read_rows([zone["pk"] for zone in listed], period)
        by_path = read_regions([region["path"] for region in regions], period)
        totals = {region["pk"]: by_path[region["path"]] for region in regions}
    return Dashboard(
        **_common(scope, period, parts, today, parts.total.funnel, restriction),
        resources=[
            (zone, zone_figures[zone["pk"]].land, zone_figures[zone["pk"]].funds) for zone in listed
        ],
        targets=summed_target_rows(parts.total.target_sums),
        regions=region_rows(period, regions, totals),
        zones=zone_rows(period, listed, zone_figures, by_reds),
        by_reds=by_reds,
        zone_count=len(zones),
        updates=update_rows(
            period,
            listed,
            {zone["pk"]: zone_figures[zone["pk"]].supervision.updates for zone in listed},
        ),
    )


def zone_dashboard(
    scope, period: Period, today: date, restriction: Restriction = EVERY_PROJECT
) -> Dashboard:
    """One zone: its figures (the plan's over ``restriction``'s projects), targets quarter by
    quarter, parks and lagging milestones."""
    parts = scope_figures(scope, period, restriction, zone_ids=[scope.id])
    figures = parts.total.figures
    parks = park_rows(scope, period)
    counts = add_counters(row.funnel for row in parks)
    common = _common(scope, period, parts, today, counts, restriction)
    zone = {"pk": scope.id, "name": scope.name}
    return Dashboard(
        **common,
        targets=target_rows(figures),
        parks=parks,
        park_figures=park_figures(scope, period),
        lagging=lagging_milestones(scope, period),
        updates=update_rows(period, [zone], {scope.id: common["supervision"].updates}),
    )
