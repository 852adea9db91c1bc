"""The daily check: what lags becomes an open alert, once; what recovers is resolved."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from investment.choices import TargetMetric
from projects.choices import MilestoneKind, Status
from supervision import tasks
from supervision.alerts import raise_alerts
from supervision.models import Alert
from tests.builders import api, make_plan, make_project, make_report
from tests.factories import MilestoneFactory, TargetFactory

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 22)


@pytest.fixture
def lagging(zone_a, zone_b):
    """Zone A: one project lagging four ways... and zone B: one target behind."""
    late = make_project(
        zone_a,
        planned={"completion": date(2026, 10, 1), "production": date(2026, 11, 30)},
        signing=date(2026, 1, 5),
    )
    make_plan(late)  # a new start planned for 2026-03-01, no groundbreaking
    running = make_project(zone_a, signing=date(2026, 1, 5), groundbreaking=date(2026, 4, 10))
    make_plan(running)  # started in April: the October report is due and missing
    stalled = make_project(zone_a, planned={"groundbreaking": date(2026, 5, 1)})
    stalled.status, stalled.status_reason = Status.CANCELLED, "investor withdrew"
    stalled.save()
    TargetFactory(zone=zone_b, metric=TargetMetric.SIGNED_COUNT, annual_value=12)
    return {"late": late, "running": running}


def open_alerts():
    return set(Alert.objects.open().values_list("kind", "project__code", "zone__code"))


def test_it_flags_each_kind_of_lag_once(lagging, zone_a, zone_b):
    assert raise_alerts(DAY) == {"raised": 4, "kept": 0, "resolved": 0}
    late, running = lagging["late"].code, lagging["running"].code
    assert open_alerts() == {
        ("milestone_overdue", late, "ZA"),  # completion planned for 2026-10-01
        ("plan_not_started", late, "ZA"),
        ("report_missing", running, "ZA"),  # 2026-10
        ("target_behind", None, "ZB"),  # 0 of 12 signed against 10.72 expected
    }
    missing = Alert.objects.get(kind="report_missing")
    assert (missing.period_year, missing.period_month) == (2026, 10)


def test_running_it_again_the_same_day_changes_nothing(lagging):
    raise_alerts(DAY)
    before = list(Alert.objects.values_list("pk", "key", "raised_on", "last_seen_on"))
    assert raise_alerts(DAY) == {"raised": 0, "kept": 4, "resolved": 0}
    assert list(Alert.objects.values_list("pk", "key", "raised_on", "last_seen_on")) == before


def test_what_recovered_is_resolved_and_what_still_lags_stays_open(lagging):
    raise_alerts(DAY)
    make_report(lagging["running"], 10)
    MilestoneFactory(
        project=lagging["late"], kind=MilestoneKind.GROUNDBREAKING, actual_on=date(2026, 11, 22)
    )
    next_day = date(2026, 11, 23)
    assert raise_alerts(next_day) == {"raised": 0, "kept": 2, "resolved": 2}
    resolved = Alert.objects.filter(resolved_on=next_day)
    assert set(resolved.values_list("kind", flat=True)) == {"report_missing", "plan_not_started"}
    kept = Alert.objects.open()
    assert set(kept.values_list("kind", flat=True)) == {"milestone_overdue", "target_behind"}
    assert set(kept.values_list("raised_on", "last_seen_on")) == {(DAY, next_day)}


def test_an_alert_disappears_with_what_it_was_about(lagging):
    raise_alerts(DAY)
    lagging["late"].milestones.get(kind=MilestoneKind.COMPLETION).delete()
    assert not Alert.objects.filter(kind="milestone_overdue").exists()


def test_a_lag_that_comes_back_raises_a_new_alert(lagging):
    raise_alerts(DAY)
    report = make_report(lagging["running"], 10)
    raise_alerts(date(2026, 11, 23))
    report.delete()
    raise_alerts(date(2026, 11, 24))
    rows = Alert.objects.filter(kind="report_missing").order_by("raised_on")
    assert list(rows.values_list("raised_on", "resolved_on")) == [
        (DAY, date(2026, 11, 23)),
        (date(2026, 11, 24), None),
    ]


def test_each_user_lists_the_alerts_of_its_zones(lagging, alice, bob, dave):
    raise_alerts(DAY)
    assert {a.zone.code for a in Alert.objects.open().visible_to(alice)} == {"ZA"}
    assert {a.zone.code for a in Alert.objects.open().visible_to(bob)} == {"ZB"}
    assert Alert.objects.open().visible_to(dave).count() == 4


def test_an_alert_says_what_lags(lagging):
    raise_alerts(DAY)
    alert = Alert.objects.select_related("project", "milestone").get(kind="milestone_overdue")
    with translation.override("en"):
        assert alert.message.endswith("was planned for 2026-10-01 and has no actual date.")
    assert lagging["late"].code in alert.message


def test_the_task_and_the_daily_entry_point_run_the_check_for_the_given_day(lagging, frozen_today):
    assert tasks.raise_alerts.delay("2026-11-22").get()["raised"] == 4
    assert tasks.daily_alerts.delay().get() == "2026-11-22"
    assert Alert.objects.count() == 4


def test_a_milestone_due_today_is_not_overdue_yet(zone_a):
    make_project(zone_a, planned={"groundbreaking": DAY})
    raise_alerts(DAY)
    assert not Alert.objects.exists()
    raise_alerts(date(2026, 11, 23))
    assert Alert.objects.get().kind == "milestone_overdue"


# /api/alerts/


def test_the_api_lists_the_open_alerts_of_the_users_zones(lagging, alice, zone_a):
    raise_alerts(DAY)
    response = api(alice).get("/api/alerts/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert {row["kind"] for row in rows} == {
        "milestone_overdue",
        "plan_not_started",
        "report_missing",
    }
    assert {row["zone"] for row in rows} == {zone_a.pk}
    assert all(row["message"] and row["resolved_on"] is None for row in rows)


def test_the_api_filters_alerts_by_kind_and_status(lagging, dave):
    raise_alerts(DAY)
    make_report(lagging["running"], 10)
    raise_alerts(date(2026, 11, 23))
    resolved = api(dave).get("/api/alerts/", {"status": "resolved"}).json()["results"]
    assert [row["kind"] for row in resolved] == ["report_missing"]
    targets = api(dave).get("/api/alerts/", {"kind": "target_behind"}).json()["results"]
    assert len(targets) == 1
    assert api(dave).get("/api/alerts/", {"status": "all"}).json()["count"] == 4


def test_the_api_hides_alerts_of_another_zone(lagging, alice, zone_b):
    raise_alerts(DAY)
    assert api(alice).get("/api/alerts/", {"zone": zone_b.pk}).status_code == 404
    assert api(alice).get("/api/alerts/", {"status": "later"}).status_code == 400


def test_the_api_reads_alerts_in_a_fixed_number_of_queries(lagging, zone_a, dave):
    raise_alerts(DAY)
    for index in range(20):
        make_project(zone_a, planned={"groundbreaking": date(2026, 6, index + 1)})
    raise_alerts(DAY)
    client = api(get_user_model().objects.get(pk=dave.pk))
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/alerts/").json()["count"] == 24
    assert len(captured.captured_queries) == 3  # memberships, count, page with its relations
