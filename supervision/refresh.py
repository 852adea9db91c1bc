"""After a change of a project's data, re-evaluate that project's alerts.

A milestone recorded, a plan entry or monthly report saved or deleted, a project's status
changed: once the transaction commits, the project's alerts are re-evaluated with the daily
check's conditions (``alerts.refresh_project``), so that the 督办 panel agrees with the counts
beside it at once instead of after the next 06:00 run. With no broker (the embedded default)
this runs in the request; with one, as ``tasks.refresh_project_alerts``.
"""

import threading
from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from investment.models import AnnualPlanEntry, InvestmentReport
from projects.models import Milestone, Project
from zonetrack.db import today

# Per thread (one database connection each): how many edits were noted, and for each project
# the last note its most recent refresh covers.
_state = threading.local()


def note(project_id) -> None:
    """Refresh the alerts of ``project_id`` once the current transaction commits.

    Django drops the callback of a rolled-back transaction or savepoint, so a refused edit
    refreshes nothing. Each note is numbered: a callback whose note was made before a refresh
    of its project already ran is covered by it, so a burst of edits committed together (a
    month's grid, an import) refreshes each project once.
    """
    if project_id is None:
        return
    _state.notes = getattr(_state, "notes", 0) + 1
    # A failure (say, the broker down) is logged, not raised into the request that saved:
    # the daily check repairs what a refresh missed.
    transaction.on_commit(partial(_committed, _state.notes, project_id), robust=True)


def _committed(noted: int, project_id: int) -> None:
    from .tasks import refresh_project_alerts

    covered = _state.__dict__.setdefault("covered", {})
    if covered.get(project_id, 0) >= noted:
        return
    covered[project_id] = _state.notes
    # Already after the commit: the task's delay_on_commit would enqueue at once as well.
    refresh_project_alerts.delay(project_id, today().isoformat())


def project_changed(sender, instance, **kwargs):
    note(instance.pk)


def project_data_changed(sender, instance, **kwargs):
    note(instance.project_id)


def connect():
    for signal in (post_save, post_delete):
        name = "save" if signal is post_save else "delete"
        signal.connect(project_changed, sender=Project, dispatch_uid=f"zt-alerts-project-{name}")
        for model in (Milestone, AnnualPlanEntry, InvestmentReport):
            signal.connect(
                project_data_changed,
                sender=model,
                dispatch_uid=f"zt-alerts-{model._meta.model_name}-{name}",
            )
