"""What supervision adds to the project page: the project's task force (专班), its blockers
still to solve (with a way to raise one) and its evidence files (印证资料), by milestone."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from projects.panels import MAIN, SIDE, Panel

from .models import PENDING, Blocker, Evidence, TaskForceMember

# The newest files shown on the project page; each owner's page has them all.
EVIDENCE_SHOWN = 12


def task_force(project, *, can_edit) -> dict:
    # The page's reader may read the project, hence its zone: the phone is theirs to see.
    return {"members": list(TaskForceMember.objects.filter(project=project))}


def blockers(project, *, can_edit) -> dict:
    pending = Blocker.objects.filter(project=project, status__in=PENDING).order_by("deadline")
    return {"blockers": list(pending)}


def evidence(project, *, can_edit) -> dict:
    """The project's newest files (of its milestones, blockers and updates) and, per
    milestone, how many it has (each links to the milestone's own page)."""
    milestones = project.milestones.annotate(files=Count("evidence")).order_by("kind")
    newest = (
        Evidence.objects.filter(project=project)
        .select_related("uploaded_by")
        .order_by("-uploaded_at", "-pk")[:EVIDENCE_SHOWN]
    )
    return {"milestones": list(milestones), "evidence": list(newest)}


def history(project) -> list[tuple]:
    return [
        (
            TaskForceMember.history.filter(project_id=project.pk),
            lambda record: _("Task force: {name}").format(name=record.name),
        )
    ]


PANELS = [
    Panel(
        "supervision-task-force", "supervision/_project_task_force.html", SIDE, task_force, history
    ),
    Panel("supervision-blockers", "supervision/_project_blockers.html", SIDE, blockers, order=90),
    Panel("supervision-evidence", "supervision/_project_evidence.html", MAIN, evidence, order=90),
]
