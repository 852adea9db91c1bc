"""/api/meetings/: meetings with agenda and decisions, planned over the API, isolated."""

from datetime import date

import pytest

from supervision.models import Meeting
from tests.builders import api
from tests.factories import ProjectFactory, ZoneFactory
from tests.supervision.meeting_makers import decide, lit, plan

pytestmark = pytest.mark.usefixtures("frozen_today")

URL = "/api/meetings/"


def test_a_meeting_lists_its_agenda_and_decisions(carol, zone_a):
    red = lit(zone_a, "P1", "red", date(2026, 10, 1))
    meeting = plan(carol, [zone_a])
    decision = decide(carol, meeting, red)
    body = api(carol).get(f"{URL}{meeting.pk}/").json()
    assert body["zones"] == [zone_a.pk]
    assert (body["date"], body["level"], body["state"]) == ("2026-11-25", "zone", "planned")
    assert [(i["kind"], i["project"], i["blocker"]) for i in body["agenda"]] == [
        ("red_project", red.pk, None)
    ]
    assert body["decisions"] == [decision.pk]


def test_a_zone_lead_plans_over_the_api(carol, zone_a):
    lit(zone_a, "P1", "red", date(2026, 10, 1))
    data = {"date": "2026-11-25", "level": "zone", "chair": "张主任", "zones": [zone_a.pk]}
    response = api(carol).post(URL, data, format="json")
    assert response.status_code == 201, response.content
    assert [i["kind"] for i in response.json()["agenda"]] == ["red_project"]


def test_an_official_is_403_and_another_zone_is_404_or_400(alice, bob, carol, zone_a, zone_b):
    data = {"date": "2026-11-25", "level": "zone", "chair": "张主任", "zones": [zone_a.pk]}
    assert api(alice).post(URL, data, format="json").status_code == 403
    assert api(bob).post(URL, data, format="json").status_code == 400
    assert not Meeting.objects.exists()
    meeting = plan(carol, [zone_a])
    assert api(bob).get(f"{URL}{meeting.pk}/").status_code == 404
    assert api(bob).get(URL).json()["count"] == 0


@pytest.mark.parametrize("zones_count", [3, 30])
def test_the_list_takes_the_same_queries_for_3_and_30_zones(
    django_assert_num_queries, dave, city, zones_count
):
    zones = [ZoneFactory(region=city) for _ in range(zones_count)]
    for zone in zones:
        lit(zone, f"R{zone.pk}", "red", date(2026, 10, 1))
    meeting = plan(dave, zones, level="city")
    for zone in zones:
        decide(dave, meeting, ProjectFactory(zone=zone))
    client = api(dave)
    # count, meetings, their zones, attendees, agenda items, decisions (the user is
    # authenticated in memory with its access read already)
    with django_assert_num_queries(6):
        assert client.get(URL).status_code == 200
