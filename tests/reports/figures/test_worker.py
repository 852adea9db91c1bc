"""A real Celery worker, fed through the machine's Redis, stores the snapshot.

Needs ``ZONETRACK_TEST_REDIS_URL`` (``.ci/run`` sets it); without it, or without a Redis
answering there, the test skips with the reason, except under CI, where it fails.
"""

import uuid
from datetime import date

import pytest
import redis
from celery import Celery
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

from reports.models import Snapshot
from tests.builders import make_plan, make_project

pytestmark = pytest.mark.redis


@pytest.fixture
def worker_app(redis_url):
    """A Celery app with the project's settings and tasks, on Redis, with its own queue (so
    another worker on the same Redis database cannot take the task)."""
    app = Celery("zonetrack-worker-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    queue = f"zonetrack-test-{uuid.uuid4().hex}"
    app.conf.update(
        broker_url=redis_url,
        result_backend=redis_url,
        task_always_eager=False,
        task_default_queue=queue,
        worker_hijack_root_logger=False,
    )
    app.loader.import_default_modules()
    import reports.figures.tasks  # noqa: F401  (registers the shared tasks with this app)

    yield app
    app.close()
    # Leave nothing behind on a shared Redis: the queue and its bindings.
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"*{queue}*"):
        client.delete(key)


def close_worker_connections(**kwargs):
    # The worker thread has its own database connections; close them after each task so
    # the test database can be dropped at the end.
    connections.close_all()


def test_a_worker_consumes_the_snapshot_task_from_redis(worker_app, transactional_db, zone_a):
    make_plan(make_project(zone_a, groundbreaking=date(2026, 5, 1)))
    task_postrun.connect(close_worker_connections, weak=False)
    try:
        with start_worker(worker_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            result = worker_app.tasks["reports.figures.tasks.take_snapshots"].delay("2026-11-22")
            # zone A, its city and the province
            assert result.get(timeout=60) == 3
            result.forget()
    finally:
        task_postrun.disconnect(close_worker_connections)
    stored = Snapshot.objects.filter(date=date(2026, 11, 22))
    assert stored.count() == 3
    assert stored.get(zone=zone_a).figures["plan"]["start_rate"] == 1.0
