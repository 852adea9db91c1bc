"""After a change of a project's data, re-colour the project once the transaction commits.

The same edits as the alert refresh (``supervision.refresh``) plus those only lights read:
blockers, notices and progress updates. With no broker (the embedded default) the pass runs
in the request; with one, as ``tasks.refresh_project_lights``.
"""

from django.db.models.signals import post_delete, post_save

from investment.models import AnnualPlanEntry, InvestmentReport
from projects.models import Milestone, Project
from zonetrack.commits import AfterCommit
from zonetrack.db import today

from ..models import Blocker, Notice, ProgressUpdate


def _refresh(project_ids: set[int]) -> None:
    from ..tasks import refresh_project_lights

    refresh_project_lights.delay(sorted(project_ids), today().isoformat())


projects_touched: AfterCommit[int] = AfterCommit(_refresh)


def project_changed(sender, instance, **kwargs):
    projects_touched.note({instance.pk})


def project_data_changed(sender, instance, **kwargs):
    projects_touched.note({instance.project_id})


DATA = (Milestone, AnnualPlanEntry, InvestmentReport, Blocker, Notice, ProgressUpdate)


def connect():
    for signal in (post_save, post_delete):
        name = "save" if signal is post_save else "delete"
        signal.connect(project_changed, sender=Project, dispatch_uid=f"zt-lights-project-{name}")
        for model in DATA:
            signal.connect(
                project_data_changed,
                sender=model,
                dispatch_uid=f"zt-lights-{model._meta.model_name}-{name}",
            )
