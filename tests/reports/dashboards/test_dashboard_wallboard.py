"""The wall board (挂图作战): the key projects of a zone, their milestones planned against
actual, overdue in red, filtered, printable, in a fixed number of queries.
"""

from datetime import date

import pytest
from django.urls import reverse

from projects.choices import Status
from tests.reports.dashboard_data import WHEN, build_city

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def city_data(zone_a, zone_b):
    return build_city(zone_a, zone_b)


def board(client, zone, **params):
    response = client.get(reverse("reports:wallboard", args=[zone.pk]), {**WHEN, **params})
    assert response.status_code == 200
    return response.context["board"], response


def states(row):
    return {cell.kind: cell.state for cell in row.cells}


def test_every_key_project_of_the_zone_is_a_row(client, alice, zone_a, city_data):
    client.force_login(alice)
    shown, _response = board(client, zone_a)
    # By park (projects outside any park last), then by code.
    assert [row.project for row in shown.rows] == [city_data[n] for n in ("a1", "a3", "a2")]
    by_code = {row.project.code: row for row in shown.rows}
    a1, a2, a3 = (by_code[city_data[name].code] for name in ("a1", "a2", "a3"))
    assert states(a1) == {
        "signing": "done",
        "groundbreaking": "done",
        "completion": "none",
        "production": "none",
    }
    # A2: groundbreaking planned for June 1st, not reached by November 22nd.
    assert states(a2)["groundbreaking"] == "overdue"
    overdue = a2.cells[1]
    assert (overdue.planned, overdue.days) == (date(2026, 6, 1), 174)
    # A3: completion planned for September 30th, reached October 15th.
    assert states(a3)["completion"] == "late"
    assert a3.cells[2].days == 15
    assert (shown.projects, shown.overdue_projects) == (3, 1)
    assert shown.overdue_by_kind == {
        "signing": 0,
        "groundbreaking": 1,
        "completion": 0,
        "production": 0,
    }
    assert (a1.completed_investment, a3.completed_investment) == (250, 500)


def test_the_overdue_cells_are_red_on_the_page(client, alice, zone_a, city_data):
    client.force_login(alice)
    _shown, response = board(client, zone_a)
    html = response.content.decode()
    assert html.count('data-state="overdue"') == 1
    assert 'class="zt-cell zt-cell-overdue"' in html
    assert "js/dashboard_print.js" in html and "data-print" in html


def test_on_an_earlier_date_the_board_shows_what_was_known_then(client, alice, zone_a, city_data):
    client.force_login(alice)
    shown, _response = board(client, zone_a, as_of="2026-10-01")
    a3 = next(row for row in shown.rows if row.project == city_data["a3"])
    # On October 1st A3's completion (planned Sep 30th, reached Oct 15th) was overdue.
    assert states(a3)["completion"] == "overdue"
    assert shown.overdue_by_kind["completion"] == 1


def test_it_filters_by_overdue_park_plan_type_stage_and_text(client, alice, zone_a, city_data):
    client.force_login(alice)

    def codes(**params):
        return sorted(row.project.code for row in board(client, zone_a, **params)[0].rows)

    a1, a2, a3 = (city_data[name].code for name in ("a1", "a2", "a3"))
    assert codes(overdue="on") == [a2]
    assert codes(park=city_data["park"].pk) == sorted([a1, a3])
    assert codes(plan_type="continuing") == [a3]
    assert codes(stage="completed") == [a3]
    assert codes(q=a1) == [a1]


def test_a_cancelled_project_is_never_overdue(client, alice, zone_a, city_data):
    a2 = city_data["a2"]
    a2.status, a2.status_reason = Status.CANCELLED, "投资方撤回"
    a2.save()
    client.force_login(alice)
    shown, _response = board(client, zone_a)
    assert shown.overdue_projects == 0
    assert shown.overdue_by_kind["groundbreaking"] == 0


def test_another_zones_board_is_404(client, alice, zone_b):
    client.force_login(alice)
    assert client.get(reverse("reports:wallboard", args=[zone_b.pk])).status_code == 404


def test_the_board_link_lands_on_the_only_zone_or_lists_the_zones(
    client, alice, dave, zone_a, zone_b
):
    client.force_login(alice)
    assert client.get(reverse("reports:wallboard_home")).url == reverse(
        "reports:wallboard", args=[zone_a.pk]
    )
    client.force_login(dave)
    response = client.get(reverse("reports:wallboard_home"))
    assert [zone.pk for zone in response.context["zones"]] == [zone_a.pk, zone_b.pk]


def test_a_park_that_is_not_a_number_is_ignored(client, alice, zone_a, city_data):
    client.force_login(alice)
    shown, response = board(client, zone_a, park="x")
    assert response.context["form"].errors["park"]
    assert shown.projects == 3


# 3 (session, user, membership) + 1 zone (scope) + 1 parks + 1 rows with their figures
# + 1 milestones of the rows + 1 overdue summary (breadcrumbs: none for an official)
# + 1 the rows' current lights (their dots; the order reds first is a subquery of the rows)
# + 1 this week's meeting (none here; with one, + 1 its decisions).
BOARD_QUERIES = 10


@pytest.mark.parametrize("copies", [1, 10])
def test_the_board_runs_the_same_queries_for_3_projects_and_30(
    client, alice, zone_a, zone_b, django_assert_num_queries, copies
):
    for number in range(copies):
        build_city(zone_a, zone_b, f"园区{number}", targets=False)
    client.force_login(alice)
    with django_assert_num_queries(BOARD_QUERIES):
        board(client, zone_a)
