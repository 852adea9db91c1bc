"""The quarterly report of a region as a Celery job, with progress (SPEC section 8).

A job is an id: the view records it in the cache (owner, state, progress), enqueues the task
once the request's transaction commits, and a status endpoint polled by htmx reads it back.
The task builds the workbook, stores it in the cache next to the state, and marks the job
done; running it again for the same id writes the same keys, so a retry, or a second run after
its worker was killed, leaves one file. The
cache must be shared by the web processes and the workers (Redis, ``REDIS_URL``) when they
run apart; in eager mode the task runs in the web process itself.
"""

import logging
import uuid
from datetime import date

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import Http404
from django.utils import translation

from zonetrack.jobs import RETRY_OPTIONS, JobQueueUnavailable, enqueue_on_commit

from ..figures.scopes import scope_for
from .excel import workbook
from .report import quarterly_report

logger = logging.getLogger(__name__)

# A finished file waits this long (seconds) for its download.
JOB_TTL = 6 * 3600

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


def state_key(job_id: str) -> str:
    return f"zonetrack:quarterly:{job_id}"


def file_key(job_id: str) -> str:
    return f"zonetrack:quarterly:{job_id}:file"


def start_quarterly_job(user, region_id, year: int, quarter: int, today: date) -> str:
    """Record a job for ``user`` and enqueue it after the commit; returns its id.

    Raises JobQueueUnavailable when Redis cannot keep the job's state or take the job: the
    cache answers as empty while Redis is down, so the state is read back to know it is kept.
    """
    job_id = uuid.uuid4().hex
    state = {"user": user.pk, "state": QUEUED, "percent": 0, "filename": "", "error": ""}
    cache.set(state_key(job_id), state, JOB_TTL)
    if cache.get(state_key(job_id)) is None:
        raise JobQueueUnavailable("the cache did not keep the job's state")
    enqueue_on_commit(
        lambda: build_quarterly_report.delay(
            job_id,
            user.pk,
            region_id,
            year,
            quarter,
            today.isoformat(),
            translation.get_language(),
        )
    )
    return job_id


def job_state(job_id: str, user) -> dict | None:
    """The job's state, or None for an unknown job or another user's."""
    state = cache.get(state_key(job_id))
    if state is None or state["user"] != user.pk:
        return None
    return state


def job_file(job_id: str, user) -> tuple[str, bytes] | None:
    state = job_state(job_id, user)
    if state is None or state["state"] != DONE:
        return None
    content = cache.get(file_key(job_id))
    return (state["filename"], content) if content is not None else None


def _update(job_id, **changes):
    state = cache.get(state_key(job_id)) or {}
    state.update(changes)
    cache.set(state_key(job_id), state, JOB_TTL)


@shared_task(**RETRY_OPTIONS)
def build_quarterly_report(job_id, user_id, region_id, year, quarter, today, language):
    """Build the quarterly workbook of a region (None: everything the user reads).

    The user's scope is decided again here by ``scope_for``, so a job never reports on
    zones its owner no longer reads.
    """
    _update(job_id, user=user_id, state=RUNNING, percent=5)
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    try:
        if user is None:
            raise Http404
        scope = scope_for(user, region_id=region_id)
    except Http404:
        _update(job_id, state=FAILED, error="not_found")
        return FAILED
    with translation.override(language):
        report = quarterly_report(
            scope,
            year,
            quarter,
            date.fromisoformat(today),
            progress=lambda done, total: _update(job_id, percent=5 + 75 * done // total),
        )
        content = workbook(report)
        filename = report.filename  # named in the user's language, as the workbook is
    cache.set(file_key(job_id), content, JOB_TTL)
    _update(job_id, state=DONE, percent=100, filename=filename)
    logger.info("quarterly report %s: %d zones, %d bytes", job_id, len(report.zones), len(content))
    return DONE
