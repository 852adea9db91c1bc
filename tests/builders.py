"""Builders for the metrics tests: a project with its milestone dates, plan entries, reports."""

from datetime import date
from decimal import Decimal

from rest_framework.test import APIClient

from investment.choices import PlanType
from projects.choices import MilestoneKind
from tests.factories import (
    AnnualPlanEntryFactory,
    InvestmentReportFactory,
    MilestoneFactory,
    ProjectFactory,
)

Y = 2026
AS_OF = date(2026, 11, 22)


def make_project(zone, total="10000", planned=None, **actual):
    """A project of ``zone`` with milestones: ``signing=date(...)`` etc. set actual dates;
    ``planned={"completion": date(...)}`` sets planned dates (a milestone without either is
    not created).
    """
    project = ProjectFactory(zone=zone, total_investment=Decimal(total))
    planned = planned or {}
    for kind in MilestoneKind.values:
        if kind in actual or kind in planned:
            MilestoneFactory(
                project=project,
                kind=kind,
                planned_on=planned.get(kind),
                actual_on=actual.get(kind),
            )
    return project


def make_plan(project, plan_type=PlanType.NEW, investment="1000", year=Y, resumed_on=None):
    return AnnualPlanEntryFactory(
        project=project,
        year=year,
        plan_type=plan_type,
        planned_investment=Decimal(investment),
        planned_start_on=date(year, 3, 1) if plan_type == PlanType.NEW else None,
        resumed_on=resumed_on,
    )


def make_report(project, month, completed="0", domestic="0", out="0", foreign="0", year=Y):
    return InvestmentReportFactory(
        project=project,
        year=year,
        month=month,
        completed_investment=Decimal(completed),
        funds_domestic=Decimal(domestic),
        funds_out_of_province=Decimal(out),
        funds_foreign_usd=Decimal(foreign),
    )


def api(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client
