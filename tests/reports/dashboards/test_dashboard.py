"""Region and zone dashboards: the numbers of /api/stats/, worked by hand, linked to the
projects behind them, in both languages, within the user's zones, in a fixed query count.
"""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from parks.choices import Role
from tests.builders import api
from tests.factories import MembershipFactory, RegionFactory, UserFactory, ZoneFactory
from tests.reports.dashboard_data import WHEN, add_zones, build_city

pytestmark = pytest.mark.usefixtures("frozen_today")

TILE = re.compile(r'data-metric="([a-z_0-9]+)" data-value="([^"]*)"')


@pytest.fixture
def city_data(zone_a, zone_b):
    return build_city(zone_a, zone_b)


def tiles(response) -> dict:
    assert response.status_code == 200
    return dict(TILE.findall(response.content.decode()))


def stats_tiles(stats) -> dict:
    """What each tile must show, read from an /api/stats/ answer."""
    plan, signing = stats["plan"], stats["signing"]
    by_min = {row["min_investment"]: row for row in signing["by_threshold"]}
    values = {
        "signed_count": signing["signed_count"],
        "signed_count_1yi": by_min["10000.00"]["count"],
        "signed_count_10yi": by_min["100000.00"]["count"],
        "start_rate": plan["start_rate"],
        "start_or_resume_rate": plan["start_or_resume_rate"],
        "investment_completion_rate": plan["investment_completion_rate"],
        "completion_rate": plan["completion_rate"],
    }
    return {name: "" if value is None else str(value) for name, value in values.items()}


def test_the_region_dashboard_shows_the_figures_of_api_stats(client, dave, city, city_data):
    client.force_login(dave)

    shown = tiles(client.get(reverse("reports:region", args=[city.pk]), WHEN))

    stats = api(dave).get("/api/stats/", {"region": city.pk, **WHEN}).json()
    assert {name: shown[name] for name in stats_tiles(stats)} == stats_tiles(stats)
    # Worked by hand (see dashboard_data).
    assert shown["signed_count"] == "3"
    assert (shown["signed_count_1yi"], shown["signed_count_10yi"]) == ("2", "1")
    assert shown["start_rate"] == "0.3333"
    assert shown["start_or_resume_rate"] == "0.5"
    assert shown["investment_completion_rate"] == "0.1071"
    assert shown["completion_rate"] == "1.0"
    assert shown["overdue_milestones"] == "1"


def test_the_zone_dashboard_shows_the_figures_of_api_stats(client, alice, zone_a, city_data):
    client.force_login(alice)

    response = client.get(reverse("reports:zone", args=[zone_a.pk]), WHEN)

    shown = tiles(response)
    stats = api(alice).get("/api/stats/", {"zone": zone_a.pk, **WHEN}).json()
    assert {name: shown[name] for name in stats_tiles(stats)} == stats_tiles(stats)
    assert shown["start_rate"] == "0.5"  # A1 started, A2 not
    assert shown["investment_completion_rate"] == "0.1875"  # 750 / 4000
    assert response.context["board"].stats == stats


def test_the_dashboards_numbers_match_the_api_for_everything_a_user_reads(client, dave, city_data):
    client.force_login(dave)
    response = client.get(reverse("reports:dashboard"), WHEN, follow=True)
    stats = api(dave).get("/api/stats/", WHEN).json()
    board = response.context["board"]
    assert board.stats["plan"] == stats["plan"]
    assert board.stats["signing"] == stats["signing"]
    assert board.stats["milestones"] == stats["milestones"]
    assert board.stats["targets"] == stats["targets"]


def test_the_funnel_counts_projects_that_reached_each_stage(client, dave, city, city_data):
    client.force_login(dave)
    board = client.get(reverse("reports:region", args=[city.pk]), WHEN).context["board"]
    assert [(step.step, step.projects) for step in board.funnel] == [
        ("projects", 4),
        ("signing", 4),
        ("groundbreaking", 2),
        ("completion", 1),
        ("production", 0),
    ]
    assert board.negotiating == 0
    assert board.overdue == 1


def test_the_funnel_on_an_earlier_date_counts_what_was_reached_by_then(
    client, dave, city, city_data
):
    client.force_login(dave)
    url = reverse("reports:region", args=[city.pk])
    board = client.get(url, {"year": 2026, "as_of": "2026-03-01"}).context["board"]
    # By March 1st: A3 (signed 2025, started 2025) and A1 (signed Feb 1st) only.
    assert [step.projects for step in board.funnel] == [4, 2, 1, 0, 0]
    assert board.negotiating == 2
    # A2's groundbreaking was planned for June: not overdue yet on March 1st.
    assert board.overdue == 0


def test_the_region_lists_its_zones_and_sub_regions_side_by_side(
    client, dave, city, zone_a, zone_b, city_data
):
    county = RegionFactory(name="丹阳市", code="JS-ZJ-DY", parent=city)
    zone_c = ZoneFactory(name="丹阳开发区", code="ZC", region=county)
    client.force_login(dave)
    board = client.get(reverse("reports:region", args=[city.pk]), WHEN).context["board"]
    assert [row.name for row in board.zones] == [zone_a.name, zone_b.name, zone_c.name]
    assert [row.name for row in board.regions] == ["丹阳市"]
    a = board.zones[0]
    assert (a.figures.signed_count, a.funnel["projects"], a.overdue) == (2, 3, 1)
    assert board.regions[0].figures.signed_count == 0


def follow(client, url) -> list[str]:
    """The codes of the projects a dashboard link opens in the officials' list."""
    response = client.get(url)
    assert response.status_code == 200
    return sorted(project.code for project in response.context["page"].object_list)


def test_each_number_opens_the_projects_behind_it(client, dave, city, city_data):
    client.force_login(dave)
    board = client.get(reverse("reports:region", args=[city.pk]), WHEN).context["board"]
    links = board.links
    a1, a2, a3, b1 = (city_data[name].code for name in ("a1", "a2", "a3", "b1"))

    assert follow(client, links.signed()) == sorted([a1, a2, b1])
    assert follow(client, links.signed(Decimal("10000"))) == sorted([a1, b1])
    assert follow(client, links.signed(Decimal("100000"))) == [b1]
    assert follow(client, links.plan("new")) == sorted([a1, a2, b1])
    assert follow(client, links.started_new()) == [a1]
    assert follow(client, links.resumed()) == [a3]
    assert follow(client, links.plan()) == sorted([a1, a2, a3, b1])
    assert follow(client, links.planned_completion()) == [a3]
    assert follow(client, links.planned_completion(done=True)) == [a3]
    assert follow(client, links.reached_groundbreaking) == sorted([a1, a3])
    assert follow(client, links.in_year("completion")) == [a3]
    assert "region=" in links.signed()


def test_a_zone_row_and_a_park_row_link_within_their_zone_and_park(
    client, alice, zone_a, city_data
):
    client.force_login(alice)
    board = client.get(reverse("reports:zone", args=[zone_a.pk]), WHEN).context["board"]
    park_row, outside = board.parks
    assert (park_row.name, park_row.funnel["projects"], park_row.plan_entries) == (
        "新材料产业园",
        2,
        2,
    )
    assert park_row.planned_investment == Decimal("3000.00")
    assert follow(client, park_row.links.all()) == sorted(
        [city_data["a1"].code, city_data["a3"].code]
    )
    assert (outside.pk, outside.funnel["projects"], outside.overdue) == (None, 1, 1)
    assert [m.project.code for m in board.lagging] == [city_data["a2"].code]


def test_the_tiles_show_sums_in_yi_and_rates_in_percent(client, dave, city, city_data):
    client.force_login(dave)
    body = client.get(reverse("reports:region", args=[city.pk]), WHEN).content.decode()
    assert "33.3%" in body  # start rate
    assert "17.50 亿元" in body  # 175000 万元 signed


def in_english(client):
    """The language the English button sets, as /i18n/setlang/ does."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_it_speaks_english_too(client, dave, city, city_data):
    client.force_login(dave)
    url = reverse("reports:region", args=[city.pk])
    chinese = client.get(url, WHEN).content.decode()
    in_english(client)
    english = client.get(url, WHEN).content.decode()
    assert "开工率" in chinese and "Start rate" not in chinese
    assert "Start rate" in english and "开工率" not in english


@pytest.mark.parametrize("as_of", ["not-a-date", "2026-02-30"])
def test_a_bad_date_is_shown_and_today_is_used(client, dave, city, city_data, as_of):
    client.force_login(dave)
    response = client.get(reverse("reports:region", args=[city.pk]), {"as_of": as_of})
    assert response.status_code == 200
    assert response.context["form"].errors["as_of"]
    assert response.context["board"].period.as_of.isoformat() == "2026-11-22"


def test_a_nul_byte_in_the_picker_is_a_400(client, dave, city):
    client.force_login(dave)
    assert (
        client.get(reverse("reports:region", args=[city.pk]), {"as_of": "\x00"}).status_code == 400
    )


# -- who sees what --------------------------------------------------------------------------


def test_an_official_sees_its_zone_and_no_other_nor_the_region(
    client, alice, city, zone_a, zone_b, city_data
):
    client.force_login(alice)
    assert client.get(reverse("reports:zone", args=[zone_a.pk])).status_code == 200
    assert client.get(reverse("reports:zone", args=[zone_b.pk])).status_code == 404
    assert client.get(reverse("reports:region", args=[city.pk])).status_code == 404
    assert client.get(reverse("reports:zone_screen", args=[zone_b.pk])).status_code == 404
    assert client.get(reverse("reports:region_screen", args=[city.pk])).status_code == 404


def test_leadership_reads_every_zone_of_its_region_but_not_another_region(
    client, dave, city, zone_a, zone_b
):
    other_city = RegionFactory(code="JS-NJ")
    other_zone = ZoneFactory(region=other_city)
    client.force_login(dave)
    assert client.get(reverse("reports:zone", args=[zone_b.pk])).status_code == 200
    assert client.get(reverse("reports:region", args=[city.pk])).status_code == 200
    assert client.get(reverse("reports:zone", args=[other_zone.pk])).status_code == 404
    assert client.get(reverse("reports:region", args=[other_city.pk])).status_code == 404


def test_the_dashboard_link_lands_on_the_users_region_or_zone(client, dave, alice, city, zone_a):
    client.force_login(dave)
    response = client.get(reverse("reports:dashboard"), WHEN)
    assert response.url == reverse("reports:region", args=[city.pk]) + "?year=2026&as_of=2026-11-22"
    client.force_login(alice)
    assert client.get(reverse("reports:dashboard")).url == reverse("reports:zone", args=[zone_a.pk])
    assert client.get(reverse("reports:dashboard_screen")).url == reverse(
        "reports:zone_screen", args=[zone_a.pk]
    )


def test_an_anonymous_visitor_is_sent_to_log_in(client, city):
    response = client.get(reverse("reports:region", args=[city.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# -- the wall display -------------------------------------------------------------------------


def test_the_wall_display_is_dark_and_reloads_itself(client, dave, city, city_data):
    client.force_login(dave)
    body = client.get(reverse("reports:region_screen", args=[city.pk]), {"refresh": "2"})
    html = body.content.decode()
    assert 'class="zt-dash-page zt-screen"' in html
    assert 'data-refresh-minutes="2"' in html
    assert "js/dashboard_screen.js" in html
    default = client.get(reverse("reports:region_screen", args=[city.pk]), {"refresh": "999"})
    assert 'data-refresh-minutes="5"' in default.content.decode()


@pytest.mark.parametrize("page", ["region", "region_screen", "zone"])
def test_nothing_inline_for_the_csp(client, dave, city, zone_a, city_data, page):
    client.force_login(dave)
    args = [city.pk] if page.startswith("region") else [zone_a.pk]
    html = client.get(reverse(f"reports:{page}", args=args), WHEN).content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all('src="' in s or 'type="application/json"' in s for s in scripts)
    assert " style=" not in html and "<style" not in html
    assert "http://" not in html and "https://" not in html.replace("https://www.w3.org", "")


# -- query counts -----------------------------------------------------------------------------


def count_queries(client, url, django_assert_num_queries, expected, **params):
    """Count the queries of a second view of ``url``: the first of the day brings the zones'
    rollups up to date (rollups.read: one grouped pass, however many zones)."""
    query = {**WHEN, **params}
    assert client.get(url, query).status_code == 200
    with django_assert_num_queries(expected):
        assert client.get(url, query).status_code == 200


# 3 (session, user, membership) + 1 region (scope) + 1 zones of the scope + 1 sub-regions
# + 1 whether the zones' rollups are current (as of today, no pending change; their targets'
# digests) + 1 the region's row (this year's and the same date last year's figures, its best
# teams) + 1 the zones' rows (what the table shows of each: the stage funnel, the progress
# updates...) + 1 the sub-regions' rows + 1 trend from the snapshots (also last year's months)
# + 1 breadcrumbs + 1 the attraction teams (none here: ranked from the region row's tallies;
# with teams, test_team_totals pins the queries).
REGION_QUERIES = 13


@pytest.mark.parametrize("zones", [3, 30])
def test_the_region_dashboard_runs_the_same_queries_for_3_zones_and_30(
    client, dave, city, zone_a, zone_b, django_assert_num_queries, zones
):
    county = RegionFactory(code="JS-ZJ-DY", parent=city)
    build_city(zone_a, zone_b)
    add_zones(county, 1)
    add_zones(city, zones - 3)
    client.force_login(dave)
    count_queries(
        client, reverse("reports:region", args=[city.pk]), django_assert_num_queries, REGION_QUERIES
    )


# 3 (session, user, membership) + 1 zone (scope) + 4 the zone's figures from its rollup
# (rollup; pending changes by zone and by project; the targets of the year), this year's and
# the same date last year's, with the lights' trend + 1 parks + 2 funnel by park (projects
# and plan entries; milestones reached and overdue) + 1 trend + 1 lagging
# milestones (breadcrumbs: none for an official, who reads no region as a whole) + 3 park
# figures (parks; indicators by park; investment by park) + 1 the attraction teams (none
# here: their stages are not looked up; with teams, test_team_totals pins 5).
ZONE_QUERIES = 17


@pytest.mark.parametrize("projects", [1, 12])
def test_the_zone_dashboard_runs_the_same_queries_for_1_park_and_12(
    client, alice, zone_a, zone_b, django_assert_num_queries, projects
):
    for number in range(projects):
        build_city(zone_a, zone_b, f"园区{number}", targets=number == 0)  # a park, 3 projects
    client.force_login(alice)
    count_queries(
        client, reverse("reports:zone", args=[zone_a.pk]), django_assert_num_queries, ZONE_QUERIES
    )


def test_a_user_with_memberships_in_two_zones_gets_both(client, zone_a, zone_b, city_data):
    user = UserFactory(username="eve")
    MembershipFactory(user=user, zone=zone_a, role=Role.OFFICIAL)
    MembershipFactory(user=user, zone=zone_b, role=Role.OFFICIAL)
    client.force_login(user)
    response = client.get(reverse("reports:dashboard"), WHEN)
    assert response.status_code == 200
    board = response.context["board"]
    assert [row.name for row in board.zones] == [zone_a.name, zone_b.name]
    assert board.figures.signed_count == 3


def test_the_breadcrumbs_go_down_from_the_users_region(client, dave, city, zone_a):
    county = RegionFactory(name="丹阳市", code="JS-ZJ-DY", parent=city)
    zone_c = ZoneFactory(region=county)
    client.force_login(dave)
    crumbs = client.get(reverse("reports:zone", args=[zone_c.pk])).context["crumbs"]
    # The province above the city is not read as a whole by dave: it is not offered.
    assert [crumb["name"] for crumb in crumbs] == [city.name, "丹阳市"]
    region_crumbs = client.get(reverse("reports:region", args=[county.pk])).context["crumbs"]
    assert [crumb["name"] for crumb in region_crumbs] == [city.name]
    assert client.get(reverse("reports:region", args=[city.pk])).context["crumbs"] == []
