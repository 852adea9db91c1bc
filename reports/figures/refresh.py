"""After a change of project data, refresh the snapshots of the zones it touched.

Saves and deletes of projects, milestones, plan entries, monthly reports and targets note
their zone (or project) with ``transaction.on_commit``; once the transaction commits, each
touched zone gets one refresh, delayed by ``REFRESH_DELAY`` and debounced through the cache,
so a burst of edits (a month's grid, an import) schedules one refresh per zone.
"""

import threading
from collections.abc import Iterable
from datetime import date
from functools import partial
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_init, post_save

from investment.models import AnnualPlanEntry, InvestmentReport, Target
from projects.models import Milestone, Project
from zonetrack.db import today

# Seconds between the first edit of a burst and the refresh; well under the broker's
# visibility timeout. The debounce key lives a little shorter than the delay, so an edit
# made after the key expired always schedules a refresh of its own: none is lost.
REFRESH_DELAY = 60
DEBOUNCE_SECONDS = REFRESH_DELAY - 5

# Per thread (one database connection each): how many edits were noted, and for each zone
# the last note its most recent refresh covers.
_state = threading.local()


def debounce_key(zone_id: int) -> str:
    return f"zonetrack:refresh-zone:{zone_id}"


def schedule_refresh(zone_ids: Iterable[int], on: date) -> list[int]:
    """Enqueue a refresh of each zone unless one is already pending; return those enqueued.

    With no broker (eager mode) the refresh runs at once, so there is nothing to debounce.
    """
    from .tasks import refresh_zone_snapshots

    scheduled: list[int] = []
    for zone_id in sorted(zone_ids):
        if refresh_zone_snapshots.app.conf.task_always_eager:
            refresh_zone_snapshots.delay(zone_id, on.isoformat())
        elif cache.add(debounce_key(zone_id), 1, timeout=DEBOUNCE_SECONDS):
            refresh_zone_snapshots.apply_async((zone_id, on.isoformat()), countdown=REFRESH_DELAY)
        else:
            continue
        scheduled.append(zone_id)
    return scheduled


def _note(zone_ids: Iterable[int | None] = (), project_ids: Iterable[int] = ()) -> None:
    """Refresh these zones (and those of these projects) once the transaction commits.

    Django drops the callback of a rolled-back transaction or savepoint, so nothing is
    scheduled for an edit that was refused. Each note is numbered: a callback whose note was
    made before a refresh of its zone already ran (or was scheduled) is covered by it, so a
    burst of edits committed together refreshes each zone once, eager or not.
    """
    _state.notes = getattr(_state, "notes", 0) + 1
    callback = partial(_committed, _state.notes, frozenset(zone_ids), frozenset(project_ids))
    # A failure (say, Redis down) is logged, not raised into the request that saved: the
    # nightly job repairs what a refresh missed.
    transaction.on_commit(callback, robust=True)


def _committed(noted: int, zone_ids: frozenset[int | None], project_ids: frozenset[int]) -> None:
    zones = {zone_id for zone_id in zone_ids if zone_id is not None}
    if project_ids:
        zones.update(Project.objects.filter(pk__in=project_ids).values_list("zone_id", flat=True))
    covered: dict[int, int] = _state.__dict__.setdefault("covered", {})
    due = {zone_id for zone_id in zones if covered.get(zone_id, 0) < noted}
    for zone_id in due:
        covered[zone_id] = _state.notes
    schedule_refresh(due, today())


def remember_loaded_zone(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    # The zone a project was loaded with, so moving it refreshes the zone it left. Read from
    # __dict__ so that a deferred zone is not fetched.
    instance._zonetrack_loaded_zone_id = instance.__dict__.get("zone_id")


def project_changed(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    _note(zone_ids={instance.zone_id, getattr(instance, "_zonetrack_loaded_zone_id", None)})
    instance._zonetrack_loaded_zone_id = instance.zone_id


def target_changed(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    _note(zone_ids={instance.zone_id})


def project_data_changed(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    _note(project_ids={instance.project_id})


def connect() -> None:
    post_init.connect(remember_loaded_zone, sender=Project, dispatch_uid="zt-project-init")
    for signal in (post_save, post_delete):
        name = "save" if signal is post_save else "delete"
        signal.connect(project_changed, sender=Project, dispatch_uid=f"zt-project-{name}")
        signal.connect(target_changed, sender=Target, dispatch_uid=f"zt-target-{name}")
        for model in (Milestone, AnnualPlanEntry, InvestmentReport):
            signal.connect(
                project_data_changed,
                sender=model,
                dispatch_uid=f"zt-{model._meta.model_name}-{name}",
            )
