from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from investment.choices import PlanType, TargetMetric
from investment.models import (
    AnnualPlanEntry,
    InvestmentReport,
    Target,
    projects_missing_report,
    reporting_period,
)
from projects.choices import MilestoneKind, Status
from projects.models import Project
from tests.builders import make_plan, make_project
from tests.factories import (
    AnnualPlanEntryFactory,
    InvestmentReportFactory,
    MilestoneFactory,
    ProjectFactory,
    StartedProjectFactory,
    TargetFactory,
    ZoneFactory,
)
from tests.validation import accepted, refused

pytestmark = pytest.mark.django_db


# Annual plan entries


def test_it_refuses_a_project_twice_on_one_years_plan():
    entry = AnnualPlanEntryFactory(year=2026)
    duplicate = AnnualPlanEntryFactory.build(project=entry.project, year=2026)
    assert refused(duplicate, "year") == ["该项目已列入本年度计划。"]
    accepted(AnnualPlanEntryFactory.build(project=entry.project, year=2027))
    assert AnnualPlanEntry.objects.filter(project=entry.project).count() == 2


def test_it_refuses_negative_planned_investment():
    entry = AnnualPlanEntryFactory.build(project=ProjectFactory(), planned_investment=Decimal("-5"))
    refused(entry, "planned_investment")


def test_only_a_new_start_has_a_planned_start_date():
    entry = AnnualPlanEntryFactory.build(
        project=ProjectFactory(), plan_type=PlanType.CONTINUING, planned_start_on=date(2026, 3, 1)
    )
    refused(entry, "planned_start_on")
    entry.planned_start_on = None
    accepted(entry)


def test_only_a_continuing_project_resumes(frozen_today):
    entry = AnnualPlanEntryFactory.build(
        project=ProjectFactory(), plan_type=PlanType.NEW, resumed_on=date(2026, 3, 1)
    )
    refused(entry, "resumed_on")


def test_work_resumes_within_the_plan_year(frozen_today):
    entry = AnnualPlanEntryFactory.build(
        project=ProjectFactory(),
        plan_type=PlanType.CONTINUING,
        planned_start_on=None,
        resumed_on=date(2025, 12, 31),
    )
    assert refused(entry, "resumed_on") == ["复工日期必须在计划年度 2026 年内。"]
    entry.resumed_on = date(2026, 1, 1)
    accepted(entry)


def test_a_resumption_cannot_be_in_the_future(frozen_today):
    entry = AnnualPlanEntryFactory.build(
        project=ProjectFactory(),
        plan_type=PlanType.CONTINUING,
        planned_start_on=None,
        resumed_on=date(2026, 11, 23),
    )
    refused(entry, "resumed_on")


@pytest.mark.parametrize(("year", "ok"), [(1999, False), (2000, True), (2100, True), (2101, False)])
def test_plan_years_are_plausible(year, ok):
    entry = AnnualPlanEntryFactory.build(project=ProjectFactory(), year=year, planned_start_on=None)
    if ok:
        accepted(entry)
    else:
        refused(entry, "year")


# Monthly investment reports


@pytest.mark.parametrize(("month", "ok"), [(0, False), (1, True), (12, True), (13, False)])
def test_months_run_from_1_to_12(month, ok, frozen_today):
    report = InvestmentReportFactory.build(project=StartedProjectFactory(), year=2025, month=month)
    if ok:
        accepted(report)
    else:
        assert refused(report, "month") == ["月份必须在 1 到 12 之间。"]


@pytest.mark.parametrize(
    "field",
    ["completed_investment", "funds_domestic", "funds_out_of_province", "funds_foreign_usd"],
)
def test_report_money_is_never_negative(field, frozen_today):
    report = InvestmentReportFactory.build(
        project=StartedProjectFactory(), **{field: Decimal("-0.01")}
    )
    assert refused(report, field) == ["不能为负数。"]


@pytest.mark.parametrize(
    ("progress", "ok"),
    [
        (Decimal("-1"), False),
        (Decimal("0"), True),
        (Decimal("100"), True),
        (Decimal("100.01"), False),
    ],
)
def test_image_progress_is_a_percentage(progress, ok, frozen_today):
    report = InvestmentReportFactory.build(project=StartedProjectFactory(), image_progress=progress)
    if ok:
        accepted(report)
    else:
        refused(report, "image_progress")


def test_it_refuses_a_second_report_for_the_same_month(frozen_today):
    report = InvestmentReportFactory(year=2026, month=3)
    duplicate = InvestmentReportFactory.build(project=report.project, year=2026, month=3)
    assert refused(duplicate, "month") == ["该项目本月已有报表。"]
    assert InvestmentReport.objects.count() == 1


def test_the_database_refuses_a_doubled_report_even_without_validation(frozen_today):
    report = InvestmentReportFactory(year=2026, month=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        InvestmentReportFactory(project=report.project, year=2026, month=3)


def test_the_current_month_may_be_reported_but_not_the_next(frozen_today):
    project = StartedProjectFactory()
    accepted(InvestmentReportFactory.build(project=project, year=2026, month=11))
    refused(InvestmentReportFactory.build(project=project, year=2026, month=12), "month")


def test_it_refuses_out_of_province_funds_above_the_domestic_funds_they_are_part_of(
    frozen_today,
):
    report = InvestmentReportFactory.build(
        project=StartedProjectFactory(),
        funds_domestic=Decimal("300.00"),
        funds_out_of_province=Decimal("300.01"),
    )
    assert refused(report, "funds_out_of_province") == [
        "省外资金是到位内资的一部分，不能大于到位内资。"
    ]
    report.funds_out_of_province = Decimal("300.00")
    accepted(report)


def test_the_database_refuses_out_of_province_funds_above_domestic_even_without_validation():
    with pytest.raises(IntegrityError), transaction.atomic():
        InvestmentReportFactory(
            project=StartedProjectFactory(),
            funds_domestic=Decimal("10.00"),
            funds_out_of_province=Decimal("10.01"),
        )


def test_it_refuses_a_months_investment_above_the_projects_whole_investment(frozen_today):
    project = StartedProjectFactory(total_investment=Decimal("5000.00"))
    report = InvestmentReportFactory.build(project=project, completed_investment=Decimal("5000.01"))
    assert refused(report, "completed_investment") == [
        "当月完成投资（5000.01 万元）不能超过项目总投资（5000.00 万元）。"
    ]
    report.completed_investment = Decimal("5000.00")
    accepted(report)


@pytest.mark.parametrize(
    ("groundbreaking", "ok"),
    [
        (None, False),  # never broke ground
        (date(2026, 4, 1), False),  # the month after March
        (date(2026, 3, 31), True),  # the last day of March counts
        (date(2025, 7, 1), True),
    ],
)
def test_investment_counts_from_the_month_the_project_broke_ground(
    groundbreaking, ok, frozen_today
):
    project = ProjectFactory()
    MilestoneFactory(
        project=project,
        kind=MilestoneKind.GROUNDBREAKING,
        planned_on=date(2026, 3, 1),
        actual_on=groundbreaking,
    )
    report = InvestmentReportFactory.build(project=project, year=2026, month=3)
    if ok:
        accepted(report)
    else:
        assert refused(report, "completed_investment") == [
            "项目截至 2026-03 月底尚未开工，其投资不计入统计。"
        ]


def test_funds_without_investment_may_be_reported_before_groundbreaking(frozen_today):
    # Money arrives before the works; only completed investment waits for the groundbreaking.
    report = InvestmentReportFactory.build(
        project=ProjectFactory(), completed_investment=Decimal("0"), funds_domestic=Decimal("80")
    )
    report.funds_out_of_province = Decimal("0")
    accepted(report)


# Targets


def test_quarterly_values_are_cumulative():
    target = TargetFactory.build(
        zone=ZoneFactory(), annual_value=Decimal("22"), q1_value=Decimal("6"), q2_value=Decimal("5")
    )
    refused(target, "q2_value")
    target.q2_value = Decimal("11")
    target.q3_value = Decimal("16")
    accepted(target)


def test_a_quarter_cannot_exceed_the_annual_value():
    target = TargetFactory.build(
        zone=ZoneFactory(), annual_value=Decimal("22"), q3_value=Decimal("23")
    )
    refused(target, "annual_value")


def test_it_refuses_a_duplicate_target_but_allows_another_minimum():
    target = TargetFactory(metric=TargetMetric.SIGNED_COUNT, min_investment=Decimal("10000"))
    same = TargetFactory.build(
        zone=target.zone, metric=TargetMetric.SIGNED_COUNT, min_investment=Decimal("10000")
    )
    refused(same, "metric")
    accepted(
        TargetFactory.build(
            zone=target.zone, metric=TargetMetric.SIGNED_COUNT, min_investment=Decimal("100000")
        )
    )
    assert Target.objects.count() == 2


def test_target_values_are_never_negative():
    refused(TargetFactory.build(zone=ZoneFactory(), annual_value=Decimal("-1")), "annual_value")


# Shared definitions of overdue work


def test_the_report_due_is_the_previous_months():
    assert reporting_period(date(2026, 11, 22)) == (2026, 10)
    assert reporting_period(date(2026, 1, 1)) == (2025, 12)


def test_a_new_start_past_its_planned_start_is_not_started_until_groundbreaking(frozen_today):
    late = AnnualPlanEntryFactory(year=2026, planned_start_on=date(2026, 6, 1))
    AnnualPlanEntryFactory(year=2026, planned_start_on=date(2026, 12, 1))
    started = AnnualPlanEntryFactory(year=2026, planned_start_on=date(2026, 6, 1))
    MilestoneFactory(
        project=started.project, kind=MilestoneKind.SIGNING, actual_on=date(2026, 5, 1)
    )
    MilestoneFactory(
        project=started.project, kind=MilestoneKind.GROUNDBREAKING, actual_on=date(2026, 7, 1)
    )
    assert list(AnnualPlanEntry.objects.not_started(frozen_today)) == [late]


def test_missing_reports_are_those_of_started_active_projects_on_the_plan(frozen_today):
    def started_project(**kwargs):
        project = ProjectFactory(is_attracted=False, **kwargs)
        AnnualPlanEntryFactory(project=project, year=2026, planned_start_on=None)
        MilestoneFactory(
            project=project, kind=MilestoneKind.GROUNDBREAKING, actual_on=date(2026, 3, 1)
        )
        return project

    missing = started_project()
    reported = started_project()
    InvestmentReportFactory(project=reported, year=2026, month=10)
    started_project(status=Status.STALLED, status_reason="停工")
    late_start = ProjectFactory(is_attracted=False)
    AnnualPlanEntryFactory(project=late_start, year=2026, planned_start_on=None)
    MilestoneFactory(
        project=late_start, kind=MilestoneKind.GROUNDBREAKING, actual_on=date(2026, 11, 1)
    )
    ProjectFactory()  # not on the plan
    assert list(projects_missing_report(Project.objects.all(), 2026, 10)) == [missing]


def test_a_cancelled_projects_new_start_is_no_longer_reported_as_not_started(zone_a):
    waiting = make_plan(make_project(zone_a))
    dropped = make_plan(make_project(zone_a))
    dropped.project.status, dropped.project.status_reason = Status.CANCELLED, "投资方撤回"
    dropped.project.save()
    late = AnnualPlanEntry.objects.not_started(date(2026, 11, 22))
    assert list(late.values_list("pk", flat=True)) == [waiting.pk]
