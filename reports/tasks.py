"""Celery tasks of the reports app: snapshots, their refresh after edits, the daily alerts.

Every task takes the day it works for as an argument (ISO date) and is idempotent, so a
retry or a second delivery rewrites the same rows. Only the two beat entry points read the
clock, once, and hand the date on.
"""

from datetime import date, timedelta

from celery import shared_task
from django.db import IntegrityError, InterfaceError, OperationalError

from zonetrack.db import today

from . import alerts, snapshots

# Retried with exponential backoff: a lost connection, a restarted database, or a concurrent
# run that wrote the same row first.
TASK_OPTIONS = {
    "acks_late": True,
    "autoretry_for": (OperationalError, InterfaceError, IntegrityError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
}


def _day(on) -> date:
    return on if isinstance(on, date) else date.fromisoformat(on)


@shared_task(**TASK_OPTIONS)
def take_snapshots(on: str) -> int:
    """Store the figures of every zone and region as of ``on`` (replacing that day's rows)."""
    return snapshots.store_snapshots(_day(on))


@shared_task(**TASK_OPTIONS)
def refresh_zone_snapshots(zone_id: int, on: str) -> int:
    """Store again, as of ``on``, one zone's figures and those of the regions above it."""
    return snapshots.refresh_zone(zone_id, _day(on))


@shared_task(**TASK_OPTIONS)
def raise_alerts(on: str) -> dict:
    """Run the daily check for ``on``: open, keep or resolve alerts."""
    return alerts.raise_alerts(_day(on))


@shared_task(acks_late=True)
def nightly_snapshots() -> str:
    """Beat entry point: snapshot the day that just ended."""
    day = (today() - timedelta(days=1)).isoformat()
    take_snapshots.delay(day)
    return day


@shared_task(acks_late=True)
def daily_alerts() -> str:
    """Beat entry point: run the check for today."""
    day = today().isoformat()
    raise_alerts.delay(day)
    return day


# Workers' autodiscovery imports this module only: importing the quarterly export job here
# registers it with them.
from .exports import build_quarterly_report  # noqa: E402, F401
