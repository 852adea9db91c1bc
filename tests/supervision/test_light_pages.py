"""/api/lights/ (today and by date, filters, another zone 404, fixed queries), the light
filter of the project list and API, the dot on list rows, the project-page panel, the
dashboard's light tiles and the rule-set page of a region's administrators."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from parks.choices import Role
from projects.choices import MilestoneKind
from supervision.lights.evaluate import evaluate
from supervision.lights.models import LightRuleSet
from tests.factories import (
    MembershipFactory,
    MilestoneFactory,
    ProjectFactory,
    UserFactory,
    ZoneFactory,
)

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 22)


def late(zone, planned):
    project = ProjectFactory(zone=zone)
    MilestoneFactory(project=project, kind=MilestoneKind.COMPLETION, planned_on=planned)
    return project


@pytest.fixture
def lit(zone_a, zone_b, frozen_today):
    """Zone A: one red (43 days late), one green; zone B: one yellow (12 days). Evaluated
    on 11-01 (the red one yellow then, 22 days late) and today."""
    red = late(zone_a, date(2026, 10, 10))
    green = ProjectFactory(zone=zone_a)
    yellow = late(zone_b, date(2026, 11, 10))
    evaluate(date(2026, 11, 1))
    evaluate(DAY)
    return {"red": red, "green": green, "yellow": yellow}


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_gives_the_lights_of_today_with_their_reasons(alice, lit):
    body = api(alice).get("/api/lights/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    rows = {row["project"]: row for row in body["results"]}
    assert set(rows) == {lit["red"].pk, lit["green"].pk}  # not zone B's
    red = rows[lit["red"].pk]
    assert (red["color"], red["date"], red["since"], red["until"]) == (
        "red",
        "2026-11-22",
        "2026-11-22",
        None,
    )
    assert red["reasons"] == [
        {"rule": "milestone_overdue", "color": "red", "text": "1 个节点超过计划日期，最长 43 天"}
    ]


def test_the_api_gives_the_lights_in_force_on_a_past_day(alice, lit):
    body = api(alice).get("/api/lights/", {"date": "2026-11-05", "color": "yellow"}).json()
    assert [(row["project"], row["date"]) for row in body["results"]] == [
        (lit["red"].pk, "2026-11-05")
    ]
    assert body["results"][0]["reasons"][0]["text"].endswith("26 天")


def test_the_api_filters_by_zone_and_project_and_hides_other_zones(
    alice, dave, lit, zone_a, zone_b
):
    assert api(alice).get("/api/lights/", {"zone": zone_b.pk}).status_code == 404
    assert api(alice).get("/api/lights/", {"project": lit["yellow"].pk}).status_code == 404
    assert api(dave).get("/api/lights/", {"zone": zone_b.pk}).json()["count"] == 1
    assert api(alice).get("/api/lights/", {"color": "purple"}).status_code == 400
    assert APIClient().get("/api/lights/").status_code == 401


def test_the_api_costs_the_same_queries_for_3_zones_as_for_30(city, admin_user, frozen_today):
    def count():
        with CaptureQueriesContext(connection) as captured:
            assert api(admin_user).get("/api/lights/").status_code == 200
        return len(captured.captured_queries)

    for _ in range(3):
        late(ZoneFactory(region=city), date(2026, 10, 1))
    evaluate(DAY)
    few = count()
    for _ in range(27):
        late(ZoneFactory(region=city), date(2026, 10, 1))
    evaluate(DAY)
    assert count() == few == 2  # the page, its count


def test_stats_count_the_lights_by_colour_and_rule(dave, lit):
    lights = api(dave).get("/api/stats/").json()["lights"]
    assert {color: lights[color] for color in ("green", "yellow", "red", "grey")} == {
        "green": 1,
        "yellow": 1,
        "red": 1,
        "grey": 0,
    }
    by_rule = {row["rule"]: (row["yellow"], row["red"]) for row in lights["by_rule"]}
    assert by_rule["milestone_overdue"] == (1, 1)


def test_the_project_list_and_api_filter_by_light(client, alice, lit):
    client.force_login(alice)
    html = client.get(reverse("projects:list"), {"light": "red"}).content.decode()
    assert lit["red"].name in html and lit["green"].name not in html
    assert 'data-light="red"' in html and "43 天" in html  # the dot and its hover text
    body = api(alice).get("/api/projects/", {"light": "green"}).json()
    assert [row["id"] for row in body["results"]] == [lit["green"].pk]


def test_the_project_page_lists_the_reasons(client, alice, lit):
    client.force_login(alice)
    html = client.get(reverse("projects:detail", args=[lit["red"].pk])).content.decode()
    assert 'id="project-light"' in html and "1 个节点超过计划日期，最长 43 天" in html


def test_the_dashboard_counts_the_lights_and_links_to_the_list(client, dave, city, lit):
    client.force_login(dave)
    html = client.get(reverse("reports:region", args=[city.pk])).content.decode()
    assert 'data-value="1" data-figure="lights.red"' in html
    assert f"/projects/?region={city.pk}&amp;light=red" in html


def test_a_region_lead_edits_its_rules_and_an_official_may_not(client, city, alice, lit):
    lead = UserFactory(username="lead")
    MembershipFactory(user=lead, role=Role.ZONE_LEAD, zone=None, region=city)
    client.force_login(alice)
    assert client.get(reverse("supervision:light_rules")).status_code == 403
    assert client.get(reverse("supervision:light_rules_edit", args=[city.pk])).status_code == 404
    client.force_login(lead)
    assert city.name in client.get(reverse("supervision:light_rules")).content.decode()
    url = reverse("supervision:light_rules_edit", args=[city.pk])
    form = {}
    for kind, (yellow, red) in {
        "start_late": (1, 3),
        "investment_behind": (10, 30),
        "update_overdue": (1, 2),
        "blocker_overdue": (0, 15),
        "milestone_overdue": (0, 60),
        "notice_unanswered": ("", 0),
    }.items():
        form |= {f"{kind}-enabled": "on", f"{kind}-yellow": yellow, f"{kind}-red": red}
    bad = client.post(url, form | {"milestone_overdue-yellow": "70"})
    assert bad.status_code == 200 and not LightRuleSet.objects.exists()
    with time_machine.travel("2026-11-23 09:00 +0800", tick=False):
        response = client.post(url, form)
    assert response.status_code == 302
    rule = LightRuleSet.objects.get(region=city).rules.get(kind="milestone_overdue")
    assert (rule.yellow, rule.red) == (0, 60)
