from decimal import Decimal

import pytest
from django.urls import reverse

from investment.models import InvestmentReport
from projects.choices import Status
from tests.factories import InvestmentReportFactory, ProjectFactory

pytestmark = pytest.mark.usefixtures("frozen_today")

URL = reverse("investment:grid")


def _row(project, **cells):
    fields = [
        "completed_investment",
        "funds_domestic",
        "funds_out_of_province",
        "funds_foreign_usd",
        "image_progress",
        "note",
    ]
    return {f"p{project.pk}-{name}": cells.get(name, "") for name in fields}


def _post(client, zone, data, year=2026, month=10):
    return client.post(f"{URL}?zone={zone.pk}&year={year}&month={month}", data)


def test_it_shows_every_active_project_of_the_zone_for_last_month_by_default(
    client, alice, zone_a, zone_b
):
    active = ProjectFactory(zone=zone_a, name="在建项目")
    ProjectFactory(zone=zone_a, status=Status.CANCELLED, status_reason="撤销", name="已取消")
    ProjectFactory(zone=zone_b, name="他区项目")
    client.force_login(alice)
    response = client.get(URL)
    assert (response.context["year"], response.context["month"]) == (2026, 10)
    assert [p for p, _form in response.context["grid"].rows] == [active]


def test_it_saves_all_filled_rows_at_once_and_skips_empty_ones(client, alice, zone_a):
    first, second, empty = (ProjectFactory(zone=zone_a) for _ in range(3))
    client.force_login(alice)
    data = {
        **_row(first, completed_investment="1,200.50", funds_domestic="800", image_progress="35"),
        **_row(second, completed_investment="３００", funds_out_of_province="300万元"),
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
    good, bad = ProjectFactory(zone=zone_a), ProjectFactory(zone=zone_a)
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
    project = ProjectFactory(zone=zone_a)
    report = InvestmentReportFactory(
        project=project, year=2026, month=10, completed_investment=Decimal("100")
    )
    client.force_login(alice)
    page = client.get(URL, {"zone": zone_a.pk, "year": 2026, "month": 10})
    assert 'value="100.00"' in page.content.decode()

    _post(client, zone_a, _row(project, completed_investment="250", funds_domestic="60"))

    report.refresh_from_db()
    assert report.completed_investment == Decimal("250")
    assert InvestmentReport.objects.count() == 1


def test_a_month_not_yet_begun_is_refused(client, alice, zone_a):
    project = ProjectFactory(zone=zone_a)
    client.force_login(alice)
    response = _post(client, zone_a, _row(project, completed_investment="1"), month=12)
    assert response.status_code == 200
    assert not InvestmentReport.objects.exists()


def test_leadership_reads_the_grid_but_cannot_save_it(client, dave, zone_a):
    project = ProjectFactory(zone=zone_a)
    client.force_login(dave)
    page = client.get(URL, {"zone": zone_a.pk})
    assert page.status_code == 200
    assert 'id="save-grid"' not in page.content.decode()
    assert _post(client, zone_a, _row(project, completed_investment="1")).status_code == 403
    assert not InvestmentReport.objects.exists()


def test_another_zone_is_not_offered_to_an_official(client, alice, zone_a, zone_b):
    ProjectFactory(zone=zone_b, name="他区项目")
    client.force_login(alice)
    response = client.get(URL, {"zone": zone_b.pk})
    assert response.context["zone"] == zone_a
    assert "他区项目" not in response.content.decode()


def test_fifty_projects_take_one_page_and_one_save_with_fixed_reads(
    client, alice, zone_a, django_assert_max_num_queries
):
    projects = [ProjectFactory(zone=zone_a) for _ in range(50)]
    client.force_login(alice)
    # session, user, memberships, zones, projects, previous month, this month (+ the choices)
    with django_assert_max_num_queries(9):
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
