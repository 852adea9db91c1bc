"""Funds in place (资金到位, SPEC section 14), per zone and year.

The monthly reports of every project of the zone (not only the year's plan), months 1 to
D's, summed: 到位内资 (domestic, 万元), of which from other provinces (省外, a part of the
domestic funds, never added to them), and 到位外资 (foreign, 万美元).

资金到位率 (``in_place_rate``) reads only the projects that state their planned funds
(``Project.planned_funds``, 计划到位资金): their domestic funds in place as above / the sum of
their planned funds; null when no project of the scope states them. Two queries (the monthly
reports, the planned funds), grouped by zone when figures per zone are asked for.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum

from investment.models import InvestmentReport
from projects.models import Project

from .names import field_names
from .numbers import ZERO, decimal, money, rate
from .period import Period
from .scopes import Scope


@dataclass
class FundsFigures:
    domestic: Decimal = ZERO
    out_of_province: Decimal = ZERO
    foreign_usd: Decimal = ZERO
    # The projects stating their planned funds: how many, those funds, and their domestic
    # funds in place (a part of ``domestic``).
    projects_planned: int = 0
    planned: Decimal = ZERO
    in_place_of_planned: Decimal = ZERO

    @property
    def in_place_rate(self) -> float | None:
        """资金到位率: null when no project states its planned funds (not 0)."""
        if not self.projects_planned:
            return None
        return rate(self.in_place_of_planned, self.planned)

    def __iadd__(self, other: "FundsFigures") -> "FundsFigures":
        for name in field_names(type(self)):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    def __add__(self, other: "FundsFigures") -> "FundsFigures":
        total = FundsFigures()
        total += self
        total += other
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "domestic": money(self.domestic),
            "out_of_province": money(self.out_of_province),
            "foreign_usd": money(self.foreign_usd),
            "in_place_rate": self.in_place_rate,
        }


def _planned(scope: Scope, by_zone: bool) -> dict[int | None, dict[str, Any]]:
    """Group -> how many projects state their planned funds, and the sum of those funds."""
    projects = Project.objects.filter(scope.q("zone"), planned_funds__isnull=False).order_by()
    aggregates = {"count": Count("pk"), "planned": Sum("planned_funds")}
    if by_zone:
        rows = list(projects.values(group_key=F("zone_id")).annotate(**aggregates))
    else:
        rows = [{"group_key": None, **projects.aggregate(**aggregates)}]
    return {row["group_key"]: row for row in rows}


def _rows(scope: Scope, period: Period, by_zone: bool) -> dict[int | None, FundsFigures]:
    aggregates = {
        "domestic": Sum("funds_domestic"),
        "out_of_province": Sum("funds_out_of_province"),
        "foreign_usd": Sum("funds_foreign_usd"),
        "in_place_of_planned": Sum(
            "funds_domestic", filter=Q(project__planned_funds__isnull=False)
        ),
    }
    reports = InvestmentReport.objects.filter(
        scope.q("project__zone"), year=period.year, month__lte=period.last_month
    ).order_by()
    if by_zone:
        rows = list(reports.values(group_key=F("project__zone_id")).annotate(**aggregates))
    else:
        rows = [{"group_key": None, **reports.aggregate(**aggregates)}]
    results = {
        row["group_key"]: FundsFigures(
            domestic=decimal(row["domestic"]),
            out_of_province=decimal(row["out_of_province"]),
            foreign_usd=decimal(row["foreign_usd"]),
            in_place_of_planned=decimal(row["in_place_of_planned"]),
        )
        for row in rows
    }
    for key, planned in _planned(scope, by_zone).items():
        figures = results.setdefault(key, FundsFigures())
        figures.projects_planned = planned["count"] or 0
        figures.planned = decimal(planned["planned"])
    return results


def funds_figures(scope: Scope, period: Period) -> FundsFigures:
    """The funds in place of a scope (two queries)."""
    return _rows(scope, period, by_zone=False).get(None) or FundsFigures()


def funds_per_zone(
    scope: Scope, period: Period, zone_ids: Iterable[int]
) -> dict[int, FundsFigures]:
    """Zone id -> funds in place, for each of ``zone_ids`` (zeros without reports; two
    queries)."""
    rows = _rows(scope, period, by_zone=True)
    return {zone_id: rows.get(zone_id) or FundsFigures() for zone_id in zone_ids}
