"""Funds in place (资金到位, SPEC section 14), per zone and year.

The monthly reports of every project of the zone (not only the year's plan), months 1 to
D's, summed: 到位内资 (domestic, 万元), of which from other provinces (省外, a part of the
domestic funds, never added to them), and 到位外资 (foreign, 万美元). One query, grouped by
zone when figures per zone are asked for.

资金到位率 (funds in place against a project's planned funds) is not computed: no project or
plan entry states its planned funds.
"""

from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.db.models import F, Sum

from investment.models import InvestmentReport

from .numbers import ZERO, decimal, money
from .period import Period
from .scopes import Scope


@dataclass
class FundsFigures:
    domestic: Decimal = ZERO
    out_of_province: Decimal = ZERO
    foreign_usd: Decimal = ZERO

    def __iadd__(self, other: "FundsFigures") -> "FundsFigures":
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
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
        }


def _rows(scope: Scope, period: Period, by_zone: bool) -> dict[int | None, FundsFigures]:
    aggregates = {
        "domestic": Sum("funds_domestic"),
        "out_of_province": Sum("funds_out_of_province"),
        "foreign_usd": Sum("funds_foreign_usd"),
    }
    reports = InvestmentReport.objects.filter(
        scope.q("project__zone"), year=period.year, month__lte=period.last_month
    ).order_by()
    if by_zone:
        rows = list(reports.values(group_key=F("project__zone_id")).annotate(**aggregates))
    else:
        rows = [{"group_key": None, **reports.aggregate(**aggregates)}]
    return {
        row["group_key"]: FundsFigures(
            domestic=decimal(row["domestic"]),
            out_of_province=decimal(row["out_of_province"]),
            foreign_usd=decimal(row["foreign_usd"]),
        )
        for row in rows
    }


def funds_figures(scope: Scope, period: Period) -> FundsFigures:
    """The funds in place of a scope (one query)."""
    return _rows(scope, period, by_zone=False).get(None) or FundsFigures()


def funds_per_zone(
    scope: Scope, period: Period, zone_ids: Iterable[int]
) -> dict[int, FundsFigures]:
    """Zone id -> funds in place, for each of ``zone_ids`` (zeros without reports; one query)."""
    rows = _rows(scope, period, by_zone=True)
    return {zone_id: rows.get(zone_id) or FundsFigures() for zone_id in zone_ids}
