"""Following projects up (督办): the models of supervision, one module per part.

Django finds an app's models through this package, so every model is imported here;
the rest of the code imports from ``supervision.models`` as before."""

# Evidence, the lights and the meetings live in their own modules and packages.
from ..evidence import Evidence, EvidenceQuerySet
from ..lights.models import LightRule, LightRuleSet, ProjectLight
from ..meetings.models import AgendaItem, Attendee, Meeting, Minutes
from .alerts import ALERT_FIELDS, Alert, AlertQuerySet
from .blockers import (
    CHANGED_BY_STEPS,
    LEVEL_ACTIONS,
    LEVEL_BY_DEPTH,
    LEVEL_ORDER,
    PENDING,
    TRANSITIONS,
    Blocker,
    BlockerQuerySet,
    BlockerStep,
    TransitionNotAllowed,
    level_of_region,
    levels_led,
    within_years,
)
from .notices import Notice, NoticeQuerySet, escalate_unanswered_notices
from .task_force import TaskForceMember, TaskForceMemberQuerySet
from .updates import (
    UPDATE_FIELDS,
    ProgressUpdate,
    ProgressUpdateQuerySet,
    current_start,
    due_without_update,
    key_projects,
    midnight_after,
    update_late,
    update_received,
)

__all__ = [
    "AlertQuerySet",
    "ALERT_FIELDS",
    "Alert",
    "within_years",
    "TransitionNotAllowed",
    "TRANSITIONS",
    "LEVEL_ORDER",
    "CHANGED_BY_STEPS",
    "LEVEL_ACTIONS",
    "LEVEL_BY_DEPTH",
    "level_of_region",
    "levels_led",
    "PENDING",
    "BlockerQuerySet",
    "Blocker",
    "BlockerStep",
    "NoticeQuerySet",
    "Notice",
    "escalate_unanswered_notices",
    "TaskForceMemberQuerySet",
    "TaskForceMember",
    "key_projects",
    "midnight_after",
    "current_start",
    "update_received",
    "update_late",
    "due_without_update",
    "ProgressUpdateQuerySet",
    "UPDATE_FIELDS",
    "ProgressUpdate",
    "Evidence",
    "EvidenceQuerySet",
    "LightRule",
    "LightRuleSet",
    "ProjectLight",
    "AgendaItem",
    "Attendee",
    "Meeting",
    "Minutes",
]
