"""/api/stats/?level=&category=&min_investment=: the plan figures over some projects, the
restriction echoed, bad values refused, the same queries for 3 zones and 30."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.api.serializers import RankingSerializer, StatsSerializer
from tests.builders import api, make_plan, make_project
from tests.factories import ZoneFactory
from tests.reports.test_api_stats import populate

pytestmark = pytest.mark.django_db

STATS = "/api/stats/"
RANKING = "/api/stats/ranking/"
WHEN = {"year": 2026, "as_of": "2026-11-22"}


@pytest.fixture
def sized(zone_a):
    """Zone A: a started new start of 20000 (populate's) and an unstarted one of 5000."""
    populate([zone_a])
    make_plan(make_project(zone_a, total="5000"))


def test_it_restricts_the_plan_figures_and_echoes_the_restriction(alice, sized):
    everything = api(alice).get(STATS, WHEN).json()
    assert everything["restriction"] == {"level": None, "category": None, "min_investment": None}
    # 1 of 2 started
    assert everything["plan"]["start_rate"] == 0.5
    data = api(alice).get(STATS, {**WHEN, "min_investment": "10000"}).json()
    assert StatsSerializer(data).data == data
    assert data["restriction"] == {"level": None, "category": None, "min_investment": "10000.00"}
    # only the 20000 project: 1 of 1 started, 250 of its 1000 completed
    assert (data["plan"]["planned_new"], data["plan"]["start_rate"]) == (1, 1.0)
    assert data["plan"]["investment_completion_rate"] == 0.25
    # the signings are not restricted
    assert data["signing"]["signed_count"] == everything["signing"]["signed_count"]


def test_it_takes_a_level_and_a_category_group(alice, sized):
    data = (
        api(alice).get(STATS, {**WHEN, "level": "city_and_above", "category": "industrial"}).json()
    )
    assert data["restriction"]["level"] == "city_and_above"
    assert data["restriction"]["category"] == "industrial"


@pytest.mark.parametrize(
    "params, field",
    [
        ({"level": "city"}, "level"),
        ({"category": "factories"}, "category"),
        ({"min_investment": "-1"}, "min_investment"),
        ({"min_investment": "a lot"}, "min_investment"),
    ],
)
def test_it_refuses_a_bad_restriction_with_the_field_and_a_message(alice, params, field):
    response = api(alice).get(STATS, params)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert isinstance(response.json()[field][0], str)


def test_the_ranking_ranks_on_the_restricted_figures(dave, city, zone_a, zone_b):
    populate([zone_a, zone_b])
    make_plan(make_project(zone_a, total="5000"))  # zone A: 1 of 2 started, B: 1 of 1
    everything = api(dave).get(RANKING, {**WHEN, "metric": "start_rate"}).json()
    assert [row["value"] for row in everything["results"]] == [1.0, 0.5]
    data = api(dave).get(RANKING, {**WHEN, "metric": "start_rate", "min_investment": 10000}).json()
    assert RankingSerializer(data).data == data
    assert data["restriction"]["min_investment"] == "10000.00"
    # from 1亿 up both zones started 1 of 1: they share the first rank
    assert [(row["rank"], row["value"]) for row in data["results"]] == [(1, 1.0), (1, 1.0)]


def test_the_new_rates_rank_too(dave, city, zone_a):
    make_plan(
        make_project(
            zone_a, planned={"completion": date(2026, 6, 30)}, completion=date(2026, 6, 30)
        )
    )
    data = api(dave).get(RANKING, {**WHEN, "metric": "on_time_completion_rate"}).json()
    assert data["results"][0]["value"] == 1.0


def test_its_query_count_does_not_grow_with_the_zones(dave, city, frozen_today):
    restricted = {"level": "city_and_above", "category": "industrial", "min_investment": "5000"}

    def count(url, **params):
        client = api(get_user_model().objects.get(pk=dave.pk))  # its access not yet read
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, params).status_code == 200
        return len(captured.captured_queries)

    populate([ZoneFactory(region=city) for _ in range(3)])
    few = {url: count(url, **restricted) for url in (STATS, RANKING)}
    populate([ZoneFactory(region=city) for _ in range(27)])
    assert {url: count(url, **restricted) for url in (STATS, RANKING)} == few
    # the same queries as without a restriction (test_api_stats): a filter, not a query
    assert few == {STATS: 23, RANKING: 3}


def test_last_year_is_counted_over_the_same_projects(alice, zone_a):
    # 2025: new starts of 20000 and 3000 planned; 2026: one of 20000. With min_investment
    # 10000, last year plans 1 (not 2), so planned_new grows by (1 - 1) / 1 = 0, not -0.5.
    make_plan(make_project(zone_a, total="20000"), year=2025)
    make_plan(make_project(zone_a, total="3000"), year=2025)
    make_plan(make_project(zone_a, total="20000"))
    data = api(alice).get(STATS, {**WHEN, "min_investment": "10000"}).json()
    assert data["last_year"]["plan"]["planned_new"] == 1
    assert data["growth"]["plan"]["planned_new"] == 0.0
    everything = api(alice).get(STATS, WHEN).json()
    assert everything["last_year"]["plan"]["planned_new"] == 2
    assert everything["growth"]["plan"]["planned_new"] == -0.5
