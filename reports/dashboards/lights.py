"""The lights row of a dashboard: projects by the colour of their light (红黄绿灯), each
count linking to the project list filtered to that colour within the scope."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, IntegerField, Value, When

from supervision.lights.choices import LightColor
from supervision.lights.models import ProjectLight
from supervision.lights.reasons import summary

from ..figures.lights import COLORS, LightCounts, LightTrendPoint
from ..figures.scopes import Scope
from .links import ProjectLinks
from .monthly import month_label

SECTION = "lights"


@dataclass(frozen=True)
class LightTile:
    color: str
    label: str
    value: int
    url: str
    figure: str


def light_tiles(counts: LightCounts, links: ProjectLinks) -> list[LightTile]:
    return [
        LightTile(
            color,
            str(LightColor(color).label),
            counts[color],
            links.url(light=color),
            f"{SECTION}.{color}",
        )
        for color in COLORS
    ]


def light_trend_chart(points: list[LightTrendPoint]) -> dict:
    """The reds and yellows month by month, for the chart (the table shows the same)."""
    return {
        "labels": [str(month_label(point.day.month)) for point in points],
        "names": {"red": str(LightColor.RED.label), "yellow": str(LightColor.YELLOW.label)},
        "red": [point.red for point in points],
        "yellow": [point.yellow for point in points],
    }


# The wall display's list of lagging projects: as many as a screen shows at once.
SCREEN_LIGHTS = 12


@dataclass(frozen=True)
class LitProject:
    """A red or yellow project as the wall display lists it."""

    pk: int
    name: str
    zone: str
    color: str
    label: str
    since: date
    summary: str


def lit_projects(scope: Scope, day: date, limit: int = SCREEN_LIGHTS) -> list[LitProject]:
    """The red projects of ``scope`` in force on ``day``, then the yellow ones, each colour
    the longest-standing first (since the day its light took this form): one query."""
    rank = Case(
        When(color=LightColor.RED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    lights = (
        ProjectLight.objects.on(day)
        .filter(scope.q("zone"), color__in=(LightColor.RED, LightColor.YELLOW))
        .select_related("project", "zone")
        .only("color", "reasons", "valid_from", "project__name", "zone__name")
        .order_by(rank, "valid_from", "project_id")[:limit]
    )
    return [
        LitProject(
            light.project_id,
            light.project.name,
            light.zone.name,
            light.color,
            str(LightColor(light.color).label),
            light.valid_from,
            summary(light.reasons, day),
        )
        for light in lights
    ]
