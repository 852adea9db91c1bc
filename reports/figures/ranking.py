"""Zones ranked on one figure (比学赶超), with shared ranks for ties."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from parks.models import Zone

from .metrics import INVESTMENT, MEDIAN, MILESTONES, PLAN, figures_per_zone
from .numbers import decimal, money
from .period import Period
from .restriction import EVERY_PROJECT, Restriction
from .rollups import LIVE, ROLLUP, read_fields, serves
from .scopes import Scope

# A zone as ranked: its pk, code and name.
ZoneRow = dict[str, Any]


@dataclass(frozen=True)
class RankedMetric:
    label: str | Promise
    sections: tuple[str, ...]
    money: bool = False
    lower_is_better: bool = False
    plan_fields: tuple[str, ...] | None = None  # the plan figures it is computed from


def _plan(label: str | Promise, *fields: str, money: bool = False) -> RankedMetric:
    return RankedMetric(label, (PLAN,), plan_fields=fields, money=money)


RANKED_METRICS = {
    "planned_new": _plan(_("Planned new starts"), "planned_new"),
    "started_new": _plan(_("New starts started"), "started_new"),
    "start_rate": _plan(_("Start rate"), "planned_new", "started_new"),
    "planned_continuing": _plan(_("Planned continuing projects"), "planned_continuing"),
    "resumed": _plan(_("Continuing projects resumed"), "resumed"),
    "start_or_resume_rate": _plan(
        _("Start-or-resume rate"), "planned_new", "started_new", "planned_continuing", "resumed"
    ),
    "planned_completion": _plan(_("Planned completions"), "planned_completion"),
    "completed": _plan(_("Planned completions done"), "completed"),
    "completion_rate": _plan(_("Completion rate"), "planned_completion", "completed"),
    "on_time_completion_rate": _plan(
        _("On-time completion rate"), "planned_completion", "completed_on_time"
    ),
    "production_rate": _plan(_("In-production rate"), "completed_in_year", "in_production"),
    "planned_investment": _plan(_("Planned investment"), "planned_investment", money=True),
    "completed_investment": RankedMetric(
        _("Plan projects' investment completed"), (INVESTMENT,), money=True
    ),
    "investment_completion_rate": RankedMetric(
        _("Investment completion rate"), (PLAN, INVESTMENT), plan_fields=("planned_investment",)
    ),
    "signed_count": RankedMetric(_("Projects signed"), (MILESTONES,)),
    "signed_investment": RankedMetric(_("Investment signed"), (MILESTONES,), money=True),
    "groundbreaking": RankedMetric(_("Groundbreakings"), (MILESTONES,)),
    "completion": RankedMetric(_("Completions"), (MILESTONES,)),
    "production": RankedMetric(_("Productions"), (MILESTONES,)),
    "median_days_signing_to_groundbreaking": RankedMetric(
        _("Median days from signing to groundbreaking"), (MEDIAN,), lower_is_better=True
    ),
    "median_days_signing_to_production": RankedMetric(
        _("Median days from signing to production"), (MEDIAN,), lower_is_better=True
    ),
}
DEFAULT_METRIC = "start_rate"


def rank_zones(
    scope: Scope, period: Period, metric: str, restriction: Restriction = EVERY_PROJECT
) -> list[dict[str, Any]]:
    """Every zone of ``scope`` ordered best first on ``metric``, each with its rank; the plan
    figures over ``restriction``'s projects.

    Zones with equal values (as shown) share a rank and the next rank skips (1, 2, 2, 4);
    zones without a value (no denominator) come last, unranked. Ties list by zone code.
    """
    ranked = RANKED_METRICS[metric]
    zones = list(Zone.objects.filter(scope.q()).order_by("code").values("pk", "code", "name"))
    zone_ids = [zone["pk"] for zone in zones]
    if ranking_source(period, restriction) == ROLLUP:
        figures = read_fields(zone_ids, period, figure_names(metric))
    else:
        figures = figures_per_zone(
            scope, period, ranked.sections, zone_ids, ranked.plan_fields, restriction
        )
    return rank_values(metric, [(figures[zone["pk"]].value(metric), zone) for zone in zones])


# The medians ranked, and the histogram each is read from.
MEDIANS = {
    "median_days_signing_to_groundbreaking": "days_to_groundbreaking",
    "median_days_signing_to_production": "days_to_production",
}


def figure_names(metric: str) -> set[str]:
    """The section 6 figures (``Figures`` fields) ``metric`` is computed from."""
    if metric in MEDIANS:
        return {MEDIANS[metric]}
    ranked = RANKED_METRICS[metric]
    names = set(ranked.plan_fields or ())
    if INVESTMENT in ranked.sections:
        names.add("completed_investment")
    if MILESTONES in ranked.sections:
        names.add(metric)
    return names


def ranking_source(period: Period, restriction: Restriction = EVERY_PROJECT) -> str:
    """Where ``rank_zones`` reads the figures from: the rollups or the data."""
    return ROLLUP if serves(period, restriction) else LIVE


def rank_values(metric: str, values: Iterable[tuple[Any, ZoneRow]]) -> list[dict[str, Any]]:
    """``values`` of (value, zone as a dict of pk, code and name), in zone code order, ranked
    as ``rank_zones`` does; the dashboards rank the figures of a stored snapshot with it.
    """
    ranked = RANKED_METRICS[metric]
    rows = [(decimal(value) if ranked.money else value, zone) for value, zone in values]
    valued = [row for row in rows if row[0] is not None]
    valued.sort(key=lambda row: row[0], reverse=not ranked.lower_is_better)
    result: list[dict[str, Any]] = []
    rank, previous = 0, object()
    for position, (value, zone) in enumerate(valued, start=1):
        if value != previous:
            rank, previous = position, value
        result.append(_row(rank, zone, money(value) if ranked.money else value))
    result.extend(_row(None, zone, None) for value, zone in rows if value is None)
    return result


def _row(rank: int | None, zone: ZoneRow, value: Any) -> dict[str, Any]:
    return {
        "rank": rank,
        "zone": zone["pk"],
        "code": zone["code"],
        "name": zone["name"],
        "value": value,
    }
