"""The light counts (红黄绿灯, SPEC section 13), read from the stored lights.

For a scope and a day D: how many projects had each colour in force on D, and for each
rule how many it made yellow and red (a project counts under every rule among its
reasons). One query, however many zones and projects; ``light_counts_per_zone`` gives the
same counts grouped by zone (one query too), and ``light_trend`` the reds and yellows in
force on each of several days (the month ends of a year: one query, read from the lights
stored as changes).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, F, Q

from supervision.lights.choices import LightColor, LightRuleKind
from supervision.lights.models import ProjectLight, in_force_on

from .period import Period
from .scopes import Scope

COLORS = tuple(LightColor.values)
RULE_COLORS = (LightColor.YELLOW, LightColor.RED)


def _aggregates() -> dict[str, Count]:
    aggregates = {color: Count("pk", filter=Q(color=color)) for color in COLORS}
    for rule in LightRuleKind.values:
        for color in RULE_COLORS:
            aggregates[f"{rule}__{color}"] = Count(
                "pk", filter=Q(rule_colors__contains=f",{rule}:{color},")
            )
    return aggregates


@dataclass
class LightCounts:
    counts: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, name: str) -> int:
        return self.counts.get(name, 0)

    @property
    def total(self) -> int:
        return sum(self[color] for color in COLORS)

    def __add__(self, other: "LightCounts") -> "LightCounts":
        """The counts of two scopes together (a region's from its zones')."""
        names = set(self.counts) | set(other.counts)
        return LightCounts({name: self[name] + other[name] for name in names})

    @property
    def reds_first(self) -> tuple[int, int]:
        """The sort key of the zone table "by reds" (descending: reds, then yellows)."""
        return (-self[LightColor.RED], -self[LightColor.YELLOW])

    def as_dict(self) -> dict[str, Any]:
        return {
            **{color: self[color] for color in COLORS},
            "by_rule": [
                {"rule": rule, **{color: self[f"{rule}__{color}"] for color in RULE_COLORS}}
                for rule in LightRuleKind.values
            ],
        }


def _lights(scope: Scope, day: date) -> Any:
    return ProjectLight.objects.on(day).filter(scope.q("zone")).order_by()


def light_counts(scope: Scope, day: date) -> LightCounts:
    """The counts of ``scope`` on ``day`` (one query)."""
    return LightCounts(_lights(scope, day).aggregate(**_aggregates()))


def light_counts_per_zone(scope: Scope, day: date) -> dict[int, LightCounts]:
    """Zone id -> the counts of its lights on ``day`` (zones without lights are left out)."""
    rows = _lights(scope, day).values(group=F("zone_id")).annotate(**_aggregates())
    return {row.pop("group"): LightCounts(row) for row in rows}


@dataclass(frozen=True)
class LightTrendPoint:
    """The reds and yellows of a scope in force on ``day``."""

    day: date
    red: int
    yellow: int

    def as_dict(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "red": self.red, "yellow": self.yellow}


def light_trend(scope: Scope, days: list[date]) -> list[LightTrendPoint]:
    """For each of ``days`` (ascending), how many projects of ``scope`` had a red and a yellow
    light in force that day: one query, two conditional counts per day over the rows that
    overlap the days (a light row covers every day from ``valid_from`` until ``valid_to``)."""
    return _trend(scope, days, by_zone=False).get(None, _no_trend(days))


def light_trend_per_zone(
    scope: Scope, days: list[date], zone_ids: Iterable[int]
) -> dict[int, list[LightTrendPoint]]:
    """Zone id -> its trend on ``days``, for each of ``zone_ids`` (the same query, grouped
    by zone)."""
    trends = _trend(scope, days, by_zone=True)
    return {zone_id: trends.get(zone_id) or _no_trend(days) for zone_id in zone_ids}


def _no_trend(days: list[date]) -> list[LightTrendPoint]:
    return [LightTrendPoint(day, 0, 0) for day in days]


def _trend(
    scope: Scope, days: list[date], by_zone: bool
) -> dict[int | None, list[LightTrendPoint]]:
    if not days:
        return {}
    aggregates = {
        f"{color}_{index}": Count("pk", filter=in_force_on(day) & Q(color=color))
        for index, day in enumerate(days)
        for color in RULE_COLORS
    }
    overlapping = (
        ProjectLight.objects.filter(scope.q("zone"), valid_from__lte=days[-1])
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=days[0]))
        .order_by()
    )
    if by_zone:
        rows = list(overlapping.values(group=F("zone_id")).annotate(**aggregates))
    else:
        rows = [{"group": None, **overlapping.aggregate(**aggregates)}]
    return {
        row["group"]: [
            LightTrendPoint(day, row[f"red_{index}"] or 0, row[f"yellow_{index}"] or 0)
            for index, day in enumerate(days)
        ]
        for row in rows
    }


def year_light_trend(scope: Scope, period: Period) -> list[LightTrendPoint]:
    """The reds and yellows at each month's end of the year so far (the last point on
    ``as_of`` when the month is not over): one query."""
    return light_trend(scope, period.month_cuts())
