"""A project's lead times (signing → groundbreaking, signing → production) on its page and
as a column of the list, from the milestones the list already reads."""

from datetime import date

import pytest
from django.urls import reverse

from tests.builders import make_project
from tests.factories import ZoneFactory

pytestmark = pytest.mark.usefixtures("frozen_today")

LIST = reverse("projects:list")


def test_a_projects_lead_times_are_days_between_its_actual_dates(zone_a):
    project = make_project(
        zone_a,
        signing=date(2025, 8, 1),
        groundbreaking=date(2026, 1, 10),
        production=date(2026, 8, 1),
    )
    # 2025-08-01 → 2026-01-10: 30 + 30 + 31 + 30 + 31 + 10 = 162; → 2026-08-01: 365
    assert (project.days_signing_to_groundbreaking, project.days_signing_to_production) == (
        162,
        365,
    )
    unsigned = make_project(zone_a, groundbreaking=date(2026, 1, 10))
    assert unsigned.days_signing_to_groundbreaking is None


def test_the_project_page_shows_its_lead_times(client, alice, zone_a):
    project = make_project(zone_a, signing=date(2026, 1, 1), groundbreaking=date(2026, 3, 1))
    client.force_login(alice)
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    # 31 + 28 = 59 days; no production yet
    assert 'data-lead-time="signing_to_groundbreaking">59 天</dd>' in page
    assert 'data-lead-time="signing_to_production">—</dd>' in page


def test_the_list_shows_the_lead_times_in_a_column(client, alice, zone_a):
    make_project(zone_a, signing=date(2026, 1, 1), groundbreaking=date(2026, 3, 1))
    client.force_login(alice)
    page = client.get(LIST).content.decode()
    assert "开工 / 投产用时（天）" in page
    assert '<span title="签约至开工天数">59</span> / <span title="签约至投产天数">—</span>' in page


@pytest.mark.parametrize("projects", [3, 30])
def test_the_column_costs_no_query(client, alice, zone_a, django_assert_num_queries, projects):
    for _ in range(projects):
        make_project(zone_a, signing=date(2026, 1, 1), groundbreaking=date(2026, 3, 1))
    ZoneFactory()
    client.force_login(alice)
    # session, user, memberships, zone and park choices, count, page, milestones, lights
    with django_assert_num_queries(9):
        client.get(LIST)
