"""The supervision figures (reports.figures.supervision), worked by hand, and their place in
/api/stats/."""

from datetime import date

import pytest

from reports.api.serializers import StatsSerializer
from reports.figures.period import Period
from reports.figures.scopes import Scope
from reports.figures.supervision import supervision_figures
from supervision.models import Blocker
from tests.api.cases import client_for
from tests.factories import ProjectFactory, ZoneFactory

D = date(2026, 11, 22)


def blocker(zone, category, level, status, raised_on, deadline, closed_on=None):
    # Stored as they would stand after their transitions: the figures read the rows only.
    return Blocker.objects.create(
        project=ProjectFactory(zone=zone),
        title="堵点",
        category=category,
        level=level,
        responsible_unit="有关部门",
        status=status,
        raised_on=raised_on,
        deadline=deadline,
        closed_on=closed_on,
    )


@pytest.fixture
def zone_a_blockers(zone_a, zone_b):
    """Zone A: three pending (two late), three closed in 2026 (two on time, after 50, 45 and
    49 days), one closed in 2025, one resolved but not closed; zone B: one pending, late."""
    blocker(zone_a, "land", "zone", "open", date(2026, 11, 1), date(2026, 11, 30))
    blocker(zone_a, "land", "district", "in_progress", date(2026, 10, 1), date(2026, 11, 10))
    blocker(zone_a, "funding", "zone", "open", date(2026, 9, 1), date(2026, 11, 21))
    # Closed 50 days after raising, 10 days before the deadline.
    blocker(
        zone_a, "funding", "city", "closed", date(2026, 3, 1), date(2026, 4, 30), date(2026, 4, 20)
    )
    # Closed after 45 days, 15 days late.
    blocker(
        zone_a,
        "approvals",
        "zone",
        "closed",
        date(2026, 5, 1),
        date(2026, 5, 31),
        date(2026, 6, 15),
    )
    # Closed after 49 days, on its deadline: on time.
    blocker(
        zone_a,
        "utilities",
        "zone",
        "closed",
        date(2026, 1, 10),
        date(2026, 2, 28),
        date(2026, 2, 28),
    )
    blocker(
        zone_a, "land", "zone", "closed", date(2025, 12, 1), date(2025, 12, 31), date(2025, 12, 20)
    )
    blocker(zone_a, "other", "zone", "resolved", date(2026, 10, 1), date(2026, 10, 10))
    blocker(zone_b, "land", "zone", "open", date(2026, 8, 1), date(2026, 9, 1))


def counts(open_, overdue, closed):
    return {"blockers_open": open_, "blockers_overdue": overdue, "blockers_closed": closed}


def test_the_figures_of_a_zone_worked_by_hand(zone_a, zone_a_blockers):
    figures = supervision_figures(Scope.for_zone(zone_a), Period(2026, D)).as_dict()
    assert {k: figures[k] for k in ("blockers_open", "blockers_overdue", "blockers_closed")} == (
        counts(3, 2, 3)
    )
    assert figures["closed_on_time_rate"] == 0.6667  # 2 of 3
    assert figures["median_days_to_close"] == 49.0  # of 45, 49, 50
    assert figures["by_category"] == [
        {"category": "land", **counts(2, 1, 0)},
        {"category": "approvals", **counts(0, 0, 1)},
        {"category": "funding", **counts(1, 1, 1)},
        {"category": "utilities", **counts(0, 0, 1)},
        {"category": "demolition", **counts(0, 0, 0)},
        {"category": "environment", **counts(0, 0, 0)},
        {"category": "other", **counts(0, 0, 0)},
    ]
    assert figures["by_level"] == [
        {"level": "zone", **counts(2, 1, 2)},
        {"level": "district", **counts(1, 1, 0)},
        {"level": "city", **counts(0, 0, 1)},
        {"level": "province", **counts(0, 0, 0)},
    ]


def test_the_date_sets_the_window_and_what_is_late(zone_a, zone_a_blockers):
    figures = supervision_figures(Scope.for_zone(zone_a), Period(2026, date(2026, 6, 30)))
    # Nothing pending was raised by June 30; the three closed by then count, two on time.
    assert (figures.total("open"), figures.total("closed")) == (0, 3)
    assert figures.closed_on_time_rate == 0.6667
    early = supervision_figures(Scope.for_zone(zone_a), Period(2026, date(2026, 4, 30)))
    # By April 30: closed on Feb 28 (49 days) and April 20 (50 days), both on time.
    assert (early.total("closed"), early.closed_on_time_rate) == (2, 1.0)
    assert early.as_dict()["median_days_to_close"] == 49.5


def test_a_region_adds_up_its_zones(city, zone_a_blockers):
    figures = supervision_figures(Scope.for_region(city), Period(2026, D))
    assert (figures.total("open"), figures.total("overdue"), figures.total("closed")) == (4, 3, 3)


def test_without_closed_blockers_the_rate_and_median_are_null(zone_b, zone_a_blockers):
    figures = supervision_figures(Scope.for_zone(zone_b), Period(2026, D)).as_dict()
    assert (figures["closed_on_time_rate"], figures["median_days_to_close"]) == (None, None)


def test_the_figures_cost_three_queries_for_3_or_30_zones(city, django_assert_num_queries):
    def spread(zones):
        for zone in zones:
            blocker(zone, "land", "zone", "open", date(2026, 9, 1), date(2026, 10, 1))
            blocker(
                zone,
                "funding",
                "city",
                "closed",
                date(2026, 3, 1),
                date(2026, 4, 1),
                date(2026, 3, 9),
            )

    spread([ZoneFactory(region=city) for _ in range(3)])
    # 3 queries: counts per category and level, days to close, updates due and received.
    with django_assert_num_queries(3):
        few = supervision_figures(Scope.for_region(city), Period(2026, D))
    spread([ZoneFactory(region=city) for _ in range(27)])
    with django_assert_num_queries(3):
        many = supervision_figures(Scope.for_region(city), Period(2026, D))
    assert (few.total("overdue"), many.total("overdue")) == (3, 30)
    assert many.as_dict()["median_days_to_close"] == 8.0


def test_stats_answers_the_supervision_section_of_the_users_zones(
    alice, zone_a_blockers, frozen_today
):
    response = client_for(alice).get("/api/stats/", {"year": 2026})
    assert response.status_code == 200
    data = response.json()
    assert StatsSerializer(data).data == data
    section = data["supervision"]
    assert (section["blockers_open"], section["blockers_overdue"]) == (3, 2)  # zone A only
    assert (section["blockers_closed"], section["closed_on_time_rate"]) == (3, 0.6667)
