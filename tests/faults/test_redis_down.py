"""Redis down or hung (issue 15): starting a region's Excel job says the job queue is
unavailable within seconds, never a 500 nor a web worker held for half a minute; the pages
keep being served."""

import time

import pytest
from django.urls import reverse

from zonetrack.celery import app

JOBS = reverse("reports:quarterly_job_start")
Q4 = {"year": 2026, "quarter": 4}
MESSAGE = "任务队列暂不可用，请几分钟后再试。"  # the job queue is unavailable, try again


def point_the_broker_at(url, eager):
    """Reconfigure the project's app; its connection pools keep the URL they were made with,
    so they are dropped (what Celery itself does after a fork; close() would unregister the
    app and with it the shared tasks)."""
    app.conf.update(broker_url=url, task_always_eager=eager)
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture(params=["down", "hung"])
def redis_unavailable(request, settings, closed_port, hung_port):
    """The cache and the broker pointed at a Redis that is down (nothing listens) or hung
    (the connection opens, nothing answers), with the project's timeouts."""
    port = closed_port if request.param == "down" else hung_port
    url = f"redis://127.0.0.1:{port}/0"
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "BACKEND": "zonetrack.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    saved = app.conf.broker_url, app.conf.task_always_eager
    point_the_broker_at(url, eager=False)
    yield
    point_the_broker_at(*saved)


def test_starting_a_job_says_the_queue_is_unavailable(client, dave, city, redis_unavailable):
    client.force_login(dave)
    started = time.monotonic()
    response = client.post(JOBS, {"region": city.pk, **Q4}, HTTP_HX_REQUEST="true")
    # the cache keeps nothing: the state is stored, read back, missing (1 s + 1 s at worst)
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    assert 'id="job-unavailable"' in response.content.decode()


def test_without_htmx_the_report_page_shows_the_message(client, dave, city, redis_unavailable):
    client.force_login(dave)
    response = client.post(JOBS, {"region": city.pk, **Q4})
    assert response.status_code == 302
    assert (
        response["Location"]
        == f"{reverse('reports:quarterly')}?year=2026&quarter=4&region={city.pk}"
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert [str(m) for m in page.context["messages"]] == [MESSAGE]


def test_a_broker_that_refuses_the_job_is_reported_too(
    client, dave, city, closed_port, transactional_db
):
    # The cache works (local memory) but the broker is down: publishing (at once, as the view
    # runs outside a transaction) fails fast.
    saved = app.conf.broker_url, app.conf.task_always_eager
    point_the_broker_at(f"redis://127.0.0.1:{closed_port}/0", eager=False)
    try:
        client.force_login(dave)
        started = time.monotonic()
        response = client.post(JOBS, {"region": city.pk, **Q4}, HTTP_HX_REQUEST="true")
        elapsed = time.monotonic() - started
    finally:
        point_the_broker_at(*saved)
    # one connection refused, one retry half a second later
    assert elapsed < 5
    assert 'id="job-unavailable"' in response.content.decode()


def test_pages_keep_being_served(client, dave, city, redis_unavailable):
    client.force_login(dave)
    assert client.get(reverse("reports:quarterly"), {"region": city.pk}).status_code == 200
