"""Restarting Redis while jobs are queued (issue 15): with append-only persistence every queued
job is still there; ``check --deploy`` warns when it can see persistence is off; the web keeps
serving through the restart."""

import uuid

import pytest
from django.core.checks import registry
from django.urls import reverse

from zonetrack.celery import app
from zonetrack.checks import check_redis_persistence

pytestmark = pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")


def point_at(settings, url):
    settings.REDIS_URL = settings.CELERY_BROKER_URL = settings.CELERY_RESULT_BACKEND = url


def queue_six_jobs(url):
    """Six snapshot jobs waiting in a queue of their own (send_task ignores eager mode)."""
    queue = f"restart-{uuid.uuid4().hex}"
    with app.connection_for_write(url) as connection:
        for day in range(1, 7):
            name = "reports.figures.tasks.take_snapshots"
            app.send_task(name, (f"2026-11-{day:02}",), queue=queue, connection=connection)
    return queue


def waiting(url, queue):
    with app.connection_for_read(url) as connection:
        return connection.default_channel.client.llen(queue)


def test_queued_jobs_survive_a_restart_of_a_persistent_redis(private_redis):
    server = private_redis("--appendonly", "yes", "--appendfsync", "always")
    queue = queue_six_jobs(server.url)
    server.restart()
    # 6 queued, 6 still queued after the restart
    assert waiting(server.url, queue) == 6


def test_without_persistence_a_restart_loses_the_queued_jobs(private_redis):
    # What the deploy check is there for: 6 of 6 lost, as the fault test of issue 15 found.
    server = private_redis("--appendonly", "no")
    queue = queue_six_jobs(server.url)
    server.restart()
    assert waiting(server.url, queue) == 0


def test_check_deploy_warns_when_redis_runs_without_persistence(settings, private_redis):
    server = private_redis("--appendonly", "no")
    point_at(settings, server.url)
    [warning] = check_redis_persistence()
    assert warning.id == "zonetrack.W001"
    assert f"127.0.0.1:{server.port}" in warning.msg
    assert check_redis_persistence in registry.registry.get_checks(include_deployment_checks=True)
    assert check_redis_persistence not in registry.registry.get_checks()


def test_the_check_is_silent_when_redis_persists(settings, private_redis):
    point_at(settings, private_redis("--appendonly", "yes").url)
    assert check_redis_persistence() == []


def test_the_check_is_silent_when_it_cannot_see(settings, private_redis, closed_port):
    # CONFIG renamed away, as hardened servers do: nothing to read, nothing to say.
    point_at(settings, private_redis("--appendonly", "no", "--rename-command", "CONFIG", "").url)
    assert check_redis_persistence() == []
    point_at(settings, f"redis://127.0.0.1:{closed_port}/0")
    assert check_redis_persistence() == []


def test_the_check_is_silent_without_redis(settings):
    point_at(settings, "")
    settings.CELERY_BROKER_URL = "memory://"
    assert check_redis_persistence() == []


@pytest.mark.django_db
def test_the_web_keeps_serving_while_redis_restarts(settings, private_redis, client, alice):
    server = private_redis("--appendonly", "no")
    settings.CACHES = {
        "default": {
            "BACKEND": "zonetrack.cache.ResilientRedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    client.force_login(alice)
    assert client.get(reverse("home")).status_code == 200
    server.stop()
    assert client.get(reverse("home")).status_code == 200
    server.start()
    assert client.get(reverse("home")).status_code == 200
