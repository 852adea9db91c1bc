"""The monthly grid when two officials work on the same month: a save changes only the cells
its official changed, and a row someone else saved after the page was loaded is shown as a
conflict (nothing saved), never overwritten."""

from decimal import Decimal

import pytest
from django.urls import reverse

from investment.forms import ReportGrid
from investment.models import InvestmentReport
from tests.factories import InvestmentReportFactory, StartedProjectFactory

pytestmark = pytest.mark.usefixtures("frozen_today")

URL = reverse("investment:grid")
PERIOD = {"year": 2026, "month": 10}


def _page(client, zone):
    """What the browser posts back when nothing is typed: every cell as the page shows it."""
    page = client.get(URL, {"zone": zone.pk, **PERIOD})
    data = {}
    for _project, form in page.context["grid"].rows:
        for field in [*form.visible_fields(), form["version"]]:
            value = field.value()
            data[field.html_name] = "" if value is None else str(value)
    return data


def _cell(project, name):
    return f"p{project.pk}-{name}"


def _post(client, zone, data):
    return client.post(f"{URL}?zone={zone.pk}&year=2026&month=10", data)


def _report(project):
    return InvestmentReport.objects.get(project=project, year=2026, month=10)


def test_two_officials_saving_different_rows_keep_both(client, alice, carol, zone_a):
    first, second = StartedProjectFactory(zone=zone_a), StartedProjectFactory(zone=zone_a)
    client.force_login(alice)
    alices = _page(client, zone_a)
    client.force_login(carol)
    carols = _page(client, zone_a)
    carols[_cell(first, "completed_investment")] = "100"
    assert _post(client, zone_a, carols).status_code == 302

    # Alice's page still shows the first row empty; she fills only the second.
    client.force_login(alice)
    alices[_cell(second, "completed_investment")] = "50"
    response = _post(client, zone_a, alices)

    assert response.status_code == 302
    assert _report(first).completed_investment == Decimal("100.00")
    assert _report(second).completed_investment == Decimal("50.00")


def test_a_stale_row_left_untouched_is_not_written_back(client, alice, carol, zone_a):
    first, second = StartedProjectFactory(zone=zone_a), StartedProjectFactory(zone=zone_a)
    InvestmentReportFactory(project=first, completed_investment=Decimal("100"), **PERIOD)
    client.force_login(alice)
    alices = _page(client, zone_a)
    client.force_login(carol)
    carols = _page(client, zone_a)
    carols[_cell(first, "completed_investment")] = "120"
    assert _post(client, zone_a, carols).status_code == 302

    client.force_login(alice)
    alices[_cell(second, "completed_investment")] = "30"
    assert _post(client, zone_a, alices).status_code == 302

    assert _report(first).completed_investment == Decimal("120.00")
    assert _report(second).completed_investment == Decimal("30.00")


def test_the_same_cell_saved_twice_shows_a_conflict_and_keeps_the_first(
    client, alice, carol, zone_a
):
    project = StartedProjectFactory(zone=zone_a)
    InvestmentReportFactory(project=project, completed_investment=Decimal("100"), **PERIOD)
    client.force_login(alice)
    alices = _page(client, zone_a)
    client.force_login(carol)
    carols = _page(client, zone_a)
    carols[_cell(project, "completed_investment")] = "120"
    assert _post(client, zone_a, carols).status_code == 302

    client.force_login(alice)
    alices[_cell(project, "completed_investment")] = "150"
    response = _post(client, zone_a, alices)

    assert response.status_code == 200
    assert _report(project).completed_investment == Decimal("120.00")
    body = response.content.decode()
    assert "未保存任何数据：有 1 行存在错误" in body
    assert "其他人在您打开页面后保存了本项目当月的数据" in body
    assert 'value="150"' in body  # Alice's value stays in her cell …
    assert "他人填写： 120.00" in body  # … with Carol's beside it
    assert "data-conflict" in body


def test_saving_again_after_a_conflict_changes_only_ones_own_cells(client, alice, carol, zone_a):
    project = StartedProjectFactory(zone=zone_a)
    InvestmentReportFactory(
        project=project,
        completed_investment=Decimal("100"),
        funds_domestic=Decimal("60"),
        note="",
        **PERIOD,
    )
    client.force_login(alice)
    alices = _page(client, zone_a)
    client.force_login(carol)
    carols = _page(client, zone_a)
    carols[_cell(project, "funds_domestic")] = "80"
    assert _post(client, zone_a, carols).status_code == 302
    client.force_login(alice)
    alices[_cell(project, "completed_investment")] = "150"

    conflict = _post(client, zone_a, alices)

    # The row changed, so nothing is saved; the cell Alice left shows Carol's 80 now.
    assert conflict.status_code == 200
    form = conflict.context["grid"].rows[0][1]
    assert form.conflict is True
    assert form["funds_domestic"].value() == "80.00"
    assert form["completed_investment"].value() == "150"
    assert form.theirs == {"completed_investment": Decimal("100.00")}
    again = {field.html_name: field.value() for field in [*form.visible_fields(), form["version"]]}

    assert _post(client, zone_a, again).status_code == 302

    report = _report(project)
    assert (report.completed_investment, report.funds_domestic) == (Decimal("150"), Decimal("80"))


def test_a_row_deleted_since_the_page_was_loaded_is_a_conflict(client, alice, zone_a):
    project = StartedProjectFactory(zone=zone_a)
    report = InvestmentReportFactory(project=project, **PERIOD)
    client.force_login(alice)
    data = _page(client, zone_a)
    report.delete()
    data[_cell(project, "completed_investment")] = "150"

    response = _post(client, zone_a, data)

    assert response.status_code == 200
    assert "本项目当月的报表在您打开页面后被删除" in response.content.decode()
    assert not InvestmentReport.objects.exists()


def test_a_version_that_cannot_be_read_is_a_conflict_not_an_overwrite(client, alice, zone_a):
    project = StartedProjectFactory(zone=zone_a)
    InvestmentReportFactory(project=project, completed_investment=Decimal("100"), **PERIOD)
    client.force_login(alice)
    data = _page(client, zone_a)
    data[_cell(project, "version")] = "[not json"
    data[_cell(project, "completed_investment")] = "150"

    response = _post(client, zone_a, data)

    assert response.status_code == 200
    assert response.context["grid"].rows[0][1].conflict is True
    assert _report(project).completed_investment == Decimal("100.00")


def test_a_first_save_that_loses_the_insert_race_is_a_conflict(client, alice, zone_a, monkeypatch):
    """Two first saves of one row: the loser's insert breaks the unique constraint. SQLite
    serialises writers, so the race is staged: the locked read misses the winner's row."""
    first, second = StartedProjectFactory(zone=zone_a), StartedProjectFactory(zone=zone_a)
    client.force_login(alice)
    data = _page(client, zone_a)
    InvestmentReportFactory(project=first, completed_investment=Decimal("70"), **PERIOD)
    real = ReportGrid._stored

    def misses_the_winner(self, projects, lock=False):
        return {} if lock else real(self, projects, lock)

    monkeypatch.setattr(ReportGrid, "_stored", misses_the_winner)
    data[_cell(second, "completed_investment")] = "20"  # saved before the race is met …
    data[_cell(first, "completed_investment")] = "90"

    response = _post(client, zone_a, data)

    assert response.status_code == 200
    form = dict(response.context["grid"].rows)[first]
    assert form.conflict is True
    assert form.theirs == {"completed_investment": Decimal("70.00")}
    # … and rolled back with it: one save, all rows or none.
    assert list(InvestmentReport.objects.values_list("project", "completed_investment")) == [
        (first.pk, Decimal("70.00"))
    ]


@pytest.mark.parametrize("rows", [3, 30])
def test_the_grid_with_its_versions_reads_a_fixed_number_of_queries(
    client, alice, zone_a, rows, django_assert_num_queries
):
    for _ in range(rows):
        InvestmentReportFactory(project=StartedProjectFactory(zone=zone_a), **PERIOD)
    client.force_login(alice)
    # session, user, memberships, zones, projects, their milestones, last month, this month,
    # the zone picker's zones twice: the versions are the rows' own values, no query of theirs
    with django_assert_num_queries(10):
        page = client.get(URL, {"zone": zone_a.pk, **PERIOD})
    assert page.content.decode().count('-version" value="[') == rows
