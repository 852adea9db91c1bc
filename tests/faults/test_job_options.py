"""The snapshot and export jobs are acknowledged late and put back when their worker dies; the
broker's visibility timeout is chosen from the longest job, every countdown below it."""

from django.conf import settings

from reports.figures.refresh import REFRESH_DELAY
from reports.figures.tasks import refresh_zone_snapshots, take_snapshots
from reports.quarterly.jobs import build_quarterly_report
from zonetrack.jobs import RETRY_OPTIONS


def test_jobs_are_acknowledged_late_and_rejected_when_their_worker_is_lost():
    for task in (take_snapshots, refresh_zone_snapshots, build_quarterly_report):
        assert task.acks_late and task.reject_on_worker_lost, task.name


def test_the_visibility_timeout_exceeds_the_longest_job_and_every_countdown():
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    # 600 s job limit + 300 s: a lost worker's job runs again after 15 minutes, not an hour
    assert visibility == settings.JOB_TIME_LIMIT + 300 == 900
    assert settings.CELERY_TASK_TIME_LIMIT == settings.JOB_TIME_LIMIT
    # the largest countdowns: the retry backoff (600 s) and the snapshot refresh (60 s)
    assert visibility > RETRY_OPTIONS["retry_backoff_max"]
    assert visibility > REFRESH_DELAY


def test_every_redis_use_has_short_timeouts():
    transport = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    assert transport["socket_connect_timeout"] == transport["socket_timeout"] == 2
    assert settings.CELERY_REDIS_SOCKET_CONNECT_TIMEOUT == settings.CELERY_REDIS_SOCKET_TIMEOUT == 2
    assert settings.CELERY_BROKER_CONNECTION_TIMEOUT == 2
