"""/api/meetings/{id}/…: a meeting is run over the API as on its page — decisions, attendees,
agenda edits, held, minutes, correction — with the same refusals: another zone's meeting is
404, a role that does not run meetings is 403, a locked meeting is 400 and nothing changes."""

from datetime import date

import pytest

from supervision.choices import BlockerLevel, BlockerStatus
from supervision.models import Blocker, Meeting
from tests.builders import api
from tests.factories import MembershipFactory, ProjectFactory, UserFactory
from tests.supervision.meeting_makers import decide, lit, plan

pytestmark = pytest.mark.usefixtures("frozen_today")

URL = "/api/meetings/"

DECISION = {
    "title": "月底前完成供电接入",
    "category": "utilities",
    "responsible_unit": "供电公司",
    "responsible_leader": "李经理",
    "deadline": "2026-11-30",
}


def url(meeting, action):
    return f"{URL}{meeting.pk}/{action}/"


def issued(user, meeting):
    api(user).post(url(meeting, "held"))
    api(user).post(url(meeting, "minutes"))
    meeting.refresh_from_db()
    assert meeting.state == "minutes_issued"
    return meeting


def test_a_decision_is_a_blocker_of_the_meetings_level_with_its_owner_and_deadline(carol, zone_a):
    project = ProjectFactory(zone=zone_a, code="P1")
    meeting = plan(carol, [zone_a])
    response = api(carol).post(url(meeting, "decisions"), {**DECISION, "project": project.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    blocker = Blocker.objects.get(meeting=meeting)
    assert body["id"] == blocker.pk
    assert (body["project"], body["level"], body["category"]) == (project.pk, "zone", "utilities")
    assert (body["responsible_unit"], body["responsible_leader"]) == ("供电公司", "李经理")
    # Raised on the earlier of the meeting's day (11-25) and today (11-22): 11-22.
    assert (body["raised_on"], body["deadline"], body["status"]) == (
        "2026-11-22",
        "2026-11-30",
        "open",
    )
    assert api(carol).get(f"{URL}{meeting.pk}/").json()["decisions"] == [blocker.pk]


def test_a_decision_on_a_project_outside_the_meetings_zones_is_400(carol, zone_a, city):
    # carol leads zone_a only; a project of zone_b is not hers to see: "does not exist".
    other = ProjectFactory(zone__region=city)
    MembershipFactory(user=carol, role="zone_lead", zone=other.zone)
    meeting = plan(carol, [zone_a])
    response = api(carol).post(url(meeting, "decisions"), {**DECISION, "project": other.pk})
    assert response.status_code == 400
    assert "project" in response.json()
    assert not Blocker.objects.exists()


def test_a_decision_needs_a_unit_and_a_deadline(carol, zone_a):
    project = ProjectFactory(zone=zone_a)
    meeting = plan(carol, [zone_a])
    response = api(carol).post(url(meeting, "decisions"), {"project": project.pk, "title": "x"})
    assert response.status_code == 400
    assert {"responsible_unit", "deadline"} <= set(response.json())


def test_an_attendee_is_added_and_listed(carol, zone_a):
    meeting = plan(carol, [zone_a])
    response = api(carol).post(url(meeting, "attendees"), {"name": "王五", "unit": "经发局"})
    assert response.status_code == 201, response.content
    assert [(a["name"], a["unit"]) for a in response.json()["attendees"]] == [("王五", "经发局")]


def test_the_agenda_is_reordered_noted_and_trimmed(carol, zone_a):
    for code in ("P1", "P2", "P3"):
        lit(zone_a, code, "red", date(2026, 10, 1))
    meeting = plan(carol, [zone_a])
    first, second, third = meeting.agenda.order_by("order")
    client = api(carol)
    response = client.post(url(meeting, "agenda"), {"item": third.pk, "op": "up"})
    assert response.status_code == 200, response.content
    # The third moved above the second; the items are numbered 1..3 again.
    assert [(i["id"], i["order"]) for i in response.json()["agenda"]] == [
        (first.pk, 1),
        (third.pk, 2),
        (second.pk, 3),
    ]
    body = client.post(url(meeting, "agenda"), {"item": first.pk, "op": "note", "note": "先议"})
    assert body.json()["agenda"][0]["note"] == "先议"
    body = client.post(url(meeting, "agenda"), {"item": second.pk, "op": "remove"})
    assert [i["id"] for i in body.json()["agenda"]] == [first.pk, third.pk]


def test_an_item_of_another_meeting_is_400(carol, zone_a):
    lit(zone_a, "P1", "red", date(2026, 10, 1))
    meeting, other = plan(carol, [zone_a]), plan(carol, [zone_a], day=date(2026, 11, 26))
    item = other.agenda.get()
    response = api(carol).post(url(meeting, "agenda"), {"item": item.pk, "op": "remove"})
    assert response.status_code == 400
    assert other.agenda.count() == 1


def test_held_minutes_and_correction_move_the_state_and_the_version(carol, zone_a):
    meeting = plan(carol, [zone_a])
    decide(carol, meeting, ProjectFactory(zone=zone_a), title="完成用地报批")
    client = api(carol)
    # Minutes before the meeting was held: refused.
    assert client.post(url(meeting, "minutes")).status_code == 400
    body = client.post(url(meeting, "held")).json()
    assert (body["state"], body["minutes_version"]) == ("held", 0)
    response = client.post(url(meeting, "minutes"))
    assert response.status_code == 201
    assert (response.json()["state"], response.json()["minutes_version"]) == ("minutes_issued", 1)
    assert meeting.minutes.get().content["decisions"][0]["title"] == "完成用地报批"
    body = client.post(url(meeting, "correction")).json()
    assert (body["state"], body["minutes_version"]) == ("held", 1)
    # Issued again: version 2, version 1 kept.
    assert client.post(url(meeting, "minutes")).json()["minutes_version"] == 2
    assert list(meeting.minutes.values_list("version", flat=True)) == [2, 1]


def test_a_held_meeting_is_not_held_again_and_a_planned_one_is_not_corrected(carol, zone_a):
    meeting = plan(carol, [zone_a])
    assert api(carol).post(url(meeting, "correction")).status_code == 400
    api(carol).post(url(meeting, "held"))
    response = api(carol).post(url(meeting, "held"))
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == ["只有已安排的会议才能标记为已召开。"]


def test_a_locked_meeting_refuses_every_edit_with_400(carol, zone_a):
    lit(zone_a, "P1", "red", date(2026, 10, 1))
    project = ProjectFactory(zone=zone_a)
    meeting = issued(carol, plan(carol, [zone_a]))
    item = meeting.agenda.get()
    client = api(carol)
    refusals = [
        client.post(url(meeting, "decisions"), {**DECISION, "project": project.pk}),
        client.post(url(meeting, "attendees"), {"name": "王五"}),
        client.post(url(meeting, "agenda"), {"item": item.pk, "op": "remove"}),
        client.post(url(meeting, "held")),
        client.post(url(meeting, "minutes")),
    ]
    assert [r.status_code for r in refusals] == [400] * 5
    assert refusals[0].json()["non_field_errors"] == ["纪要已印发并锁定；如需修改，请先发起更正。"]
    assert (Blocker.objects.count(), meeting.attendees.count(), meeting.agenda.count()) == (0, 0, 1)
    assert meeting.minutes.count() == 1


ACTIONS = [
    ("decisions", DECISION),
    ("attendees", {"name": "王五"}),
    ("held", {}),
    ("minutes", {}),
    ("correction", {}),
]


@pytest.mark.parametrize(("action", "data"), ACTIONS)
def test_an_official_and_a_zone_leadership_user_are_403(alice, carol, zone_a, action, data):
    project = ProjectFactory(zone=zone_a)
    meeting = plan(carol, [zone_a])
    reader = UserFactory(username="zhao")
    MembershipFactory(user=reader, role="leadership", zone=zone_a, region=None)
    for user in (alice, reader):
        response = api(user).post(url(meeting, action), {**data, "project": project.pk})
        assert response.status_code == 403, (user, response.content)
    meeting.refresh_from_db()
    assert (meeting.state, Blocker.objects.count(), meeting.attendees.count()) == ("planned", 0, 0)


@pytest.mark.parametrize(("action", "data"), ACTIONS)
def test_another_zones_meeting_is_404(bob, carol, zone_a, action, data):
    meeting = plan(carol, [zone_a])
    assert api(bob).post(url(meeting, action), data).status_code == 404
    assert Meeting.objects.get().state == "planned"


def test_the_city_leadership_records_a_decision_of_the_city_level(dave, zone_a, zone_b):
    project = ProjectFactory(zone=zone_b)
    meeting = plan(dave, [zone_a, zone_b], level="city")
    response = api(dave).post(url(meeting, "decisions"), {**DECISION, "project": project.pk})
    assert response.status_code == 201
    blocker = Blocker.objects.get()
    assert (blocker.level, blocker.status) == (BlockerLevel.CITY, BlockerStatus.OPEN)


def test_the_schema_documents_every_action(admin_user):
    paths = api(admin_user).get("/api/schema/", {"format": "json"}).json()["paths"]
    for action in ("decisions", "attendees", "agenda", "held", "minutes", "correction"):
        operation = paths[f"/api/meetings/{{id}}/{action}/"]["post"]
        assert {"400", "403", "404"} <= set(operation["responses"]), action
