from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from projects.choices import MilestoneKind, Stage, Status
from projects.forms import schedule_version
from projects.models import Project
from tests.factories import (
    InvestmentReportFactory,
    LeaderFactory,
    MilestoneFactory,
    ParkFactory,
    ProjectFactory,
    RegionFactory,
)

pytestmark = pytest.mark.usefixtures("frozen_today")


def _form_data(project=None, **changes):
    data = {
        "code": "ZA-NEW-1",
        "name": "新能源电池基地",
        "zone": "",
        "park": "",
        "investor": "孚能科技",
        "category": "manufacturing",
        "industry": "新能源",
        "level": "city_key",
        "capital_source": "domestic",
        "is_attracted": "on",
        "total_investment": "120,000",
        "foreign_investment_usd": "",
        "attraction_team": "招商一局",
        "cadence": "monthly",
        "status": "active",
        "status_reason": "",
        "version": project.updated_at.isoformat() if project else "",
        "schedule": schedule_version(project.milestones.all()) if project else "",
    }
    if project:
        data.update(code=project.code, name=project.name, zone=project.zone_id)
    data.update(changes)
    return data


def test_the_detail_page_of_another_zones_project_is_404(client, alice, zone_b):
    project = ProjectFactory(zone=zone_b)
    client.force_login(alice)
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 404
    assert client.get(reverse("projects:edit", args=[project.pk])).status_code == 404


def test_the_detail_page_shows_overdue_milestones_figures_and_history(client, alice, zone_a):
    project = ProjectFactory(zone=zone_a)
    MilestoneFactory(project=project, kind=MilestoneKind.SIGNING, planned_on=date(2026, 10, 1))
    InvestmentReportFactory(project=project, month=9, completed_investment=Decimal("12000"))
    InvestmentReportFactory(project=project, month=10, completed_investment=Decimal("3000"))
    project.name = "改名后的项目"
    project.save()
    client.force_login(alice)

    response = client.get(reverse("projects:detail", args=[project.pk]))

    body = response.content.decode()
    timeline = {step["kind"]: step["state"] for step in response.context["timeline"]}
    assert timeline[MilestoneKind.SIGNING] == "overdue"
    assert 'data-state="overdue"' in body
    # 12000 + 3000 = 15000 万元 = 1.50 亿元
    (figures,) = [
        section["data"]
        for section in response.context["main_panels"]
        if section["template"] == "investment/_project_figures.html"
    ]
    assert figures["reported_total"] == Decimal("15000")
    assert "15,000.00" in body and "1.50" in body
    assert figures["chart"]["cumulative"] == ["12000.00", "15000.00"]
    assert 'id="chart-data" type="application/json"' in body
    changed = [e for e in response.context["history"] if e.changes]
    assert changed[0].changes[0].new == "改名后的项目"


def test_leadership_reads_a_project_without_edit_controls_and_cannot_post(client, dave, zone_a):
    project = ProjectFactory(zone=zone_a)
    client.force_login(dave)
    response = client.get(reverse("projects:detail", args=[project.pk]))
    assert response.status_code == 200
    assert reverse("projects:edit", args=[project.pk]) not in response.content.decode()
    assert client.post(reverse("projects:edit", args=[project.pk]), {}).status_code == 403
    assert client.post(reverse("projects:create"), {}).status_code == 403
    record = reverse("projects:record_milestone", args=[project.pk])
    assert client.post(record, {"kind": "signing", "actual_on": "2026-11-01"}).status_code == 403


def test_it_creates_a_project_accepting_thousands_separators(client, alice, zone_a):
    client.force_login(alice)
    response = client.post(reverse("projects:create"), _form_data(zone=zone_a.pk))
    project = Project.objects.get(code="ZA-NEW-1")
    assert response.status_code == 302
    assert project.total_investment == Decimal("120000")
    assert project.history.first().history_user == alice


def test_it_refuses_a_park_of_another_zone_next_to_the_field_and_saves_nothing(
    client, alice, zone_a, zone_b
):
    other_park = ParkFactory(zone=zone_b)
    client.force_login(alice)
    response = client.post(
        reverse("projects:create"), _form_data(zone=zone_a.pk, park=other_park.pk)
    )
    assert response.status_code == 200
    assert "park" in response.context["form"].errors
    assert not Project.objects.filter(code="ZA-NEW-1").exists()


def test_it_asks_for_a_reason_when_a_project_is_stalled(client, alice, zone_a):
    client.force_login(alice)
    response = client.post(
        reverse("projects:create"), _form_data(zone=zone_a.pk, status=Status.STALLED)
    )
    assert "status_reason" in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()


def test_it_refuses_to_move_a_project_into_a_zone_the_official_cannot_write(
    client, alice, zone_a, zone_b
):
    project = ProjectFactory(zone=zone_a)
    client.force_login(alice)
    response = client.post(
        reverse("projects:edit", args=[project.pk]), _form_data(project, zone=zone_b.pk)
    )
    assert "zone" in response.context["form"].errors
    project.refresh_from_db()
    assert project.zone == zone_a


def test_a_stale_edit_shows_a_conflict_instead_of_overwriting(client, alice, carol, zone_a):
    project = ProjectFactory(zone=zone_a, name="原名")
    stale = _form_data(project, name="爱丽丝的改动")
    # Carol saves first, a minute after Alice opened the form.
    client.force_login(carol)
    with time_machine.travel("2026-11-22 12:01 +0800", tick=False):
        saved = client.post(
            reverse("projects:edit", args=[project.pk]), _form_data(project, name="卡罗尔")
        )
    assert saved.status_code == 302
    client.force_login(alice)

    response = client.post(reverse("projects:edit", args=[project.pk]), stale)

    assert response.status_code == 200
    assert response.context["conflict"] is True
    assert "carol" in response.content.decode()
    project.refresh_from_db()
    assert project.name == "卡罗尔"


def test_the_conflict_message_gives_the_time_in_shanghai(client, alice, carol, zone_a):
    project = ProjectFactory(zone=zone_a)
    stale = _form_data(project, name="爱丽丝的改动")
    client.force_login(carol)
    # 07:05 on the 23rd in Shanghai is still 23:05 on the 22nd in UTC.
    with time_machine.travel("2026-11-23 07:05 +0800", tick=False):
        client.post(reverse("projects:edit", args=[project.pk]), _form_data(project, name="新"))
    client.force_login(alice)

    body = client.post(reverse("projects:edit", args=[project.pk]), stale).content.decode()

    assert "2026年11月23日 07:05" in body
    assert "23:05" not in body


def test_an_up_to_date_edit_saves(client, alice, zone_a):
    project = ProjectFactory(zone=zone_a)
    client.force_login(alice)
    response = client.post(
        reverse("projects:edit", args=[project.pk]),
        _form_data(project, total_investment="8,800.5"),
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.total_investment == Decimal("8800.50")


def test_recording_a_milestone_from_the_list_updates_the_row(client, alice, zone_a):
    project = ProjectFactory(zone=zone_a)
    client.force_login(alice)
    url = reverse("projects:record_milestone", args=[project.pk])

    form = client.get(url, HTTP_HX_REQUEST="true")
    assert 'name="actual_on"' in form.content.decode()
    response = client.post(
        url,
        {"kind": "signing", "actual_on": "2026/11/02", "note": "签约仪式"},
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert f'id="project-row-{project.pk}"' in body
    assert 'data-stage="signed"' in body
    milestone = project.milestones.get(kind=MilestoneKind.SIGNING)
    assert (milestone.actual_on, milestone.note, milestone.recorded_by) == (
        date(2026, 11, 2),
        "签约仪式",
        alice,
    )


def test_recording_a_milestone_on_the_detail_page_updates_the_panel(client, alice, zone_a):
    project = ProjectFactory(zone=zone_a)
    MilestoneFactory(project=project, kind=MilestoneKind.SIGNING, actual_on=date(2026, 3, 1))
    client.force_login(alice)
    url = reverse("projects:record_milestone", args=[project.pk]) + "?in=detail"

    response = client.post(url, {"kind": "groundbreaking", "actual_on": "2026-06-01"})

    assert 'id="milestone-panel"' in response.content.decode()
    project.refresh_from_db()
    assert project.stage == Stage.UNDER_CONSTRUCTION


def test_a_milestone_out_of_order_is_refused_next_to_the_date_and_nothing_saved(
    client, alice, zone_a
):
    project = ProjectFactory(zone=zone_a, is_attracted=True)
    client.force_login(alice)
    url = reverse("projects:record_milestone", args=[project.pk])

    response = client.post(url, {"kind": "groundbreaking", "actual_on": "2026-06-01"})

    body = response.content.decode()
    assert "actual_on_error" in body
    assert not project.milestones.exists()


def test_a_milestone_in_the_future_is_refused(client, alice, zone_a):
    project = ProjectFactory(zone=zone_a)
    client.force_login(alice)
    url = reverse("projects:record_milestone", args=[project.pk])
    response = client.post(url, {"kind": "signing", "actual_on": "2026-11-23"})
    assert "actual_on" in response.context["milestone_form"].errors
    assert not project.milestones.exists()


def test_recording_on_another_zones_project_is_404(client, alice, zone_b):
    project = ProjectFactory(zone=zone_b)
    client.force_login(alice)
    url = reverse("projects:record_milestone", args=[project.pk])
    assert client.post(url, {"kind": "signing", "actual_on": "2026-11-01"}).status_code == 404


def test_the_form_sets_the_planned_dates_of_the_milestones(client, alice, zone_a):
    client.force_login(alice)
    client.post(
        reverse("projects:create"),
        _form_data(
            zone=zone_a.pk, planned_signing="2026/12/01", planned_groundbreaking="2027-03-01"
        ),
    )
    project = Project.objects.get(code="ZA-NEW-1")
    planned = dict(project.milestones.values_list("kind", "planned_on"))
    assert planned == {"signing": date(2026, 12, 1), "groundbreaking": date(2027, 3, 1)}

    project.refresh_from_db()
    client.post(
        reverse("projects:edit", args=[project.pk]),
        _form_data(project, planned_signing="2026-12-15", planned_groundbreaking="2027-03-01"),
    )
    signing = project.milestones.get(kind=MilestoneKind.SIGNING)
    assert signing.planned_on == date(2026, 12, 15)
    assert signing.history.count() == 2
    assert project.milestones.get(kind=MilestoneKind.GROUNDBREAKING).history.count() == 1


def test_the_detail_pages_query_count_does_not_grow_with_figures_or_history(
    client, alice, zone_a, django_assert_num_queries
):
    project = ProjectFactory(zone=zone_a)
    MilestoneFactory(project=project, kind=MilestoneKind.SIGNING, actual_on=date(2026, 1, 5))
    InvestmentReportFactory(project=project, month=1)
    client.force_login(alice)
    url = reverse("projects:detail", args=[project.pk])
    # session, user, memberships, project, its leaders, milestones, reports, plan entries,
    # task force, blockers to solve, milestones with their file counts, the newest files, the
    # light, and the history: zone and park ids of the project's versions, those zones, then
    # the versions of the project, its milestones, plan entries, reports and task force
    with django_assert_num_queries(21):
        client.get(url)
    for month in range(2, 11):
        report = InvestmentReportFactory(project=project, month=month)
        report.completed_investment += 1
        report.save()
    project.name = "新名称"
    project.save()
    with django_assert_num_queries(21):
        client.get(url)


def test_the_form_stores_3_2_yi_yuan_as_32000_wan_and_usd_in_10k_usd(client, alice, zone_a):
    client.force_login(alice)
    data = _form_data(
        zone=zone_a.pk, total_investment="3.2亿元", foreign_investment_usd="500万美元"
    )
    assert client.post(reverse("projects:create"), data).status_code == 302
    project = Project.objects.get(code="ZA-NEW-1")
    assert project.total_investment == Decimal("32000.00")
    assert project.foreign_investment_usd == Decimal("500.00")


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("total_investment", "500万美元", "“500万美元”的单位是万美元，本栏的单位是万元。"),
        ("foreign_investment_usd", "3亿元", "“3亿元”的单位是亿元，本栏的单位是万美元。"),
        ("total_investment", "三亿", "“三亿”不是以万元为单位的数字。"),
    ],
)
def test_the_form_refuses_an_amount_in_another_unit(client, alice, zone_a, field, typed, message):
    client.force_login(alice)
    data = _form_data(zone=zone_a.pk, **{field: typed})
    response = client.post(reverse("projects:create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not Project.objects.exists()


@pytest.mark.parametrize(("typed", "stored"), [("3.2亿元", "32000.00"), ("3.2万元", "3.20")])
def test_a_total_investment_changed_a_hundredfold_is_saved_only_once_confirmed(
    client, alice, zone_a, typed, stored
):
    project = ProjectFactory(zone=zone_a, total_investment=Decimal("320.00"))
    client.force_login(alice)
    url = reverse("projects:edit", args=[project.pk])

    warned = client.post(url, _form_data(project, total_investment=typed))

    assert warned.status_code == 200
    body = warned.content.decode()
    assert 'id="confirm-total"' in body
    assert f'name="confirm_total" value="{stored}"' in body
    project.refresh_from_db()
    assert project.total_investment == Decimal("320.00")

    confirmed = client.post(url, _form_data(project, total_investment=typed, confirm_total=stored))

    assert confirmed.status_code == 302
    project.refresh_from_db()
    assert project.total_investment == Decimal(stored)
    history = [(h.total_investment, h.history_user) for h in project.history.all()]
    assert history == [(Decimal(stored), alice), (Decimal("320.00"), None)]


def test_a_confirmation_holds_only_for_the_figure_it_was_given_for(client, alice, zone_a):
    project = ProjectFactory(zone=zone_a, total_investment=Decimal("320.00"))
    client.force_login(alice)
    data = _form_data(project, total_investment="3.3亿", confirm_total="32000.00")
    response = client.post(reverse("projects:edit", args=[project.pk]), data)
    assert response.status_code == 200
    assert (
        "总投资将从 320.00 万元 改为 33,000.00 万元，相差 100 倍以上" in response.content.decode()
    )


def test_a_change_below_a_hundredfold_saves_without_asking(client, alice, zone_a):
    project = ProjectFactory(zone=zone_a, total_investment=Decimal("320.00"))
    client.force_login(alice)
    data = _form_data(project, total_investment="31999.99")
    assert client.post(reverse("projects:edit", args=[project.pk]), data).status_code == 302
    project.refresh_from_db()
    assert project.total_investment == Decimal("31999.99")


def test_the_form_sets_the_leaders_primary_first_and_the_page_lists_them(client, alice, zone_a):
    deputy = LeaderFactory(name="李副区长", title="副区长", region=zone_a.region)
    mayor = LeaderFactory(name="王市长", title="市长", region=zone_a.region)
    secretary = LeaderFactory(name="赵书记", title="书记", region=zone_a.region)
    client.force_login(alice)
    data = _form_data(zone=zone_a.pk, primary_leader=mayor.pk)
    data["other_leaders"] = [secretary.pk, deputy.pk, mayor.pk]  # the primary again is ignored

    response = client.post(reverse("projects:create"), data)

    assert response.status_code == 302
    project = Project.objects.get(code="ZA-NEW-1")
    assert project.leader == "王市长"
    # The others keep the order of the list of choices (the leaders' own order by name).
    assert project.leaders_in_order() == [mayor, deputy, secretary]
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert page.index("王市长") < page.index("李副区长") < page.index("赵书记")


def test_the_form_refuses_a_leader_of_a_region_beside_the_zone(client, admin_user, zone_a, city):
    county = RegionFactory(name="丹徒区", code="JS-ZJ-DT", parent=city)
    elsewhere = LeaderFactory(name="赵区长", region=county)
    client.force_login(admin_user)

    response = client.post(
        reverse("projects:create"), _form_data(zone=zone_a.pk, primary_leader=elsewhere.pk)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["primary_leader"] == [
        "赵区长 属于 丹徒区，不含园区 镇江新区。"
    ]
    assert not Project.objects.filter(code="ZA-NEW-1").exists()
