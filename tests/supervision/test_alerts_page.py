"""The alerts page (/alerts/), its navigation badge and the home page's newest alerts."""

from datetime import date

import pytest
from django.urls import reverse

from investment.choices import TargetMetric
from supervision.alerts import raise_alerts
from supervision.models import Alert
from supervision.views import ALERTS_PAGE_SIZE
from tests.builders import make_plan, make_project
from tests.factories import TargetFactory

pytestmark = pytest.mark.usefixtures("frozen_today")

URL = reverse("supervision:alerts")
DAY = date(2026, 11, 22)


def overdue_project(zone, name):
    """A project of ``zone`` whose completion was planned for 2026-10-01: one alert."""
    project = make_project(zone, planned={"completion": date(2026, 10, 1)})
    project.name = name
    project.save()
    return project


@pytest.fixture
def lagging(zone_a, zone_b):
    """Zone A: a project late on its completion and on its new start (two alerts, raised
    2026-11-20); zone B: a project late on its completion and a target behind (raised today).
    """
    late_a = overdue_project(zone_a, "甲区滞后项目")
    make_plan(late_a)  # a new start planned for 2026-03-01, no groundbreaking
    raise_alerts(date(2026, 11, 20))
    overdue_project(zone_b, "乙区滞后项目")
    TargetFactory(zone=zone_b, metric=TargetMetric.SIGNED_COUNT, annual_value=12)
    raise_alerts(DAY)
    return late_a


def _rows(response):
    return [(a.kind, a.zone.code, a.raised_on) for a in response.context["page"]]


def test_it_lists_only_the_open_alerts_of_the_officials_zone(client, alice, lagging):
    client.force_login(alice)
    response = client.get(URL)
    assert _rows(response) == [
        ("milestone_overdue", "ZA", date(2026, 11, 20)),
        ("plan_not_started", "ZA", date(2026, 11, 20)),
    ]
    body = response.content.decode()
    assert "甲区滞后项目" in body
    assert "乙区滞后项目" not in body
    assert "丹阳经开区" not in body  # zone B's name, not even in the zone picker
    assert "2026-11-20" in body


def test_naming_another_zone_shows_none_of_its_alerts(client, bob, zone_a, lagging):
    client.force_login(bob)
    response = client.get(URL, {"zone": zone_a.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["zone"]
    assert {code for _kind, code, _day in _rows(response)} == {"ZB"}
    assert "甲区滞后项目" not in response.content.decode()


def test_leadership_filters_by_zone_and_kind(client, dave, zone_b, lagging):
    client.force_login(dave)
    assert len(_rows(client.get(URL))) == 4
    assert _rows(client.get(URL, {"zone": zone_b.pk})) == [
        ("milestone_overdue", "ZB", DAY),
        ("target_behind", "ZB", DAY),
    ]
    assert _rows(client.get(URL, {"kind": "target_behind"})) == [("target_behind", "ZB", DAY)]
    assert _rows(client.get(URL, {"zone": zone_b.pk, "kind": "plan_not_started"})) == []


def test_each_alert_links_to_its_project_or_to_its_zones_dashboard(client, dave, zone_b, lagging):
    client.force_login(dave)
    body = client.get(URL).content.decode()
    assert f'href="{reverse("projects:detail", args=[lagging.pk])}"' in body
    assert f'href="{reverse("reports:zone", args=[zone_b.pk])}"' in body


def test_it_leaves_out_resolved_alerts(client, alice, zone_a, lagging):
    client.force_login(alice)
    Alert.objects.filter(kind="plan_not_started").update(resolved_on=DAY)
    assert [kind for kind, _code, _day in _rows(client.get(URL))] == ["milestone_overdue"]


def test_it_paginates(client, alice, zone_a):
    for n in range(ALERTS_PAGE_SIZE + 1):
        overdue_project(zone_a, f"项目{n}")
    raise_alerts(DAY)
    client.force_login(alice)
    assert len(client.get(URL).context["page"]) == ALERTS_PAGE_SIZE
    assert len(client.get(URL, {"page": 2}).context["page"]) == 1


def test_its_query_count_does_not_grow_with_the_alerts(
    client, dave, zone_a, zone_b, django_assert_num_queries
):
    overdue_project(zone_a, "一")
    raise_alerts(DAY)
    client.force_login(dave)
    # session, user, memberships, zone picker, count, the page with each alert's subjects
    with django_assert_num_queries(6):
        assert len(client.get(URL).context["page"]) == 1
    for n in range(20):
        make_plan(overdue_project(zone_a if n % 2 else zone_b, f"项目{n}"))
    TargetFactory(zone=zone_b, metric=TargetMetric.SIGNED_COUNT, annual_value=12)
    raise_alerts(DAY)
    with django_assert_num_queries(6):
        assert len(client.get(URL).context["page"]) == 42


def test_the_navigation_badge_counts_the_users_open_alerts(
    client, alice, bob, lagging, django_assert_num_queries
):
    client.force_login(alice)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{URL}"' in page
    assert f'hx-get="{reverse("supervision:alert_badge")}"' in page
    # session, user, memberships, count
    with django_assert_num_queries(4):
        badge = client.get(reverse("supervision:alert_badge")).content.decode()
    assert ">2</span>" in badge
    Alert.objects.filter(zone__code="ZA").update(resolved_on=DAY)
    assert client.get(reverse("supervision:alert_badge")).content.decode().strip() == ""
    client.force_login(bob)
    assert ">2</span>" in client.get(reverse("supervision:alert_badge")).content.decode()


def test_the_home_page_shows_the_newest_open_alerts_of_the_users_zones(
    client, bob, zone_b, lagging
):
    client.force_login(bob)
    response = client.get(reverse("home"))
    assert [(a.kind, a.zone.code) for a in response.context["alerts"]] == [
        ("milestone_overdue", "ZB"),
        ("target_behind", "ZB"),
    ]
    body = response.content.decode()
    assert "督办提醒" in body
    assert "乙区滞后项目" in body
    assert "甲区滞后项目" not in body


def test_the_home_page_shows_at_most_five_alerts(client, alice, zone_a):
    for n in range(7):
        overdue_project(zone_a, f"项目{n}")
    raise_alerts(DAY)
    client.force_login(alice)
    assert len(client.get(reverse("home")).context["alerts"]) == 5


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(URL).status_code == 302
    assert client.get(reverse("supervision:alert_badge")).status_code == 302
