"""After a change of project data, refresh the snapshots of the zones it touched.

Saves and deletes of projects, milestones, plan entries, monthly reports and targets note
their zone (or project) on the database connection; once the transaction commits, each
touched zone gets one refresh, delayed by ``REFRESH_DELAY`` and debounced through the cache,
so a burst of edits (a month's grid, an import) schedules one refresh per zone.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save

from investment.models import AnnualPlanEntry, InvestmentReport, Target
from projects.models import Milestone, Project
from zonetrack.celery import app
from zonetrack.db import today

# Seconds between the first edit of a burst and the refresh; well under the broker's
# visibility timeout. The debounce key lives a little shorter than the delay, so an edit
# made after the key expired always schedules a refresh of its own: none is lost.
REFRESH_DELAY = 60
DEBOUNCE_SECONDS = REFRESH_DELAY - 5

_PENDING = "_zonetrack_refresh_pending"


def debounce_key(zone_id) -> str:
    return f"zonetrack:refresh-zone:{zone_id}"


def schedule_refresh(zone_ids, on) -> list[int]:
    """Enqueue a refresh of each zone unless one is already pending; return those enqueued.

    With no broker (eager mode) the refresh runs at once, so there is nothing to debounce.
    """
    from .tasks import refresh_zone_snapshots

    scheduled = []
    for zone_id in sorted(zone_ids):
        if app.conf.task_always_eager:
            refresh_zone_snapshots.delay(zone_id, on.isoformat())
        elif cache.add(debounce_key(zone_id), 1, timeout=DEBOUNCE_SECONDS):
            refresh_zone_snapshots.apply_async((zone_id, on.isoformat()), countdown=REFRESH_DELAY)
        else:
            continue
        scheduled.append(zone_id)
    return scheduled


def _note(zone_ids=(), project_ids=()):
    connection = transaction.get_connection()
    # One flush per transaction: notes wait on the connection until the flush takes them.
    # Notes whose flush is no longer registered belong to a transaction (or savepoint) that
    # rolled back, taking its callback with it: they are dropped. (run_on_commit is Django's
    # list of (savepoint ids, callback, robust) still to run.)
    pending = connection.__dict__.get(_PENDING)
    registered = pending is not None and any(
        callback is _flush for _, callback, _ in connection.run_on_commit
    )
    if not registered:
        pending = connection.__dict__[_PENDING] = {"zones": set(), "projects": set()}
    pending["zones"].update(zone_id for zone_id in zone_ids if zone_id is not None)
    pending["projects"].update(pk for pk in project_ids if pk is not None)
    if not registered:
        # A failure (say, Redis down) is logged, not raised into the request that saved:
        # the nightly job repairs what a refresh missed.
        transaction.on_commit(_flush, robust=True)


def _flush():
    connection = transaction.get_connection()
    pending = connection.__dict__.pop(_PENDING, None)
    if not pending:
        return
    zone_ids = set(pending["zones"])
    if pending["projects"]:
        zone_ids.update(
            Project.objects.filter(pk__in=pending["projects"]).values_list("zone_id", flat=True)
        )
    schedule_refresh(zone_ids, today())


def remember_loaded_zone(sender, instance, **kwargs):
    # The zone a project was loaded with, so moving it refreshes the zone it left. Read from
    # __dict__ so that a deferred zone is not fetched.
    instance._zonetrack_loaded_zone_id = instance.__dict__.get("zone_id")


def project_changed(sender, instance, **kwargs):
    _note(zone_ids={instance.zone_id, getattr(instance, "_zonetrack_loaded_zone_id", None)})
    instance._zonetrack_loaded_zone_id = instance.zone_id


def target_changed(sender, instance, **kwargs):
    _note(zone_ids={instance.zone_id})


def project_data_changed(sender, instance, **kwargs):
    _note(project_ids={instance.project_id})


def connect():
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
