"""The Celery app the killed-worker tests start as a real worker process.

It is the project's app (settings, tasks, acks_late, reject_on_worker_lost) with two test
hooks, both through the worker's Redis: the first run of any task announces itself and then
holds, so that the test can kill the worker in the middle of a job; every run that completes
is counted, so that the test can tell the job ran to completion exactly once.
"""

import os
import time

import redis
from celery.signals import task_prerun, task_success

from zonetrack.celery import app

__all__ = ["app"]

# A test may shorten the broker's visibility timeout, to see a lost job come back in seconds.
if os.environ.get("ZONETRACK_TEST_VISIBILITY_TIMEOUT"):
    app.conf.broker_transport_options = {
        **app.conf.broker_transport_options,
        "visibility_timeout": int(os.environ["ZONETRACK_TEST_VISIBILITY_TIMEOUT"]),
        # kombu sweeps for abandoned jobs every interval × throttle seconds (10 × 10 by
        # default): longer than the test waits. Every second here, as the timeout is short.
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }

HELD = "zonetrack-test:held"
COMPLETED = "zonetrack-test:completed"


def _redis() -> redis.Redis:
    return redis.Redis.from_url(os.environ["CELERY_BROKER_URL"])


def hold_the_first_run(task_id=None, **kwargs):
    if _redis().set(HELD, task_id, nx=True):
        time.sleep(300)  # the test kills the worker meanwhile


def count_completed_runs(sender=None, **kwargs):
    _redis().incr(COMPLETED)


# Only in the worker process the test starts: the test process imports this module for the
# key names, and its own eager tasks must not hold or be counted.
if os.environ.get("ZONETRACK_TEST_WORKER"):
    task_prerun.connect(hold_the_first_run, weak=False)
    task_success.connect(count_completed_runs, weak=False)
