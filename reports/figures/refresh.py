"""After a change of project data, refresh the snapshots of the zones it touched.

Saves and deletes of projects, milestones, plan entries, monthly reports and targets note
their zone (or project) through ``zonetrack.commits.AfterCommit``; once the transaction
commits, each touched zone gets one refresh, delayed by ``REFRESH_DELAY`` and debounced
through the cache, so a burst of edits (a month's grid, an import) schedules one refresh per
zone.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import Model
from django.db.models.signals import post_delete, post_init, post_save

from investment.models import AnnualPlanEntry, InvestmentReport, Target
from projects.models import Milestone, Project
from zonetrack.commits import AfterCommit
from zonetrack.db import today

# Seconds between the first edit of a burst and the refresh; well under the broker's
# visibility timeout. The debounce key lives a little shorter than the delay, so an edit
# made after the key expired always schedules a refresh of its own: none is lost.
REFRESH_DELAY = 60
DEBOUNCE_SECONDS = REFRESH_DELAY - 5


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


def _zones_of(project_ids: frozenset[int]) -> Iterable[int | None]:
    return Project.objects.filter(pk__in=project_ids).values_list("zone_id", flat=True)


# Each touched zone is refreshed once per burst of edits committed together, eager or not.
zones_touched: AfterCommit[int] = AfterCommit(lambda zone_ids: schedule_refresh(zone_ids, today()))


def remember_loaded_zone(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    # The zone a project was loaded with, so moving it refreshes the zone it left. Read from
    # __dict__ so that a deferred zone is not fetched.
    instance._zonetrack_loaded_zone_id = instance.__dict__.get("zone_id")


def project_changed(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    zones_touched.note({instance.zone_id, getattr(instance, "_zonetrack_loaded_zone_id", None)})
    instance._zonetrack_loaded_zone_id = instance.zone_id


def target_changed(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    zones_touched.note({instance.zone_id})


def project_data_changed(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    zones_touched.note({instance.project_id}, resolve=_zones_of)


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
