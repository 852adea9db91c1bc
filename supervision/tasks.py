"""Celery tasks of supervision: the daily check that raises and resolves alerts, the
re-evaluation of one project's alerts after its data changed, and the daily escalation of
notices left unanswered past their deadline, and the lights (红黄绿灯): daily for every
project, and for the projects whose data changed."""

from celery import shared_task

from zonetrack.db import today
from zonetrack.jobs import RETRY_OPTIONS, day_of

from . import alerts, models
from .lights.evaluate import evaluate


@shared_task(**RETRY_OPTIONS)
def raise_alerts(on: str) -> dict:
    """Run the daily check for ``on``: open, keep or resolve alerts."""
    return alerts.raise_alerts(day_of(on))


@shared_task(acks_late=True)
def daily_alerts() -> str:
    """Beat entry point: run the check for today."""
    day = today().isoformat()
    raise_alerts.delay(day)
    return day


@shared_task(**RETRY_OPTIONS)
def refresh_project_alerts(project_id: int, on: str) -> dict:
    """Re-evaluate the alerts of one project for ``on`` (after its data changed)."""
    return alerts.refresh_project(project_id, day_of(on))


@shared_task(**RETRY_OPTIONS)
def escalate_unanswered_notices(on: str) -> dict:
    """Escalate the notices still unanswered past their deadline on ``on``, and their
    blockers one level (idempotent: a notice escalates once)."""
    return models.escalate_unanswered_notices(day_of(on))


@shared_task(acks_late=True)
def daily_notice_escalation() -> str:
    """Beat entry point: escalate for today."""
    day = today().isoformat()
    escalate_unanswered_notices.delay(day)
    return day


@shared_task(**RETRY_OPTIONS)
def evaluate_lights(on: str, zone_ids: list[int] | None = None) -> dict:
    """Colour the projects of ``zone_ids`` (every zone when None) on ``on`` and store what
    changed (idempotent: an unchanged light writes nothing)."""
    return evaluate(day_of(on), zone_ids=zone_ids)


@shared_task(**RETRY_OPTIONS)
def refresh_project_lights(project_ids: list[int], on: str) -> dict:
    """Re-colour some projects on ``on`` after their data changed."""
    return evaluate(day_of(on), project_ids=project_ids)


@shared_task(acks_late=True)
def daily_lights() -> str:
    """Beat entry point: colour every project for today."""
    day = today().isoformat()
    evaluate_lights.delay(day)
    return day
