"""/api/plans/, /api/investment-reports/ and /api/targets/: the shared cases, then particulars."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache

from investment.models import AnnualPlanEntry, InvestmentReport, Target
from parks.choices import Role
from projects.choices import MilestoneKind
from tests.api.cases import APICases, client_for
from tests.factories import (
    AnnualPlanEntryFactory,
    InvestmentReportFactory,
    MembershipFactory,
    MilestoneFactory,
    ProjectFactory,
    StartedProjectFactory,
    TargetFactory,
    UserFactory,
)


@pytest.fixture
def lead_b(zone_b):
    """A zone lead of zone B: sets targets, but only zone B's."""
    user = UserFactory(username="lead_b")
    MembershipFactory(user=user, zone=zone_b, role=Role.ZONE_LEAD)
    return user


class TestPlanAPI(APICases):
    url = "/api/plans/"
    model = AnnualPlanEntry
    zone_field = "project"

    def make(self, zone):
        return AnnualPlanEntryFactory(project=ProjectFactory(zone=zone))

    def create_data(self, zone):
        return {
            "year": 2026,
            "project": ProjectFactory(zone=zone).pk,
            "plan_type": "continuing",
            "planned_investment": "8000.00",
            "planned_start_on": None,
            "resumed_on": "2026-02-20",
        }

    def update_data(self, obj):
        return {"planned_investment": "9000.00", "planned_start_on": "2026-05-01"}


class TestInvestmentReportAPI(APICases):
    url = "/api/investment-reports/"
    model = InvestmentReport
    zone_field = "project"

    def make(self, zone):
        return InvestmentReportFactory(project=StartedProjectFactory(zone=zone))

    def create_data(self, zone):
        return {
            "project": StartedProjectFactory(zone=zone).pk,
            "year": 2026,
            "month": 10,
            "completed_investment": "1200.00",
            "funds_domestic": "1100.00",
            "funds_out_of_province": "300.00",
            "funds_foreign_usd": "15.00",
            "image_progress": "80.00",
            "note": "主体结构封顶",
        }

    def update_data(self, obj):
        return {"completed_investment": "1300.50", "image_progress": "85.00"}


class TestTargetAPI(APICases):
    url = "/api/targets/"
    model = Target
    writer = "carol"
    reader = "alice"
    outsider = "lead_b"

    def make(self, zone):
        return TargetFactory(zone=zone)

    def make_many(self, zone, count):
        # One target per zone, year, metric and minimum: vary the minimum.
        start = Target.objects.count()
        return [TargetFactory(zone=zone, min_investment=Decimal(start + i)) for i in range(count)]

    def create_data(self, zone):
        return {
            "zone": zone.pk,
            "year": 2026,
            "metric": "signed_investment",
            "min_investment": "10000.00",
            "annual_value": "1520000.00",
            "q1_value": "300000.00",
            "q2_value": "760000.00",
            "q3_value": "1100000.00",
        }

    def update_data(self, obj):
        return {"annual_value": "25.00", "q2_value": "12.00"}


@pytest.fixture
def api(frozen_today):
    cache.clear()  # API throttling counts requests in the cache
    return client_for


# -- plans -----------------------------------------------------------------------------------


def test_it_reports_a_duplicate_plan_entry_once_on_year(api, alice, zone_a):
    entry = AnnualPlanEntryFactory(project=ProjectFactory(zone=zone_a))
    data = {"year": 2026, "project": entry.project_id, "plan_type": "new"}
    response = api(alice).post("/api/plans/", data | {"planned_investment": "1"}, format="json")
    assert response.status_code == 400
    assert response.data == {"year": ["该项目已列入本年度计划。"]}
    assert AnnualPlanEntry.objects.count() == 1


def test_a_new_start_does_not_resume(api, alice, zone_a):
    project = ProjectFactory(zone=zone_a)
    data = {"year": 2026, "project": project.pk, "plan_type": "new", "planned_investment": "1"}
    response = api(alice).post("/api/plans/", data | {"resumed_on": "2026-03-01"}, format="json")
    assert response.status_code == 400
    assert response.data == {"resumed_on": ["只有续建项目才有复工日期。"]}


def test_the_plan_filters(api, dave, zone_a, zone_b):
    new_a = AnnualPlanEntryFactory(project=ProjectFactory(zone=zone_a), year=2026)
    old_a = AnnualPlanEntryFactory(project=new_a.project, year=2025)
    cont_b = AnnualPlanEntryFactory(
        project=ProjectFactory(zone=zone_b), plan_type="continuing", planned_start_on=None
    )

    def ids(**query):
        return {r["id"] for r in api(dave).get("/api/plans/", query).data["results"]}

    assert ids(year=2026) == {new_a.pk, cont_b.pk}
    assert ids(zone=zone_a.pk) == {new_a.pk, old_a.pk}
    assert ids(plan_type="continuing") == {cont_b.pk}
    assert ids(project=new_a.project_id, year=2025) == {old_a.pk}


# -- monthly reports -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "month, message",
    [(13, "月份必须在 1 到 12 之间。"), (12, "月份尚未开始，不能填报。")],
)
def test_it_refuses_an_impossible_or_future_month(api, alice, zone_a, month, message):
    project = ProjectFactory(zone=zone_a)
    data = {"project": project.pk, "year": 2026, "month": month}
    response = api(alice).post("/api/investment-reports/", data, format="json")
    assert response.status_code == 400
    assert response.data == {"month": [message]}
    assert not InvestmentReport.objects.exists()


def test_it_reports_a_duplicate_month_once(api, alice, zone_a):
    report = InvestmentReportFactory(project=ProjectFactory(zone=zone_a), month=10)
    data = {"project": report.project_id, "year": 2026, "month": 10}
    response = api(alice).post("/api/investment-reports/", data, format="json")
    assert response.status_code == 400
    assert response.data == {"month": ["该项目本月已有报表。"]}


def test_omitted_report_figures_are_zero_with_two_decimals(api, alice, zone_a):
    project = StartedProjectFactory(zone=zone_a)
    data = {"project": project.pk, "year": 2026, "month": 10, "completed_investment": 12.5}
    response = api(alice).post("/api/investment-reports/", data, format="json")
    assert response.status_code == 201, response.data
    assert response.data["completed_investment"] == "12.50"
    assert response.data["funds_domestic"] == "0.00"
    assert response.data["image_progress"] is None


def test_it_refuses_out_of_province_funds_above_the_domestic_funds_they_are_part_of(
    api, alice, zone_a
):
    data = {"project": StartedProjectFactory(zone=zone_a).pk, "year": 2026, "month": 10}
    data |= {"funds_domestic": "300.00", "funds_out_of_province": "300.01"}
    response = api(alice).post("/api/investment-reports/", data, format="json")
    assert response.status_code == 400
    assert response.data == {
        "funds_out_of_province": ["省外资金是到位内资的一部分，不能大于到位内资。"]
    }
    assert not InvestmentReport.objects.exists()


def test_it_refuses_a_months_investment_above_the_projects_total(api, alice, zone_a):
    project = StartedProjectFactory(zone=zone_a, total_investment=Decimal("1000.00"))
    data = {"project": project.pk, "year": 2026, "month": 10}
    response = api(alice).post(
        "/api/investment-reports/", data | {"completed_investment": "1000.01"}, format="json"
    )
    assert response.status_code == 400
    assert response.data == {
        "completed_investment": ["当月完成投资（1000.01 万元）不能超过项目总投资（1000.00 万元）。"]
    }
    response = api(alice).post(
        "/api/investment-reports/", data | {"completed_investment": "1000.00"}, format="json"
    )
    assert response.status_code == 201


@pytest.mark.parametrize("groundbreaking", [None, date(2026, 11, 1)])
def test_it_refuses_investment_of_a_month_before_the_project_broke_ground(
    api, alice, zone_a, groundbreaking
):
    project = ProjectFactory(zone=zone_a)
    MilestoneFactory(
        project=project,
        kind=MilestoneKind.GROUNDBREAKING,
        planned_on=date(2026, 9, 1),
        actual_on=groundbreaking,
    )
    data = {"project": project.pk, "year": 2026, "month": 10, "completed_investment": "50"}
    response = api(alice).post("/api/investment-reports/", data, format="json")
    assert response.status_code == 400
    assert response.data == {
        "completed_investment": ["项目截至 2026-10 月底尚未开工，其投资不计入统计。"]
    }
    assert not InvestmentReport.objects.exists()


def test_a_project_that_broke_ground_on_the_last_day_reports_that_month(api, alice, zone_a):
    project = ProjectFactory(zone=zone_a)
    MilestoneFactory(
        project=project,
        kind=MilestoneKind.GROUNDBREAKING,
        planned_on=date(2026, 10, 31),
        actual_on=date(2026, 10, 31),
    )
    data = {"project": project.pk, "year": 2026, "month": 10, "completed_investment": "50"}
    response = api(alice).post("/api/investment-reports/", data, format="json")
    assert response.status_code == 201, response.data


def test_the_api_takes_plain_decimals_only_not_amounts_with_units(api, alice, zone_a):
    data = {"project": StartedProjectFactory(zone=zone_a).pk, "year": 2026, "month": 10}
    response = api(alice).post(
        "/api/investment-reports/", data | {"completed_investment": "3.2亿元"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.data) == ["completed_investment"]


def test_the_report_filters(api, dave, zone_a, zone_b):
    project_a = ProjectFactory(zone=zone_a)
    sep = InvestmentReportFactory(project=project_a, month=9)
    oct_a = InvestmentReportFactory(project=project_a, month=10)
    oct_b = InvestmentReportFactory(project=ProjectFactory(zone=zone_b), month=10)
    last_year = InvestmentReportFactory(project=project_a, year=2025, month=10)

    def ids(**query):
        return {r["id"] for r in api(dave).get("/api/investment-reports/", query).data["results"]}

    assert ids(month=10) == {oct_a.pk, oct_b.pk, last_year.pk}
    assert ids(year=2026, month=10) == {oct_a.pk, oct_b.pk}
    assert ids(zone=zone_b.pk) == {oct_b.pk}
    assert ids(project=project_a.pk, year=2026) == {sep.pk, oct_a.pk}


# -- targets ---------------------------------------------------------------------------------


def test_quarterly_targets_must_be_cumulative(api, carol, zone_a):
    data = {"zone": zone_a.pk, "year": 2026, "metric": "signed_count", "annual_value": "22"}
    data |= {"q1_value": "8", "q2_value": "5"}
    response = api(carol).post("/api/targets/", data, format="json")
    assert response.status_code == 400
    assert response.data == {"q2_value": ["季度目标为累计值：每季度不得低于上一季度。"]}
    assert not Target.objects.exists()


def test_an_official_may_not_set_targets(api, alice, zone_a):
    data = {"zone": zone_a.pk, "year": 2026, "metric": "signed_count", "annual_value": "22"}
    response = api(alice, language="en").post("/api/targets/", data, format="json")
    assert response.status_code == 403
    assert response.data == {"detail": "Only a zone lead of this zone may change its targets."}


def test_a_zone_lead_may_not_set_targets_of_a_zone_it_only_reads(api, carol, city, zone_b):
    MembershipFactory(user=carol, zone=None, region=city, role=Role.LEADERSHIP)
    data = {"zone": zone_b.pk, "year": 2026, "metric": "signed_count", "annual_value": "22"}
    response = api(carol).post("/api/targets/", data, format="json")
    assert response.status_code == 403
    assert not Target.objects.exists()


def test_the_target_filters(api, dave, zone_a, zone_b):
    signed_a = TargetFactory(zone=zone_a)
    started_a = TargetFactory(zone=zone_a, metric="started_count")
    signed_b = TargetFactory(zone=zone_b, year=2025)

    def ids(**query):
        return {r["id"] for r in api(dave).get("/api/targets/", query).data["results"]}

    assert ids(zone=zone_a.pk) == {signed_a.pk, started_a.pk}
    assert ids(metric="signed_count") == {signed_a.pk, signed_b.pk}
    assert ids(year=2025) == {signed_b.pk}


def test_a_target_names_its_projects_category_and_level(api, carol, zone_a):
    # 濉溪's 新开工工业项目42个: a started count of industrial projects
    data = {"zone": zone_a.pk, "year": 2026, "metric": "started_count", "annual_value": "42"}
    data |= {"category": "industrial", "level": "city_and_above"}
    response = api(carol).post("/api/targets/", data, format="json")
    assert response.status_code == 201
    assert (response.data["category"], response.data["level"]) == ("industrial", "city_and_above")
    # the same metric for every project is another target
    data |= {"category": "", "level": ""}
    assert api(carol).post("/api/targets/", data, format="json").status_code == 201
    again = api(carol).post("/api/targets/", data, format="json")
    assert again.status_code == 400
    assert list(again.data) == ["metric"]
    assert Target.objects.filter(category="industrial").count() == 1


def test_a_target_refuses_an_unknown_category(api, carol, zone_a):
    data = {"zone": zone_a.pk, "year": 2026, "metric": "started_count", "annual_value": "42"}
    response = api(carol).post("/api/targets/", data | {"category": "factories"}, format="json")
    assert response.status_code == 400
    assert list(response.data) == ["category"]
