"""/api/stats/ and /api/stats/ranking/: figures, parameters, zone isolation, query counts."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from investment.choices import TargetMetric
from investment.models import Target
from reports.api.serializers import RankingSerializer, StatsSerializer
from reports.figures import rollups
from tests.builders import api, make_plan, make_project, make_report
from tests.factories import TargetFactory, ZoneFactory

pytestmark = pytest.mark.django_db

STATS = "/api/stats/"
RANKING = "/api/stats/ranking/"


def populate(zones):
    """Every zone: a started new start signed in Feb, a report, a count and a money target."""
    for zone in zones:
        project = make_project(
            zone, total="20000", signing=date(2026, 2, 1), groundbreaking=date(2026, 5, 1)
        )
        make_plan(project, investment="1000")
        make_report(project, 6, completed="250", domestic="120", out="20")
        TargetFactory(zone=zone, metric=TargetMetric.SIGNED_COUNT, annual_value=2)
        TargetFactory(zone=zone, metric=TargetMetric.FUNDS_IN_PLACE, annual_value=500)


@pytest.fixture
def two_zones(zone_a, zone_b):
    populate([zone_a, zone_b])


def get(user, url, **params):
    return api(user).get(url, params)


def test_it_answers_the_figures_of_the_users_zones_in_the_documented_shape(alice, two_zones):
    response = get(alice, STATS, year=2026, as_of="2026-11-22")
    assert response.status_code == 200
    data = response.json()
    assert StatsSerializer(data).data == data  # every key documented, every type as declared
    assert (data["scope"]["type"], data["scope"]["id"]) == ("all", None)
    assert (data["year"], data["as_of"]) == (2026, "2026-11-22")
    assert data["plan"]["planned_new"] == 1  # zone A only
    assert data["plan"]["start_rate"] == 1.0
    assert data["plan"]["investment_completion_rate"] == 0.25
    assert data["signing"]["signed_investment"] == "20000.00"
    assert data["milestones"]["median_days_signing_to_groundbreaking"] == 89.0
    funds = next(t for t in data["targets"] if t["metric"] == "funds_in_place")
    assert (funds["actual"], funds["progress"], funds["status"]) == ("120.00", 0.24, "behind")


def test_it_answers_one_zone_or_one_region(dave, city, zone_a, zone_b, two_zones):
    zone = get(dave, STATS, zone=zone_b.pk, year=2026, as_of="2026-11-22").json()
    assert zone["scope"] == {"type": "zone", "id": zone_b.pk, "name": zone_b.name}
    assert zone["plan"]["planned_new"] == 1
    region = get(dave, STATS, region=city.pk, year=2026, as_of="2026-11-22").json()
    assert region["scope"] == {"type": "region", "id": city.pk, "name": city.name}
    assert region["plan"]["planned_new"] == 2
    assert len(region["targets"]) == 4


def test_it_defaults_to_todays_year_and_date(alice, frozen_today):
    data = get(alice, STATS).json()
    assert (data["year"], data["as_of"]) == (2026, "2026-11-22")
    assert get(alice, STATS, as_of="2025-03-01").json()["year"] == 2025


def test_it_hides_a_zone_of_someone_else(alice, zone_b):
    assert get(alice, STATS, zone=zone_b.pk).status_code == 404


def test_it_hides_the_region_around_a_zone_members_zone(alice, city):
    assert get(alice, STATS, region=city.pk).status_code == 404


def test_it_hides_a_region_above_the_leaderships_region(dave, city):
    assert get(dave, STATS, region=city.pk).status_code == 200
    assert get(dave, STATS, region=city.parent.pk).status_code == 404


def test_it_answers_404_for_a_zone_that_does_not_exist(admin_user):
    assert get(admin_user, STATS, zone=999999).status_code == 404


@pytest.mark.parametrize(
    "params, field",
    [
        ({"year": "abc"}, "year"),
        ({"year": "1999"}, "year"),
        ({"as_of": "2026-02-30"}, "as_of"),
        ({"as_of": "yesterday"}, "as_of"),
        ({"zone": "A"}, "zone"),
        ({"region": "-1"}, "region"),
    ],
)
def test_it_refuses_bad_parameters_with_the_field_and_a_message(alice, params, field):
    response = get(alice, STATS, **params)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert isinstance(response.json()[field][0], str)


def test_it_refuses_a_zone_and_a_region_together(alice, zone_a, city):
    response = get(alice, STATS, zone=zone_a.pk, region=city.pk)
    assert response.status_code == 400
    assert list(response.json()) == ["region"]


def test_it_refuses_a_nul_byte(alice):
    assert get(alice, STATS, year="2026\x00").status_code == 400


def test_it_answers_401_to_anonymous_requests(db):
    assert APIClient().get(STATS).status_code == 401
    assert APIClient().get(RANKING).status_code == 401


def test_it_accepts_an_api_token(alice):
    token = Token.objects.create(user=alice)
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get(STATS).status_code == 200


def test_its_query_count_does_not_grow_with_the_zones(dave, city, frozen_today):
    def count(url, **params):
        api(dave).get(url, params)  # the first read of the day brings the rollups up to date
        client = api(get_user_model().objects.get(pk=dave.pk))  # its access not yet read
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, params).status_code == 200
        return len(captured.captured_queries)

    populate([ZoneFactory(region=city) for _ in range(3)])
    few = {url: count(url) for url in (STATS, RANKING)}
    few_region = count(STATS, region=city.pk)
    populate([ZoneFactory(region=city) for _ in range(297)])
    many = {url: count(url) for url in (STATS, RANKING)}
    assert many == few
    assert count(STATS, region=city.pk) == few_region
    # stats: memberships, zones, their regions (which regions the user reads as a whole), the
    # zones' rollups (as of which day, whether a change is pending, their targets' digest: the
    # texts were read by the first read), the region row (the lights' trend is in the
    # rollups); ranking:
    # memberships, zones, rollups, the two kinds of pending changes, targets.
    assert few == {STATS: 5, RANKING: 6}
    # A region: memberships, the region, its zones, their rollups, the region row.
    assert few_region == 5


def rows(targets):
    """The targets with their keys in order: the answer must be the same text, not only equal."""
    return [list(target.items()) for target in targets]


def test_a_regions_targets_from_the_rollups_are_its_zones_in_code_order(
    dave, city, zone_a, zone_b, two_zones, frozen_today
):
    region = get(dave, STATS, region=city.pk).json()
    assert region["source"] == "rollup"
    zones = [get(dave, STATS, zone=zone.pk).json() for zone in (zone_a, zone_b)]  # ZA, ZB
    assert rows(region["targets"]) == rows(zones[0]["targets"] + zones[1]["targets"])
    everything = get(dave, STATS).json()
    assert everything["source"] == "rollup"
    assert rows(everything["targets"]) == rows(region["targets"])


def test_a_regions_targets_follow_the_writes_of_a_zone_and_of_a_project(
    dave, city, zone_a, two_zones, frozen_today
):
    def funds_target():
        data = get(dave, STATS, region=city.pk).json()
        assert data["source"] == "rollup"
        return next(
            t
            for t in data["targets"]
            if t["zone"] == zone_a.pk and t["metric"] == TargetMetric.FUNDS_IN_PLACE
        )

    before = funds_target()
    Target.objects.filter(zone=zone_a, metric=TargetMetric.FUNDS_IN_PLACE).update(annual_value=800)
    rollups.record_change(zone_ids=[zone_a.pk])  # what a saved target notes
    assert funds_target()["annual_value"] == "800.00"
    make_report(make_project(zone_a, total="20000"), 7, domestic="100")  # a project's write
    assert Decimal(funds_target()["actual"]) == Decimal(before["actual"]) + 100


def test_a_process_reads_a_zones_targets_again_only_when_they_changed(
    dave, city, zone_a, two_zones, frozen_today
):
    def read():
        with CaptureQueriesContext(connection) as captured:
            data = get(dave, STATS, region=city.pk).json()
        assert data["source"] == "rollup"
        return len(captured.captured_queries), data

    get(dave, STATS, region=city.pk)  # the rollups current
    rollups._read_targets.clear()
    (first, answer), (second, again) = read(), read()
    assert (first, again) == (second + 1, answer)  # the texts, read once
    # A copy is used only while the rollup has its digest.
    rollups._read_targets[zone_a.pk] = ("another digest", b'{"id":0}')
    assert read() == (first, answer)


def test_the_json_format_and_the_browsable_api_show_the_targets(
    dave, city, two_zones, frozen_today
):
    client = api(dave)
    as_json = client.get(STATS, {"region": city.pk, "format": "json"})
    assert as_json["Content-Type"] == "application/json"
    assert len(as_json.json()["targets"]) == 4
    page = client.get(STATS, {"region": city.pk}, HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    assert page.content.decode().count("funds_in_place") == 2


# Ranking


def test_the_ranking_lists_zones_best_first_with_rank(dave, city, zone_a, zone_b, two_zones):
    make_plan(make_project(zone_a))  # zone A: 1 of 2 started
    response = get(dave, RANKING, metric="start_rate", as_of="2026-11-22")
    assert response.status_code == 200
    data = response.json()
    assert RankingSerializer(data).data == data
    assert data["metric"] == "start_rate"
    assert data["count"] == 2
    assert [(row["code"], row["rank"], row["value"]) for row in data["results"]] == [
        (zone_b.code, 1, 1.0),
        (zone_a.code, 2, 0.5),
    ]


def test_the_ranking_is_paginated(admin_user, city):
    for _ in range(3):
        ZoneFactory(region=city)
    data = get(admin_user, RANKING, metric="signed_count", page_size=2).json()
    assert (data["count"], len(data["results"]), data["next"] is not None) == (3, 2, True)


def test_the_ranking_refuses_an_unknown_metric(alice):
    response = get(alice, RANKING, metric="happiness")
    assert response.status_code == 400
    assert list(response.json()) == ["metric"]


def test_the_ranking_hides_a_region_the_user_does_not_read(alice, city):
    assert get(alice, RANKING, region=city.pk).status_code == 404


def test_the_ranking_of_a_zone_member_lists_only_its_zones(alice, zone_a, zone_b):
    codes = [row["code"] for row in get(alice, RANKING).json()["results"]]
    assert codes == [zone_a.code]
