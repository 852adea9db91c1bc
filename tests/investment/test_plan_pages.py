"""The annual plan pages (/plans/): a zone's yearly list, kept by its officials."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from investment.choices import PlanType
from investment.models import AnnualPlanEntry
from projects.choices import MilestoneKind
from tests.factories import (
    AnnualPlanEntryFactory,
    MilestoneFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.usefixtures("frozen_today")

LIST_URL = reverse("investment:plans")
CREATE_URL = reverse("investment:plan_create")


def _edit_url(entry):
    return reverse("investment:plan_edit", args=[entry.pk])


def _delete_url(entry):
    return reverse("investment:plan_delete", args=[entry.pk])


def _form_data(project, **changes):
    data = {
        "project": project.pk,
        "year": "2026",
        "plan_type": PlanType.NEW,
        "planned_investment": "3,000",
        "planned_start_on": "2026/5/1",
        "resumed_on": "",
    }
    data.update(changes)
    return data


def test_an_official_adds_a_new_start_to_the_zones_plan(client, alice, zone_a):
    project = ProjectFactory(zone=zone_a)
    client.force_login(alice)

    response = client.post(f"{CREATE_URL}?zone={zone_a.pk}&year=2026", _form_data(project))

    assert response.status_code == 302
    assert response["Location"] == f"{LIST_URL}?zone={zone_a.pk}&year=2026"
    entry = AnnualPlanEntry.objects.get()
    assert (entry.project, entry.year, entry.plan_type) == (project, 2026, PlanType.NEW)
    assert entry.planned_investment == Decimal("3000")
    assert entry.planned_start_on == date(2026, 5, 1)


def test_the_list_shows_the_zones_entries_with_their_totals(client, alice, zone_a, zone_b):
    started = ProjectFactory(zone=zone_a, code="ZA-1", name="光伏组件基地")
    MilestoneFactory(project=started, kind=MilestoneKind.GROUNDBREAKING, actual_on=date(2026, 4, 2))
    AnnualPlanEntryFactory(project=started, planned_investment=Decimal("1000"))
    AnnualPlanEntryFactory(
        project=ProjectFactory(zone=zone_a, code="ZA-2"), planned_investment=Decimal("2500.50")
    )
    AnnualPlanEntryFactory(
        project=ProjectFactory(zone=zone_a, code="ZA-3"),
        plan_type=PlanType.CONTINUING,
        planned_start_on=None,
        resumed_on=date(2026, 3, 1),
        planned_investment=Decimal("300"),
    )
    AnnualPlanEntryFactory(project=ProjectFactory(zone=zone_a), year=2025)
    AnnualPlanEntryFactory(project=ProjectFactory(zone=zone_b))
    client.force_login(alice)

    response = client.get(LIST_URL, {"zone": zone_a.pk, "year": 2026})

    assert [e.project.code for e in response.context["entries"]] == ["ZA-1", "ZA-2", "ZA-3"]
    # 1000 + 2500.50 + 300 = 3800.50 万元; 2 new starts and 1 continuing
    totals = response.context["totals"]
    assert (totals["count"], totals["new"], totals["continuing"]) == (3, 2, 1)
    assert totals["planned_investment"] == Decimal("3800.50")
    page = response.content.decode()
    assert "3,800.50" in page
    assert "新开工2个，续建1个" in page
    row = page[page.index('data-project="ZA-1"') :].split("</tr>")[0]
    assert "光伏组件基地" in row and "在建" in row and "2026-04-01" in row
    row = page[page.index('data-project="ZA-3"') :].split("</tr>")[0]
    assert "续建" in row and "复工 2026-03-01" in row


def test_it_refuses_a_planned_start_for_a_continuing_project(client, alice, zone_a):
    project = ProjectFactory(zone=zone_a)
    client.force_login(alice)

    response = client.post(
        CREATE_URL + f"?zone={zone_a.pk}", _form_data(project, plan_type=PlanType.CONTINUING)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["planned_start_on"] == [
        "只有新开工项目才有计划开工日期。"
    ]
    assert not AnnualPlanEntry.objects.exists()


def test_it_refuses_a_resumed_date_for_a_new_start(client, alice, zone_a):
    project = ProjectFactory(zone=zone_a)
    client.force_login(alice)

    response = client.post(
        CREATE_URL + f"?zone={zone_a.pk}", _form_data(project, resumed_on="2026-03-01")
    )

    assert response.context["form"].errors["resumed_on"] == ["只有续建项目才有复工日期。"]
    assert not AnnualPlanEntry.objects.exists()


def test_it_refuses_a_project_already_on_the_years_plan(client, alice, zone_a):
    entry = AnnualPlanEntryFactory(project=ProjectFactory(zone=zone_a))
    client.force_login(alice)

    response = client.post(CREATE_URL + f"?zone={zone_a.pk}", _form_data(entry.project))

    assert response.context["form"].errors["year"] == ["该项目已列入本年度计划。"]
    assert AnnualPlanEntry.objects.count() == 1


def test_it_refuses_a_project_of_another_zone(client, alice, zone_a, zone_b):
    other = ProjectFactory(zone=zone_b)
    client.force_login(alice)

    response = client.post(CREATE_URL + f"?zone={zone_a.pk}", _form_data(other))

    assert "project" in response.context["form"].errors
    assert not AnnualPlanEntry.objects.exists()


def test_an_official_edits_and_deletes_an_entry(client, alice, zone_a):
    entry = AnnualPlanEntryFactory(project=ProjectFactory(zone=zone_a))
    client.force_login(alice)

    response = client.post(
        _edit_url(entry),
        _form_data(
            entry.project,
            plan_type=PlanType.CONTINUING,
            planned_start_on="",
            resumed_on="2026-02-20",
            planned_investment="8000.5",
        ),
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.plan_type, entry.planned_start_on, entry.resumed_on) == (
        PlanType.CONTINUING,
        None,
        date(2026, 2, 20),
    )
    assert entry.planned_investment == Decimal("8000.50")
    assert client.get(_delete_url(entry)).status_code == 200
    assert client.post(_delete_url(entry)).status_code == 302
    assert not AnnualPlanEntry.objects.exists()


def test_the_project_page_links_to_this_years_plan_entry(client, alice, dave, zone_a):
    project = ProjectFactory(zone=zone_a)
    detail = reverse("projects:detail", args=[project.pk])
    client.force_login(alice)
    page = client.get(detail).content.decode()
    add_url = f"{CREATE_URL}?project={project.pk}&amp;year=2026&amp;from=project"
    assert add_url in page
    assert "列入2026年度计划" in page

    response = client.post(
        f"{CREATE_URL}?project={project.pk}&year=2026&from=project", _form_data(project)
    )

    assert response["Location"] == detail
    entry = AnnualPlanEntry.objects.get(project=project)
    page = client.get(detail).content.decode()
    assert f"{_edit_url(entry)}?from=project" in page
    assert "编辑2026年度计划" in page
    client.force_login(dave)
    assert 'id="plan-entry-link"' not in client.get(detail).content.decode()


def test_a_zone_lead_keeps_the_plan_too(client, carol, zone_a):
    project = ProjectFactory(zone=zone_a)
    client.force_login(carol)
    assert client.post(CREATE_URL + f"?zone={zone_a.pk}", _form_data(project)).status_code == 302
    assert AnnualPlanEntry.objects.filter(project=project).exists()


def test_leadership_reads_the_plan_and_is_refused_every_write(client, dave, zone_a):
    entry = AnnualPlanEntryFactory(project=ProjectFactory(zone=zone_a))
    client.force_login(dave)
    page = client.get(LIST_URL, {"zone": zone_a.pk})
    assert page.status_code == 200
    assert list(page.context["entries"]) == [entry]
    assert 'id="add-plan-entry"' not in page.content.decode()
    assert client.get(CREATE_URL, {"zone": zone_a.pk}).status_code == 403
    data = _form_data(ProjectFactory(zone=zone_a))
    assert client.post(CREATE_URL + f"?zone={zone_a.pk}", data).status_code == 403
    assert client.post(_edit_url(entry), _form_data(entry.project)).status_code == 403
    assert client.post(_delete_url(entry)).status_code == 403
    assert AnnualPlanEntry.objects.count() == 1


def test_another_zones_plan_is_404(client, bob, zone_a):
    entry = AnnualPlanEntryFactory(project=ProjectFactory(zone=zone_a))
    client.force_login(bob)
    assert client.get(LIST_URL, {"zone": zone_a.pk}).status_code == 404
    assert client.get(CREATE_URL, {"zone": zone_a.pk}).status_code == 404
    assert client.get(CREATE_URL, {"project": entry.project_id}).status_code == 404
    assert client.get(_edit_url(entry)).status_code == 404
    assert client.post(_delete_url(entry)).status_code == 404
    assert client.get(CREATE_URL, {"project": "x"}).status_code == 404
    assert AnnualPlanEntry.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, zone_a):
    entry = AnnualPlanEntryFactory(project=ProjectFactory(zone=zone_a))
    for url in (LIST_URL, CREATE_URL, _edit_url(entry), _delete_url(entry)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert client.post(_delete_url(entry)).status_code == 302
    assert AnnualPlanEntry.objects.exists()


def test_the_navigation_links_the_plan_for_readers_only(client, alice):
    client.force_login(alice)
    assert 'id="nav-plans"' in client.get(reverse("home")).content.decode()
    client.force_login(UserFactory(username="nobody"))
    assert 'id="nav-plans"' not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_plan_list_takes_the_same_queries_for_3_or_30_entries(
    client, alice, zone_a, rows, django_assert_num_queries
):
    for _ in range(rows):
        AnnualPlanEntryFactory(project=ProjectFactory(zone=zone_a))
    client.force_login(alice)
    # 1 session, 2 user, 3 memberships, 4 the user's zones (the picker and the one asked
    # for), 5 the totals, 6 the entries with their projects
    with django_assert_num_queries(6):
        response = client.get(LIST_URL, {"zone": zone_a.pk, "year": 2026})
    assert response.context["totals"]["count"] == rows
