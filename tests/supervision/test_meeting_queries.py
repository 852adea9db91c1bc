"""Query counts of the meeting pages and endpoints and of the light rules and /api/lights/,
pinned for 3 and 30 zones: the same count, whatever the zones, agenda items and decisions."""

from datetime import date

import pytest
from django.urls import reverse

from supervision.meetings import services
from tests.builders import api
from tests.factories import MembershipFactory, ProjectFactory, UserFactory, ZoneFactory
from tests.supervision.meeting_makers import decide, lit, plan

pytestmark = pytest.mark.usefixtures("frozen_today")

ZONES = [3, 30]


def city_meeting(dave, city, zones_count):
    """A city meeting of ``zones_count`` zones, each with a red project on the agenda, an
    attendee from it and a decision on it, held and its minutes issued."""
    zones = [ZoneFactory(region=city) for _ in range(zones_count)]
    for zone in zones:
        lit(zone, f"R{zone.pk}", "red", date(2026, 10, 1))
    meeting = plan(dave, zones, level="city")
    for zone in zones:
        meeting.attendees.create(name=f"代表{zone.pk}", unit=zone.name)
        decide(dave, meeting, ProjectFactory(zone=zone), title=f"decision {zone.pk}")
    return meeting, zones


def issue(dave, meeting):
    services.mark_held(dave, meeting)
    services.issue_minutes(dave, meeting)


@pytest.mark.parametrize("zones_count", ZONES)
def test_the_plan_form_and_planning_take_fixed_queries(
    client, django_assert_num_queries, dave, city, zones_count
):
    zones = [ZoneFactory(region=city) for _ in range(zones_count)]
    for zone in zones:
        lit(zone, f"R{zone.pk}", "red", date(2026, 10, 1))
    client.force_login(dave)
    # session, user, memberships, the zones to choose from
    with django_assert_num_queries(4):
        assert client.get(reverse("supervision:meeting_plan")).status_code == 200
    data = {
        "date": "2026-11-25",
        "level": "city",
        "chair": "张市长",
        "zones": [z.pk for z in zones],
    }
    with django_assert_num_queries(QUERIES_TO_PLAN):
        assert client.post(reverse("supervision:meeting_plan"), data).status_code == 302


# session, user, memberships, the chosen zones with their regions (form); savepoint, the
# planner exists (full_clean), meeting, its history, zones set (read, insert); the agenda:
# last meeting's decisions, lights, blockers, projects without update, one insert; release
QUERIES_TO_PLAN = 16


@pytest.mark.parametrize("zones_count", ZONES)
def test_the_minutes_print_and_docx_take_fixed_queries(
    client, django_assert_num_queries, dave, city, zones_count
):
    meeting, _ = city_meeting(dave, city, zones_count)
    issue(dave, meeting)
    client.force_login(dave)
    # session, user, memberships, meeting (visible), the latest minutes
    with django_assert_num_queries(5):
        url = reverse("supervision:meeting_minutes", args=[meeting.pk])
        assert client.get(url).status_code == 200
    with django_assert_num_queries(5):
        url = reverse("supervision:meeting_minutes_docx", args=[meeting.pk])
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("zones_count", ZONES)
def test_the_api_detail_and_a_decision_take_fixed_queries(
    django_assert_num_queries, dave, city, zones_count
):
    meeting, zones = city_meeting(dave, city, zones_count)
    client = api(dave)
    # meeting, its zones, attendees, agenda items, decisions
    with django_assert_num_queries(5):
        assert client.get(f"/api/meetings/{meeting.pk}/").status_code == 200
    data = {
        "project": ProjectFactory(zone=zones[-1]).pk,
        "title": "月底前完成供电接入",
        "responsible_unit": "供电公司",
        "deadline": "2026-11-30",
    }
    with django_assert_num_queries(QUERIES_TO_DECIDE):
        assert client.post(f"/api/meetings/{meeting.pk}/decisions/", data).status_code == 201


# meeting (visible), project (visible), the meeting's zones with regions (may run), the
# project in them, full_clean's checks of project, raiser and meeting, blocker, its history,
# the note for its zone's rollup
QUERIES_TO_DECIDE = 10


@pytest.mark.parametrize("zones_count", ZONES)
def test_the_lights_api_for_a_city_leader_takes_fixed_queries(
    django_assert_num_queries, dave, city, zones_count
):
    for n in range(zones_count):
        lit(ZoneFactory(region=city), f"L{n}", "red", date(2026, 10, 1))
    # memberships, the count, the page of lights
    with django_assert_num_queries(QUERIES_LIGHTS):
        assert api(dave).get("/api/lights/").status_code == 200


QUERIES_LIGHTS = 3


@pytest.mark.parametrize("zones_count", ZONES)
def test_the_light_rules_pages_take_fixed_queries(
    client, django_assert_num_queries, city, zones_count
):
    for _ in range(zones_count):
        ZoneFactory(region=city)
    lead = UserFactory(username="lu")
    MembershipFactory(user=lead, role="zone_lead", zone=None, region=city)
    client.force_login(lead)
    with django_assert_num_queries(QUERIES_RULES):
        assert client.get(reverse("supervision:light_rules")).status_code == 200
    with django_assert_num_queries(QUERIES_RULES_EDIT):
        assert (
            client.get(reverse("supervision:light_rules_edit", args=[city.pk])).status_code == 200
        )


# session, user, memberships, the regions administered, the stored rule sets
QUERIES_RULES = 5
# session, user, memberships, the region (administered), the stored rule sets
QUERIES_RULES_EDIT = 5
