"""The trend of reds and yellows: the lights in force at each month's end of the year, read
in one query from the lights stored as changes, on the dashboards and in /api/stats/."""

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from reports.figures.lights import light_trend, year_light_trend
from reports.figures.period import Period
from reports.figures.scopes import Scope
from supervision.lights.evaluate import evaluate
from tests.factories import ZoneFactory
from tests.supervision.lights_makers import late_project, only_milestones_rule

pytestmark = pytest.mark.django_db

AUGUST = Period(2026, date(2026, 8, 15))
EVALUATED = [date(2026, m, d) for m, d in ((3, 31), (4, 30), (5, 31), (6, 30), (7, 31), (8, 15))]


@pytest.fixture
def history(zone_a, zone_b):
    """Completions planned on 03-10 (A1), 05-20 (A2) and 06-25 (B1), late by the milestone
    rule alone (yellow > 0 days, red > 30), evaluated on the month ends and on 08-15:
    03-31 A1 yellow (21 days); 04-30 A1 red (51); 05-31 A1 red, A2 yellow (11);
    06-30 A1, A2 red (41), B1 yellow (5); 07-31 and 08-15 all three red (B1 36 days)."""
    only_milestones_rule()
    late_project(zone_a, date(2026, 3, 10))
    late_project(zone_a, date(2026, 5, 20))
    late_project(zone_b, date(2026, 6, 25))
    for day in EVALUATED:
        evaluate(day)


def pairs(points):
    return [(point.day.isoformat(), point.red, point.yellow) for point in points]


def test_the_month_cuts_end_on_the_date():
    assert AUGUST.month_cuts()[-3:] == [date(2026, 6, 30), date(2026, 7, 31), date(2026, 8, 15)]
    assert len(AUGUST.month_cuts()) == 8
    assert Period(2026, date(2026, 2, 28)).month_cuts() == [date(2026, 1, 31), date(2026, 2, 28)]
    assert Period(2027, date(2026, 12, 31)).month_cuts() == []


def test_the_trend_counts_the_lights_in_force_at_each_month_end(history, zone_a):
    assert pairs(year_light_trend(Scope.everything(), AUGUST)) == [
        ("2026-01-31", 0, 0),
        ("2026-02-28", 0, 0),
        ("2026-03-31", 0, 1),
        ("2026-04-30", 1, 0),
        ("2026-05-31", 1, 1),
        ("2026-06-30", 2, 1),
        ("2026-07-31", 3, 0),
        ("2026-08-15", 3, 0),
    ]
    assert pairs(year_light_trend(Scope.for_zone(zone_a), AUGUST))[2:] == [
        ("2026-03-31", 0, 1),
        ("2026-04-30", 1, 0),
        ("2026-05-31", 1, 1),
        ("2026-06-30", 2, 0),
        ("2026-07-31", 2, 0),
        ("2026-08-15", 2, 0),
    ]


def test_a_day_between_evaluations_sees_the_light_then_in_force(history):
    # On 04-15 A1 is still yellow: it turned red at the 04-30 evaluation.
    assert pairs(light_trend(Scope.everything(), [date(2026, 4, 15)])) == [("2026-04-15", 0, 1)]


@pytest.mark.parametrize("zones", [3, 30])
def test_the_trend_is_one_query_for_3_zones_and_30(
    city, zone_a, zone_b, django_assert_num_queries, zones
):
    only_milestones_rule()
    for number in range(zones - 2):
        late_project(ZoneFactory(code=f"Z{number:02d}", region=city), date(2026, 3, 10))
    evaluate(date(2026, 4, 30))
    with django_assert_num_queries(1):
        points = year_light_trend(Scope.everything(), AUGUST)
    assert points[3].red == zones - 2


def test_the_dashboard_and_the_api_give_the_same_trend(client, dave, city, history):
    client.force_login(dave)
    when = {"year": 2026, "as_of": "2026-08-15"}
    board = client.get(reverse("reports:region", args=[city.pk]), when).context["board"]
    assert pairs(board.light_trend)[5] == ("2026-06-30", 2, 1)
    api = APIClient()
    api.force_authenticate(dave)
    body = api.get("/api/stats/", {"region": city.pk, **when}).json()
    assert body["lights"]["trend"][5] == {"date": "2026-06-30", "red": 2, "yellow": 1}
    assert body["lights"]["trend"] == board.stats["lights"]["trend"]
