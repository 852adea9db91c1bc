"""What every Celery task of the project shares: retry options and the day it works for.

Tasks take the day as an ISO date argument (never "now") and are idempotent, so a retry or a
second delivery after a lost worker rewrites the same rows.
"""

from collections.abc import Callable
from datetime import date
from typing import Any, TypedDict

import kombu.exceptions
import redis.exceptions
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.utils.translation import gettext_lazy as _


class RetryOptions(TypedDict):
    acks_late: bool
    reject_on_worker_lost: bool
    autoretry_for: tuple[type[BaseException], ...]
    retry_backoff: bool
    retry_backoff_max: int
    retry_jitter: bool
    max_retries: int


# Acknowledged when done and put back when the worker process dies, so a killed worker's job
# runs again. Retried with exponential backoff: a lost connection, a restarted database, or a
# concurrent run that wrote the same row first. The largest backoff stays under the broker's
# visibility timeout (settings.JOB_VISIBILITY_TIMEOUT), so a waiting retry is never doubled.
RETRY_OPTIONS: RetryOptions = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OperationalError, InterfaceError, IntegrityError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
}


def day_of(on: date | str) -> date:
    """The day a task was given, as a date (Celery hands it over as an ISO string)."""
    return on if isinstance(on, date) else date.fromisoformat(on)


class JobQueueUnavailable(Exception):
    """The broker (Redis) did not take the job: down, hung or refusing."""

    message = _("The job queue is unavailable, try again in a few minutes.")


# What publishing raises when the broker is down or hung, once its short timeouts ran out.
BROKER_ERRORS = (kombu.exceptions.OperationalError, redis.exceptions.RedisError, OSError)


def enqueue_on_commit(send: Callable[[], Any]) -> None:
    """Run ``send`` (a task's ``delay``) once the transaction commits, at once outside one.

    A broker that cannot take the job raises JobQueueUnavailable, for the view to tell the
    user instead of answering 500 (views run outside a transaction, so it is raised here).
    """

    def send_or_fail() -> None:
        try:
            send()
        except BROKER_ERRORS as error:
            raise JobQueueUnavailable(str(error)) from error

    transaction.on_commit(send_or_fail)
