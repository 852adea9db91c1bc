"""A change of project data refreshes the snapshots of its zone, once per burst of edits."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import transaction

from projects.models import Project
from reports.figures.refresh import debounce_key
from reports.models import Snapshot
from tests.builders import make_plan, make_project, make_report
from zonetrack.celery import app

pytestmark = pytest.mark.django_db

REFRESH = "reports.figures.tasks.refresh_zone_snapshots"


def drain() -> list:
    """Take every message off the in-memory broker: [(task, args)] of the snapshot refreshes
    (the same edits also re-evaluate the project's alerts, a task of their own)."""
    taken = []
    with app.connection_for_read() as connection:
        queue = connection.SimpleQueue(app.conf.task_default_queue)
        while True:
            try:
                message = queue.get(block=False)
            except queue.Empty:
                return taken
            if message.headers["task"] == REFRESH:
                taken.append((message.headers["task"], message.headers["argsrepr"]))
            message.ack()


@pytest.fixture
def broker(zone_a, zone_b, frozen_today):
    """Tasks go to the in-memory broker instead of running eagerly."""
    if not app.conf.broker_url.startswith("memory://"):
        pytest.skip("needs the in-memory broker of the embedded default (no CELERY_BROKER_URL)")
    app.conf.task_always_eager = False
    for zone in (zone_a, zone_b):
        cache.delete(debounce_key(zone.pk))
    drain()
    yield drain
    app.conf.task_always_eager = True
    drain()


def refresh(zone):
    return (REFRESH, f"({zone.pk}, '2026-11-22')")


def test_an_edit_schedules_a_refresh_of_its_zone_once_committed(
    broker, zone_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        project = make_project(zone_a)
        assert broker() == []  # nothing before the commit
    assert broker() == [refresh(zone_a)]
    with django_capture_on_commit_callbacks(execute=True):
        make_report(project, 3)
    assert broker() == []  # debounced: the pending refresh will see this edit too


def test_a_burst_of_edits_schedules_one_refresh_per_zone(
    broker, zone_a, zone_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for zone in (zone_a, zone_b, zone_a):
            make_plan(make_project(zone, signing=date(2026, 1, 1)))
    with django_capture_on_commit_callbacks(execute=True):
        make_project(zone_b)
    assert sorted(broker()) == sorted([refresh(zone_a), refresh(zone_b)])


def test_an_edit_after_the_debounce_window_schedules_another_refresh(
    broker, zone_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        project = make_project(zone_a)
    cache.delete(debounce_key(zone_a.pk))  # the window has passed
    with django_capture_on_commit_callbacks(execute=True):
        make_report(project, 4)
    assert broker() == [refresh(zone_a), refresh(zone_a)]


def test_moving_a_project_refreshes_the_zone_it_left_and_the_one_it_joined(
    broker, zone_a, zone_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        project = make_project(zone_a)
    broker()
    cache.delete(debounce_key(zone_a.pk))
    moved = Project.objects.get(pk=project.pk)
    with django_capture_on_commit_callbacks(execute=True):
        moved.zone = zone_b
        moved.save()
    assert sorted(broker()) == sorted([refresh(zone_a), refresh(zone_b)])


def test_edits_rolled_back_schedule_nothing(
    broker, zone_a, zone_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                make_project(zone_a)
                raise RuntimeError("the form was refused")
        except RuntimeError:
            pass
        make_project(zone_b)
    assert broker() == [refresh(zone_b)]


def test_without_a_broker_the_refresh_runs_at_the_commit(
    zone_a, city, frozen_today, django_capture_on_commit_callbacks
):
    assert app.conf.task_always_eager
    with django_capture_on_commit_callbacks(execute=True):
        make_plan(make_project(zone_a, groundbreaking=date(2026, 5, 1)))
    rows = Snapshot.objects.filter(date=date(2026, 11, 22))
    assert set(rows.values_list("scope_key", flat=True)) == {
        f"zone:{zone_a.pk}",
        f"region:{city.pk}",
        f"region:{city.parent.pk}",
    }
    assert rows.get(zone=zone_a).figures["plan"]["start_rate"] == 1.0
