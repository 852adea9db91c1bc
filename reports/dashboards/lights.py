"""The lights row of a dashboard: projects by the colour of their light (红黄绿灯), each
count linking to the project list filtered to that colour within the scope."""

from dataclasses import dataclass

from supervision.lights.choices import LightColor

from ..figures.lights import COLORS, LightCounts, LightTrendPoint
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
