"""Celery tasks of the figures: the nightly snapshots and their refresh after edits.

Every task takes the day it works for as an argument (ISO date) and is idempotent, so a
retry or a second delivery rewrites the same rows. Only the beat entry point reads the clock,
once, and hands the date on.
"""

from datetime import timedelta

from celery import shared_task

from zonetrack.db import today
from zonetrack.jobs import RETRY_OPTIONS, day_of

from . import snapshots


@shared_task(**RETRY_OPTIONS)
def take_snapshots(on: str) -> int:
    """Store the figures of every zone and region as of ``on`` (replacing that day's rows)."""
    return snapshots.store_snapshots(day_of(on))


@shared_task(**RETRY_OPTIONS)
def refresh_zone_snapshots(zone_id: int, on: str) -> int:
    """Store again, as of ``on``, one zone's figures and those of the regions above it."""
    return snapshots.refresh_zone(zone_id, day_of(on))


@shared_task(acks_late=True)
def nightly_snapshots() -> str:
    """Beat entry point: snapshot the day that just ended."""
    day = (today() - timedelta(days=1)).isoformat()
    take_snapshots.delay(day)
    return day
