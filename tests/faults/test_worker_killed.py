"""A worker killed during a job (issue 15): the job runs again, to completion, exactly once.

Real worker processes (prefork, one child) on a Redis of the test's own, reading the test
database: PostgreSQL only (a second process cannot open SQLite's in-memory test database).
"""

import os
import signal
import subprocess
import sys
import time
from datetime import date

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection

from reports.models import Snapshot
from reports.quarterly import jobs
from tests.builders import make_plan, make_project
from tests.faults.worker import COMPLETED, HELD
from zonetrack.celery import app

pytestmark = [
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the worker process needs the test database: PostgreSQL only",
    ),
]


class Worker:
    """``celery worker`` as a process group of its own, so the test can kill it whole."""

    def __init__(self, broker_url, **env):
        db = connection.settings_dict
        database_url = (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        )
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker_url,
            "REDIS_URL": broker_url,
            "ZONETRACK_TEST_WORKER": "1",
            **env,
        }
        self.process = None

    def start(self):
        command = [sys.executable, "-m", "celery", "-A", "tests.faults.worker", "worker"]
        command += ["--pool", "prefork", "--concurrency", "1", "--loglevel", "warning"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        self.process = subprocess.Popen(
            command, cwd=django_settings.BASE_DIR, env=self.env, start_new_session=True
        )

    def children(self):
        found = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        )
        return [int(pid) for pid in found.stdout.split()]

    def kill(self):
        """SIGKILL the worker and its pool, as a lost machine or an OOM killer would."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail(f"waited {timeout} s for {what}")


@pytest.fixture
def workers():
    started = []

    def start(broker_url, **env):
        worker = Worker(broker_url, **env)
        worker.start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.kill()


@pytest.fixture
def shared_cache(settings, private_redis):
    """The web side and the workers share a Redis: the cache (job state) and the broker."""
    server = private_redis("--appendonly", "no")
    settings.CACHES = {
        "default": {"BACKEND": "zonetrack.cache.ResilientRedisCache", "LOCATION": server.url}
    }
    return server


def send(task_name, *args, broker_url):
    """Enqueue as the web does, through the broker (send_task ignores the tests' eager mode)."""
    with app.connection_for_write(broker_url) as connection:
        app.send_task(task_name, args, connection=connection)


def test_a_job_whose_worker_child_is_killed_runs_again_once(
    shared_cache, workers, transactional_db, dave, city, zone_a
):
    make_plan(make_project(zone_a, groundbreaking=date(2026, 5, 1)))
    client = redis.Redis.from_url(shared_cache.url)
    job_id = "killed-child"
    cache.set(jobs.state_key(job_id), {"user": dave.pk, "state": jobs.QUEUED}, jobs.JOB_TTL)
    worker = workers(shared_cache.url)
    args = (job_id, dave.pk, city.pk, 2026, 4, "2026-11-22", "en")
    send("reports.quarterly.jobs.build_quarterly_report", *args, broker_url=shared_cache.url)
    wait_for(lambda: client.get(HELD), 60, "the job to start")
    [child] = worker.children()
    os.kill(child, signal.SIGKILL)
    # reject_on_worker_lost: the parent puts the job back at once and a new child runs it
    wait_for(lambda: client.get(COMPLETED), 60, "the job to run again")
    time.sleep(2)  # nothing else arrives
    assert int(client.get(COMPLETED)) == 1
    state = jobs.job_state(job_id, dave)
    assert state["state"] == jobs.DONE and jobs.job_file(job_id, dave) is not None


def test_a_job_whose_whole_worker_is_killed_runs_once_when_a_worker_starts_again(
    shared_cache, workers, transactional_db, zone_a
):
    make_plan(make_project(zone_a, groundbreaking=date(2026, 5, 1)))
    client = redis.Redis.from_url(shared_cache.url)
    # A short visibility timeout stands for the production one (JOB_VISIBILITY_TIMEOUT, 15 min):
    # the unacknowledged job goes back to the queue once it has passed.
    fast = {"ZONETRACK_TEST_VISIBILITY_TIMEOUT": "3"}
    first = workers(shared_cache.url, **fast)
    send("reports.figures.tasks.take_snapshots", "2026-11-22", broker_url=shared_cache.url)
    wait_for(lambda: client.get(HELD), 60, "the job to start")
    first.kill()
    assert client.get(COMPLETED) is None
    workers(shared_cache.url, **fast)
    wait_for(lambda: client.get(COMPLETED), 90, "the job to run again")
    time.sleep(5)  # past another visibility timeout: no second delivery
    assert int(client.get(COMPLETED)) == 1
    # zone A, its city and the province: one row each, however often the job ran
    assert Snapshot.objects.filter(date=date(2026, 11, 22)).count() == 3
