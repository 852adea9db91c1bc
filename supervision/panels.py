"""What supervision adds to the project page: the project's task force (专班)."""

from django.utils.translation import gettext_lazy as _

from projects.panels import SIDE, Panel

from .models import TaskForceMember


def task_force(project, *, can_edit) -> dict:
    # The page's reader may read the project, hence its zone: the phone is theirs to see.
    return {"members": list(TaskForceMember.objects.filter(project=project))}


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
]
