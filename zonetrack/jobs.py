"""What every Celery task of the project shares: retry options and the day it works for.

Tasks take the day as an ISO date argument (never "now") and are idempotent, so a retry or a
second delivery after a lost worker rewrites the same rows.
"""

from datetime import date
from typing import TypedDict

from django.db import IntegrityError, InterfaceError, OperationalError


class RetryOptions(TypedDict):
    acks_late: bool
    autoretry_for: tuple[type[BaseException], ...]
    retry_backoff: bool
    retry_backoff_max: int
    retry_jitter: bool
    max_retries: int


# Retried with exponential backoff: a lost connection, a restarted database, or a concurrent
# run that wrote the same row first.
RETRY_OPTIONS: RetryOptions = {
    "acks_late": True,
    "autoretry_for": (OperationalError, InterfaceError, IntegrityError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
}


def day_of(on: date | str) -> date:
    """The day a task was given, as a date (Celery hands it over as an ISO string)."""
    return on if isinstance(on, date) else date.fromisoformat(on)
