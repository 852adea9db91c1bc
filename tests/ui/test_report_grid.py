from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from investment.models import InvestmentReport
from projects.choices import MilestoneKind, Status
from tests.factories import (
    AnnualPlanEntryFactory,
    InvestmentReportFactory,
    MilestoneFactory,
    ProjectFactory,
    StartedProjectFactory,
)

pytestmark = pytest.mark.usefixtures("frozen_today")

URL = reverse("investment:grid")


def _row(project, version="", **cells):
    """A posted row; ``version`` is what the page showed of it ("" for a month not reported)."""
    fields = [
        "completed_investment",
        "funds_domestic",
        "funds_out_of_province",
        "funds_foreign_usd",
        "image_progress",
        "note",
    ]
    row = {f"p{project.pk}-{name}": cells.get(name, "") for name in fields}
    return {**row, f"p{project.pk}-version": version}


def _post(client, zone, data, year=2026, month=10):
    return client.post(f"{URL}?zone={zone.pk}&year={year}&month={month}", data)


def test_it_lists_the_zones_projects_under_way_or_on_the_years_plan_for_last_month(
    client, alice, zone_a, zone_b
):
    started = StartedProjectFactory(zone=zone_a, code="A1", name="在建项目")
    completed = StartedProjectFactory(zone=zone_a, code="A2")
    for kind in (MilestoneKind.COMPLETION, MilestoneKind.PRODUCTION):
        MilestoneFactory(
            project=completed, kind=kind, planned_on=date(2026, 6, 1), actual_on=date(2026, 6, 1)
        )
    planned = ProjectFactory(zone=zone_a, code="A3", name="计划新开工")
    AnnualPlanEntryFactory(project=planned, year=2026)
    ProjectFactory(zone=zone_a, code="A4", name="在谈项目")
    AnnualPlanEntryFactory(project=ProjectFactory(zone=zone_a, code="A5"), year=2025)
    StartedProjectFactory(zone=zone_a, status=Status.CANCELLED, status_reason="撤销")
    StartedProjectFactory(zone=zone_b, name="他区项目")
    client.force_login(alice)

    response = client.get(URL)

    assert (response.context["year"], response.context["month"]) == (2026, 10)
    assert [p for p, _form in response.context["grid"].rows] == [started, completed, planned]
    assert "镇江新区，2026-10：3 个在建及以后阶段或列入 2026 年度计划的项目" in (
        response.content.decode()
    )


def test_it_saves_all_filled_rows_at_once_and_skips_empty_ones(client, alice, zone_a):
    first, second, empty = (StartedProjectFactory(zone=zone_a) for _ in range(3))
    client.force_login(alice)
    data = {
        **_row(first, completed_investment="1,200.50", funds_domestic="800", image_progress="35"),
        **_row(
            second,
            completed_investment="３００",
            funds_domestic="0.05亿",
            funds_out_of_province="300万元",
        ),
        **_row(empty),
    }

    response = _post(client, zone_a, data)

    assert response.status_code == 302
    reports = {r.project: r for r in InvestmentReport.objects.filter(year=2026, month=10)}
    assert set(reports) == {first, second}
    assert reports[first].completed_investment == Decimal("1200.50")
    assert reports[first].funds_out_of_province == Decimal("0")
    assert reports[first].image_progress == Decimal("35")
    assert reports[second].completed_investment == Decimal("300")
    assert reports[second].funds_out_of_province == Decimal("300")


def test_one_bad_cell_saves_nothing_and_is_marked_next_to_the_cell(client, alice, zone_a):
    good, bad = StartedProjectFactory(zone=zone_a), StartedProjectFactory(zone=zone_a)
    client.force_login(alice)
    data = {
        **_row(good, completed_investment="100"),
        **_row(bad, completed_investment="50", image_progress="120"),
    }

    response = _post(client, zone_a, data)

    assert response.status_code == 200
    assert not InvestmentReport.objects.exists()
    body = response.content.decode()
    assert f'id="id_p{bad.pk}-image_progress_error"' in body
    assert "table-danger" in body


def test_existing_reports_are_prefilled_and_updated_in_place(client, alice, zone_a):
    project = StartedProjectFactory(zone=zone_a)
    report = InvestmentReportFactory(
        project=project, year=2026, month=10, completed_investment=Decimal("100")
    )
    client.force_login(alice)
    page = client.get(URL, {"zone": zone_a.pk, "year": 2026, "month": 10})
    assert 'value="100.00"' in page.content.decode()
    shown = page.context["grid"].rows[0][1]["version"].value()

    _post(
        client,
        zone_a,
        _row(project, shown, completed_investment="250", funds_domestic="60"),
    )

    report.refresh_from_db()
    assert report.completed_investment == Decimal("250")
    assert InvestmentReport.objects.count() == 1


def test_a_month_not_yet_begun_is_refused(client, alice, zone_a):
    project = StartedProjectFactory(zone=zone_a)
    client.force_login(alice)
    response = _post(client, zone_a, _row(project, completed_investment="1"), month=12)
    assert response.status_code == 200
    assert not InvestmentReport.objects.exists()


def test_leadership_reads_the_grid_but_cannot_save_it(client, dave, zone_a):
    project = StartedProjectFactory(zone=zone_a)
    client.force_login(dave)
    page = client.get(URL, {"zone": zone_a.pk})
    assert page.status_code == 200
    assert 'id="save-grid"' not in page.content.decode()
    assert _post(client, zone_a, _row(project, completed_investment="1")).status_code == 403
    assert not InvestmentReport.objects.exists()


def test_another_zone_is_not_offered_to_an_official(client, alice, zone_a, zone_b):
    StartedProjectFactory(zone=zone_b, name="他区项目")
    client.force_login(alice)
    response = client.get(URL, {"zone": zone_b.pk})
    assert response.context["zone"] == zone_a
    assert "他区项目" not in response.content.decode()


def test_fifty_projects_take_one_page_and_one_save_with_fixed_reads(
    client, alice, zone_a, django_assert_max_num_queries
):
    projects = [StartedProjectFactory(zone=zone_a) for _ in range(50)]
    client.force_login(alice)
    # session, user, memberships, zones, projects (started or on the plan: one query with its
    # EXISTS), their milestones (for the groundbreaking check on saving), previous month,
    # this month (+ the choices)
    with django_assert_max_num_queries(10):
        page = client.get(URL, {"zone": zone_a.pk, "year": 2026, "month": 10})
    assert len(page.context["grid"].rows) == 50
    data = {}
    for n, project in enumerate(projects, start=1):
        data.update(_row(project, completed_investment=str(n)))
    response = _post(client, zone_a, data)
    assert response.status_code == 302
    assert InvestmentReport.objects.filter(year=2026, month=10).count() == 50
    # 1 + 2 + ... + 50 = 1275
    total = sum(r.completed_investment for r in InvestmentReport.objects.all())
    assert total == Decimal("1275")


def test_the_grid_stores_3_2_yi_yuan_as_32000_wan(client, alice, zone_a):
    project = StartedProjectFactory(zone=zone_a, total_investment=Decimal("50000"))
    client.force_login(alice)
    data = _row(
        project,
        completed_investment="3.2亿元",
        funds_domestic="12300元",
        funds_foreign_usd="1.5亿美元",
        image_progress="35％",
    )

    assert _post(client, zone_a, data).status_code == 302

    report = InvestmentReport.objects.get()
    assert report.completed_investment == Decimal("32000.00")
    assert report.funds_domestic == Decimal("1.23")
    assert report.funds_foreign_usd == Decimal("15000.00")
    assert report.image_progress == Decimal("35.00")
    page = client.get(URL, {"zone": zone_a.pk, "year": 2026, "month": 10})
    assert 'value="32000.00"' in page.content.decode()


@pytest.mark.parametrize(
    ("cells", "field", "message"),
    [
        (
            {"completed_investment": "5万美元"},
            "completed_investment",
            "“5万美元”的单位是万美元，本栏的单位是万元。",
        ),
        (
            {"completed_investment": "12345元"},
            "completed_investment",
            "“12345元”折合 1.2345（万元），超过 2 位小数：请四舍五入到 2 位小数后填写。",
        ),
        (
            {"image_progress": "30亩"},
            "image_progress",
            "“30亩”的单位是亩，本栏的单位是百分比（%）。",
        ),
        (
            {"funds_domestic": "100", "funds_out_of_province": "150"},
            "funds_out_of_province",
            "省外资金是到位内资的一部分，不能大于到位内资。",
        ),
        (
            {"completed_investment": "20000.01"},
            "completed_investment",
            "当月完成投资（20000.01 万元）不能超过项目总投资（20000.00 万元）。",
        ),
    ],
)
def test_the_grid_refuses_a_misleading_cell_and_says_why(
    client, alice, zone_a, cells, field, message
):
    project = StartedProjectFactory(zone=zone_a, total_investment=Decimal("20000"))
    client.force_login(alice)

    response = _post(client, zone_a, _row(project, **cells))

    assert response.status_code == 200
    form = response.context["grid"].rows[0][1]
    assert form.errors[field] == [message]
    assert not InvestmentReport.objects.exists()


def test_the_grid_refuses_investment_of_a_planned_project_not_yet_started(client, alice, zone_a):
    planned = ProjectFactory(zone=zone_a)
    AnnualPlanEntryFactory(project=planned, year=2026)
    client.force_login(alice)

    response = _post(client, zone_a, _row(planned, completed_investment="50"))

    assert response.status_code == 200
    form = response.context["grid"].rows[0][1]
    assert form.errors["completed_investment"] == [
        "项目截至 2026-10 月底尚未开工，其投资不计入统计。"
    ]
    assert not InvestmentReport.objects.exists()
