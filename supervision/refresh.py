"""After a change of a project's data, re-evaluate that project's alerts.

A milestone recorded, a plan entry or monthly report saved or deleted, a project's status
changed: once the transaction commits, the project's alerts are re-evaluated with the daily
check's conditions (``alerts.refresh_project``), so that the 督办 panel agrees with the counts
beside it at once instead of after the next 06:00 run. With no broker (the embedded default)
this runs in the request; with one, as ``tasks.refresh_project_alerts``.
"""

from django.db.models.signals import post_delete, post_save

from investment.models import AnnualPlanEntry, InvestmentReport
from projects.models import Milestone, Project
from zonetrack.commits import AfterCommit
from zonetrack.db import today


def _refresh(project_ids: set[int]) -> None:
    from .tasks import refresh_project_alerts

    # Already after the commit: the task's delay_on_commit would enqueue at once as well.
    for project_id in sorted(project_ids):
        refresh_project_alerts.delay(project_id, today().isoformat())


# Each touched project's alerts are re-evaluated once per burst of edits committed together.
projects_touched: AfterCommit[int] = AfterCommit(_refresh)


def project_changed(sender, instance, **kwargs):
    projects_touched.note({instance.pk})


def project_data_changed(sender, instance, **kwargs):
    projects_touched.note({instance.project_id})


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
