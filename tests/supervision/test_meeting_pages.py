"""The meeting pages: planning, decisions, minutes printed and as .docx, who sees what, and
query counts that do not grow with zones."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from supervision.models import Blocker, Meeting
from tests.factories import MembershipFactory, ProjectFactory, UserFactory, ZoneFactory
from tests.supervision.meeting_makers import decide, lit, plan

pytestmark = pytest.mark.usefixtures("frozen_today")


def test_a_zone_lead_plans_a_meeting_whose_agenda_lists_the_red_projects(client, carol, zone_a):
    lit(zone_a, "P1", "red", date(2026, 10, 1))
    client.force_login(carol)
    response = client.post(
        reverse("supervision:meeting_plan"),
        {"date": "2026-11-25", "level": "zone", "chair": "张主任", "zones": [zone_a.pk]},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("supervision:meeting", args=[meeting.pk])).content.decode()
    assert 'data-kind="red_project"' in page and 'data-project="P1"' in page


def test_an_official_may_not_plan(client, alice, zone_a):
    client.force_login(alice)
    url = reverse("supervision:meeting_plan")
    data = {"date": "2026-11-25", "level": "zone", "chair": "张主任", "zones": [zone_a.pk]}
    assert client.post(url, data).status_code == 403
    assert not Meeting.objects.exists()


def test_a_decision_recorded_on_the_page_is_a_blocker_on_the_list(client, carol, zone_a):
    project = ProjectFactory(zone=zone_a, code="P1")
    meeting = plan(carol, [zone_a])
    client.force_login(carol)
    response = client.post(
        reverse("supervision:meeting_decision", args=[meeting.pk]),
        {
            "project": "p1",
            "title": "月底前完成供电接入",
            "responsible_unit": "供电公司",
            "responsible_leader": "李经理",
            "deadline": "2026-11-30",
        },
    )
    assert response.status_code == 302
    blocker = Blocker.objects.get(meeting=meeting)
    assert (blocker.project, blocker.deadline) == (project, date(2026, 11, 30))
    blockers = client.get(reverse("supervision:blockers")).content.decode()
    assert "月底前完成供电接入" in blockers


def test_issued_minutes_download_as_a_docx_with_the_decisions(client, carol, zone_a):
    project = ProjectFactory(zone=zone_a, code="P1")
    meeting = plan(carol, [zone_a])
    meeting.attendees.create(name="王五", unit="经发局")
    decide(carol, meeting, project, title="完成用地报批")
    client.force_login(carol)
    state = reverse("supervision:meeting_state", args=[meeting.pk])
    client.post(state, {"action": "held"})
    client.post(state, {"action": "issue"})
    response = client.get(reverse("supervision:meeting_minutes_docx", args=[meeting.pk]))
    assert response.status_code == 200
    document = Document(BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "王五" in cells and "完成用地报批" in cells and "2026-12-10" in cells
    printed = client.get(reverse("supervision:meeting_minutes", args=[meeting.pk]))
    assert "完成用地报批" in printed.content.decode()
    # Locked: a decision posted now is refused and nothing is written.
    client.post(
        reverse("supervision:meeting_decision", args=[meeting.pk]),
        {"project": "P1", "title": "x", "responsible_unit": "y", "deadline": "2026-12-01"},
    )
    assert Blocker.objects.filter(meeting=meeting).count() == 1


def test_another_zones_meeting_is_404(client, bob, carol, zone_a):
    meeting = plan(carol, [zone_a])
    client.force_login(bob)
    assert client.get(reverse("supervision:meeting", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("supervision:meetings")).content.decode().count("data-meeting") == 0


def _city_meetings(dave, city, zones_count):
    zones = [ZoneFactory(region=city) for _ in range(zones_count)]
    for zone in zones:
        lit(zone, f"R{zone.pk}", "red", date(2026, 10, 1))
    meetings = [plan(dave, zones, level="city", day=date(2026, 11, d)) for d in (10, 20)]
    for zone in zones:
        project = ProjectFactory(zone=zone)
        decide(dave, meetings[1], project, title=f"decision {zone.pk}")
    return meetings[1]


@pytest.mark.parametrize("zones_count", [3, 30])
def test_the_list_and_the_page_take_the_same_queries_for_3_and_30_zones(
    client, django_assert_num_queries, dave, city, zones_count
):
    meeting = _city_meetings(dave, city, zones_count)
    client.force_login(dave)
    # session, user, memberships, meetings, their zones
    with django_assert_num_queries(5):
        assert client.get(reverse("supervision:meetings")).status_code == 200
    # session, user, memberships, meeting, zones, agenda, attendees, decisions, minutes
    with django_assert_num_queries(9):
        assert client.get(reverse("supervision:meeting", args=[meeting.pk])).status_code == 200


def test_a_leadership_user_of_another_city_sees_no_meeting(client, carol, zone_a):
    plan(carol, [zone_a])
    other = UserFactory(username="erin")
    MembershipFactory(user=other, role="leadership", zone=None, region=ZoneFactory().region)
    client.force_login(other)
    assert client.get(reverse("supervision:meetings")).content.decode().count("data-meeting") == 0
