"""Breakdown rows (sub-regions, zones, parks), every number linked to its projects."""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parks.access import READ
from parks.models import Park, Region

from ..choices import ScopeType
from ..figures.funnel import funnel
from ..figures.lights import LightCounts
from ..figures.metrics import Figures
from ..figures.numbers import decimal
from ..figures.period import time_progress
from .links import ProjectLinks, reverser
from .targets import status_counts, target_statuses


@dataclass
class Row:
    """One line of a breakdown table, every number linked to the projects behind it."""

    kind: str  # "region", "zone" or "park"
    pk: int | None
    name: str
    code: str = ""
    parent: str = ""
    figures: Figures | None = None
    funnel: Counter = field(default_factory=Counter)
    targets: Counter = field(default_factory=Counter)
    links: ProjectLinks | None = None
    dashboard_url: str | None = None
    wallboard_url: str | None = None
    # The lights in force on D (zones and regions of a region's dashboard; parks: none).
    lights: LightCounts | None = None

    @property
    def overdue(self) -> int:
        return self.funnel["overdue"]

    @property
    def plan_entries(self) -> int:
        return self.funnel["plan_entries"]

    @property
    def planned_investment(self) -> Decimal:
        return decimal(self.funnel["planned_investment"])

    @property
    def behind_time(self) -> bool:
        """Investment completion below the time progress (时间过半任务未过半)."""
        if self.figures is None or self.links is None:
            return False
        share = self.figures.investment_completion_rate
        return share is not None and share < time_progress(self.links.period)

    @property
    def red_url(self) -> str | None:
        return self.links.url(light="red") if self.links else None

    @property
    def yellow_url(self) -> str | None:
        return self.links.url(light="yellow") if self.links else None

    @property
    def target_counts(self):
        return status_counts(self.targets)


def top_regions(scope, access):
    """The regions a breakdown of ``scope`` starts from: a region's children; for everything a
    user reads, the highest regions it reads as a whole (the roots for an administrator).
    """
    if scope.type == ScopeType.REGION:
        return Region.objects.filter(parent_id=scope.id).order_by("code")
    if access.is_admin:
        return Region.objects.filter(parent__isnull=True).order_by("code")
    paths = sorted(access.region_paths.get(READ, ()))
    highest = [p for p in paths if not any(p != o and p.startswith(o) for o in paths)]
    return Region.objects.filter(path__in=highest).order_by("code")


def region_rows(period, regions, totals) -> list[Row]:
    """The sub-regions of a region (or the top regions of everything): ``regions`` (dicts
    with ``pk``, ``code``, ``name``), each with ``totals[pk]``, the sum of its zones'
    figures (``ZoneFigures``)."""
    base = reverse("projects:list")
    dashboard = reverser("reports:region")
    return [
        Row(
            "region",
            region["pk"],
            region["name"],
            region["code"],
            figures=totals[region["pk"]].figures,
            funnel=totals[region["pk"]].funnel,
            targets=target_statuses(totals[region["pk"]]),
            links=ProjectLinks(period, base, region=region["pk"]),
            dashboard_url=dashboard(region["pk"]),
            lights=totals[region["pk"]].lights,
        )
        for region in regions
    ]


def zone_rows(period, zones, zone_figures, by_reds=False):
    """The zones of a region (``zone_figures``: zone id -> ``ZoneFigures``), in code order,
    or with ``by_reds`` the most red lights first (then the most yellow; code order among
    equals)."""
    base = reverse("projects:list")
    dashboard, wallboard = reverser("reports:zone"), reverser("reports:wallboard")
    rows = [
        Row(
            "zone",
            zone["pk"],
            zone["name"],
            zone["code"],
            parent=zone["region__name"],
            figures=zone_figures[zone["pk"]].figures,
            funnel=zone_figures[zone["pk"]].funnel,
            targets=target_statuses(zone_figures[zone["pk"]]),
            links=ProjectLinks(period, base, zone=zone["pk"]),
            dashboard_url=dashboard(zone["pk"]),
            wallboard_url=wallboard(zone["pk"]),
            lights=zone_figures[zone["pk"]].lights,
        )
        for zone in zones
    ]
    if by_reds:
        rows.sort(key=lambda row: row.lights.reds_first if row.lights else (0, 0))
    return rows


def park_rows(scope, period):
    """The zone's parks (and its projects outside any park): projects, funnel, key projects
    of the year and their planned investment, overdue milestones. Three queries.
    """
    parks = list(Park.objects.filter(zone_id=scope.id).order_by("name").values("pk", "name"))
    park_funnel = funnel(scope, period, "park", with_plan=True)
    wallboard = reverse("reports:wallboard", args=[scope.id])
    rows = []
    for park in [*parks, {"pk": None, "name": _("Outside any park")}]:
        counts = park_funnel.get(park["pk"], Counter())
        if park["pk"] is None and not counts["projects"]:
            continue
        inside = park["pk"] is not None
        rows.append(
            Row(
                "park",
                park["pk"],
                park["name"],
                funnel=counts,
                links=ProjectLinks(period, zone=scope.id, park=park["pk"]) if inside else None,
                wallboard_url=f"{wallboard}?park={park['pk']}" if inside else wallboard,
            )
        )
    return rows


def breakdown_chart(rows: list[Row]) -> dict:
    """The rows' rates side by side (a region's zones or sub-regions)."""

    def percent(value):
        return None if value is None else round(value * 100, 2)

    return {
        "names": [row.name for row in rows],
        "series": {
            "start_or_resume_rate": str(_("Start-or-resume rate")),
            "investment_completion_rate": str(_("Investment completion rate")),
        },
        "start_or_resume_rate": [
            percent(row.figures.start_or_resume_rate if row.figures else None) for row in rows
        ],
        "investment_completion_rate": [
            percent(row.figures.investment_completion_rate if row.figures else None) for row in rows
        ],
    }
