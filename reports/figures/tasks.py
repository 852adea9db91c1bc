"""Celery tasks of the figures: the nightly snapshots, their check, the rollups' new day,
and the snapshots' refresh after edits.

Every task takes the day it works for as an argument (ISO date) and is idempotent, so a
retry or a second delivery rewrites the same rows. Only the beat entry point reads the clock,
once, and hands the date on.
"""

from datetime import timedelta

from celery import chain, shared_task

from zonetrack.db import today
from zonetrack.jobs import RETRY_OPTIONS, day_of

from . import nightly, rollups, snapshots
from .period import Period


@shared_task(**RETRY_OPTIONS)
def take_snapshots(on: str) -> int:
    """Store the figures of every zone and region as of ``on`` (replacing that day's rows)."""
    return snapshots.store_snapshots(day_of(on))


@shared_task(**RETRY_OPTIONS)
def refresh_zone_snapshots(zone_id: int, on: str) -> int:
    """Store again, as of ``on``, one zone's figures and those of the regions above it."""
    return snapshots.refresh_zone(zone_id, day_of(on))


@shared_task(**RETRY_OPTIONS)
def verify_rollups(on: str) -> int:
    """Compare the snapshots of ``on`` (copied from the rollups) with the figures computed
    live; on any difference alert the admins and store the live figures. Returns how many
    zones differed."""
    return len(nightly.check_day(day_of(on)).differing)


@shared_task(**RETRY_OPTIONS)
def refresh_rollups(on: str) -> int:
    """Recompute every zone's rollup as of ``on`` (one pass) and purge the changes of
    deleted projects. Only for today: a delivery that arrives on a later day does nothing
    (the rollups hold today alone). Returns how many zones were recomputed."""
    day = day_of(on)
    if day != today():
        return 0
    rollups.purge_orphan_changes()
    return rollups.refresh_all(Period(day.year, day))


@shared_task(acks_late=True)
def nightly_snapshots() -> str:
    """Beat entry point: snapshot the day that just ended, then check it."""
    day = (today() - timedelta(days=1)).isoformat()
    chain(take_snapshots.si(day), verify_rollups.si(day)).delay()
    return day


@shared_task(acks_late=True)
def nightly_rollups() -> str:
    """Beat entry point: the rollups of the new day, after the day's lights are stored."""
    day = today().isoformat()
    refresh_rollups.delay(day)
    return day
